"""Computer-played games: the one loop that steps a batch of worlds with computer players.

Spec card:
    What: ``run_batch(compiled, turns, difficulty)`` plays every nation of every world of a
        compiled scenario by the computer, turn by turn, through ``session.play_turn`` (the
        same single turn a game in progress plays), and returns
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

from game.ai import Decision
from game.ai.difficulty import DEFAULT_DIFFICULTY, get_difficulty
from game.engine.ledger import Ledger
from game.engine.state import Events, Offers, State
from game.session.play import play_turn

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
    ledgers: list[Ledger] = field(default_factory=list)
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
    keep_ledgers: bool = False,
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
        keep_ledgers: keep every turn's Ledger (where each change came from); a batch
            that does not ask pays nothing for it.
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
        book = Ledger() if keep_ledgers else None
        played = play_turn(state, rules, seed, difficulty=level, controlled=controlled, ledger=book)
        state, events, decision = played.state, played.events, played.decision
        if book is not None:
            history.ledgers.append(book)
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


def slice_worlds(state: State, rows: slice | np.ndarray) -> State:
    """The worlds at ``rows`` (a slice: views; an index array: copies) as a batch of their own."""
    values = {}
    for f in dataclasses.fields(State):
        v = getattr(state, f.name)
        if isinstance(v, np.ndarray):
            v = v[rows]
        elif isinstance(v, Offers):
            v = Offers(**{g.name: getattr(v, g.name)[rows] for g in dataclasses.fields(Offers)})
        values[f.name] = v
    return State(**values)


#: A chunk drops its ended worlds once at least this share of its playing worlds has ended.
DROP_SHARE = 0.25


def run_in_chunks(
    compiled,
    turns: int | None = None,
    difficulty: str = DEFAULT_DIFFICULTY,
    *,
    chunk: int = CHUNK,
    on_turn: Callable[[int, State, Events, slice | np.ndarray], None] | None = None,
    on_chunk: Callable[[State, slice | np.ndarray], None] | None = None,
) -> int:
    """Play a large batch as consecutive chunks of worlds, keeping nothing but what the
    callbacks fold in. A world's game does not depend on its chunk (randomness is keyed by
    world id), so the results equal one ``run_batch`` of the whole batch.

    Ended worlds never change again, so once enough of a chunk has ended they are handed to
    ``on_chunk`` and dropped: the computer players and the engine then work on the worlds
    still playing only. The callbacks' ``rows`` (the batch positions of the worlds in the
    state they get) is therefore a slice or, after a drop, an index array. The state given to
    ``on_turn`` is reused by the next turn (the engine edits its arrays in place): copy out
    what you keep.

    Args:
        compiled: a ``compile_scenario`` result.
        turns, difficulty: as for ``run_batch``.
        chunk: worlds per chunk.
        on_turn: ``on_turn(turn, state, events, rows)`` after each turn of each chunk.
        on_chunk: ``on_chunk(final_state, rows)`` for worlds whose game is over (or that
            reached the last turn), once per world.

    Returns:
        The most turns any chunk played.
    """
    level = get_difficulty(difficulty)
    rules, seed = compiled.rules, compiled.seed
    total = compiled.state.n_worlds
    limit = last_turn(compiled) - int(compiled.state.turn)
    turns = limit if turns is None else max(0, min(int(turns), limit))
    played = 0
    for start in range(0, total, max(1, int(chunk))):
        rows: slice | np.ndarray = slice(start, min(start + chunk, total))
        state = slice_worlds(compiled.state, rows)
        controlled = np.ones(state.budget.shape, dtype=bool)
        done = 0
        for _ in range(turns):
            ended = state.ended
            n_ended = int(ended.sum())
            if n_ended == len(ended):
                break
            if n_ended >= max(1, DROP_SHARE * len(ended)):
                keep = np.flatnonzero(~ended)
                positions = np.arange(rows.start, rows.stop) if isinstance(rows, slice) else rows
                if on_chunk is not None:
                    on_chunk(slice_worlds(state, np.flatnonzero(ended)), positions[ended])
                state, rows = slice_worlds(state, keep), positions[keep]
                controlled = controlled[keep]
            # nothing keeps the old state: the engine may reuse its arrays
            played = play_turn(
                state, rules, seed, difficulty=level, controlled=controlled, donate=True
            )
            state, events = played.state, played.events
            done += 1
            if on_turn is not None:
                on_turn(int(state.turn), state, events, rows)
        played = max(played, done)
        if on_chunk is not None:
            on_chunk(state, rows)
    return played
