"""The law: every rule other layers need to ask about, written once, vectorised.

Spec card:
    What: pure functions over numpy arrays (a leading world axis where a State is read) that
        the phases call to resolve a turn and that the computer players, the predictions, the
        screens and ``check`` call to ask the same questions. Nothing outside ``game.engine``
        re-derives one of these formulas.
    Refusal codes (``Refusal``, a closed list; 0 means allowed), checked in this order:
        NO_SUCH_NATION   sender or target is not a nation of the scenario
        SELF             an offer to oneself
        FORBIDDEN_PAIR   sender and target are a forbidden pair
        NO_SUCH_BLOC     a membership offer names no bloc of the scenario
        NO_LEADER        the bloc has no member, so nobody can answer for it
        ALREADY_MEMBER   the joining nation is already in the bloc
        NOT_A_MEMBER     an invitation from a nation outside the bloc
        NOT_THE_LEADER   an application answered by someone who no longer leads the bloc
        BARRED_BY_MEMBER the joiner is a forbidden partner of a member of the bloc
        BLOCKED          an event blocked the joiner's membership of this bloc
        TECH_BELOW_ENTRY mean technology below the bloc's ``entry.min_tech``
        RELATIONS_BELOW_ENTRY relation with the leader below ``entry.min_relations``
        CANNOT_AFFORD    the sender's reserve does not cover the price of its sweeteners
        EXCLUSIVE        the bloc is exclusive and the joiner is a member of another exclusive
                         bloc (checked after BLOCKED; a non-exclusive bloc never refuses this)
        The diplomacy phase refuses for five more reasons, none a question of the offer
        alone (``offer_refusal`` never returns them; the events record them):
        OFFER_LIMIT      the sender already sent ``max_offers_per_nation`` offers this turn
        TABLE_FULL       the offer table has no free slot
        MALFORMED        an order's kind is unknown or its term is shorter than a turn
        JOINED_ELSEWHERE the joiner accepted several memberships and took the one it values
                         most
        BARRED_JOINING   a forbidden partner of the joiner joins the same bloc the same turn
    Membership: a nation may be in several blocs (``State.member``); ``main_bloc`` is the
        first it joined (``State.bloc``); ``bloc_payments`` splits its bloc share between them.
    Shapes: ``wi`` (world positions) and the offer columns broadcast together; results have
        their broadcast shape.
    Thresholds: ``STATE_RANGE`` is the range each bounded State field keeps (the invariants
        check it), ``QUANTITY_RANGE`` the range each quantity an objective or an event
        condition compares keeps; ``OBJECTIVE_THRESHOLDS`` and ``CONDITION_THRESHOLDS`` say
        which quantity each kind compares and how, and ``meets`` is the comparison the
        victory and events phases make.
    Opening offers: ``OPENING`` lists the refusals that keep a scenario's opening offer from
        a recipient (compile asks ``offer_refusal`` on the opening state).
    Sweeteners: ``sweetener_limits`` are the most one offer may carry (the engine clamps new
        offers to them, the screen's sliders stop there); ``sweetener_price`` is what the
        sender pays once, from its reserve, when the offer is accepted (seats, slots and
        technology are the sender's own, not free).
    Economy: a milestone makes at most ``milestone_capacity`` of progress a turn, with
        diminishing returns (``paced_progress``); a milestone asks ``top_pace_money`` and is
        finished at ``finish_share`` of the turn (``pace_want``: the money it asks, up to
        ``work_limit``); ``programme_rounds`` works a bloc's milestones through a turn (the
        programmes phase plays it); ``pool_demand`` asks it the most a bloc's pool can use in
        a turn (the computer players fund no more); a bloc's pool is split by ``pace_split``,
        the open milestones first; ``milestone_early`` says what may be prepared before it
        opens;
        ``participation`` shares a success by turns served; ``crisis_cover`` and
        ``crisis_relief`` say how a reserve meets an event's budget cut.
        ``in_kind_value`` is what a member's research and diplomacy bring its bloc (counted
        as its contribution beside its money, ``in_kind_credit`` of it); ``diplomacy_relief``
        what the members' diplomacy lifts of the coordination cost, by what keeping the
        partners in step needs. ``commitment`` is the share of a nation's contributions to
        blocs that went to one bloc (the winner's bonus counts it beside tenure).
    Accession: ``answerable`` says whether an offer may be answered this turn (an invitation
        or application only once it has been weighed ``accession_turns`` of its bloc).
    Deals: an accepted offer's funds or technology make a deal, its seats or payload slots
        are held by the target (``deal_parts``); a non-membership offer with neither changes
        nothing (``offer_is_empty``).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from game.engine import state as st


class Refusal(IntEnum):
    """Why the engine refuses an offer (0: it does not)."""

    OK = 0
    NO_SUCH_NATION = 1
    SELF = 2
    FORBIDDEN_PAIR = 3
    NO_SUCH_BLOC = 4
    NO_LEADER = 5
    ALREADY_MEMBER = 6
    NOT_A_MEMBER = 7
    NOT_THE_LEADER = 8
    BARRED_BY_MEMBER = 9
    BLOCKED = 10
    TECH_BELOW_ENTRY = 11
    RELATIONS_BELOW_ENTRY = 12
    CANNOT_AFFORD = 13
    EXCLUSIVE = 14
    OFFER_LIMIT = 15
    TABLE_FULL = 16
    MALFORMED = 17
    JOINED_ELSEWHERE = 18
    BARRED_JOINING = 19


INVITE, APPLY = st.KIND["invite"], st.KIND["apply"]

#: The range (low, high) each bounded State field keeps; ``invariants`` checks every state
#: against it.
STATE_RANGE: dict[str, tuple[float, float]] = {
    "budget": (0.0, np.inf),
    "reserve": (0.0, np.inf),
    "prestige": (0.0, np.inf),
    "seats": (0.0, np.inf),
    "payload": (0.0, np.inf),
    "deal_funds": (0.0, np.inf),
    "pool": (0.0, np.inf),
    "support": (0.0, 1.0),
    "tech": (0.0, 1.0),
    "sharing": (0.0, 1.0),
    "contribution": (0.0, 1.0),
    "deal_tech": (0.0, 1.0),
    "relations": (-1.0, 1.0),
}
#: The range (low, high) each compared quantity keeps; "bloc_size" is capped by the number of
#: nations (``quantity_range``), the others never leave these bounds (see ``invariants``).
QUANTITY_RANGE: dict[str, tuple[float, float]] = {
    **{name: STATE_RANGE[name] for name in ("budget", "support", "prestige", "tech")},
    "contribution_share": (0.0, 1.0),
    "bloc_size": (0.0, np.inf),
}
#: Objective kind -> (the quantity it compares with its ``value``, the comparison).
OBJECTIVE_THRESHOLDS: dict[str, tuple[str, str]] = {
    "prestige_at_least": ("prestige", ">="),
    "tech_at_least": ("tech", ">="),
    "support_at_least": ("support", ">="),
    "contribution_share_at_least": ("contribution_share", ">="),
}
#: Scripted-event condition kind -> (the quantity it compares with its ``value``, the comparison).
CONDITION_THRESHOLDS: dict[str, tuple[str, str]] = {
    "bloc_size_at_least": ("bloc_size", ">="),
    "prestige_at_least": ("prestige", ">="),
    "support_below": ("support", "<"),
    "budget_below": ("budget", "<"),
}

#: The refusals checked when an offer is sent (the rest are checked when it is accepted).
SENDING = np.array(
    [
        Refusal.NO_SUCH_NATION,
        Refusal.SELF,
        Refusal.FORBIDDEN_PAIR,
        Refusal.NO_SUCH_BLOC,
        Refusal.NO_LEADER,
        Refusal.ALREADY_MEMBER,
        Refusal.NOT_A_MEMBER,
    ],
    np.int8,
)
#: The refusals that keep a scenario's opening offer from a recipient: those checked at
#: sending, and a member's forbidden partner too, so that an opening invitation ``to: all``
#: reaches only the nations that could accept it (``check`` reports a named one as an error).
OPENING = np.array([*SENDING, Refusal.BARRED_BY_MEMBER], np.int8)


def _first(code: np.ndarray, bad, reason: IntEnum) -> np.ndarray:
    """``code`` with ``reason`` written where ``bad`` holds and no earlier reason was found."""
    return np.where((code == 0) & bad, np.int8(reason), code).astype(np.int8, copy=False)


def _first_of(shape, checks) -> np.ndarray:
    """(shape) int8 codes: at each cell the reason of the first ``(bad, reason)`` of
    ``checks`` that holds there, 0 where none does (what a chain of ``_first`` gives; the
    checks are written last to first, so each cell keeps the earliest reason)."""
    code = np.zeros(shape, np.int8)
    for bad, reason in reversed(checks):
        # a plain int: numpy converts an IntEnum member several times slower
        np.copyto(code, reason if isinstance(reason, np.ndarray) else int(reason), where=bad)
    return code


def _int_indices(*values) -> list[np.ndarray]:
    """The arguments as intp arrays of one shape (``np.broadcast_arrays`` only when their
    shapes differ: it costs more than the rest of a small question)."""
    xs = [np.asarray(x, np.intp) for x in values]
    if any(x.shape != xs[0].shape for x in xs):
        return list(np.broadcast_arrays(*xs))
    return xs


def mean_tech(tech: np.ndarray) -> np.ndarray:
    """Mean technology over the last (domain) axis, summed slice by slice (bit-stable)."""
    return tech.mean(axis=-1)


def entry_refusal(s, rules, wi, joiner, k) -> np.ndarray:
    """Refusal code of nation ``joiner`` entering bloc ``k`` in worlds ``wi`` (bloc checks only).

    Reads ``s.member``, ``leader``, ``blocked``, ``forbidden``, ``tech``, ``relations``.
    """
    wi, joiner, k = _int_indices(wi, joiner, k)
    k0 = np.maximum(k, 0)
    j0 = np.maximum(joiner, 0)
    barred = _barred(s, wi, j0, k0)
    low_tech, far = entry_shortfalls(s, rules, wi, j0, k0)
    return _first_of(
        wi.shape,
        (
            ((k < 0) | (k >= rules.n_blocs), Refusal.NO_SUCH_BLOC),
            (s.leader[wi, k0] < 0, Refusal.NO_LEADER),
            (s.member[wi, j0, k0] & (k >= 0), Refusal.ALREADY_MEMBER),
            (barred, Refusal.BARRED_BY_MEMBER),
            (s.blocked[wi, j0, k0], Refusal.BLOCKED),
            (exclusive_conflict(s.member[wi, j0], k0, rules), Refusal.EXCLUSIVE),
            (low_tech, Refusal.TECH_BELOW_ENTRY),
            (far, Refusal.RELATIONS_BELOW_ENTRY),
        ),
    )


def _barred(s, wi, joiner, k) -> np.ndarray:
    """Whether each ``joiner`` is a forbidden partner of a member of bloc ``k`` in world
    position ``wi`` (index arrays of one shape; valid indices).

    Asked of as many cells as the batch has nations (the computer players ask it of every
    nation) and of more than a handful of worlds, one batched matrix product per bloc asked
    counts each nation's forbidden partners in the bloc, instead of gathering a row of N
    pairs and N memberships per cell (the counts are small integers: exact in float32,
    so the answer is the same)."""
    w, n = s.forbidden.shape[:2]
    if wi.size < w * n or w <= FEW_WORLDS:
        return (s.forbidden[wi, joiner] & s.member[wi, :, k]).any(axis=-1)
    forbidden = s.forbidden.astype(np.float32)
    blocs = np.flatnonzero(np.bincount(k.ravel())).tolist()  # the blocs asked about
    out = np.zeros(wi.shape, bool)
    for b in blocs:
        in_b = s.member[:, :, b, None].astype(np.float32)  # (W, N, 1)
        partners = np.matmul(forbidden, in_b)[..., 0]  # (W, N): forbidden partners in b
        if len(blocs) == 1:
            return partners[wi, joiner] > 0
        at = k == b
        out[at] = partners[wi[at], joiner[at]] > 0
    return out


def share_any(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Boolean ``a`` and ``b`` (broadcast together, blocs on the last axis) share at least
    one bloc: the last axis reduced with or. Boolean products bloc by bloc: an integer
    product summed over so short an axis (``np.einsum``) is many times slower."""
    out = np.zeros(np.broadcast_shapes(a.shape[:-1], b.shape[:-1]), dtype=bool)
    for k in range(a.shape[-1]):
        out |= a[..., k] & b[..., k]
    return out


