"""National missions as a player plans them: every mission's outlook in words and numbers.

Spec card:
    What: ``mission_plan(match, nation, per_turn)`` gives one ``MissionRow`` per national
        mission of the scenario, read from ``engine.outlook.mission_outlook`` (the missions phase's own
        formulas): cost still to pay, turns at the planned spend, success odds with today's
        technology, prestige, technology needed and grown, and why it is closed.
    Units: money US$ B; turns; odds 0..1; technology 0..1 (1 = mastered).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import law
from game.engine.outlook import mission_outlook

#: Why a mission cannot be chosen, in words (``law.MissionClosed``).
CLOSED_WORDS = {
    law.MissionClosed.NOT_OFFERED: "not open to you in this scenario",
    law.MissionClosed.FLOWN: "already flown (a national mission flies once)",
}
#: The same reasons in a word or two, for a one-line list of missions.
CLOSED_SHORT = {
    law.MissionClosed.NOT_OFFERED: "not open to you",
    law.MissionClosed.FLOWN: "already flown",
}


@dataclass(frozen=True, slots=True)
class MissionRow:
    """One national mission as the nation sees it now."""

    index: int
    name: str
    cost: float  # US$ B of progress still to make
    turns: float  # turns at the planned spend (inf: never at that spend)
    chance: float  # success odds of an attempt with today's technology
    prestige: float
    needs: str  # technology needed, in words ("" when none)
    grows: str  # technology a success adds, in words
    closed: str  # why it cannot be chosen ("" when it can)
    closed_short: str = ""  # the same in a word or two
    ready: bool = False  # paid in full: chosen, it is flown this turn with no more money


def mission_plan(match, nation: int, per_turn: float | None) -> list[MissionRow]:
    """Every national mission for ``nation`` with ``per_turn`` US$ B going into missions
    (None: a whole turn's budget, the fastest it could be flown)."""
    s, r = match.state, match.rules
    money = None
    if per_turn is not None:
        money = np.zeros((1, r.n_nations))
        money[0, nation] = per_turn
    view = mission_outlook(s, r, money)
    domains = [d.replace("_", " ") for d in match.catalog.domain_ids]
    rows = []
    for q, name in enumerate(match.catalog.mission_names):
        needs = ", ".join(
            f"{domains[d]} {view.needs[q, d]:.2f} (you {float(s.tech[0, nation, d]):.2f})"
            for d in np.flatnonzero(view.needs[q] > 0)
        )
        grows = ", ".join(
            f"{domains[d]} +{view.grows[q, d]:.2f}" for d in np.flatnonzero(view.grows[q] > 0)
        )
        code = law.MissionClosed(int(view.closed[0, nation, q]))
        rows.append(
            MissionRow(
                index=q,
                name=name,
                cost=float(view.remaining[0, nation, q]),
                turns=float(view.turns[0, nation, q]),
                chance=float(view.chance[0, nation, q]),
                prestige=float(view.prestige[q]),
                needs=needs,
                grows=grows,
                closed=CLOSED_WORDS.get(code, ""),
                closed_short=CLOSED_SHORT.get(code, ""),
                ready=bool(view.ready[0, nation, q]),
            )
        )
    return rows
