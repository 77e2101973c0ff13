"""Load and compile a scenario for a headless command, turning every failure into words."""

from __future__ import annotations

from pathlib import Path


class CommandError(Exception):
    """A failure a headless command reports as lines of text (no traceback), then exits 1."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def load(path: str | Path):
    """The Scenario in ``path`` (a file, or a scenario's id), or CommandError listing every problem."""
    from game.safeio import entry_problem, visible
    from game.scenario.errors import ScenarioError
    from game.scenario.loader import load_scenario
    from game.scenario.named import UnknownScenario, resolve

    try:
        p = resolve(path)
    except UnknownScenario as exc:
        raise CommandError([str(exc)]) from None
    reason = entry_problem(p)
    if reason == "no such file":
        raise CommandError([f"{visible(p)}: no such scenario file"])
    if reason:
        raise CommandError([f"{visible(p)}: cannot read it ({reason})"])
    try:
        return load_scenario(p)
    except ScenarioError as exc:
        problems = [str(problem) for problem in getattr(exc, "problems", [])]
        raise CommandError(problems or [visible(f"{p}: {exc}")]) from None


def compile_for(scenario, worlds: int = 1, seed: int | None = None, world_ids=None):
    """Compile ``scenario`` for a batch; a compile failure becomes a CommandError."""
    from game.scenario.compile import compile_scenario

    try:
        return compile_scenario(scenario, worlds=worlds, seed=seed, world_ids=world_ids)
    except (ValueError, KeyError) as exc:
        raise CommandError([f"cannot compile the scenario: {exc}"]) from None
