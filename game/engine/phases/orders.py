"""Phase 2, orders: turn what nations asked for into what they may do, and spend.

Spec card:
    Reads: Orders.alloc, research, mission, answers; member, contribution, mission_done;
        Rules.mis_open; scratch ``t.money``.
    Writes: reserve, spent; scratch ``t.alloc`` (W, N, 5), ``t.split`` (W, N, D),
        ``t.mission`` (W, N) (-1 none), ``t.answers`` (W, O), ``t.pledge`` (W, N).
    Place: after income, before diplomacy.
    Formula: negative or missing shares count as 0 and each row is scaled to sum to 1 (an
        all-zero row goes to the reserve). A bloc member spends at least its charters'
        contributions (summed over every bloc it is in, at most everything) on the bloc
        programmes: a lower share is raised to it and the other shares shrink in proportion.
        A nation outside any bloc pledges its bloc share: it is banked in the reserve and
        noted as ``t.pledge``, and paid into the programme of a bloc it joins this turn (the
        diplomacy phase). The missions share is banked too when no open, unfinished mission
        is chosen. Research splits are normalised the same way (all-zero: equal split).
        spent = money * alloc; the reserve share is banked for the next turn.
        Answers other than accept/reject, or to empty slots, count as no answer.
"""

from __future__ import annotations

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.turn import Turn


def _normalise(a: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Rows of ``a`` (..., C) scaled to sum to 1; bad entries count as 0; empty rows -> fallback.

    Sums column by column (reductions over a short last axis are slow in numpy); the
    element-wise steps take the whole array at once (fewer calls on small arrays).
    """
    clean = np.where(np.isfinite(a) & (a > 0), a, 0.0)
    total = clean[..., 0].copy()
    for i in range(1, a.shape[-1]):
        total += clean[..., i]
    empty = total <= 0
    scale = 1.0 / np.where(empty, 1.0, total)
    return np.where(empty[..., None], fallback, clean * scale[..., None])


def normalise_alloc(alloc, member, contribution) -> tuple[np.ndarray, np.ndarray]:
    """The budget split a nation actually makes (see the spec card), and the share of its
    money a nation in no bloc pledges (its bloc share, banked). Pure, vectorised.

    ``member`` is the (W, N, K) membership matrix: a nation in several blocs owes the sum of
    their charters' minimums from its bloc share.
    """
    reserve_only = np.zeros(len(st.CATEGORIES))
    reserve_only[st.CAT_RESERVE] = 1.0
    a = _normalise(np.asarray(alloc, dtype=float), reserve_only)
    required = np.minimum(np.where(member, contribution[:, None, :], 0.0).sum(axis=-1), 1.0)
    member = member.any(axis=-1)
    # non-members: the bloc share goes to the reserve, pledged
    pledged = np.where(member, 0.0, a[..., st.CAT_BLOC])
    a[..., st.CAT_RESERVE] += pledged
    a[..., st.CAT_BLOC] = np.where(member, a[..., st.CAT_BLOC], 0.0)
    share = a[..., st.CAT_BLOC]
    short = share < required
    rest = 1.0 - share
    scale = np.where(short & (rest > 0), (1.0 - required) / np.where(rest > 0, rest, 1.0), 1.0)
    for i in range(len(st.CATEGORIES)):
        if i != st.CAT_BLOC:
            a[..., i] *= scale
    a[..., st.CAT_BLOC] = np.where(short, required, share)
    return a, pledged


def run(t: Turn) -> None:
    r, o = t.rules, t.orders
    n_dom = r.n_domains
    a, pledged = normalise_alloc(o.alloc, t.member, t.contribution)
    t.pledge = t.money * pledged  # paid into a bloc it joins this turn (diplomacy phase)
    q = np.asarray(o.mission).astype(np.int64)
    valid = law.mission_closed(r, t.mission_done, q) == law.MissionClosed.OPEN
    a[..., st.CAT_RESERVE] += np.where(valid, 0.0, a[..., st.CAT_MISSIONS])
    a[..., st.CAT_MISSIONS] = np.where(valid, a[..., st.CAT_MISSIONS], 0.0)
    t.alloc = a
    t.mission = np.where(valid, q, -1)
    t.split = _normalise(np.asarray(o.research, dtype=float), np.full(n_dom, 1.0 / n_dom))
    t.spent = t.money[:, :, None] * a
    t.reserve = t.spent[:, :, st.CAT_RESERVE].copy()
    if t.ledger is not None:
        t.ledger.add("reserve", "banked", -1, t.reserve)
    ans = np.asarray(o.answers)
    ok = ((ans == st.ANSWER_ACCEPT) | (ans == st.ANSWER_REJECT)) & t.of_active
    t.answers = np.where(ok, ans, st.ANSWER_NONE).astype(np.int8)
