"""Phase 4, research: technology grows with spending, bloc sharing and transfer deals.

Spec card:
    Reads: tech, bloc, sharing, deal_tech; scratch ``t.spent``, ``t.split``, ``t.money``.
    Writes: tech.
    Place: after diplomacy (so this turn's new members already share), before programmes.
    Formula, per nation and domain, in this order:
        own research: spending per year s = research spent * split / turn_years;
            tech += research_efficiency * sqrt(s) * turn_years * (1 - tech) ** diminishing.
            A domain with no spending decays: tech -= research_decay * turn_years * tech.
        bloc spill-over: every member closes part of its gap to the bloc's best member, as
            much as its own research lets it take in (``law.absorption``: all at
            ``absorptive_share`` of its money spent on research, less in proportion):
            tech += (1 - (1 - sharing) ** turn_years) * absorption * (best - tech).
        transfer deals: a target closes part of its gap to the deal-weighted level of its
            senders: tech += (1 - (1 - deal_transfer) ** turn_years) * min(1, strength)
            * max(0, partners' level - tech), strength = sum of deal strengths to it.
        Levels stay within 0..1.
"""

from __future__ import annotations

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.turn import Turn
from game.engine.utility import best_of


def run(t: Turn) -> None:
    r, c = t.rules, t.c
    ty = r.turn_years
    # in-place arithmetic on fresh arrays: this phase runs on (W, N, D) arrays every turn
    spend = t.spent[:, :, st.CAT_RESEARCH, None] * (t.split / ty)
    gain = law.research_gain(spend, t.tech, c, ty)
    tech = t.tech + gain
    if c.research_decay > 0:
        tech = np.where(spend > 0, tech, tech * (1.0 - c.research_decay * ty))
    book = t.ledger
    if book is not None:
        own = tech - t.tech
        book.add("tech", "research", -1, np.where(spend > 0, own, 0.0))
        if c.research_decay > 0:
            book.add("tech", "decay", -1, np.where(spend > 0, 0.0, own))
    absorb = law.absorption(t.spent[:, :, st.CAT_RESEARCH], t.money, c)
    for k in range(r.n_blocs):
        members = t.member[:, :, k]
        step = best_of(tech, members)[:, None, :] - tech
        # (W, N), 0 for outsiders
        rate = law.spill_rate(t.sharing[:, k, None], ty) * absorb * members
        step *= rate[:, :, None]
        tech += step
        if book is not None and members.any():
            book.add("tech", "spill_over", k, step)
    if len(t.deals):
        w, i, j = t.deal_cells()
        strength = t.deal_tech[w, i, j].astype(np.float64)
        keep = strength > 0
        w, i, j, strength = w[keep], i[keep], j[keep], strength[keep]
        n = r.n_nations
        receiver = w * n + j
        cells, slot = np.unique(receiver, return_inverse=True)
        total = np.bincount(slot, strength)  # strength received by each receiving nation
        rw, rj = np.divmod(cells, n)
        mine = tech[rw, rj]  # (R, D)
        level = np.empty_like(mine)
        for d in range(r.n_domains):
            level[:, d] = np.bincount(slot, strength * tech[w, i, d]) / total
        rate = (1.0 - (1.0 - c.deal_transfer) ** ty) * np.minimum(1.0, total)
        tech[rw, rj] = mine + rate[:, None] * np.maximum(level - mine, 0.0)
        if book is not None:
            moved = np.zeros(tech.shape)
            moved[rw, rj] = tech[rw, rj] - mine
            book.add("tech", "transfer", -1, moved)
    if book is not None:
        unclipped = tech.copy()
    np.clip(tech, 0.0, 1.0, out=tech)
    if book is not None:
        book.add("tech", "bound", -1, tech - unclipped)
    t.tech = tech
