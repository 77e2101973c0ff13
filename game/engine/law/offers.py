"""Who may offer what to whom, and at what price: refusal codes, entry, sweeteners, answers.

Part of ``game.engine.law`` (its spec card says what each rule is for).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from game.engine import state as st
from game.engine.law.programme import FEW_WORLDS


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
