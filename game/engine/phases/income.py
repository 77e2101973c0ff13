"""Phase 1, income: this turn's money for every nation.

Spec card:
    Reads: budget, support, reserve, deal_funds; Rules.growth, turn_years; constants
        support_elasticity, reserve_interest.
    Writes: budget, reserve (drawn to 0: the reserve is spent or re-banked in the orders
        phase); scratch ``t.money`` (W, N) US$ B available this turn.
    Place: first phase of the turn.
    Formula: growth rate per year = growth + support_elasticity * (support - 0.5);
        budget <- max(0, budget * (1 + rate * turn_years)).
        money = budget * turn_years + reserve * (1 + reserve_interest * turn_years)
                - funds paid under deals + funds received under deals.
        A nation pays at most half of its own income under deals; payments are scaled down
        to that cap, and the recipients receive what was actually paid.
"""

from __future__ import annotations

import numpy as np

from game.engine import law
from game.engine.turn import Turn


def run(t: Turn) -> None:
    c, r = t.c, t.rules
    ty = r.turn_years
    growth, support_factor = law.growth_rate(r.growth, t.support, c)
    rate = growth + support_factor
    grown = t.budget * (1.0 + rate * ty)
    book = t.ledger
    if book is not None:
        # the product's split: each rate's row is the budget times that rate alone
        book.add("budget", "growth", -1, t.budget * growth * ty)
        book.add("budget", "support_factor", -1, t.budget * support_factor * ty)
        book.add("budget", "bound", -1, np.maximum(0.0, grown) - grown)
        book.add("reserve", "withdrawn", -1, -t.reserve)
    t.budget = np.maximum(0.0, grown)
    income = t.budget * ty
    banked = t.reserve * (1.0 + c.reserve_interest * ty)
    money = income + banked
    if len(t.deals):
        w, i, j = t.deal_cells()
        n = r.n_nations
        size = t.w * n
        funds = t.deal_funds[w, i, j].astype(np.float64) * ty
        payer, payee = w * n + i, w * n + j
        owed = np.bincount(payer, funds, minlength=size)
        cap = law.deal_payments_cap(income.reshape(-1), c)
        scale = np.where(owed > cap, cap / np.maximum(owed, 1e-12), 1.0)
        paid = funds * scale[payer]
        flow = np.bincount(payee, paid, minlength=size) - np.bincount(payer, paid, minlength=size)
        money = money + flow.reshape(t.w, n)
    t.money = np.maximum(money, 0.0)
    t.reserve = np.zeros_like(t.reserve)
