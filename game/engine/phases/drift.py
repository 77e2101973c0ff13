"""Phase 8, relations and support drift.

Spec card:
    Reads: relations, bloc, offer table, prestige (and the turn's starting prestige),
        support; scratch ``t.spent``; Rules.base_relations, support0.
    Writes: relations, prestige (seats and payload held), support, gained.
    Place: after events, before victory.
    Formula in words:
        relations: partners (same bloc) warm by partner_warming; members of rival blocs cool
            by rival_cooling; every pair moves relations_reversion of the way back to its
            baseline; diplomacy spending d (US$ B this turn) of nation i buys
            diplomacy_effect * d of goodwill, spread over the other nations with weight 1,
            plus diplomacy_focus for each open offer it has with a nation; a pair's relation
            rises by the goodwill of both sides. Relations stay in -1..1, symmetric, 1 on the
            diagonal.
        prestige: each astronaut seat held earns seat_prestige a year, each payload slot
            payload_prestige a year.
        support: += prestige_support * prestige gained this turn (negative when lost),
            then moves support_reversion of the way back to its starting value; 0..1.
"""

from __future__ import annotations

import numpy as np

from game.engine import state as st
from game.engine.turn import Turn


def _goodwill(t: Turn, rel: np.ndarray) -> None:
    """Add diplomacy goodwill to ``rel`` in place (see the spec card)."""
    r, c = t.rules, t.c
    spend = t.spent[:, :, st.CAT_DIPLOMACY]
    if c.diplomacy_effect <= 0 or not spend.any():
        return
    n = r.n_nations
    wi, slot = np.nonzero(t.of_active)
    s = t.of_sender[wi, slot].astype(np.intp)
    g = t.of_target[wi, slot].astype(np.intp)
    # each open offer adds diplomacy_focus to the weight of its pair, for both sides
    ends = np.concatenate([wi * n + s, wi * n + g])
    focus = np.bincount(ends, minlength=t.w * n).reshape(t.w, n)
    total = (n - 1) + c.diplomacy_focus * focus  # sum of weights of each spender
    unit = (c.diplomacy_effect * spend / total).astype(np.float32)  # goodwill per unit weight
    rel += unit[:, :, None] + unit[:, None, :]  # one sum, so that (i, j) and (j, i) stay equal
    if len(wi):
        extra = np.float32(c.diplomacy_focus) * (unit[wi, s] + unit[wi, g])
        lo, hi = np.minimum(s, g), np.maximum(s, g)  # one sum per unordered pair
        where, inverse = np.unique((wi * n + lo) * n + hi, return_inverse=True)
        gift = np.bincount(inverse, extra).astype(np.float32)
        w, rest = np.divmod(where, n * n)
        a, b = np.divmod(rest, n)
        rel[w, a, b] += gift
        rel[w, b, a] += gift


def run(t: Turn) -> None:
    r, c = t.rules, t.c
    n, k = r.n_nations, r.n_blocs
    # bloc structure as a lookup: code 0 = no bloc, b + 1 = bloc b
    table = np.full((k + 1, k + 1), -c.rival_cooling, dtype=np.float32)
    table[0, :] = table[:, 0] = 0.0
    table[np.arange(1, k + 1), np.arange(1, k + 1)] = c.partner_warming
    # table[code_i, code_j] for every pair as one-hot products: exact (one nonzero term per
    # sum) and faster than an index gather over (W, N, N)
    onehot = ((t.bloc + 1)[:, :, None] == np.arange(k + 1)).astype(np.float32)  # (W, N, K+1)
    rel = t.relations * np.float32(1.0 - c.relations_reversion)
    rel += (onehot @ table) @ onehot.transpose(0, 2, 1)
    rel += np.float32(c.relations_reversion) * r.base_relations
    _goodwill(t, rel)
    np.clip(rel, -1.0, 1.0, out=rel)
    rel[:, np.arange(n), np.arange(n)] = 1.0
    t.relations = rel
    held = c.seat_prestige * t.seats + c.payload_prestige * t.payload
    if held.any():
        t.prestige = t.prestige + held * r.turn_years
    t.gained = t.prestige - t.input.prestige
    support = t.support + c.prestige_support * t.gained
    support += c.support_reversion * (r.support0 - support)
    t.support = np.clip(support, 0.0, 1.0)
