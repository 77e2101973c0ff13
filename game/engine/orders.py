"""Building Orders: empty offers, and the orders a passive nation would give.

Spec card:
    What: helpers for the AI, the UI, the CLI and tests to make well-shaped Orders.
        ``default_orders`` is what a nation does when nobody plays it actively: members fund
        their bloc well above the charter minimum, everyone researches evenly, keeps a little
        for diplomacy and the reserve, funds no national mission, makes no offers and lets
        the engine answer offers by utility (``auto``).
"""

from __future__ import annotations

import numpy as np

from game.engine import state as st
from game.engine.rules import Rules


def empty_new_offers(worlds: int, slots: int) -> st.NewOffers:
    """A NewOffers record with ``slots`` unused slots per world."""
    shape = (worlds, slots)
    return st.NewOffers(
        active=np.zeros(shape, dtype=bool),
        kind=np.zeros(shape, dtype=np.int8),
        sender=np.zeros(shape, dtype=np.int16),
        target=np.zeros(shape, dtype=np.int16),
        bloc=np.full(shape, st.NO_BLOC, dtype=np.int16),
        funds=np.zeros(shape),
        tech=np.zeros(shape),
        seats=np.zeros(shape, dtype=np.int8),
        payload=np.zeros(shape, dtype=np.int8),
        turns=np.ones(shape, dtype=np.int16),
    )


def check_shapes(orders: st.Orders, state: st.State, rules: Rules) -> None:
    """Raise ValueError naming the first Orders field whose shape does not fit ``state``."""
    w, n = state.budget.shape
    want = {
        "alloc": (w, n, len(st.CATEGORIES)),
        "research": (w, n, rules.n_domains),
        "mission": (w, n),
        "answers": (w, rules.offer_capacity),
        "leave": (w, n),
        "auto": (w, n),
    }
    for name, shape in want.items():
        got = np.shape(getattr(orders, name))
        if got != shape:
            raise ValueError(f"Orders.{name} has shape {got}, expected {shape}")
    slots = np.shape(orders.new.active)
    if len(slots) != 2 or slots[0] != w:
        raise ValueError(f"Orders.new.active has shape {slots}, expected ({w}, P)")
    for name in st.NewOffers.__dataclass_fields__:
        got = np.shape(getattr(orders.new, name))
        if got != slots:
            raise ValueError(f"Orders.new.{name} has shape {got}, expected {slots}")


#: Default budget splits over CATEGORIES (bloc, missions, research, diplomacy, reserve).
MEMBER_ALLOC = (0.5, 0.0, 0.4, 0.05, 0.05)
UNALIGNED_ALLOC = (0.0, 0.0, 0.8, 0.1, 0.1)


def default_orders(state: st.State, rules: Rules) -> st.Orders:
    """Orders of passive nations: see the module docstring. Shapes follow ``state``."""
    w, n = state.budget.shape
    member = (state.bloc >= 0)[:, :, None]
    alloc = np.where(member, np.array(MEMBER_ALLOC), np.array(UNALIGNED_ALLOC))
    return st.Orders(
        alloc=alloc,
        research=np.full((w, n, rules.n_domains), 1.0 / rules.n_domains),
        mission=np.full((w, n), -1, dtype=np.int16),
        answers=np.zeros((w, rules.offer_capacity), dtype=np.int8),
        new=empty_new_offers(w, rules.new_offer_slots),
        leave=np.zeros((w, n), dtype=bool),
        auto=np.ones((w, n), dtype=bool),
    )
