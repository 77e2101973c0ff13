"""A bloc's joint programme: partners, coordination, research lift, pace, milestones.

Part of ``game.engine.law`` (its spec card says what each rule is for).
"""

from __future__ import annotations

import numpy as np

from game.engine import state as st

#: Up to this many worlds, per-call overhead outweighs the work: fewer, larger numpy calls.
FEW_WORLDS = 8


def prerequisites_met(done: np.ndarray, prereq: np.ndarray) -> np.ndarray:
    """(W, Mk) bool: milestones (rows of ``prereq`` (Mk, M)) whose prerequisites are all done.

    One (W,) column and per prerequisite (a milestone has a few): many times cheaper than
    reducing a (W, Mk, M) boolean array over its short last axis in big batches; a handful
    of worlds pays per call instead, so that one reduction does it all.
    """
    if done.shape[0] <= FEW_WORLDS:
        return ~(prereq[None] & ~done[:, None, :]).any(axis=2)
    met = np.ones((done.shape[0], prereq.shape[0]), dtype=bool)
    for i, j in zip(*np.nonzero(prereq), strict=True):
        met[:, i] &= done[:, j]
    return met


def success_chance(base, shortfall, c) -> np.ndarray:
    """Chance an attempt succeeds: base less the technology shortfall, within the bounds."""
    return np.clip(base - c.tech_success_weight * shortfall, c.min_success, c.max_success)


