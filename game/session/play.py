"""``play_turn``: the one decide -> merge -> step of the game, batches, replay and tests.

Spec card:
    What: one turn of any number of worlds. The computer decides for the nations it controls
        (``ai.decide``), the people's Drafts are written over their nations' rows
        (``session.orders.merge_orders``, any W), and ``engine.step`` resolves the turn.
        Replaying a save passes the recorded Orders instead, and nothing is decided.
    Who uses it: ``session.Match`` (a game, W = 1), ``sim.driver`` (computer-played batches of
        any size), the forecast's futures (a seat played by a pending choice, as a person's
        Draft) and the strategy lab (a scripted policy, through ``overlay``), the predictions (a copy of the
        coming turn) and the tests, the way one ``model.step()`` serves Mesa's batch runner
        and its interactive runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.ai import Decision, decide
from game.ai.difficulty import Difficulty
from game.engine import state as st
from game.engine import step
from game.engine.ledger import Ledger
from game.session.orders import Draft, merge_orders

#: ``overlay(state, orders) -> orders``: whoever plays a seat the computer does not (a
#: scripted policy, a choice being weighed) writes its orders over the computer's, any W.
Overlay = Callable[[st.State, st.Orders], st.Orders]


@dataclass(frozen=True, slots=True)
class Played:
    """One turn played: the new State, its Events, the Orders it ran and the computer's
    Decision (None when the orders were given, as in a replay), and the Ledger if asked."""

    state: st.State
    events: st.Events
    orders: st.Orders
    decision: Decision | None
    ledger: Ledger | None = None


def turn_orders(
    state: st.State,
    rules,
    seed: int,
    difficulty: str | Difficulty,
    controlled: np.ndarray,
    people: dict[int, Draft] | None = None,
    overlay: Overlay | None = None,
    seats: np.ndarray | None = None,
) -> tuple[st.Orders, Decision]:
    """Every nation's orders for the turn ``state`` is about to play, and the computer's
    Decision (its reasons): the computer for ``controlled``, then the people's Drafts, then
    the ``overlay``."""
    decision = decide(state, rules, seed, difficulty, controlled, seats)
    orders = merge_orders(state, decision.orders, people) if people else decision.orders
    if overlay is not None:
        orders = overlay(state, orders)
    return orders, decision


def play_turn(
    state: st.State,
    rules,
    seed: int,
    *,
    difficulty: str | Difficulty = "normal",
    controlled: np.ndarray | None = None,
    people: dict[int, Draft] | None = None,
    overlay: Overlay | None = None,
    orders: st.Orders | None = None,
    ledger: Ledger | None = None,
    donate: bool = False,
    seats: np.ndarray | None = None,
) -> Played:
    """Play one turn of ``state``.

    Args:
        state, rules, seed: the game (W worlds on one turn), its Rules and seed.
        difficulty: the computer players' level.
        controlled: (W, N) nations the computer plays (default: every nation).
        people: Drafts of the nations people play (the same in every world), merged over the computer's orders.
        overlay: orders written over the computer's and the people's (any W): a scripted
            policy's or a pending choice's seat.
        orders: the turn's Orders as recorded (a replay): nothing is decided.
        ledger: an empty Ledger to fill with where every change came from.
        donate: the caller gives ``state`` up (see ``engine.step``).
        seats: (W, N) nations played for a person (the lab's seat), whose blocs a sharp
            computer plays against (default: the nations it does not control).
    """
    decision = None
    if orders is None:
        if controlled is None:
            controlled = np.ones(state.budget.shape, dtype=bool)
        orders, decision = turn_orders(
            state, rules, seed, difficulty, controlled, people, overlay, seats
        )
    new_state, events = step(state, orders, rules, seed, donate=donate, ledger=ledger)
    return Played(new_state, events, orders, decision, ledger)