def exclusive_conflict(member: np.ndarray, k, rules) -> np.ndarray:
    """Whether joining bloc ``k`` clashes with the memberships ``member`` (..., K): bloc k is
    exclusive and the nation is in another exclusive bloc (a declaration clashes with none)."""
    k = np.asarray(k, np.intp)
    others = rules.exclusive & (np.arange(rules.n_blocs) != k[..., None])
    return rules.exclusive[k] & share_any(member, others)


def main_bloc(member: np.ndarray, since: np.ndarray) -> np.ndarray:
    """(W, N) int16: each nation's main bloc, the first it joined (on a tie, the lowest index;
    -1 in none). ``member`` and ``since`` are a State's (W, N, K)."""
    if member.shape[-1] == 0:
        return np.full(member.shape[:-1], st.NO_BLOC, np.int16)
    key = np.where(member, since.astype(np.int64), np.iinfo(np.int64).max)
    first = np.argmin(key, axis=-1)  # argmin takes the lowest index on a tie
    return np.where(member.any(axis=-1), first, st.NO_BLOC).astype(np.int16)


def bloc_payments(spent: np.ndarray, member: np.ndarray, bloc: np.ndarray, contribution):
    """(W, N, K): what each nation paid into each bloc's programme from its bloc share.

    The split rule: every bloc a nation belongs to gets that charter's minimum share of the
    nation's money (``contribution`` (W, K)); whatever the nation put in beyond the minimums
    goes to its main bloc ``bloc`` (W, N). The orders phase makes the bloc share at least the
    sum of the minimums; a bloc joined after the budget was set may find it short, and then
    every minimum shrinks in proportion. ``spent`` is (W, N, 5).
    """
    money = spent.sum(axis=-1)  # (W, N)
    share = spent[:, :, st.CAT_BLOC]
    minimum = np.where(member, money[:, :, None] * contribution[:, None, :], 0.0)
    owed = minimum.sum(axis=-1)
    # a bloc joined after this turn's budget was set may find the share short: the minimums
    # then shrink in proportion, so a nation never pays more than its bloc share (elsewhere
    # the factor is 1, which changes no bits: most turns, nothing to shrink)
    short = owed > share
    if short.any():
        minimum *= np.where(short, share / np.maximum(owed, 1e-300), 1.0)[:, :, None]
    extra = np.maximum(share - minimum.sum(axis=-1), 0.0)
    main = (bloc[:, :, None] == np.arange(member.shape[-1])) & member
    return minimum + main * extra[:, :, None]


