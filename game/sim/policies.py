"""Scripted player policies for the strategy lab: what a person might do with one nation.

Spec card:
    What: a registry ``POLICIES`` of name -> policy. A policy is a vectorised function
        ``policy(ctx) -> SeatOrders``: it reads the batch's State (leading world axis) and the
        computer's own Orders for that turn, and returns the seat's orders for every world.
        Nothing loops over worlds in Python.
    Rules: policies only *ask*: the engine decides what is allowed (the orders phase raises a
        member's bloc share to its charter minimum and banks what cannot be spent; the
        diplomacy phase checks every offer and application). A policy never re-derives a rule.
    Randomness: the ``random`` policy draws from ``engine.rng`` keyed by (seed, world, turn),
        so a world plays the same alone or in a batch, under any chunking.
    Windows: ``get_policy`` also names a tilt held on a window of turns only,
        ``tilt-CATEGORY@A-B`` (the marginal value of a category at one point of the game);
        ``cut-CATEGORY`` moves money out of a category (what it is worth where it is).
    Merging: ``merge`` writes a seat's orders into everyone's Orders; the seat's new offers
        take the first slots, the computer's other offers follow in their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from game.engine import law, rng
from game.engine import state as st
from game.engine.orders import MEMBER_ALLOC, UNALIGNED_ALLOC, empty_new_offers

#: How many turns an application made by a policy stays open (as a person's offers do).
OFFER_TURNS = 2
#: Index block of the ``random`` policy's draws under ``rng.PHASE_AI`` (clear of the AI's).
_RANDOM_INDEX = 1 << 20


@dataclass(frozen=True)
class LabContext:
    """What a policy sees on one turn: the batch, the seat and the computer's own orders."""

    state: st.State
    rules: object
    seed: int
    seat: int
    computer: st.Orders  # the computer's Orders for every nation (the seat's row included)


@dataclass(frozen=True)
class SeatOrders:
    """One nation's orders in every world: rows of ``Orders`` for the seat.

    ``answers`` (W, O) is used where ``auto`` is False (the engine answers by utility
    otherwise); ``keep`` (W, P) marks the computer's offers for the seat that stay in their
    slots; ``new`` holds the seat's further offers.
    """

    alloc: np.ndarray  # (W, 5)
    research: np.ndarray  # (W, D)
    mission: np.ndarray  # (W,)
    leave: np.ndarray  # (W,) bool
    auto: np.ndarray  # (W,) bool
    answers: np.ndarray  # (W, O) int8
    keep: np.ndarray  # (W, P) bool
    new: st.NewOffers  # (W, S)


Policy = Callable[[LabContext], SeatOrders]


def _seat_row(ctx: LabContext, **changes) -> SeatOrders:
    """The computer's orders for the seat, with ``changes``; its own offers kept."""
    o, i = ctx.computer, ctx.seat
    values = {
        "alloc": o.alloc[:, i].copy(),
        "research": o.research[:, i].copy(),
        "mission": o.mission[:, i].copy(),
        "leave": o.leave[:, i].copy(),
        "auto": np.ones(o.leave.shape[0], dtype=bool),
        "answers": np.zeros(o.answers.shape, dtype=np.int8),
        "keep": o.new.active & (o.new.sender == i),
        "new": empty_new_offers(o.leave.shape[0], 0),
    }
    values.update(changes)
    return SeatOrders(**values)


def _no_offers(ctx: LabContext) -> np.ndarray:
    """A ``keep`` mask that drops the computer's offers for the seat."""
    return np.zeros(ctx.computer.new.active.shape, dtype=bool)


def _alloc(ctx: LabContext, shares) -> np.ndarray:
    return np.broadcast_to(np.asarray(shares, dtype=float), (ctx.state.n_worlds, 5)).copy()


def _applications(ctx: LabContext, want: np.ndarray, bloc: np.ndarray) -> st.NewOffers:
    """One application per world where ``want``, to ``bloc``'s current leader."""
    w = ctx.state.n_worlds
    new = empty_new_offers(w, 1)
    k = np.maximum(bloc, 0)
    leader = ctx.state.leader[np.arange(w), k]
    active = want & (bloc >= 0) & (leader >= 0)
    return new.replace(
        active=active[:, None],
        kind=np.full((w, 1), st.KIND["apply"], dtype=np.int8),
        sender=np.full((w, 1), ctx.seat, dtype=np.int16),
        target=np.where(active, leader, 0).astype(np.int16)[:, None],
        bloc=np.where(active, bloc, st.NO_BLOC).astype(np.int16)[:, None],
        turns=np.full((w, 1), OFFER_TURNS, dtype=np.int16),
    )


