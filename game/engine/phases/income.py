"""Phase 1, income: this turn's money for every nation.

Spec card:
    Reads: budget, support, reserve, deal_funds; Rules.growth, turn_years; constants
        support_elasticity, reserve_interest.
    Writes: budget, reserve (drawn to 0: the reserve is spent or re-banked in the orders
        phase); scratch ``t.money`` (W, N) US$ B available this turn.
    Place: first phase of the turn.
    Formula: growth rate per year = growth + support_elasticity * (support - 0.5), compounded
        in calendar time (``law.budget_over_turn``): budget <- budget * (1 + rate)^turn_years
        (the budget at the turn's end), and the turn's income is the budget summed over the
        turn, budget * ((1 + rate)^turn_years - 1) / ln(1 + rate) (budget * turn_years at
        rate 0): the money a nation has by a date does not depend on the turn length.
        money = income + reserve * (1 + reserve_interest * turn_years)
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
    grown, income = law.budget_over_turn(t.budget, rate, ty)
    book = t.ledger
    if book is not None:
        # the change split between the two rates in proportion to each (each rate's row is
        # what it alone would add when the other is nil or the change is small)
        change = grown - t.budget
        linear = rate * ty
        share = np.where(
            np.abs(linear) > 1e-12, change / np.where(linear == 0, 1.0, linear), t.budget
        )
        book.add("budget", "growth", -1, share * growth * ty)
        book.add("budget", "support_factor", -1, share * support_factor * ty)
        book.add("budget", "bound", -1, change - share * rate * ty)
        book.add("reserve", "withdrawn", -1, -t.reserve)
    t.budget = grown
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