def entry_shortfalls(s, rules, wi, joiner, k) -> tuple[np.ndarray, np.ndarray]:
    """The bloc's two entry conditions the joiner misses: (technology, relations with leader).

    ``joiner`` and ``k`` must be valid indices; a bloc without leader reads its row 0.
    """
    wi, joiner, k = (np.asarray(x, np.intp) for x in (wi, joiner, k))
    lead = np.maximum(s.leader[wi, k].astype(np.intp), 0)
    # asked of as many cells as there are nations: the whole table, then the cells
    many = wi.size >= s.tech.shape[0] * s.tech.shape[1]
    level = mean_tech(s.tech)[wi, joiner] if many else mean_tech(s.tech[wi, joiner])
    low_tech = level < rules.entry_min_tech[k] - 1e-12
    far = s.relations[wi, joiner, lead] < rules.entry_min_relations[k]
    return low_tech, far


def offer_refusal(s, rules, wi, kind, sender, target, bloc) -> np.ndarray:
    """Refusal code of an offer accepted now (the checks the engine makes at acceptance).

    ``target`` of an application is the nation answering it (the leader when it was sent).
    """
    wi, kind, sender, target, bloc = _int_indices(wi, kind, sender, target, bloc)
    n = rules.n_nations
    # integer bounds: minimum/maximum give np.clip's result at a fraction of its overhead
    s0, t0 = np.minimum(np.maximum(sender, 0), n - 1), np.minimum(np.maximum(target, 0), n - 1)
    checks: list[tuple[np.ndarray, Refusal | np.ndarray]] = [
        ((sender < 0) | (sender >= n) | (target < 0) | (target >= n), Refusal.NO_SUCH_NATION),
        (sender == target, Refusal.SELF),
        (s.forbidden[wi, s0, t0], Refusal.FORBIDDEN_PAIR),
    ]
    member_offer = (kind == INVITE) | (kind == APPLY)
    if member_offer.any():
        joiner = np.where(kind == INVITE, t0, s0)
        k0 = np.minimum(np.maximum(bloc, 0), max(rules.n_blocs - 1, 0))
        lead = s.leader[wi, k0].astype(np.intp)
        entry = entry_refusal(s, rules, wi, joiner, bloc)
        # the bloc-side checks in their order: bloc, leader, membership, then who answers,
        # then the rest of the entry conditions
        checks += [
            (member_offer & (entry == Refusal.NO_SUCH_BLOC), Refusal.NO_SUCH_BLOC),
            (member_offer & (entry == Refusal.NO_LEADER), Refusal.NO_LEADER),
            (member_offer & (entry == Refusal.ALREADY_MEMBER), Refusal.ALREADY_MEMBER),
            ((kind == INVITE) & ~s.member[wi, s0, k0], Refusal.NOT_A_MEMBER),
            ((kind == APPLY) & (lead != t0), Refusal.NOT_THE_LEADER),
            (member_offer, entry),
        ]
    return _first_of(wi.shape, checks)


