"""Money over time: budget growth, crises and the reserve, research and goodwill.

Part of ``game.engine.law`` (its spec card says what each rule is for).
"""

from __future__ import annotations

import numpy as np


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
