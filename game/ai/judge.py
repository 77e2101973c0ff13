"""What the computer players expect of an offer: the engine's utility, asked fast.

Spec card:
    Reads: State (bloc, member, relations, offers, tech, budget), Rules; ``engine.utility``
        for every term, so the AI weighs an offer exactly as the engine will answer it.
    Gives: ``AIContext`` (the engine's Context with full affinity, joining and staying tables
        made once a turn), ``utility_at`` / ``accept_probability`` (an offer's utility and
        the engine's chance of a yes), ``utility_needed`` (the utility a chance asks),
        ``expected_joins`` (the bloc each unaligned nation expects to join this turn) and the
        pending offers a prospect is weighing. ``ai.diplomacy`` plans with them; ``ai.deals``,
        ``ai.budget`` and ``ai.decide`` ask them too.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from game.ai.terms import staying_terms
from game.engine import law
from game.engine import state as st
from game.engine.law import share_any
from game.engine.utility import TERMS, Context, landscape_size, offer_utility

INVITE, APPLY = st.KIND["invite"], st.KIND["apply"]


def accept_probability(utility: np.ndarray, rules) -> np.ndarray:
    """P(the engine accepts) for ``utility`` (the law's answer rule, ``engine.law``)."""
    return law.accept_probability(utility, rules.constants)


def _pending(state, n_blocs: int) -> np.ndarray:
    """(W, K, N) bool: an invitation to or application from nation n for bloc k is open."""
    of = state.offers
    w, n = state.bloc.shape
    out = np.zeros((w, n_blocs, n), dtype=bool)
    member = of.active & ((of.kind == INVITE) | (of.kind == APPLY)) & (of.bloc >= 0)
    if member.any():
        ws, slots = np.nonzero(member)
        who = np.where(of.kind == INVITE, of.target, of.sender)[ws, slots]
        out[ws, of.bloc[ws, slots], who] = True
    return out


def expected_joins(state, rules, ctx) -> np.ndarray:
    """(W, N) the bloc each nation in no bloc expects to join this turn, or -1: the bloc of
    the membership offer it can answer now that it values most, where it would accept it
    (utility before its taste above the engine's ``accept_threshold``) or has applied (it
    applied expecting the leader to admit it). Its budget pledges its bloc share to that
    bloc (``diplomacy.pay_pledges`` in the engine pays it in when the membership comes);
    a guess that fails leaves the pledge banked in its reserve."""
    w, n = state.bloc.shape
    k = rules.n_blocs
    out = np.full((w, n), -1, dtype=np.intp)
    if k == 0:
        return out
    best = _pending_utility(state, rules, ctx, k, answerable=True)  # (W, K, N)
    top = best.max(axis=1)
    free = ~state.member.any(axis=-1)
    joins = free & (top > rules.constants.accept_threshold)
    out[joins] = best.argmax(axis=1)[joins]
    return out


def _pending_utility(state, rules, ctx, n_blocs: int, answerable: bool = False) -> np.ndarray:
    """(W, K, N): the best utility (before taste) nation n foresees from the invitations to
    bloc k it is weighing (``answerable``: only those it can answer this turn); +inf where
    it has applied to k itself, -inf where nothing is open. The offers' utilities are asked
    once a turn (``AIContext.pending_offers``): the budgets' ``expected_joins`` and the
    recruiters both read them.

    A recruiter sends a second invitation only when its own package tops this one: a
    scenario's open call with a token sweetener must not keep the bloc's leader from making
    a better offer while the call is being weighed."""
    w, n = state.bloc.shape
    out = np.full((w, n_blocs, n), -np.inf)
    ws, slots, bloc, who, u = ctx.pending_offers()
    if answerable and ws.size:
        of = state.offers
        now = law.answerable(
            of.kind[ws, slots], of.bloc[ws, slots], of.created[ws, slots], int(state.turn), rules
        )
        ws, bloc, who, u = ws[now], bloc[now], who[now], u[now]
    if ws.size:
        np.maximum.at(out, (ws, bloc, who), u)
    return out


def _pending_offers(state, rules, ctx) -> tuple[np.ndarray, ...]:
    """Every open membership offer as rows (world, slot, bloc, the nation weighing it, its
    utility before taste): an invitation's utility to its target, +inf for an application
    (its sender asked)."""
    of = state.offers
    member = of.active & ((of.kind == INVITE) | (of.kind == APPLY)) & (of.bloc >= 0)
    ws, slots = np.nonzero(member)
    kind, bloc = of.kind[ws, slots], of.bloc[ws, slots].astype(np.intp)
    is_inv = kind == INVITE
    who = np.where(is_inv, of.target[ws, slots], of.sender[ws, slots]).astype(np.intp)
    u = np.full(ws.size, np.inf)
    if is_inv.any():
        r = np.flatnonzero(is_inv)
        u[r], _ = offer_utility(
            state,
            rules,
            INVITE,
            of.sender[ws[r], slots[r]],
            who[r],
            bloc[r],
            of.funds[ws[r], slots[r]],
            of.tech[ws[r], slots[r]],
            of.seats[ws[r], slots[r]],
            of.payload[ws[r], slots[r]],
            context=ctx,
            worlds=ws[r],
        )
    return ws, slots, bloc, who, u


def fast_affinity(s, rules) -> np.ndarray:
    """(W, N, K) ``engine.utility.affinity`` (landscape theory) as batched dot products:
    several times faster than the engine's element-wise sums on (W, N, N) relations; equal
    up to rounding (a test holds the two together)."""
    c = rules.constants
    w, n = s.bloc.shape
    aligned = np.where(s.bloc >= 0, landscape_size(s.budget, c), 0.0)  # (W, N)
    all_rel = np.einsum("wij,wj->wi", s.relations, aligned) - aligned  # less the self term
    den = aligned.sum(axis=1, keepdims=True) - aligned
    out = np.empty((w, n, rules.n_blocs))
    for k in range(rules.n_blocs):
        wts = aligned * s.member[:, :, k]  # (W, N): every member (a nation may be in several)
        near = np.einsum("wij,wj->wi", s.relations, wts) - wts
        num = near - c.opposition_weight * (all_rel - near)
        out[:, :, k] = np.where(den > 1e-12, num / np.maximum(den, 1e-12), 0.0)
    return out


class AIContext(Context):
    """The engine's utility Context with the full affinity table from ``fast_affinity``.

    Used for the AI's own judgements only (the engine answers offers with its own Context),
    so rounding in the last place changes nothing anyone can see.
    """

    _joining: np.ndarray | None = None
    _pending: tuple[np.ndarray, ...] | None = None
    _staying: np.ndarray | None = None

    def pending_offers(self) -> tuple[np.ndarray, ...]:
        """``_pending_offers`` of this turn's state, asked once."""
        if self._pending is None:
            self._pending = _pending_offers(self.s, self.rules, self)
        return self._pending

    @property
    def affinity(self) -> np.ndarray:
        if self._affinity is None:
            self._affinity = fast_affinity(self.s, self.rules)
        return self._affinity

    def staying_terms(self, rw: np.ndarray, rn: np.ndarray) -> np.ndarray:
        """(R, T) ``staying_terms`` of the members at rows (``rw``, ``rn``), read from a
        table of every nation in a bloc made on first use: the partners' deals and the
        membership reviews both ask it each turn. Each row's terms are computed on their own
        (no row reads another), so the table holds the same numbers as rows asked apart."""
        if self._staying is None:
            w, n = self.s.bloc.shape
            self._staying = np.zeros((w, n, len(TERMS)))
            sw, sn = np.nonzero(self.s.bloc >= 0)
            if sw.size:
                self._staying[sw, sn] = staying_terms(self.s, self.rules, self, sw, sn)
        return self._staying[rw, rn]

    def joining_affinity(self, wi, nation, k) -> np.ndarray:
        """``Context.joining_affinity`` read from a full (W, N, K) table (``fast_joining``):
        the recruiters ask it of every prospect of every bloc."""
        if self._joining is None:
            self._joining = fast_joining(self.s, self.rules, self.affinity)
        return self._joining[np.asarray(wi), np.asarray(nation), np.asarray(k)]


def fast_joining(s, rules, table: np.ndarray) -> np.ndarray:
    """(W, N, K) ``Context.joining_affinity`` of every nation to every bloc as batched
    products, given the ``affinity`` table (equal up to rounding; a test holds the two
    together): where a nation in other blocs would cross into bloc k, (1 +
    opposition_weight) x its relations with k's members it shares none of those blocs with."""
    c = rules.constants
    out = table.copy()
    member = s.member  # (W, N, K)
    aligned = np.where(s.bloc >= 0, landscape_size(s.budget, c), 0.0)
    den = aligned.sum(axis=1, keepdims=True) - aligned  # (W, N)
    for k in range(rules.n_blocs):
        others = np.delete(member, k, axis=-1)  # (W, N, K - 1): the other blocs
        crossing = others.any(axis=-1) & ~member[:, :, k]  # (W, N)
        if not crossing.any():
            continue
        wts = aligned * member[:, :, k]  # (W, N) k's members' sizes
        shared = share_any(others[:, :, None, :], others[:, None, :, :])  # (W, N, N)
        moved = np.einsum("wnj,wj->wn", s.relations * ~shared, wts)
        gain = (1.0 + c.opposition_weight) * moved
        out[:, :, k] = np.where(
            crossing, np.where(den > 1e-12, gain / np.maximum(den, 1e-12), 0.0), table[:, :, k]
        )
    return out


def _at(x, mask_idx, shape) -> np.ndarray:
    """A scalar or (W, N) array at the cells ``mask_idx`` (from ``np.nonzero``)."""
    x = np.asarray(x)
    if x.ndim == 0:
        return np.full(mask_idx[0].shape, x)
    return (x if x.shape == shape else np.broadcast_to(x, shape))[mask_idx]


def utility_at(state, rules, ctx, mask, kind, sender, target, bloc, funds=0.0, tech=0.0, seats=0):
    """``offer_utility`` evaluated only where ``mask`` (W, N) holds; zero elsewhere.

    Arguments are scalars or (W, N) arrays. Returns dense (W, N) utility and terms (R, T)
    of the evaluated cells, in ``np.nonzero(mask)`` order.
    """
    u = np.zeros(mask.shape)
    if not mask.any():
        return u, np.zeros((0, len(TERMS)))
    idx = np.nonzero(mask)
    uu, tt = offer_utility(
        state,
        rules,
        *(_at(x, idx, mask.shape) for x in (kind, sender, target, bloc, funds, tech, seats)),
        0,
        context=ctx,
        worlds=idx[0],
    )
    u[idx] = uu
    return u, tt


def utility_needed(rules, p: float) -> float:
    """The utility (before taste) at which the engine says yes with probability ``p``."""
    c = rules.constants
    if c.noise <= 0:
        return c.accept_threshold + 1e-9
    p = min(max(p, 1e-6), 1 - 1e-6)
    return c.accept_threshold + c.noise * NormalDist().inv_cdf(p)