def chance_in_turn(per_year, turn_years: float) -> np.ndarray:
    """The chance within one turn of ``turn_years`` of something that happens with chance
    ``per_year`` in a year, 1 - (1 - p)^years: a turn length changes only how finely a year
    is cut, never how often it happens in a year."""
    p = np.clip(np.asarray(per_year, dtype=float), 0.0, 1.0)
    return 1.0 - (1.0 - p) ** float(turn_years)


def growth_rate(growth, support, c) -> tuple[np.ndarray, np.ndarray]:
    """The two terms of a budget's yearly growth rate: (scenario growth, support factor)."""
    return np.asarray(growth), c.support_elasticity * (support - 0.5)


def budget_over_turn(budget, rate, turn_years: float) -> tuple[np.ndarray, np.ndarray]:
    """(budget at the turn's end, money it brings in over the turn) for a yearly ``budget``
    growing at the yearly ``rate`` compounded in calendar time, B (1 + rate)^t.

    The turn's money is the budget summed over the turn, B ((1 + rate)^ty - 1) / ln(1 + rate),
    not the grown budget times the turn's length: a turn length then changes only how finely
    the years are cut, never how much a nation has to spend by a given date (a budget grown
    first and spent for the whole turn gave a fast-growing nation up to half a turn's growth
    more at long turns, and growth compounded per turn less of it).
    """
    rate = np.maximum(np.asarray(rate, dtype=float), -1.0 + 1e-9)
    log_rate = np.maximum(np.log1p(rate), -50.0)
    grow = np.exp(log_rate * turn_years)
    small = np.abs(log_rate) < 1e-9
    per = np.where(
        small, turn_years, np.expm1(log_rate * turn_years) / np.where(small, 1.0, log_rate)
    )
    budget = np.asarray(budget, dtype=float)
    return budget * grow, budget * per


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


