"""A save of a computer-played game, so a teacher can try the debrief before class."""

from __future__ import annotations

from pathlib import Path

from game.session.match import Match, state_hash


def save_history(history, path: str | Path, scenario_path: str | None = None) -> Path:
    """Write world position 0 of a computer-played ``history`` as a save (``.lbsave``).

    The game is played again through ``session.Match`` (the one game object, with nobody at
    the table), which asks the same computer players with the same seed and world, and is
    checked state by state against ``history`` before it is written.
    """
    compiled = history.compiled
    match = Match(
        compiled.catalog.scenario,
        humans=(),
        difficulty=history.difficulty,
        seed=compiled.seed,
        scenario_path=scenario_path,
        world=int(history.states[0].world[0]),
    )
    for t in range(1, len(history.states)):
        if match.over:
            break
        match.end_turn()
        if match.hashes[-1] != state_hash(_world0(history.states[t])):
            raise RuntimeError(f"the saved game differs from the one played at turn {t}")
    return match.save(path)


def _world0(state):
    from game.sim.driver import slice_worlds

    return state if state.n_worlds == 1 else slice_worlds(state, slice(0, 1))
