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
from game.engine.phases.events import EFFECTS
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
    for i, inj in enumerate(orders.injected):
        check_injected(inj, rules, f"Orders.injected[{i}]")


#: Effects that act on a bloc, so need a bloc index.
_BLOC_EFFECTS = frozenset(
    ("charter", "block_membership", "allow_membership", "force_membership", "expel", "progress")
)


def check_injected(inj: st.Injected, rules: Rules, where: str) -> None:
    """Raise ValueError if an injected event does not fit ``rules`` (a save may be edited)."""
    n = rules.n_nations
    if np.shape(inj.struck) != (n,) or np.asarray(inj.struck).dtype != bool:
        raise ValueError(f"{where}.struck must be {n} yes/no values")
    if not -1 <= int(inj.random) < rules.n_random:
        raise ValueError(f"{where}.random is not a row of the random table")
    for e in inj.effects:
        if e.type not in EFFECTS:
            raise ValueError(f"{where} has an unknown effect type")
        for mask in (e.nations, e.others):
            if np.shape(mask) != (n,) or np.asarray(mask).dtype != bool:
                raise ValueError(f"{where}'s {e.type} effect names nations wrongly")
        if not -1 <= e.domain < rules.n_domains:
            raise ValueError(f"{where}'s {e.type} effect names an unknown domain")
        if e.type in ("forbid_pair", "allow_pair") and not 0 <= e.pair < len(rules.fp_nations):
            raise ValueError(f"{where}'s {e.type} effect names an unknown pair")
        if e.bloc >= rules.n_blocs or (e.type in _BLOC_EFFECTS and e.bloc < 0):
            raise ValueError(f"{where}'s {e.type} effect names an unknown bloc")
        if e.type == "add_offer" and not 0 <= e.template < len(rules.templates.kind):
            raise ValueError(f"{where}'s add_offer effect names an unknown offer")
        values = (e.factor, e.delta, e.fraction)
        if not all(np.isfinite(v) for v in values):
            raise ValueError(f"{where}'s {e.type} effect has a number that is not finite")


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