def budget_struck(budget, factor: float, delta: float) -> np.ndarray:
    """A yearly budget after an event's budget effect: ``budget`` x ``factor`` + ``delta``,
    never below nothing (before the reserve buys back a cut, ``crisis_cover``)."""
    return np.maximum(0.0, budget * factor + delta)


def crisis_cover(cut, reserve, c) -> np.ndarray:
    """US$ B a nation's reserve pays to make good ``cut`` (US$ B a year lost from its yearly
    budget by an event): the price of annulling the whole cut is ``crisis_years`` years of it,
    and the reserve meets up to ``crisis_cover`` of that price, never more than it holds.
    The share of the cut made good is the payment ÷ the price (``crisis_relief``)."""
    price = c.crisis_cover * c.crisis_years * np.maximum(np.asarray(cut, float), 0.0)
    return np.minimum(price, np.maximum(np.asarray(reserve, float), 0.0))


def crisis_relief(paid, cut, c) -> np.ndarray:
    """Share (0..1) of a budget ``cut`` annulled by the reserve's payment ``paid``
    (``crisis_cover``): the payment buys back the cut at ``crisis_years`` years of it."""
    price = c.crisis_years * np.maximum(np.asarray(cut, float), 0.0)
    safe = np.where(price > 0, price, 1.0)
    return np.where(price > 0, np.clip(np.asarray(paid, float) / safe, 0.0, 1.0), 0.0)


