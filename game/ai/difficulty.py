"""Difficulty levels of the computer players: a registry of named parameter sets.

Spec card:
    What: how sharp the computer players are. Every level plays by the same rules and sees
        the same state; the levels differ only in how well they choose.
    Every level asks the law (``research_lift``, ``diplomacy_relief``) how to split the
        money a member gives its programme; a sharper level asks about more splits.
    The bloc to beat: the blocs of the nations people play (in the strategy lab, its seat);
        in a world nobody plays, the bloc ahead in the race.
    easy: noisy judgement (misreads how much others like an offer, so the sweeteners it adds
        miss the mark: gifts a prospect did not need, or too little), invites only part of
        the time, spreads research evenly, leaves money idle, splits its programme money
        coarsely, and gives up against the bloc to beat: while it is ahead in the race, its
        rivals' members pay their charter and bank the rest, so their blocs fall further
        behind (the person's bloc wins more often). Its mistakes never withhold from the
        person what a sharper level would give: when easy sent no sweeteners, a small nation
        courted by the blocs (Nigeria) scored 22 points less against easy than against normal.
    normal: small noise; the bloc leader invites the prospects it expects to accept, adding a
        sweetener when that tips the answer and the bloc can afford it; plays its own game.
    hard: no noise; every member recruits, each prospect courted by the member it likes best
        (coordinated, never two invitations to the same nation), but only nations the bloc
        gains from; the programme split at the law's optimum; and a coalition against the
        bloc to beat: its rivals' members put off their national missions and spend their
        idle money on the race, bank against a failure of their bloc's imminent attempt
        (``law.absorbed``), and pay to pull the person's partners away. The person's own
        partners play by normal's budget rules: a hard level never makes them carry the
        person's share, nor makes them sharper at the person's expense. A hard nation also
        weighs memberships by its score (``ai.membership``): it applies to the bloc (or a
        second bloc) of the highest stake, never to the bloc to beat, and does not leave a
        membership its score still gains from. Its bloc leaders turn away applications
        from the members of the bloc to beat (``ai.answers``): they may not stand on both
        sides of the race at their own request. It keeps in reserve what buys back the
        worst budget cut the random table can strike it with (easy's idle money did that
        by chance, so easy used to outscore hard in Europe's classroom seat).
    No level gets money, bonuses or information the others lack: the engine takes no level.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Difficulty:
    """The knobs of one difficulty level (all fractions 0..1 unless noted)."""

    name: str
    #: Spread (utility units) of the error in the AI's estimate of others' utilities.
    judgement_noise: float
    #: Chance per year that a bloc acts on a good prospect (low = passive recruiting); a
    #: turn of another length converts it (``law.chance_in_turn``).
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
    #: The splits a member asks the law about (research shares, diplomacy shares of the
    #: money it gives its programme); None: a fixed rule of thumb, research takes the rest.
    law_grid: tuple[tuple[float, ...], tuple[float, ...]] | None = None
    #: Most of its budget a member of a rival of the bloc to beat banks against a failure of
    #: its bloc's next attempt (``law.absorbed``); 0: it never looks ahead.
    reserve_foresight: float = 0.0
    #: Share of their national missions' money and idle money that members of the rivals of
    #: the bloc to beat (the people's, or the top scorer's) move into the race, and whether
    #: they pay to pull that bloc's partners away (0: each plays its own game).
    counter: float = 0.0
    #: Share of their programme money beyond the charter that members of the rivals of the
    #: bloc to beat bank instead, having given up the chase (0: they never give up).
    rally: float = 0.0
    #: The level whose budget rules the partners of the people play by (None: this one). A
    #: sharp level does not make the person's partners sharper at the person's expense:
    #: they play the way the level below does and leave the fine-tuning to the person.
    partner_level: str | None = None
    #: Whether a nation also weighs a membership by what it adds to its score
    #: (``ai.membership``) when it applies to a bloc or reviews its own: the way a player
    #: who is judged by the score plays its seat (else its temperament alone decides); a
    #: member with ``law_grid`` also splits its programme money for its own score
    #: (``split.programme_split``), not for its bloc's progress alone.
    score_stakes: bool = False
    #: Most of its money a nation banks to buy back the worst budget cut the random table
    #: can strike it with (``ai.budget._crisis_reserve``); 0: it keeps no such cover.
    crisis_foresight: float = 0.0
    #: Whether the leader of a rival of the bloc to beat turns away applications from that
    #: bloc's members (``ai.answers``): they may not stand on both sides of the race at
    #: their own request (it still courts them on its own terms).
    shut_out: bool = False


#: The registry: name -> level. The UI lists these in this order.
DIFFICULTIES: dict[str, Difficulty] = {
    "easy": Difficulty(
        name="easy",
        judgement_noise=0.35,
        invite_rate=0.75,
        min_accept=0.5,
        sweeteners=True,
        coordinated=False,
        research_focus=0.3,
        idle_reserve=0.08,
        leave_below=-0.6,
        rally=1.0,
        law_grid=((0.0, 0.3), (0.08,)),
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
        law_grid=((0.0, 0.1, 0.2, 0.3), (0.0, 0.01, 0.02, 0.04, 0.08)),
    ),
    "hard": Difficulty(
        name="hard",
        judgement_noise=0.0,
        invite_rate=1.0,
        min_accept=0.4,
        sweeteners=True,
        coordinated=True,
        research_focus=0.6,
        idle_reserve=0.03,
        leave_below=-0.3,
        law_grid=(
            tuple(round(0.025 * i, 3) for i in range(15)),
            (0.0, 0.01, *(round(0.02 * i, 3) for i in range(1, 9))),
        ),
        reserve_foresight=0.15,
        counter=1.0,
        partner_level="normal",
        score_stakes=True,
        crisis_foresight=0.25,
        shut_out=True,
    ),
}

DEFAULT_DIFFICULTY = "normal"

#: What each level does, in words the game shows beside the choice (the same for every
#: computer-played nation; no level gets money or bonuses, only better or worse choices).
DESCRIPTIONS: dict[str, str] = {
    "easy": (
        "Computer players misjudge offers (their sweeteners miss the mark: gifts nobody "
        "needed, or too little), spread research evenly and leave money idle. While your "
        "bloc is ahead, the blocs racing it give up the chase: their members pay their "
        "charter and bank the rest."
    ),
    "normal": (
        "Computer players judge offers fairly well; bloc leaders invite the nations they "
        "expect to accept and add a sweetener when it tips the answer; members split their "
        "programme money roughly where research and diplomacy pay most."
    ),
    "hard": (
        "Computer players judge offers exactly, recruit in concert and split their money "
        "where it scores most. Rival blocs gang up on yours: they put off national missions "
        "for the race, bank against failures, pay to pull your partners away and turn away "
        "your bloc's applications to join them. Each weighs joining and leaving a bloc by "
        "its score and keeps a reserve against a budget cut. Your partners budget as at "
        "normal. No level gets extra money."
    ),
}

#: One line each, under the row where the level is chosen (the whole text is its tooltip).
SUMMARIES: dict[str, str] = {
    "easy": "rivals misjudge offers, leave money idle and give up while your bloc leads",
    "normal": "computer players judge offers fairly and add sweeteners when they tip the answer",
    "hard": "rival blocs gang up on yours; your partners play as at normal; no extra money",
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