def effective_partners(paid: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """(W,) effective number of payers, (sum of sqrt(share of the pool))^2; 1 with no pool.

    ``paid`` (W, N) is what each nation paid into a pool of ``pool`` (W,).
    """
    roots = np.sqrt(paid / np.maximum(pool, 1e-12)[:, None]).sum(axis=1)
    return np.where(pool > 0, roots * roots, 1.0)


def coordination(partners, c, relief=0.0) -> np.ndarray:
    """The coordination factor of a bloc with ``partners`` effective members (0..1).

    ``relief`` (0..1, ``diplomacy_relief``) is the share of the cost per partner that the
    members' diplomacy takes away.
    """
    cost = c.coordination_cost * (1.0 - np.asarray(relief))
    return np.clip(1.0 - cost * (partners - 1.0), 0.0, 1.0)


def diplomacy_relief(diplomacy, partners, turn_years: float, c) -> np.ndarray:
    """Share of the coordination cost lifted by members' diplomacy spending ``diplomacy``
    (US$ B this turn) in a bloc of ``partners`` effective members: diplomats smooth a joint
    programme.

    The work is keeping partners in step (liaison offices, joint working groups, the legal
    work of the agreements), so what it takes grows with the number of partners, not with
    the hardware budget: need = diplomacy_need (US$ B a year per partner beyond the first)
    x (partners - 1) x turn length, and relief = diplomacy_relief x D / (D + need). A bloc
    spending its need has half of ``diplomacy_relief`` of its cost lifted; a bloc of one has
    nothing to coordinate, and its diplomacy lifts nothing here.
    """
    d = np.maximum(np.asarray(diplomacy, float), 0.0)
    need = c.diplomacy_need * np.maximum(np.asarray(partners, float) - 1.0, 0.0) * turn_years
    total = d + need
    some = (total > 0) & (need > 0)
    return c.diplomacy_relief * np.where(some, d / np.where(some, total, 1.0), 0.0)


def research_lift(research, pool, c) -> np.ndarray:
    """Factor (>= 1) on a bloc's efficiency from its members' research spending ``research``
    beside a pool of ``pool`` (both US$ B this turn): engineering done in members' own labs
    makes the programme's money buy more.

    lift = 1 + research_synergy x R / (R + pool). Money moved from the pool into research
    raises the factor but shrinks the money it multiplies, so the best split is interior:
    with research_synergy s > 1 it is R / (R + pool) = (s - 1) / (2 s) (a sixth at s = 1.5),
    and with s <= 1 research does not pay for the programme alone.
    """
    r = np.asarray(research, float)
    total = r + np.asarray(pool, float)
    return 1.0 + c.research_synergy * np.where(total > 0, r / np.where(total > 0, total, 1.0), 0.0)


def bloc_factors(
    spent: np.ndarray, members: np.ndarray, c, turn_years: float, paid: np.ndarray | None = None
):
    """A bloc's efficiency factors this turn from its members' spending ``spent`` (W, N, 5)
    in a turn of ``turn_years``.

    ``paid`` (W, N) is what each member paid into this bloc (``bloc_payments``; by default
    the whole bloc share, as for a nation in one bloc). Returns (paid (W, N), pool (W,),
    partners (W,), coordination (W,), lift (W,)): the programme phase resolves a turn with
    these, and a report reads them from a State's ``spent`` to say why the programme moved.
    """
    paid = np.where(members, spent[:, :, st.CAT_BLOC] if paid is None else paid, 0.0)
    pool = paid.sum(axis=1)
    # a member's research lifts the programme only as far as it also pays into it: lab work
    # is matched to the hardware it serves
    research = matched_research(spent, members, paid).sum(axis=1)
    diplomacy = np.where(members, spent[:, :, st.CAT_DIPLOMACY], 0.0).sum(axis=1)
    partners = effective_partners(paid, pool)
    coord = coordination(partners, c, diplomacy_relief(diplomacy, partners, turn_years, c))
    return paid, pool, partners, coord, research_lift(research, pool, c)


def matched_research(spent: np.ndarray, members: np.ndarray, paid: np.ndarray) -> np.ndarray:
    """(W, N) each member's research that serves a bloc: its research spending up to what it
    pays into that bloc's pool (lab work is matched to the hardware it serves)."""
    return np.where(members, np.minimum(spent[:, :, st.CAT_RESEARCH], paid), 0.0)


def in_kind_value(research, diplomacy, pool, used, partners, turn_years: float, c) -> np.ndarray:
    """(W, N) what each member's research and diplomacy were worth to its bloc this turn, in
    US$ B of programme money: the money the bloc would have needed, without that help, to
    buy the progress the help bought.

    ``research`` (W, N) is each member's matched research (``matched_research``),
    ``diplomacy`` (W, N) its diplomacy spending, ``pool`` (W,) the money paid in, ``used``
    (W,) the part of it the programme used (a lift on refunded money is worth nothing),
    ``partners`` (W,) the effective number of payers, ``turn_years`` the turn's length.
    Research lifts efficiency by ``lift`` (``research_lift``), so it is worth used x (lift - 1); diplomacy raises coordination from
    c0 (no relief) to c1, so it is worth used x (c1 - c0) / c0. Each value is shared among
    the members in proportion to what each put in of it. Nothing is paid: this is value, not
    money, and it adds up to the bloc's whole in-kind gain, so no value is created twice.
    """
    research = np.asarray(research, float)
    diplomacy = np.asarray(diplomacy, float)
    r_total, d_total = research.sum(axis=-1), diplomacy.sum(axis=-1)
    used = np.maximum(np.asarray(used, float), 0.0)
    lift = research_lift(r_total, pool, c)
    with_help = coordination(partners, c, diplomacy_relief(d_total, partners, turn_years, c))
    without = coordination(partners, c)
    # a bloc whose coordination would fall to nothing without diplomacy is valued at the
    # efficiency floor, so the value stays finite
    d_value = used * (with_help - without) / np.maximum(without, c.min_efficiency)
    r_value = used * (lift - 1.0)

    def shared(value, own, total):
        return value[:, None] * own / np.where(total > 0, total, 1.0)[:, None]

    return shared(r_value, research, r_total) + shared(d_value, diplomacy, d_total)


def commitment(contributed: np.ndarray, tenure: np.ndarray, blocs: np.ndarray) -> np.ndarray:
    """(W, N) the share of each nation's commitment to blocs that went to bloc ``blocs``
    (W, N; -1: none, 0): what it brought that bloc over what it brought every bloc it has
    been in (``contributed`` (W, N, K), kept after leaving). A nation with nothing brought
    anywhere is weighed by turns served (``tenure`` (W, N, K)) instead.

    The winner's bonus is multiplied by it: a nation in one bloc has all its commitment
    there (1), while one that hedges in a second bloc, or moves to the front-runner late,
    has only the part it really put into the winner.
    """
    k = np.maximum(np.asarray(blocs), 0).astype(np.intp)[:, :, None]
    brought = np.maximum(np.asarray(contributed, float), 0.0)
    served = np.asarray(tenure, float)
    mine, total = np.take_along_axis(brought, k, axis=2)[:, :, 0], brought.sum(axis=2)
    t_mine, t_total = np.take_along_axis(served, k, axis=2)[:, :, 0], served.sum(axis=2)
    by_money = mine / np.where(total > 0, total, 1.0)
    by_turns = np.where(t_total > 0, t_mine / np.where(t_total > 0, t_total, 1.0), 1.0)
    return np.where(np.asarray(blocs) >= 0, np.where(total > 0, by_money, by_turns), 0.0)


def efficiency(fit, coord, c, lift=1.0) -> np.ndarray:
    """Progress per US$ spent: fit x coordination x research lift, floored at min_efficiency."""
    return np.maximum(c.min_efficiency, fit * coord * lift)


def milestone_capacity(cost, turn_years: float, c) -> np.ndarray:
    """The most progress (US$ B) a milestone can make in one turn: its cost x turn length ÷
    ``min_years``. However much money it gets, a milestone takes at least ``min_years``: a
    programme's teams, factories and test stands set its pace, not its budget alone."""
    return np.asarray(cost, float) * turn_years / c.min_years


def paced_progress(effective, capacity) -> np.ndarray:
    """Progress that ``effective`` money (money x efficiency, US$ B this turn) buys at a
    milestone of ``capacity`` (``milestone_capacity``): diminishing returns within a turn.

    progress = x - x^2 / (4 A) for x up to 2 A (then A, the capacity): the first dollar buys a
    dollar of progress, each further one less (x / 2A less), and beyond 2 A nothing. Money
    at the pace of the capacity (x = A) buys three quarters of its worth.
    """
    cap = np.asarray(capacity, float)
    x = np.clip(np.asarray(effective, float), 0.0, 2.0 * cap)
    return x - x * x / (4.0 * np.where(cap > 0, cap, 1.0))


def top_pace_money(remaining, room) -> np.ndarray:
    """Effective money a milestone asks of its pool this turn: enough to go at the pace's top
    until it is done, 2 x ``remaining`` progress, and never more than 2 x ``room`` (the
    capacity left in the turn; ``paced_progress`` buys nothing beyond it)."""
    return np.minimum(2.0 * np.asarray(remaining, float), 2.0 * np.asarray(room, float))


def pace_want(remaining, room, eff) -> np.ndarray:
    """Money (not effective money) a milestone with ``remaining`` progress and ``room``
    capacity left in the turn takes from its pool at efficiency ``eff``: the top pace's
    ``top_pace_money`` ÷ efficiency. The programmes phase asks it of every milestone it
    works; money beyond it is refunded."""
    return top_pace_money(remaining, room) / eff


def work_limit(early, cost, c) -> np.ndarray:
    """How far a milestone may be taken this round: its cost, or ``prework`` of it for one
    prepared early (``milestone_early``)."""
    return np.where(early, c.prework * np.asarray(cost, float), cost)


def programme_rounds(
    money, done, progress, idx, prereq, cost, eff, turn_years: float, c, attempt, alive=None
):
    """Work a bloc's milestones ``idx`` (rows ``prereq``, costs ``cost``, efficiency ``eff``
    (W, Mk)) through one turn: the rule the programmes phase plays and ``pool_demand`` asks.

    Rounds: each works every open milestone (``milestone_open``) and every milestone that may
    be prepared early (``milestone_early``, taken no further than ``work_limit``) at the pace
    ``pace_want``, the pool ``money`` (W,) shared by ``pace_split``, the open milestones first
    (the critical path: a programme does not starve the milestone that gates the rest to get
    ahead on the rest), early work from what they leave (``None``: as much as each wants);
    in a world where an open milestone's attempt fails, its rebuilding is paid before early
    work. A milestone whose prerequisite was completed in the turn starts from the
    share of the turn that completion took (``finish_share``); one prepared early goes on from
    where that work stopped; one whose attempt failed is worked again from the moment of its
    attempt. So a chain takes at least ``min_years`` per milestone at any turn length.
    A milestone whose progress reaches its cost is attempted: ``attempt(full)`` (W, Mk) is
    called with ``progress`` already holding the progress made, and must mark the successes
    in ``done`` and take what a failure loses off ``progress``. ``done`` (W, M) and
    ``progress`` (W, M) are updated in place; ``alive`` (W,) masks the worlds where the bloc
    has members.

    Returns (money left (W,), money used each round summed (W,), progress worked (W, Mk),
    share of the turn at which each milestone's work ended (W, Mk)).
    """
    cost = np.asarray(cost, float)
    prog0 = progress[:, idx]
    eff = np.asarray(eff, float)
    if eff.shape != prog0.shape:
        eff = np.broadcast_to(eff, prog0.shape)
    cap = milestone_capacity(cost, turn_years, c)
    within = np.asarray(prereq, bool)[:, idx]  # (Mk, Mk): i requires j
    shape = prog0.shape
    alive = np.ones(shape[0], bool) if alive is None else np.asarray(alive, bool)
    funded = np.zeros(shape, bool)  # open milestones worked this turn
    prepared = np.zeros(shape, bool)  # milestones prepared early this turn
    retry = np.zeros(shape, bool)  # milestones whose attempt failed earlier this turn
    done_before = done[:, idx].copy()
    end = np.zeros(shape)
    used = np.zeros(shape[0])
    worked = np.zeros(shape)
    if money is not None:
        money = np.asarray(money, float).copy()
    start = left = limit = None  # set by each round, read by work()

    def work(mask, room, want, window=None):
        """Work the milestones ``mask`` from ``start`` (for at most ``window`` of the turn;
        default: the rest of it) with the pool's money shared by ``pace_split``."""
        nonlocal money, used, worked, end
        given = np.where(mask, want, 0.0)
        if money is not None:
            given = pace_split(money, given, room)
        total = given.sum(axis=1)
        if money is not None:
            money = np.maximum(money - total, 0.0)  # never below 0 by rounding
        used += total
        x = given * eff
        gained = np.where(mask, paced_progress(x, room), 0.0)
        worked += np.minimum(gained, left)
        finished = gained >= left - 1e-9
        rest = 1.0 - start if window is None else window
        span = np.where(finished, np.minimum(finish_share(x, left, cap), rest), rest)
        span = np.where(left > 0, span, 0.0)  # nothing to do takes no time
        end = np.where(mask, start + span, end)
        before = progress[:, idx]
        progress[:, idx] = np.where(mask, np.minimum(before + gained, limit), before)

    # each round opens, finishes or fails something, or works every milestone it can for
    # the rest of the turn
    for _ in range(3 * len(idx) + 1):
        running = alive[:, None] & ~funded
        done_k = done[:, idx]
        open_now = ~done_k & prerequisites_met(done, prereq)  # milestone_open
        active = open_now & running
        early = milestone_early(done, idx, prereq, open_now) & running & ~prepared
        if not (active | early).any():
            break
        fresh = done_k & ~done_before
        start = _latest_end(within, fresh, end)
        start = np.where(prepared | retry, np.maximum(start, end), start)
        room = cap * np.maximum(1.0 - start, 0.0)  # (W, Mk) capacity left in the turn
        limit = work_limit(early, cost, c)
        left = np.maximum(limit - progress[:, idx], 0.0)
        # the open milestones first (the critical path: a programme does not starve the
        # milestone that gates the rest), worked and attempted where paid in full (``work``
        # gives nothing outside its mask)
        funded |= active
        work(active, room, pace_want(left, room, eff))
        full = active & (progress[:, idx] >= cost - 1e-9)
        attempted = bool(full.any())
        if attempted:
            attempt(full)
            failed = full & ~done[:, idx]
            retry |= failed
            funded &= ~failed  # worked again in the next round, from when it failed
            # then early work from what they left. In a world where an attempt just failed,
            # its rebuilding is paid first, in the next round (early work still spans the
            # turn from its start: only the money's order changes).
            early &= ~failed.any(axis=1, keepdims=True)
        if early.any():
            window = 1.0 - start
            if attempted:
                # A milestone an attempt just opened is prepared only until that moment,
                # and worked as open from then in the next round (without an attempt,
                # nothing opened: an early milestone was not open at the round's start).
                now = done[:, idx] & ~done_before
                opened = _latest_end(within, now, end)
                opens = milestone_open(done, idx, prereq) & early
                window = np.where(opens, np.maximum(opened - start, 0.0), window)
            room_e = cap * np.maximum(window, 0.0)
            prepared |= early
            work(early, room_e, pace_want(left, room_e, eff), window)
    return money, used, worked, end


def _latest_end(within: np.ndarray, ended: np.ndarray, end: np.ndarray) -> np.ndarray:
    """(W, Mk): for each milestone, the latest ``end`` (W, Mk) among the milestones it
    requires (``within`` (Mk, Mk): i requires j) that are ``ended`` (W, Mk); 0 if none.

    In big batches the maximum over j is taken one required milestone at a time, in the
    order a reduction over the last axis of the (W, Mk, Mk) array takes it (the same
    comparisons, so the same result), without building that array; a handful of worlds
    reduces that array in one call.
    """
    if ended.shape[0] <= FEW_WORLDS:
        return np.where(within[None] & ended[:, None, :], end[:, None, :], 0.0).max(axis=2)
    latest = np.where(within[:, 0] & ended[:, :1], end[:, :1], 0.0)
    for j in range(1, within.shape[1]):
        np.maximum(
            latest, np.where(within[:, j] & ended[:, j : j + 1], end[:, j : j + 1], 0.0), out=latest
        )
    return latest


def pool_demand(done, progress, idx, prereq, cost, eff, turn_years: float, c) -> np.ndarray:
    """(W,) the most money a bloc's pool can use this turn if every attempt it makes succeeds:
    ``programme_rounds`` with as much money as its milestones ask. Money beyond it would be
    refunded whatever the draws; a failure uses less. ``done`` (W, M) and ``progress`` (W, M)
    are the State's before the turn (not changed).
    """
    done = np.array(done, dtype=bool)
    progress = np.array(progress, dtype=float)

    def succeed(full):
        sub = done[:, idx]
        sub |= full
        done[:, idx] = sub

    _, used, _, _ = programme_rounds(
        None, done, progress, idx, prereq, cost, eff, turn_years, c, succeed
    )
    return used


def finish_share(effective, remaining, capacity) -> np.ndarray:
    """Share of a turn that ``effective`` money takes to finish ``remaining`` progress at a
    milestone of ``capacity`` A a turn: x spent over a share tau makes x - x^2 / (4 A tau),
    so tau = x^2 / (4 A (x - L)) (L / A at the top pace, x = 2 L). Meaningful only where the
    money finishes the work; less money than L never does (a very large share)."""
    x = np.asarray(effective, float)
    return x * x / (4.0 * np.asarray(capacity, float) * np.maximum(x - remaining, 1e-12))


def pace_split(money, want, capacity) -> np.ndarray:
    """(W, Mk) money each open milestone takes from a bloc's pool ``money`` (W,): shares in
    proportion to the milestones' capacities (which equalises the marginal return of
    ``paced_progress``), none more than it ``want``s (W, Mk; 0 for a closed milestone), what
    a satisfied milestone leaves going to the others. What is left is not used this turn."""
    want = np.asarray(want, float)
    weight = np.asarray(capacity, float)
    if weight.shape != want.shape:
        weight = np.broadcast_to(weight, want.shape)
    money = np.asarray(money, float).copy()
    given = np.zeros_like(want)
    for _ in range(want.shape[-1]):  # each pass satisfies a milestone or spends the money
        # a world with nothing to give or nobody wanting takes no part in the pass, so that
        # a world plays the same alone as in any batch
        short = want - given
        go = (money > 1e-12)[:, None] & (short > 1e-12)
        w = np.where(go, weight, 0.0)
        total = w.sum(axis=-1)
        if not (total > 0).any():
            break
        share = money[:, None] * w / np.where(total > 0, total, 1.0)[:, None]
        add = np.minimum(share, short)
        given += add
        money = np.maximum(money - add.sum(axis=-1), 0.0)
    return given


def participation(members: np.ndarray, tenure: np.ndarray) -> np.ndarray:
    """(W, N) each member's share of a bloc's participation, in proportion to the turns it
    has served including this one (``tenure`` + 1): founders of a ten-turn bloc count ten
    times a nation that joined this turn. Non-members count 0; the shares add up to 1."""
    served = np.where(members, np.asarray(tenure, float) + 1.0, 0.0)
    total = served.sum(axis=-1, keepdims=True)
    return served / np.where(total > 0, total, 1.0)


def milestone_open(done: np.ndarray, idx: np.ndarray, prereq: np.ndarray) -> np.ndarray:
    """(W, Mk) bool: milestones ``idx`` (rows ``prereq``) open: not done, prerequisites done."""
    return ~done[:, idx] & prerequisites_met(done, prereq)


def milestone_early(
    done: np.ndarray, idx: np.ndarray, prereq: np.ndarray, open_now: np.ndarray | None = None
) -> np.ndarray:
    """(W, Mk) bool: milestones ``idx`` (rows ``prereq`` (Mk, M) of the bloc's, whose
    prerequisites are in the same bloc) that may be prepared early: not open yet, but every
    milestone they require is open or done (one step ahead of the work). Real programmes
    overlap: a lander is built while the rocket that will carry it is still being tested.
    They may be taken to ``prework`` of their cost, and are attempted only once open.
    ``open_now``: ``milestone_open`` of the same arguments, when the caller has it."""
    if open_now is None:
        open_now = milestone_open(done, idx, prereq)  # (W, Mk)
    ahead = done.copy()
    ahead[:, idx] |= open_now
    return ~done[:, idx] & ~open_now & prerequisites_met(ahead, prereq)