def absorbed(loss_money, reserves, c) -> np.ndarray:
    """What each nation pays from its reserve to make good a failed attempt's loss.

    ``loss_money`` (W,) is the money the lost progress would cost to rebuild; ``reserves``
    (W, N) what each payer has in reserve (0 for non-payers). The payers cover
    ``reserve_cover`` of the loss together, each in proportion to its reserve, never more
    than it has: a reserve is what lets a programme shrug off a failure.
    """
    reserves = np.maximum(np.asarray(reserves, float), 0.0)
    total = reserves.sum(axis=1)
    cover = np.minimum(c.reserve_cover * np.asarray(loss_money, float), total)
    share = np.where(total > 0, cover / np.where(total > 0, total, 1.0), 0.0)
    return np.minimum(reserves * share[:, None], reserves)


def research_gain(spend_per_year, tech, c, turn_years: float) -> np.ndarray:
    """Technology gained by own research in one turn (same shape as ``tech``)."""
    room = 1.0 - tech
    # a float power is slow in numpy; the usual exponent 2 is a product
    if c.diminishing == 2.0:
        room *= room
    else:
        room **= c.diminishing
    gain = np.sqrt(spend_per_year)
    gain *= room
    gain *= c.research_efficiency * turn_years
    return gain


def spill_rate(sharing, turn_years: float) -> np.ndarray:
    """Share of the gap to the bloc's best member that a member closes in one turn, when it
    takes in all of its bloc's spill-over (``absorption`` 1)."""
    return 1.0 - (1.0 - sharing) ** turn_years


def absorption(research, money, c) -> np.ndarray:
    """(W, N) share (0..1) of its bloc's spill-over a member takes in this turn: its absorptive
    capacity, which grows with its own research effort (a nation learns from its partners'
    technology only with laboratories of its own to learn with; Cohen & Levinthal, 1990).

    ``research`` (W, N) is the US$ B it spends on research this turn and ``money`` (W, N) the
    money it has this turn: a member spending ``absorptive_share`` of its money or more on
    research takes in all, less takes in that much less in proportion, none takes in nothing.
    ``absorptive_share`` 0 turns the rule off (every member takes in all, research or not).
    A share, not an amount: a small nation's laboratories learn as well as a large one's.
    """
    research = np.asarray(research, float)
    if c.absorptive_share <= 0:
        return np.ones(research.shape)
    need = c.absorptive_share * np.asarray(money, float)
    return np.where(need > 0, np.minimum(research / np.where(need > 0, need, 1.0), 1.0), 0.0)


