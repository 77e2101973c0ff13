"""The turn engine: numpy only, no I/O, no global state.

``step(state, orders, rules, seed) -> (state, events)`` resolves one turn for W worlds.
"""

from game.engine.orders import default_orders
from game.engine.step import step

__all__ = ["default_orders", "step"]