# ---------------------------------------------------------------------- the policies


def computer(ctx: LabContext) -> SeatOrders:
    """The computer's own play of the seat (at the level the lab runs the seat at)."""
    return _seat_row(ctx)


def passive(ctx: LabContext) -> SeatOrders:
    """The engine's default orders: fund the bloc, research evenly, answer by utility."""
    member = (ctx.state.bloc[:, ctx.seat] >= 0)[:, None]
    alloc = np.where(member, np.array(MEMBER_ALLOC), np.array(UNALIGNED_ALLOC))
    d = ctx.rules.n_domains
    return _seat_row(
        ctx,
        alloc=alloc,
        research=np.full((ctx.state.n_worlds, d), 1.0 / d),
        mission=np.full(ctx.state.n_worlds, -1, dtype=np.int16),
        leave=np.zeros(ctx.state.n_worlds, dtype=bool),
        keep=_no_offers(ctx),
    )


def random_policy(ctx: LabContext) -> SeatOrders:
    """A random budget split and research split every turn; offers answered by utility."""
    s, d = ctx.state, ctx.rules.n_domains
    idx = _RANDOM_INDEX + np.arange(5 + d)
    u = rng.uniform(ctx.seed, s.world[:, None], int(s.turn), rng.PHASE_AI, idx[None, :])
    shares = -np.log(np.maximum(u, 1e-12))  # exponential draws: a flat Dirichlet when scaled
    return _seat_row(
        ctx,
        alloc=shares[:, :5] / shares[:, :5].sum(axis=1, keepdims=True),
        research=shares[:, 5:] / shares[:, 5:].sum(axis=1, keepdims=True),
        keep=_no_offers(ctx),
    )


def _budget_policy(shares, doc: str) -> Policy:
    """The computer's diplomacy with a fixed budget split (the engine enforces the charter)."""

    def policy(ctx: LabContext) -> SeatOrders:
        return _seat_row(ctx, alloc=_alloc(ctx, shares))

    policy.__doc__ = doc
    return policy


bloc_max = _budget_policy(
    (1.0, 0.0, 0.0, 0.0, 0.0),
    "All into the bloc programme (banked by the engine while in no bloc).",
)
researcher = _budget_policy(
    (0.0, 0.0, 1.0, 0.0, 0.0),
    "All into research (the engine raises the bloc share to its charter).",
)
diplomat = _budget_policy(
    (0.0, 0.0, 0.0, 1.0, 0.0), "All into diplomacy (the bloc share raised to its charter)."
)
charter_minimum = _budget_policy(
    (0.0, 0.0, 0.8, 0.1, 0.1), "Pays its bloc only the charter minimum; the rest to research."
)


#: Share of the budget a ``tilt-*`` policy moves into its category.
TILT = 0.2


def _tilt_policy(category: int, first: int = 1, last: int | None = None, cut: bool = False):
    """The computer's orders with ``TILT`` of the budget moved into ``category``, taken from
    the other categories in proportion (the marginal value of that category), on the turns
    ``first``..``last`` (counted from 1, the first turn played; ``last`` None: to the end)
    and the computer's own split on the others. ``cut``: moved out of ``category`` instead
    (as much of ``TILT`` as it has), into the others in proportion."""

    def policy(ctx: LabContext) -> SeatOrders:
        seat = _seat_row(ctx)
        turn = int(ctx.state.turn) + 1
        if turn < first or (last is not None and turn > last):
            return seat
        alloc = seat.alloc / np.maximum(seat.alloc.sum(axis=1, keepdims=True), 1e-12)
        rest = 1.0 - alloc[:, category]
        if cut:
            # what leaves the category goes to the others as the computer split them (all to
            # the reserve if it split nothing else)
            moved = np.minimum(TILT, alloc[:, category])
            others = alloc.copy()
            others[:, category] = 0.0
            others[:, st.CAT_RESERVE] += rest <= 0
            weight = others / others.sum(axis=1, keepdims=True)
            out = alloc + weight * moved[:, None]
            out[:, category] = alloc[:, category] - moved
            return _seat_row(ctx, alloc=out)
        moved = np.minimum(TILT, rest)
        scale = np.where(rest > 0, (rest - moved) / np.where(rest > 0, rest, 1.0), 1.0)
        out = alloc * scale[:, None]
        out[:, category] = alloc[:, category] + moved
        return _seat_row(ctx, alloc=out)

    when = "" if first == 1 and last is None else f" on turns {first}-{last or 'end'}"
    way = "out of" if cut else "into"
    policy.__doc__ = (
        f"The computer's play with {int(100 * TILT)}% of the budget moved {way} "
        f"{st.CATEGORIES[category]}{when}."
    )
    return policy


