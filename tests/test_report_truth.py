"""The turn report says what moved, by name, from the engine's ledger (issue 10, s6 review).

Each game here is a real one, played through ``session.Match`` with the player's orders set
as a person sets them on the Budget tab (a share for the bloc and for missions, one mission
at a time).
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.state import EV
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.text.words import figure_causes, possessive
from game.ui.report import changes_lines
from game.ui.widgets import money

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

#: The missions in the order the player funds them (the micro-rover first).
ORDER = ("m-rover", "m-cubesat", "m-orbiter", "m-lander", "m-isru", "m-launcher", "m-sample")


def _play(who: str, seed: int, until=None) -> Match:
    """A game as ``who``: 30% to the bloc, 40% to missions, the next mission of ORDER funded;
    played to its end or until ``until(game)`` holds after a turn."""
    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=[who], seed=seed)
    me = game.people[0]
    ids = game.catalog.mission_ids
    while not game.over:
        draft = game.draft(me)
        left = [ids.index(q) for q in ORDER if not game.state.mission_done[0, me, ids.index(q)]]
        draft.mission = left[0] if left else -1
        draft.alloc = [0.3, 0.4, 0.2, 0.05, 0.05]
        game.end_turn()
        if until is not None and until(game):
            break
    return game


def _why(game: Match) -> list[str]:
    texts = [line.text for line in changes_lines(game, game.people[0])]
    return texts[texts.index("Why") + 1 : texts.index("The race")]


def test_a_mission_flown_in_a_turn_a_scandal_cancels_is_named_not_no_change():
    # India, seed 1, turn 5: the micro-rover flies (+2.0 prestige) as a random event costs
    # 2.0; the report said "Prestige: 12.0 (no change)" and nothing in Why
    rover = None

    def flown(game):
        nonlocal rover
        ev, me = game.events[-1], game.people[0]
        rover = game.catalog.mission_ids.index("m-rover")
        hit = (ev.code == EV["mission_success"]) & (ev.nation == me) & (ev.item == rover)
        return bool(hit.any())

    game = _play("IND", 1, until=flown)
    me, ledger = game.people[0], game.ledgers[-1]
    rows = figure_causes(ledger, "prestige", 0, me)
    assert abs(sum(r.amount for r in rows)) < 0.05  # the causes cancel out
    assert ("mission", rover) in {(r.kind, r.index) for r in rows}
    texts = [line.text for line in changes_lines(game, me)]
    assert any(t.startswith("Prestige:") and "no net change: see Why" in t for t in texts)
    (said,) = [t for t in _why(game) if t.startswith("Prestige")]
    name = game.catalog.mission_names[rover]
    assert said.startswith("Prestige, no net change: ")
    assert f"{name} flown +2.0" in said and "−2.0" in said


def test_every_cause_of_a_figure_is_named_in_a_whole_game():
    # the Reserve line ended "other causes −$0.02": a failed mission's reserve cover, unnamed
    game = _play("JPN", 0)
    me = game.people[0]
    seen = set()
    for index in range(len(game.events)):
        texts = [line.text for line in changes_lines(game, me, index)]
        for text in texts:
            assert "other causes" not in text, (index, text)
        seen |= {k for k, _ in game.report(index).ledger.causes("reserve")}
    # the flows that fell into "other" are among those named
    assert {"mission_absorbed", "refund"} <= seen


def test_a_failed_missions_reserve_cover_is_its_own_row_named_after_the_mission():
    # a mission's cover and a milestone's cover shared the row ("reserve", "absorbed", id)
    def cover(game):
        rows = figure_causes(game.ledgers[-1], "reserve", 0, game.people[0])
        return any(r.kind == "mission_absorbed" for r in rows)

    game = _play("JPN", 0, until=cover)
    me, ledger = game.people[0], game.ledgers[-1]
    rows = figure_causes(ledger, "reserve", 0, me)
    (q,) = [r.index for r in rows if r.kind == "mission_absorbed"]
    ev = game.events[-1]
    assert ((ev.code == EV["mission_failure"]) & (ev.nation == me) & (ev.item == q)).any()
    (line,) = [t for t in _why(game) if t.startswith("Reserve")]
    name = game.catalog.mission_names[q]
    assert f"the reserve spent making good the failed {name} −$" in line


def test_money_the_programme_could_not_use_is_said_as_the_players_own_part():
    # "$1.71 B ... went back to the members' reserves" while Japan's reserve got $0.11 B
    def refunded(game):
        me, k = game.people[0], int(game.state.bloc[0, game.people[0]])
        row = game.ledgers[-1].rows.get(("reserve", "refund", k))
        return row is not None and row[0, me] > 0.005

    game = _play("JPN", 0, until=refunded)
    me, ledger = game.people[0], game.ledgers[-1]
    k = int(game.state.bloc[0, me])
    yours = float(ledger.rows[("reserve", "refund", k)][0, me])
    back = float(game.state.pool[0, k] - ledger.blocs["used"][0, k])
    assert 0 < yours < back
    (line,) = [t for t in _why(game) if "could not be used" in t]
    assert line.startswith(f"{money(back)} of the pool")
    assert f"{money(yours)} of it to yours" in line
    # and the reserve's own line names the same refund
    (reserve,) = [t for t in _why(game) if t.startswith("Reserve")]
    assert "programme money" in reserve and "could not use +$" in reserve


def test_a_failed_attempt_is_named_with_what_the_money_went_to():
    # after CLPS failed, the line said "... progress at efficiency ×1.16 on Artemis III"
    def failed(game):
        ev = game.events[-1]
        k = int(game.state.bloc[0, game.people[0]])
        return bool(((ev.code == EV["milestone_failure"]) & (ev.bloc == k)).any())

    game = _play("JPN", 0, until=failed)
    me, ledger, ev = game.people[0], game.ledgers[-1], game.events[-1]
    names = game.catalog.milestone_names
    k = int(game.state.bloc[0, me])
    why = _why(game)
    head = next(t for t in why if t.startswith(f"{possessive(game.bloc_name(k))} programme"))
    worked = ledger.blocs["worked"][0]
    ours = game.rules.ms_of_bloc[k]  # the line names its own bloc's milestones
    for m in ours[np.argsort(-worked[ours])][:3]:
        if worked[m] > 0.005:
            assert f"{names[m]} +{money(float(worked[m]))}" in head
    for r in np.flatnonzero((ev.code == EV["milestone_failure"]) & (ev.bloc == k)):
        m = int(ev.item[r])
        chance = ledger.blocs["chance"][0, m] * 100
        said = [t for t in why if t.startswith(f"{names[m]} was attempted ({chance:.0f}% chance)")]
        assert said and "failed" in said[0], why


def test_a_failure_the_reserve_made_good_whole_is_said_as_such():
    # it read "$0 M of its progress was lost, after your reserve paid $20 M ... stays paid;
    # it is attempted again once fully paid" (it was fully paid)
    from types import SimpleNamespace

    from game.ui.report import _missions_why

    cost = np.array([0.02, 0.5])
    game = SimpleNamespace(
        rules=SimpleNamespace(mis_cost=cost),
        catalog=SimpleNamespace(mission_names=["Lunar cubesat", "Lunar orbiter"]),
    )
    state = SimpleNamespace(
        mission_progress=np.array([[[0.02, 0.0]]]), mission_done=np.zeros((1, 1, 2), bool)
    )
    events = SimpleNamespace(
        code=np.array([EV["mission_failure"]]),
        nation=np.array([0]),
        item=np.array([0]),
        value=np.array([0.0]),
    )
    book = SimpleNamespace(rows={("reserve", "mission_absorbed", 0): np.array([[-0.02]])})
    (line,) = _missions_why(game, 0, state, state, events, book)
    assert line.text == (
        "Lunar cubesat failed; your reserve paid $20 M to make good all of the progress it "
        "would have lost, so $20 M of $20 M stays paid and it can be attempted again next turn."
    ), line.text
    # a loss the reserve could not cover whole is said with what was lost
    events.value[0] = 0.01
    (line,) = _missions_why(game, 0, state, state, events, book)
    assert line.text.startswith("Lunar cubesat failed: $10 M of its progress was lost, after")


def test_a_small_nations_millions_are_figures_with_their_causes_not_zero():
    # Nigeria (US$ 50 M a year) puts 10% of its first turn in the reserve: US$ 2.5 M. The
    # report said "Reserve: $0.00 B (no change)" and named no cause, in units a US$ 25 M
    # turn never reaches, while the top bar says "$50 M/yr"
    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["NGA"], seed=3)
    me = game.people[0]
    game.draft(me).alloc = [0.0, 0.0, 0.8, 0.1, 0.1]
    game.end_turn()
    put = float(game.state.reserve[0, me])
    assert 0.002 < put < 0.003
    texts = [line.text for line in changes_lines(game, me)]
    assert f"Reserve: {money(put)}  (+{money(put)})" in texts
    assert money(put) == "$2.5 M"
    assert any(t.startswith("Budget: $50 M") for t in texts)
    why = _why(game)
    assert any(t.startswith(f"Reserve +{money(put)}: money put in the reserve") for t in why), why


def test_a_technology_gain_is_shown_at_the_precision_its_cause_is_explained():
    # "Technology up: launch 0.05" beside "Research: launch +0.002" read as two different
    # figures; the list now gives each level and its change at the Why's precision
    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"], seed=5)
    me = game.people[0]
    before = game.state.tech[0, me].copy()
    game.draft(me).alloc = [0.0, 0.0, 0.3, 0.6, 0.1]
    game.end_turn()
    after = game.state.tech[0, me]
    (line,) = [
        t for t in (x.text for x in changes_lines(game, me)) if t.startswith("Technology up")
    ]
    parts = line.split(": ", 1)[1].split(", ")
    shown = {p.split(" (")[0].rsplit(" ", 1)[0]: p.split(" (")[1].rstrip(")") for p in parts}
    grown = [n for n, d in enumerate(game.catalog.domain_ids) if after[n] - before[n] >= 0.0005]
    assert grown and len(shown) == len(grown)
    for n in grown:
        name = game.catalog.domain_ids[n].replace("_", " ")
        assert shown[name] == f"+{float(after[n] - before[n]):.3f}", (line, name)
        assert f"{name} {float(after[n]):.3f} (" in line
