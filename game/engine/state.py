"""State, Orders and the turn's Events: the arrays the engine reads and writes.

Spec card:
    What: frozen records of numpy arrays. Every array has a leading *world* axis W, so one
        game is W = 1 and a Monte-Carlo study is W = thousands, through the same code.
    Axes: W worlds, N nations, K blocs, M milestones (all blocs' tracks, concatenated; see
        ``Rules.ms_bloc``), D technology domains, Q national missions, O offer slots,
        P new-offer slots per turn, E scripted events.
    Who writes: ``game.scenario.compile`` makes the initial State; ``engine.step`` returns a
        new State (it never mutates its inputs); the AI and the UI write Orders only.
    Units: money in US$ billions (budget is per *year*; spending per turn is budget times
        ``Rules.turn_years``); fractions 0..1; relations -1..1; technology 0..1.
    Sharing: a new State shares with the old one every array the turn did not change, so
        nobody may write into a State's arrays in place (copy first).
    Dtypes: the (W, N, N) arrays are compact (relations, deal_tech, deal_funds float32;
        deal_until int16; forbidden bool); everything else float64 or small ints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

#: Budget categories, in the order of ``Orders.alloc``'s last axis.
CATEGORIES = ("bloc", "missions", "research", "diplomacy", "reserve")
CAT_BLOC, CAT_MISSIONS, CAT_RESEARCH, CAT_DIPLOMACY, CAT_RESERVE = range(5)

#: Offer kinds, in the order of their integer codes.
OFFER_KINDS = ("invite", "apply", "tech_transfer", "funding", "launch_seat", "payload_slot")
KIND = {name: code for code, name in enumerate(OFFER_KINDS)}

#: Answers to an open offer (``Orders.answers``).
ANSWER_NONE, ANSWER_ACCEPT, ANSWER_REJECT = 0, 1, 2
#: ``reason`` of an answer's event (``offer_accepted`` / ``offer_rejected``) that the target
#: gave in its orders while the engine answers for it (``Orders.auto``): a decision of its
#: own, not its utility's draw (0: the engine weighed it, or a person answered).
ANSWERED_BY_ORDER = 1

#: Where an offer came from.
ORIGIN_SCENARIO, ORIGIN_ORDER, ORIGIN_EVENT = 0, 1, 2

NO_BLOC = -1


def _replace(obj, **changes):
    return dataclasses.replace(obj, **changes)


@dataclass(frozen=True, slots=True)
class Offers:
    """A fixed-capacity table of offers, shape (W, O) per field. Free slots have active False.

    An offer goes from ``sender`` to ``target``. For ``invite`` the sender is a member of
    ``bloc`` and the target is invited in; for ``apply`` the sender asks to join ``bloc`` and
    the target is that bloc's leader. Deals (tech_transfer, funding, launch_seat,
    payload_slot) are bilateral; their sweeteners say what the sender gives.
    """

    active: np.ndarray  # bool
    kind: np.ndarray  # int8, index into OFFER_KINDS
    sender: np.ndarray  # int16 nation
    target: np.ndarray  # int16 nation
    bloc: np.ndarray  # int16 bloc or -1
    funds: np.ndarray  # float64, US$ B per year paid by the sender while the deal holds
    tech: np.ndarray  # float64, share of the technology gap closed (transfer strength)
    seats: np.ndarray  # int8, astronaut seats given
    payload: np.ndarray  # int8, payload slots given
    created: np.ndarray  # int16 turn it was made
    expires: np.ndarray  # int16 last turn on which it can be answered
    origin: np.ndarray  # int8, ORIGIN_*
    source: np.ndarray  # int16, scenario offer index (or event index) for its text, -1 none

    replace = _replace


@dataclass(frozen=True, slots=True)
class State:
    """Everything that changes during a game, for W worlds at once (all on the same turn)."""

    turn: int  # turns completed so far (0 at the start)
    world: np.ndarray  # (W,) int64: world ids, the rng's world key (world 7 alone has [7])
    budget: np.ndarray  # (W, N) annual budget, US$ B
    reserve: np.ndarray  # (W, N) banked funds, US$ B
    support: np.ndarray  # (W, N) domestic support 0..1
    prestige: np.ndarray  # (W, N) >= 0
    tech: np.ndarray  # (W, N, D) 0..1
    bloc: np.ndarray  # (W, N) int16 main bloc (the first joined of ``member``) or NO_BLOC
    relations: np.ndarray  # (W, N, N) float32 (the largest array), symmetric, -1..1, diagonal 1
    forbidden: np.ndarray  # (W, N, N) bool symmetric: pairs barred from a bloc or deal together
    blocked: np.ndarray  # (W, N, K) bool: membership blocked by an event
    sharing: np.ndarray  # (W, K) charter technology sharing
    contribution: np.ndarray  # (W, K) charter minimum contribution share
    progress: np.ndarray  # (W, M) US$ B invested toward each milestone, 0..cost
    done: np.ndarray  # (W, M) bool, completed (stays completed)
    failures: np.ndarray  # (W, M) int16 failed attempts
    contributed: np.ndarray  # (W, N, K) cumulative US$ B brought to each bloc: money used, in kind
    mission_progress: np.ndarray  # (W, N, Q) US$ B invested in national missions
    mission_done: np.ndarray  # (W, N, Q) bool
    deal_tech: np.ndarray  # (W, N, N) float32 tech-transfer strength from i (row) to j (col)
    deal_funds: np.ndarray  # (W, N, N) float32 US$ B per year paid by i to j
    seats: np.ndarray  # (W, N) astronaut seats held on partners' missions
    payload: np.ndarray  # (W, N) payload slots held
    offers: Offers  # (W, O) table
    event_fired: np.ndarray  # (W, E) bool, scripted events that have fired
    winner: np.ndarray  # (W,) int16 winning bloc or -1 (while the game goes on)
    ended: np.ndarray  # (W,) bool: the game is over in this world (base built or end date)
    end_turn: np.ndarray  # (W,) int16 turn at which it ended, -1 while running
    score: np.ndarray  # (W, N) current score of each nation
    bloc_score: np.ndarray  # (W, K) current score of each bloc
    # Added by the engine (after the first contract):
    leader: np.ndarray  # (W, K) int16 current leader of each bloc, -1 when it has no members
    deal_until: np.ndarray  # (W, N, N) int16 last turn on which deal i->j holds, -1 none
    spent: np.ndarray  # (W, N, 5) US$ B spent last turn per category (after normalising)
    pool: np.ndarray  # (W, K) US$ B pooled into each bloc's programme last turn
    gained: np.ndarray  # (W, N) prestige gained (or lost, < 0) last turn
    tenure: np.ndarray  # (W, N, K) int16 turns each nation has ended as a member of each bloc
    # Added with non-exclusive charters (a nation may be in several blocs):
    member: np.ndarray  # (W, N, K) bool: nation n is a member of bloc k
    since: np.ndarray  # (W, N, K) int16 turn n joined k (0 for the scenario's), -1 not a member

    replace = _replace

    @property
    def n_worlds(self) -> int:
        return int(self.budget.shape[0])


@dataclass(frozen=True, slots=True)
class NewOffers:
    """Offers made this turn, shape (W, P) per field; unused slots have active False."""

    active: np.ndarray  # bool
    kind: np.ndarray  # int8
    sender: np.ndarray  # int16
    target: np.ndarray  # int16
    bloc: np.ndarray  # int16 or -1
    funds: np.ndarray  # float64
    tech: np.ndarray  # float64
    seats: np.ndarray  # int8
    payload: np.ndarray  # int8
    turns: np.ndarray  # int16 how many turns it stays open (>= 1)

    replace = _replace


@dataclass(frozen=True, slots=True, eq=False)
class Injected:
    """An event a facilitator puts into this turn, applied by the events phase after the
    scenario's own events through the same effect functions.

    ``random`` is the random-table row it repeats (its effects are that row's; ``drawer``
    effects strike ``struck``), or -1 for an event written on the spot (effects name their
    nations). ``title`` and ``text`` are words for the news; the engine does not read them.
    """

    effects: tuple  # tuple[rules.Effect, ...]
    struck: np.ndarray  # (N,) bool
    random: int = -1
    title: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Orders:
    """What every nation does this turn, for W worlds."""

    alloc: np.ndarray  # (W, N, 5) budget shares over CATEGORIES, each row sums to 1
    research: np.ndarray  # (W, N, D) split of the research share over domains, rows sum to 1
    mission: np.ndarray  # (W, N) int16 national mission funded by the missions share, -1 none
    answers: np.ndarray  # (W, O) int8 ANSWER_* by each open offer's target
    new: NewOffers  # (W, P) offers made this turn
    leave: np.ndarray  # (W, N) bool: leave the current bloc this turn
    auto: np.ndarray  # (W, N) bool: the engine answers offers to these nations by utility
    injected: tuple[Injected, ...] = ()  # events a facilitator adds to this turn (every world)

    replace = _replace


@dataclass(frozen=True, slots=True)
class Events:
    """What happened in a turn, as a columnar log (one row per event, any number of rows).

    ``code`` indexes ``EVENT_CODES``; the other columns are filled where they apply (-1 or 0
    elsewhere). ``terms`` holds, for offer decisions, the utility terms of
    ``engine.utility.TERMS`` that drove the answer, so the UI can say why. ``reason`` holds,
    for an ``offer_refused`` row, the law's ``Refusal`` code, for an answer the target gave
    in its orders while the engine answers for it ``ANSWERED_BY_ORDER`` (0 elsewhere); ``item`` stays
    the offer's table slot (-1 for an offer refused before it had one).
    """

    world: np.ndarray  # (R,) int64 world id
    code: np.ndarray  # (R,) int16
    nation: np.ndarray  # (R,) int16
    other: np.ndarray  # (R,) int16
    bloc: np.ndarray  # (R,) int16
    item: np.ndarray  # (R,) int32 milestone / mission / offer / scripted or random event index
    value: np.ndarray  # (R,) float64
    terms: np.ndarray  # (R, T) float64
    reason: np.ndarray  # (R,) int8 Refusal code (offer_refused), ANSWERED_BY_ORDER, else 0

    @property
    def n_rows(self) -> int:
        return int(self.code.shape[0])


#: Kinds of rows in the Events log. Append only: codes are saved in reports.
EVENT_CODES = (
    "joined",  # nation joined bloc (other: who invited or accepted)
    "left",  # nation left bloc
    "offer_accepted",  # target (other) accepted sender's (nation) offer item
    "offer_rejected",
    "offer_expired",
    "offer_refused",  # refused by a constraint (forbidden pair, blocked membership, entry terms)
    "milestone_success",  # bloc completed milestone item; value = prestige
    "milestone_failure",  # bloc failed attempt at milestone item; value = progress lost
    "mission_success",  # nation completed national mission item
    "mission_failure",  # nation's national mission item failed; value = progress lost
    "scripted_event",  # scripted event item fired
    "random_event",  # random event item struck nation
    "victory",  # bloc won; value = 1 base built, 0 end date
    "game_over",  # end date reached
    "injected_event",  # the turn's Orders.injected[item] (written on the spot) struck nation
)
EV = {name: code for code, name in enumerate(EVENT_CODES)}