def hedger(ctx: LabContext) -> SeatOrders:
    """Never in a bloc: leaves one, rejects every invitation, answers offers itself."""
    s = ctx.state
    to_me = s.offers.active & (s.offers.target == ctx.seat)
    invite = to_me & (s.offers.kind == st.KIND["invite"])
    # a hedger takes deals (funds, technology, seats) from anyone: membership is what it refuses
    answers = np.where(invite, st.ANSWER_REJECT, np.where(to_me, st.ANSWER_ACCEPT, 0))
    return _seat_row(
        ctx,
        alloc=_alloc(ctx, UNALIGNED_ALLOC),
        leave=s.bloc[:, ctx.seat] >= 0,
        auto=np.zeros(s.n_worlds, dtype=bool),
        answers=answers.astype(np.int8),
        keep=_no_offers(ctx),
    )


def _open_base(ctx: LabContext) -> np.ndarray:
    """(W,) the lowest-index bloc whose base milestone is open (prerequisites done), or -1."""
    r, done = ctx.rules, ctx.state.done
    base = np.flatnonzero(np.asarray(r.ms_base, dtype=bool))
    if not len(base):
        return np.full(done.shape[0], -1)
    prereq = np.asarray(r.ms_prereq)[base]  # (B, M)
    open_ = ~done[:, base] & ~(prereq[None] & ~done[:, None, :]).any(axis=2)  # (W, B)
    blocs = np.asarray(r.ms_bloc)[base]
    first = np.argmax(open_, axis=1)
    return np.where(open_.any(axis=1), blocs[first], -1)


def join_first_open(ctx: LabContext) -> SeatOrders:
    """Plays as the computer until a bloc's base milestone opens, then jumps to that bloc:
    applies to it and leaves a bloc it is in that the law would not let it hold beside it
    (``law.exclusive_conflict``; where both blocs are exclusive, as in the tutorial, an
    application without leaving was refused and the jump never made)."""
    s = ctx.state
    target = _open_base(ctx)
    member = s.member[:, ctx.seat]  # (W, K)
    k = np.maximum(target, 0)
    want = (target >= 0) & ~member[np.arange(s.n_worlds), k]
    clash = want & law.exclusive_conflict(member, k, ctx.rules)
    seat = _seat_row(ctx)
    return _seat_row(ctx, new=_applications(ctx, want, target), leave=(seat.leave & ~want) | clash)


def steady(ctx: LabContext) -> SeatOrders:
    """The computer's play, except that it never leaves a bloc it is in: the steady baseline
    a timing trick is measured against (the computer's own leaving is a decision of its own)."""
    return _seat_row(ctx, leave=np.zeros(ctx.state.n_worlds, dtype=bool))


def both_blocs(ctx: LabContext) -> SeatOrders:
    """Plays as the computer and, once in a bloc, applies to a bloc it is not in that the
    law lets it hold beside its own (the lowest such; none while its application to it is
    open): a small nation's hedge, a member of both sides of the race."""
    s, rules = ctx.state, ctx.rules
    member = s.member[:, ctx.seat, : rules.n_blocs]  # (W, K)
    o = s.offers
    mine = o.active & (o.sender == ctx.seat) & (o.kind == st.KIND["apply"])
    open_ = np.zeros_like(member)
    for k in range(rules.n_blocs):
        open_[:, k] = (mine & (o.bloc == k)).any(axis=1)
    blocs = np.arange(rules.n_blocs)
    clash = np.stack(
        [law.exclusive_conflict(member, np.full(s.n_worlds, k), rules) for k in blocs], axis=1
    )
    can = ~member & ~open_ & ~clash & (s.leader[:, : rules.n_blocs] >= 0)
    want = member.any(axis=1) & can.any(axis=1)
    target = np.where(want, np.argmax(can, axis=1), -1)
    return _seat_row(ctx, new=_applications(ctx, want, target))


def churn(ctx: LabContext) -> SeatOrders:
    """Leaves its bloc on even turns; on odd ones applies to the bloc its friends are in."""
    s = ctx.state
    mine = s.bloc[:, ctx.seat]
    even = int(s.turn) % 2 == 0
    home = _home(ctx)
    leave = (mine >= 0) & even
    want = (mine < 0) & (home >= 0) & (not even)
    return _seat_row(ctx, leave=leave, new=_applications(ctx, want, home))


