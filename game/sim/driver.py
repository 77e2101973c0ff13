"""Computer-played games: the one loop that steps a batch of worlds with computer players.

Spec card:
    What: ``run_batch(compiled, turns, difficulty)`` plays every nation of every world of a
        compiled scenario by the computer, turn by turn, through ``engine.step``, and returns
        the History (states, events, the AI's decisions).
    Who uses it: ``lunar-blocs simulate`` (W = 1), ``lunar-blocs balance`` (W = thousands), the
        benchmarks and tests. A world gives the same game alone or inside any batch: the engine
        and the AI draw their randomness from ``game.engine.rng`` keyed by the world id.
    Memory: a 10,000-world batch keeps neither per-turn states nor events unless asked;
        ``on_turn(turn, state, events)`` lets a caller fold what it needs as the game goes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.ai import Decision, decide
from game.ai.difficulty import DEFAULT_DIFFICULTY, get_difficulty
from game.engine import step
from game.engine.state import Events, Offers, State

OnTurn = Callable[[int, State, Events], None]


@dataclass
class History:
    """What happened in a computer-played batch.

    ``states[0]`` is the start and ``states[t]`` the state after turn t when states are kept
    (otherwise only the start and the final state). ``events[t - 1]`` and
    ``decisions[t - 1]`` belong to turn t when kept.
    """

    compiled: Any
    difficulty: str
    states: list[State] = field(default_factory=list)
    events: list[Events] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    turns_played: int = 0

    @property
    def final(self) -> State:
        """The state after the last turn played."""
        return self.states[-1]

    @property
    def start(self) -> State:
        """The state before the first turn."""
        return self.states[0]


def last_turn(compiled) -> int:
    """How many turns the scenario lasts (start date to end date)."""
    rules = compiled.rules
    for name in ("n_turns", "turns", "last_turn"):
        value = getattr(rules, name, None)
        if value is not None:
            return int(value)
    raise AttributeError("the compiled rules do not say how many turns the scenario lasts")


def run_batch(
    compiled,
    turns: int | None = None,
    difficulty: str = DEFAULT_DIFFICULTY,
    *,
    keep_states: bool = True,
    keep_events: bool = True,
    keep_decisions: bool = False,
    on_turn: OnTurn | None = None,
) -> History:
    """Play every world of ``compiled`` with computer players.

    Args:
        compiled: a ``compile_scenario`` result (its state holds the W worlds to play).
        turns: turns to play at most; None plays to the scenario's end date. Play stops
            early once every world has ended.
        difficulty: the computer players' level ("easy", "normal", "hard").
        keep_states: keep the state after every turn (else only start and final).
        keep_events: keep every turn's Events.
        keep_decisions: keep every turn's AI Decision (with its reasons).
        on_turn: called as ``on_turn(turn, state, events)`` after each turn.
    """
    level = get_difficulty(difficulty)
    rules, seed = compiled.rules, compiled.seed
    state = compiled.state
    limit = last_turn(compiled) - int(state.turn)
    turns = limit if turns is None else max(0, min(int(turns), limit))
    controlled = np.ones(state.budget.shape, dtype=bool)
    history = History(compiled=compiled, difficulty=level.name, states=[state])
    for _ in range(turns):
        if bool(np.all(state.ended)):
            break
        decision = decide(state, rules, seed, level, controlled)
        state, events = step(state, decision.orders, rules, seed)
        history.turns_played += 1
        if keep_states:
            history.states.append(state)
        if keep_events:
            history.events.append(events)
        if keep_decisions:
            history.decisions.append(decision)
        if on_turn is not None:
            on_turn(int(state.turn), state, events)
    if not keep_states and history.turns_played:
        history.states.append(state)
    return history


#: Worlds per chunk in ``run_in_chunks``: (W, N) arrays of about this many worlds stay in the
#: processor's cache, which makes a chunk faster per world than one huge batch.
CHUNK = 2048


def slice_worlds(state: State, rows: slice) -> State:
    """The worlds at ``rows`` of a batch, as a batch of their own (views, not copies)."""
    values = {}
    for f in dataclasses.fields(State):
        v = getattr(state, f.name)
        if isinstance(v, np.ndarray):
            v = v[rows]
        elif isinstance(v, Offers):
            v = Offers(**{g.name: getattr(v, g.name)[rows] for g in dataclasses.fields(Offers)})
        values[f.name] = v
    return State(**values)


def run_in_chunks(
    compiled,
    turns: int | None = None,
    difficulty: str = DEFAULT_DIFFICULTY,
    *,
    chunk: int = CHUNK,
    on_turn: Callable[[int, State, Events, slice], None] | None = None,
    on_chunk: Callable[[State, slice], None] | None = None,
) -> int:
    """Play a large batch as consecutive chunks of worlds, keeping nothing but what the
    callbacks fold in. A world's game does not depend on its chunk (randomness is keyed by
    world id), so the results equal one ``run_batch`` of the whole batch.

    Args:
        compiled: a ``compile_scenario`` result.
        turns, difficulty: as for ``run_batch``.
        chunk: worlds per chunk.
        on_turn: ``on_turn(turn, state, events, rows)`` after each turn of each chunk.
        on_chunk: ``on_chunk(final_state, rows)`` when a chunk has finished.

    Returns:
        The most turns any chunk played.
    """
    total = compiled.state.n_worlds
    played = 0
    for start in range(0, total, max(1, int(chunk))):
        rows = slice(start, min(start + chunk, total))
        sub = dataclasses.replace(compiled, state=slice_worlds(compiled.state, rows))
        hook = None
        if on_turn is not None:

            def hook(turn, state, events, rows=rows):
                on_turn(turn, state, events, rows)

        history = run_batch(
            sub, turns, difficulty, keep_states=False, keep_events=False, on_turn=hook
        )
        played = max(played, history.turns_played)
        if on_chunk is not None:
            on_chunk(history.final, rows)
    return played
