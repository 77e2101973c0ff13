"""A lesson that fits the clock: a scenario played in a given number of turns.

Spec card:
    What: ``rescale(scenario, turns)`` returns the same scenario played in ``turns`` turns
        from the same start, with the race as reachable as before: the rules that count in
        turns are converted to the new turn length, and when the calendar must shrink or grow
        (turn length is a whole number of months, at most 24) time is compressed as a whole.
        The scenario's ``meta.length`` asks the loader for it; ``play --length N`` too.
    Turn length: ``span / turns`` months when that is a whole number from 1 to 24 (the
        calendar is kept: same start, same end date), else the nearest whole number in that
        range, and the end date moves to ``start + turns x turn length``.
    Per turn (factor f = new turn length / old): drift that adds per turn (partner warming,
        rival cooling) x f; drift that pulls a share of the way per turn (relations and
        support reversion) becomes 1 - (1 - r)^f; chances per turn (the random table)
        1 - (1 - p)^f; durations in turns (deal_turns, every offer's turns, each charter's
        accession_turns) / f, at least 1.
        Rates per year (growth, research, interest, seats' prestige) need nothing: the engine
        multiplies them by the turn's length in years, and a year's money pays as before.
    Compression (c = new span / old span, only when the calendar cannot be kept): a year of
        the game stands for 1/c years of the scenario, so per-year rates are x 1/c (growth,
        support elasticity, reserve interest, research efficiency, decay, deal transfer and
        seats' prestige as shares compound) and the money the programmes need is x c
        (milestone and mission costs: budgets are per year and there are c times as many
        years); a scripted event's date keeps its place in the game
        (start + (date - start) x c).
    Idempotent: a scenario already in ``turns`` turns comes back unchanged (so a save's
        scenario, which keeps its ``length``, is not rescaled twice).
"""

from __future__ import annotations

import math
from typing import Any

from game.scenario.models import Scenario

#: Longest turn the format allows (``meta.turn_months``), in months.
MAX_TURN_MONTHS = 24
#: Most turns a game may be rescaled to (``meta.length``'s bound).
MAX_TURNS = 200


class RescaleError(ValueError):
    """A length the scenario cannot be played in; the message is one line."""


def _months(date: str) -> int:
    year, month = date.split("-")
    return int(year) * 12 + int(month) - 1


def _date(months: int) -> str:
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def turn_count(scenario: Scenario) -> int:
    """How many turns the scenario plays (as the compiler counts them)."""
    meta = scenario.meta
    return max(1, -(-(_months(meta.end) - _months(meta.start)) // meta.turn_months))


def plan(scenario: Scenario, turns: int) -> tuple[int, float, float]:
    """(new turn length in months, f: turn-length factor, c: calendar factor)."""
    if not 1 <= turns <= MAX_TURNS:
        raise RescaleError(f"a game is 1 to {MAX_TURNS} turns long, not {turns}")
    meta = scenario.meta
    span = _months(meta.end) - _months(meta.start)
    if span % turns == 0 and 1 <= span // turns <= MAX_TURN_MONTHS:
        months = span // turns
    else:
        months = min(MAX_TURN_MONTHS, max(1, round(span / turns)))
    return months, months / meta.turn_months, turns * months / span


def _share(rate: float, times: float) -> float:
    """A share applied once per period, applied over ``times`` periods instead."""
    return 1.0 - (1.0 - min(1.0, rate)) ** times


def _turns(value: int, f: float, top: int = 100) -> int:
    return min(top, max(1, round(value / f)))


def rescale(scenario: Scenario, turns: int) -> Scenario:
    """The scenario played in ``turns`` turns (see the module's spec card)."""
    months, f, c = plan(scenario, turns)
    meta = scenario.meta
    if months == meta.turn_months and turns == turn_count(scenario) and c == 1.0:
        return scenario
    data: dict[str, Any] = scenario.model_dump(mode="python")
    start = _months(meta.start)
    data["meta"]["turn_months"] = months
    data["meta"]["end"] = _date(start + turns * months)

    k = data["constants"]
    drift = k["drift"]
    drift["partner_warming"] = min(1.0, drift["partner_warming"] * f)
    drift["rival_cooling"] = min(1.0, drift["rival_cooling"] * f)
    drift["reversion"] = _share(drift["reversion"], f)
    drift["support_reversion"] = _share(drift["support_reversion"], f)
    k["diplomacy"]["deal_turns"] = _turns(k["diplomacy"]["deal_turns"], f)
    for offer in data["offers"]:
        offer["turns"] = _turns(offer["turns"], f)
    for bloc in data["blocs"]:
        # the time a charter takes to sign or ratify is calendar time, not a count of turns
        bloc["charter"]["accession_turns"] = _turns(bloc["charter"]["accession_turns"], f, top=20)
    for event in data["events"]["random"]:
        event["probability"] = min(0.5, _share(event["probability"], f))
    for event in data["events"]["scripted"] + data["events"]["random"]:
        for effect in event["effects"]:
            if effect["type"] == "add_offer":
                effect["offer"]["turns"] = _turns(effect["offer"]["turns"], f)

    if c != 1.0:
        years = 1.0 / c  # scenario years per game year
        for nation in data["nations"]:
            nation["growth"] = max(-0.5, min(0.5, nation["growth"] * years))
        income, research = k["income"], k["research"]
        income["support_elasticity"] = min(2.0, income["support_elasticity"] * years)
        income["reserve_interest"] = min(0.2, income["reserve_interest"] * years)
        research["efficiency"] = min(5.0, research["efficiency"] * years)
        research["decay"] = min(0.2, research["decay"] * years)
        research["deal_transfer"] = _share(research["deal_transfer"], years)
        drift["seat_prestige"] = min(10.0, drift["seat_prestige"] * years)
        drift["payload_prestige"] = min(10.0, drift["payload_prestige"] * years)
        for bloc in data["blocs"]:
            for milestone in bloc["program"]:
                milestone["cost"] = max(0.01, milestone["cost"] * c)
        for mission in data["missions"]:
            mission["cost"] = max(0.01, mission["cost"] * c)
        for event in data["events"]["scripted"]:
            if event["date"] is not None:
                moved = start + math.floor((_months(event["date"]) - start) * c)
                event["date"] = _date(moved)
    return Scenario.model_validate(data)
