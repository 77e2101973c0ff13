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

from game.engine import law
from game.engine import state as st
from game.engine.turn import Turn

#: Worlds per block of the relations update: a block's (B, N, N) arrays stay in the
#: processor's cache through the whole sequence of operations (each operation is element
#: by element, so blocks give the same bits as the whole batch at once).
BLOCK = 256


def _goodwill(t: Turn):
    """Goodwill of diplomacy (see the spec card): the dense part as ``unit`` (W, N) (each
    pair gains unit[i] + unit[j]), and the focused part as cells (worlds, a, b, gift) with
    a < b, sorted by world; (None, None) when nobody spends on diplomacy."""
    r, c = t.rules, t.c
    spend = t.spent[:, :, st.CAT_DIPLOMACY]
    if c.diplomacy_effect <= 0 or not spend.any():
        return None, None
    n = r.n_nations
    wi, slot = np.nonzero(t.of_active)
    s = t.of_sender[wi, slot].astype(np.intp)
    g = t.of_target[wi, slot].astype(np.intp)
    # each open offer adds diplomacy_focus to the weight of its pair, for both sides
    ends = np.concatenate([wi * n + s, wi * n + g])
    focus = np.bincount(ends, minlength=t.w * n).reshape(t.w, n)
    unit = law.goodwill_unit(spend, focus, n, c)
    if not len(wi):
        return unit, None
    extra = np.float32(c.diplomacy_focus) * (unit[wi, s] + unit[wi, g])
    lo, hi = np.minimum(s, g), np.maximum(s, g)  # one sum per unordered pair
    where, inverse = np.unique((wi * n + lo) * n + hi, return_inverse=True)
    gift = np.bincount(inverse, extra).astype(np.float32)
    w, rest = np.divmod(where, n * n)
    a, b = np.divmod(rest, n)
    return unit, (w, a, b, gift)


def run(t: Turn) -> None:
    r, c = t.rules, t.c
    n, k = r.n_nations, r.n_blocs
    # bloc structure as a lookup: code 0 = no bloc, b + 1 = bloc b
    table = np.full((k + 1, k + 1), -c.rival_cooling, dtype=np.float32)
    table[0, :] = table[:, 0] = 0.0
    table[np.arange(1, k + 1), np.arange(1, k + 1)] = c.partner_warming
    keep = np.float32(1.0 - c.relations_reversion)
    pull = np.float32(c.relations_reversion) * r.base_relations
    unit, gifts = _goodwill(t)
    rel = np.empty_like(t.relations)
    diag = np.arange(n)
    for a in range(0, t.w, BLOCK):
        z = slice(a, min(a + BLOCK, t.w))
        part = rel[z]
        np.multiply(t.relations[z], keep, out=part)
        # table[code_i, code_j] for every pair as one-hot products: exact (one nonzero term
        # per sum) and faster than an index gather over (W, N, N)
        onehot = ((t.bloc[z] + 1)[:, :, None] == np.arange(k + 1)).astype(np.float32)
        part += (onehot @ table) @ onehot.transpose(0, 2, 1)
        part += pull
        if unit is not None:
            part += unit[z, :, None] + unit[z, None, :]  # one sum: (i, j) and (j, i) stay equal
        if gifts is not None:
            gw, ga, gb, gift = gifts
            lo, hi = np.searchsorted(gw, [z.start, z.stop])
            if hi > lo:
                w, i, j, v = gw[lo:hi] - z.start, ga[lo:hi], gb[lo:hi], gift[lo:hi]
                part[w, i, j] += v
                part[w, j, i] += v
        np.clip(part, -1.0, 1.0, out=part)
        part[:, diag, diag] = 1.0
    t.relations = rel
    held = c.seat_prestige * t.seats + c.payload_prestige * t.payload
    book = t.ledger
    if held.any():
        t.prestige = t.prestige + held * r.turn_years
        if book is not None:
            book.add("prestige", "held", -1, held * r.turn_years)
    t.gained = t.prestige - t.input.prestige
    support: np.ndarray = t.support + c.prestige_support * t.gained
    pull = c.support_reversion * (r.support0 - support)
    if book is not None:
        book.add("support", "prestige", -1, c.prestige_support * t.gained)
        book.add("support", "reversion", -1, pull)
    support += pull
    t.support = np.clip(support, 0.0, 1.0)
    if book is not None:
        book.add("support", "bound", -1, t.support - support)