def _home(ctx: LabContext) -> np.ndarray:
    """(W,) the bloc the seat is in now, else the bloc whose members it likes most in all."""
    s, i = ctx.state, ctx.seat
    mine = s.bloc[:, i].astype(np.int64)
    k = ctx.rules.n_blocs
    liking = np.stack(
        [np.where(s.bloc == b, s.relations[:, i, :], 0.0).sum(axis=1) for b in range(k)], axis=1
    )
    return np.where(mine >= 0, mine, np.argmax(liking, axis=1))


#: The registry, in the order reports list them.
POLICIES: dict[str, Policy] = {
    "computer": computer,
    "passive": passive,
    "random": random_policy,
    "bloc-max": bloc_max,
    "researcher": researcher,
    "diplomat": diplomat,
    "charter-minimum": charter_minimum,
    "hedger": hedger,
    "steady": steady,
    "join-first-open": join_first_open,
    "both-blocs": both_blocs,
    "churn": churn,
    **{f"tilt-{name}": _tilt_policy(c) for c, name in enumerate(st.CATEGORIES)},
    **{f"cut-{name}": _tilt_policy(c, cut=True) for c, name in enumerate(st.CATEGORIES)},
}


#: How to name a tilt for a window of turns (``get_policy``).
WINDOW_SYNTAX = (
    "tilt-CATEGORY@A-B (or cut-CATEGORY@A-B) tilts only on turns A..B (1: the first turn "
    "played; @A: that turn alone, @A-: from A to the end), e.g. tilt-research@1-4"
)


def get_policy(name: str) -> Policy:
    """The policy called ``name``: one of ``POLICIES``, or a tilt held for a window of turns,
    ``tilt-CATEGORY@A-B`` (``WINDOW_SYNTAX``). Raises ValueError with one line saying why
    a name is not a policy."""
    if name in POLICIES:
        return POLICIES[name]
    base, at, window = name.partition("@")
    if not at or base not in POLICIES or not base.startswith(("tilt-", "cut-")):
        raise ValueError(
            f"no policy {name!r} (policies: {', '.join(POLICIES)}; and {WINDOW_SYNTAX})"
        )
    a, dash, b = window.partition("-")
    try:
        first = int(a)
        last = (None if b == "" else int(b)) if dash else first
    except ValueError as exc:
        raise ValueError(
            f"policy {name!r}: the window is not A-B in turns ({WINDOW_SYNTAX})"
        ) from exc
    if first < 1 or (last is not None and last < first):
        raise ValueError(f"policy {name!r}: the window must run from turn 1 or later, forward")
    cut = base.startswith("cut-")
    category = base.removeprefix("cut-" if cut else "tilt-")
    return _tilt_policy(st.CATEGORIES.index(category), first, last, cut)


def merge(computer: st.Orders, seat: int, mine: SeatOrders) -> st.Orders:
    """Everyone's Orders with the seat's row replaced by ``mine``.

    The computer's offers keep their slots (an offer's slot keys its answer's random taste
    draw, so moving one would change the world); the seat's further offers fill the free
    slots in order, and what does not fit is dropped, as the engine drops offers beyond
    its table.
    """
    alloc = computer.alloc.copy()
    alloc[:, seat] = mine.alloc
    research = computer.research.copy()
    research[:, seat] = mine.research
    mission = computer.mission.copy()
    mission[:, seat] = mine.mission
    leave = computer.leave.copy()
    leave[:, seat] = mine.leave
    auto = computer.auto.copy()
    auto[:, seat] = mine.auto
    answers = computer.answers.copy()
    to_me = ~mine.auto[:, None] & (mine.answers != st.ANSWER_NONE)
    answers = np.where(to_me, mine.answers, answers).astype(np.int8)
    c = computer.new
    active = c.active & ((c.sender != seat) | mine.keep)
    new = {f.name: getattr(c, f.name).copy() for f in fields(st.NewOffers)}
    new["active"] = active
    rows = np.arange(active.shape[0])
    for e in range(mine.new.active.shape[1]):
        free = ~new["active"]
        put = mine.new.active[:, e] & free.any(axis=1)
        slot = np.argmax(free, axis=1)
        for name, column in new.items():
            column[rows[put], slot[put]] = getattr(mine.new, name)[put, e]
    return computer.replace(
        alloc=alloc,
        research=research,
        mission=mission,
        leave=leave,
        auto=auto,
        answers=answers,
        new=st.NewOffers(**new),
    )