def goodwill_unit(spend, focus, n_nations: int, c) -> np.ndarray:
    """(W, N) goodwill per unit of weight bought by diplomacy spending ``spend`` this turn.

    ``focus`` (W, N) counts each nation's open offers; every other nation weighs 1 and each
    offer partner ``diplomacy_focus`` more. A pair (i, j) gains unit[i] + unit[j], plus
    ``diplomacy_focus`` x (unit[i] + unit[j]) per open offer between them.
    """
    total = (n_nations - 1) + c.diplomacy_focus * focus
    return (c.diplomacy_effect * spend / total).astype(np.float32)


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


def accept_probability(utility: np.ndarray, c) -> np.ndarray:
    """P(utility + taste > threshold) with taste ~ Normal(0, noise): the engine's answer rule."""
    if c.noise <= 0:
        return (np.asarray(utility) > c.accept_threshold).astype(np.float64)
    return normal_cdf((np.asarray(utility) - c.accept_threshold) / c.noise)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF, vectorised (Abramowitz & Stegun 7.1.26, error < 1.5e-7)."""
    x = np.asarray(x, dtype=np.float64)
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


def meets(comparison: str, quantity, value) -> np.ndarray:
    """Whether ``quantity`` meets a threshold ``value`` under ``comparison`` (">=" or "<")."""
    if comparison == ">=":
        return np.asarray(quantity) >= value
    if comparison == "<":
        return np.asarray(quantity) < value
    raise ValueError(f"unknown comparison {comparison!r}")


def quantity_range(quantity: str, n_nations: int) -> tuple[float, float]:
    """The (low, high) a compared quantity keeps in a scenario of ``n_nations`` nations."""
    low, high = QUANTITY_RANGE[quantity]
    return (low, float(n_nations)) if quantity == "bloc_size" else (low, high)


def threshold_reachable(comparison: str, value: float, low: float, high: float) -> bool:
    """Whether some quantity in ``low..high`` meets ``value`` under ``comparison``."""
    # the bounds themselves are reachable (support can fall to 0, technology rise to 1)
    return bool(meets(comparison, np.array([low, high]), value).any())


def sweetener_limits(c) -> dict[str, float]:
    """The most one offer may carry: seats, payload, tech (strength), funds (share of budget)."""
    return {
        "seats": float(c.max_seats),
        "payload": float(c.max_payload),
        "tech": float(c.max_tech_transfer),
        "funds_share": float(c.max_funds_share),
    }


def deal_payments_cap(income, c) -> np.ndarray:
    """The most a payer's funding deals may take of ``income`` in a turn, all deals together."""
    return c.max_deal_payments * np.asarray(income, float)


def clamp_sweeteners(funds, tech, seats, payload, sender_budget, c):
    """Sweeteners cut to ``sweetener_limits`` (NaN and negatives count as 0)."""
    funds = np.clip(np.nan_to_num(np.asarray(funds, float)), 0.0, None)
    funds = np.minimum(funds, c.max_funds_share * np.asarray(sender_budget, float))
    tech = np.clip(np.nan_to_num(np.asarray(tech, float)), 0.0, c.max_tech_transfer)
    seats = np.clip(np.asarray(seats, np.int64), 0, c.max_seats)
    payload = np.clip(np.asarray(payload, np.int64), 0, c.max_payload)
    return funds, tech, seats, payload


def cannot_pay(price, reserve) -> np.ndarray:
    """Whether a sender's ``reserve`` falls short of the ``price`` of its sweeteners (the
    refusal ``CANNOT_AFFORD``; several offers of one sender count their running total)."""
    return np.asarray(price, float) > np.asarray(reserve, float) + 1e-12


