"""One turn of the game: ``step(state, orders, rules, seed) -> (state, events)``.

Spec card:
    What: the public entry point of the engine. Pure: the inputs are never changed; the new
        State shares the arrays no phase touched with the old one (they are never written in
        place, so sharing is safe).
    Turn shape: income -> orders -> diplomacy -> research -> lunar programmes -> national
        missions -> events -> drift -> victory, each in ``game.engine.phases``. Worlds that
        had ended before the turn come out unchanged and log nothing.
    Randomness: draws are keyed by (seed, world id, turn, phase, index) (``engine.rng``).
"""

from __future__ import annotations

from game.engine import state as st
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
from game.engine.turn import Turn
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


def step(state: st.State, orders: st.Orders, rules: Rules, seed: int) -> tuple[st.State, st.Events]:
    """Resolve one turn for every world of ``state``.

    Args:
        state: the current State (W worlds on the same turn).
        orders: every nation's Orders for this turn, same W.
        rules: the compiled Rules.
        seed: the game's seed (the rng key together with world ids, turn, phase, index).

    Returns:
        The new State (turn + 1) and this turn's Events.
    """
    t = Turn(state, orders, rules, seed, len(TERMS))
    for _name, run in PHASES:
        run(t)
    return t.to_state(), t.log.build(state.world)
