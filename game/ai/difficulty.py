"""Difficulty levels of the computer players: a registry of named parameter sets.

Spec card:
    What: how sharp the computer players are. Every level plays by the same rules and sees
        the same state; the levels differ only in how well they choose.
    easy: noisy judgement (misreads how much others like an offer), invites rarely and only
        sure prospects, sends no sweeteners, spreads research evenly, leaves money idle.
    normal: small noise; the bloc leader invites the prospects it expects to accept, adding a
        sweetener when that tips the answer and the bloc can afford it.
    hard: no noise; every member recruits, each prospect courted by the member it likes best
        (coordinated, never two invitations to the same nation), rivals' members poached too,
        but only nations the bloc gains from; research aimed at the bottleneck domain of the
        next milestone; no idle money.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Difficulty:
    """The knobs of one difficulty level (all fractions 0..1 unless noted)."""

    name: str
    #: Spread (utility units) of the error in the AI's estimate of others' utilities.
    judgement_noise: float
    #: Chance per turn that a bloc acts on a good prospect (low = passive recruiting).
    invite_rate: float
    #: Predicted acceptance needed before an invitation or application is sent.
    min_accept: float
    #: Whether sweeteners (funds, technology, seats) may be added to tip an answer.
    sweeteners: bool
    #: Whether every member recruits, each prospect assigned to one member (else the leader).
    coordinated: bool
    #: Weight of the next milestone's technology gaps in the research split (rest is even).
    research_focus: float
    #: Share of the budget left in reserve regardless of need (idle money).
    idle_reserve: float
    #: Utility below which a member leaves its bloc (more negative = stickier).
    leave_below: float


#: The registry: name -> level. The UI lists these in this order.
DIFFICULTIES: dict[str, Difficulty] = {
    "easy": Difficulty(
        name="easy",
        judgement_noise=0.35,
        invite_rate=0.35,
        min_accept=0.7,
        sweeteners=False,
        coordinated=False,
        research_focus=0.3,
        idle_reserve=0.08,
        leave_below=-0.6,
    ),
    "normal": Difficulty(
        name="normal",
        judgement_noise=0.12,
        invite_rate=0.75,
        min_accept=0.5,
        sweeteners=True,
        coordinated=False,
        research_focus=0.6,
        idle_reserve=0.03,
        leave_below=-0.4,
    ),
    "hard": Difficulty(
        name="hard",
        judgement_noise=0.0,
        invite_rate=1.0,
        min_accept=0.4,
        sweeteners=True,
        coordinated=True,
        research_focus=0.85,
        idle_reserve=0.0,
        leave_below=-0.3,
    ),
}

DEFAULT_DIFFICULTY = "normal"

#: What each level does, in words the game shows beside the choice (the same for every
#: computer-played nation; no level gets money or bonuses, only better or worse choices).
DESCRIPTIONS: dict[str, str] = {
    "easy": (
        "Computer players misjudge offers, rarely recruit, never add sweeteners, spread "
        "research evenly and leave money idle in reserve."
    ),
    "normal": (
        "Computer players judge offers fairly well; bloc leaders invite the nations they "
        "expect to accept and add a sweetener when it tips the answer."
    ),
    "hard": (
        "Computer players judge offers exactly; every member recruits in concert, courts "
        "the rival's members, aims research at the next milestone and keeps no idle money."
    ),
}


def get_difficulty(name: str | Difficulty) -> Difficulty:
    """The level called ``name`` (a Difficulty passes through).

    Raises:
        ValueError: for an unknown name, listing the known ones.
    """
    if isinstance(name, Difficulty):
        return name
    try:
        return DIFFICULTIES[name]
    except KeyError:
        known = ", ".join(DIFFICULTIES)
        raise ValueError(f"unknown difficulty {name!r} (choose one of: {known})") from None