def sweetener_price(tech, seats, payload, c) -> np.ndarray:
    """US$ B the sender pays once, from its reserve, when an offer with these is accepted."""
    return (
        c.seat_price * np.asarray(seats, float)
        + c.payload_price * np.asarray(payload, float)
        + c.tech_price * np.asarray(tech, float)
    )


def answerable(kind, bloc, created, turn: int, rules) -> np.ndarray:
    """Offers that may be answered at ``turn``: a membership offer once it has been weighed
    for its bloc's ``accession_turns`` (a declaration is signed sooner than a treaty is
    ratified); any other offer from the turn after it was made."""
    kind, bloc, created = (np.asarray(x) for x in (kind, bloc, created))
    member = (kind == INVITE) | (kind == APPLY)
    k0 = np.clip(bloc, 0, max(rules.n_blocs - 1, 0)).astype(np.intp)
    wait = np.where(member & (bloc >= 0), rules.accession_turns[k0], 1)
    return turn - created >= wait


def deal_parts(funds, tech, seats, payload) -> tuple[np.ndarray, np.ndarray]:
    """What an accepted offer leaves behind: (a deal: funds or technology, seats or slots held)."""
    deal = (np.asarray(tech) > 0) | (np.asarray(funds) > 0)
    held = (np.asarray(seats) > 0) | (np.asarray(payload) > 0)
    return deal, held


def offer_is_empty(kind, funds, tech, seats, payload) -> np.ndarray:
    """Offers that would change nothing if accepted: no membership, no deal, nothing held."""
    kind = np.asarray(kind)
    deal, held = deal_parts(funds, tech, seats, payload)
    return (kind != INVITE) & (kind != APPLY) & ~deal & ~held


# --------------------------------------------------------------------------------------------
# What a nation can plan (issue 10): which national missions it may fund, and their outlook.
# The outlook itself is ``game.engine.outlook.mission_outlook`` (it reads the phases' formulas,
# which import the law, so the law does not import it back).


class MissionClosed(IntEnum):
    """Why a nation cannot fund a national mission now (0: it can)."""

    OPEN = 0
    NO_SUCH_MISSION = 1  # no mission of the scenario (or "none", -1)
    NOT_OFFERED = 2  # the scenario does not offer this mission to this nation
    FLOWN = 3  # the nation has already flown it


def mission_ready(progress, cost) -> np.ndarray:
    """Whether a national mission's ``progress`` covers its ``cost``: chosen, it is attempted
    that turn, with more money or none (after a failure its owner's reserve made good in
    full, the progress is still there and the mission is flown again)."""
    return np.asarray(progress, float) >= np.asarray(cost, float) - 1e-9


def mission_closed(rules, mission_done: np.ndarray, q) -> np.ndarray:
    """Why each nation cannot fund mission ``q`` now (``MissionClosed``; 0: it can).

    ``mission_done`` is a State's (W, N, Q); ``q`` is (W, N) (a mission per nation) or
    (W, N, R) (R missions per nation); the result has the shape of ``q``. The orders phase
    funds a chosen mission only where this is OPEN.
    """
    q = np.asarray(q, dtype=np.int64)
    w, n = mission_done.shape[:2]
    extra = (1,) * (q.ndim - 2)
    wi = np.arange(w).reshape((w, 1, *extra))
    ni = np.arange(n).reshape((1, n, *extra))
    valid = (q >= 0) & (q < rules.n_missions)
    code = np.where(valid, np.int8(MissionClosed.OPEN), np.int8(MissionClosed.NO_SUCH_MISSION))
    if rules.n_missions:
        qq = np.where(valid, q, 0)
        code = _first(code, ~rules.mis_open[ni, qq], MissionClosed.NOT_OFFERED)
        code = _first(code, mission_done[wi, ni, qq], MissionClosed.FLOWN)
    return code.astype(np.int8)
