"""One turn of the game: ``step(state, orders, rules, seed) -> (state, events)``.

Spec card:
    What: the public entry point of the engine. Pure: the inputs are never changed; the new
        State shares the arrays no phase touched with the old one (they are never written in
        place, so sharing is safe).
    Turn shape: income -> orders -> diplomacy -> research -> lunar programmes -> national
        missions -> events -> drift -> victory, each in ``game.engine.phases``. Worlds that
        had ended before the turn come out unchanged and log nothing; once at least half of
        a big batch has ended, only the other worlds are resolved (same results, less work).
    Donation: ``step(..., donate=True)`` lets the turn edit the input State's arrays in
        place (see ``game.engine.turn``): same results, less copying, for callers such as
        ``balance`` that never look at a state again once the next one exists.
    Randomness: draws are keyed by (seed, world id, turn, phase, index) (``engine.rng``).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import numpy as np

from game.engine import state as st
from game.engine.ledger import Ledger
from game.engine.orders import check_shapes
from game.engine.phases import (
    diplomacy,
    drift,
    events,
    income,
    missions,
    orders,
    programs,
    research,
    victory,
)
from game.engine.rules import Rules
from game.engine.turn import Turn, empty_events
from game.engine.utility import TERMS

#: The phases in the order they run (name, function).
PHASES = (
    ("income", income.run),
    ("orders", orders.run),
    ("diplomacy", diplomacy.run),
    ("research", research.run),
    ("programs", programs.run),
    ("missions", missions.run),
    ("events", events.run),
    ("drift", drift.run),
    ("victory", victory.run),
)


def step(
    state: st.State,
    orders: st.Orders,
    rules: Rules,
    seed: int,
    *,
    donate: bool = False,
    ledger: Ledger | None = None,
) -> tuple[st.State, st.Events]:
    """Resolve one turn for every world of ``state``.

    Args:
        state: the current State (W worlds on the same turn).
        orders: every nation's Orders for this turn, same W.
        rules: the compiled Rules.
        seed: the game's seed (the rng key together with world ids, turn, phase, index).
        donate: the caller gives ``state`` up: its arrays may be edited in place (it must not
            be used again, nor anything sharing its arrays).
        ledger: an empty ``Ledger`` to fill with where every change came from (None: the
            turn records nothing and costs nothing more).

    Returns:
        The new State (turn + 1) and this turn's Events.

    Raises:
        ValueError: an Orders array does not have the shape the state and rules call for.
    """
    check_shapes(orders, state, rules)
    ended = state.ended
    if ended.all():
        return state.replace(turn=state.turn + 1), empty_events(len(TERMS))
    if state.n_worlds >= COMPACT_MIN_WORLDS and 2 * int(ended.sum()) >= state.n_worlds:
        # most worlds are over: resolve only the others, then put them back in place
        rows = np.flatnonzero(~ended)
        sub = rows_of(state, rows)
        part = None if ledger is None else Ledger()
        new, events = _resolve(sub, rows_of(orders, rows), rules, seed, ledger=part)
        if ledger is not None and part is not None:
            full = part.expand(rows, state.n_worlds)
            ledger.rows, ledger.blocs = full.rows, full.blocs
        return _merge(state, sub, new, rows), events
    return _resolve(state, orders, rules, seed, donate=donate, ledger=ledger)


#: Batches at least this big, with at least half their worlds ended, are compacted.
COMPACT_MIN_WORLDS = 64


def _resolve(
    state: st.State,
    orders: st.Orders,
    rules: Rules,
    seed: int,
    donate: bool = False,
    ledger: Ledger | None = None,
) -> tuple[st.State, st.Events]:
    t = Turn(state, orders, rules, seed, len(TERMS), donate=donate, ledger=ledger)
    for _name, run in PHASES:
        run(t)
    return t.to_state(), t.log.build(state.world)


def rows_of(record, rows: np.ndarray):
    """The worlds at ``rows`` of a State, Orders, Offers or NewOffers record (copies)."""
    values = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, np.ndarray):
            value = value[rows]
        elif is_dataclass(value):
            value = rows_of(value, rows)
        values[f.name] = value
    return type(record)(**values)


def _merge(old, sub, new, rows: np.ndarray):
    """``old`` with the worlds at ``rows`` replaced by ``new`` (fields the turn left alone are
    kept as they are: ``new`` still holds ``sub``'s very array for them)."""
    values = {}
    for f in fields(old):
        before, was, after = getattr(old, f.name), getattr(sub, f.name), getattr(new, f.name)
        if isinstance(before, np.ndarray):
            if after is not was:
                merged = before.copy()
                merged[rows] = after
                before = merged
        elif is_dataclass(before):
            before = _merge(before, was, after, rows)
        else:
            before = after
        values[f.name] = before
    return type(old)(**values)
