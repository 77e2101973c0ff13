"""The scenario files a player can pick: shipped ones and the user's own.

Spec card:
    What: ``list_scenarios() -> list[ScenarioInfo]`` for ``lunar-blocs scenarios`` and the
        UI's scenario picker: every ``*.yaml`` / ``*.yml`` in the shipped ``scenarios/`` folder
        (the default first) and in the user's scenarios folder, each loaded and checked.
    Rule: a broken file is still listed, with its problems, so a person sees why it can't be
        played instead of it silently missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from game import paths, safeio
from game.safeio import display_name
from game.scenario.errors import Problem
from game.scenario.loader import load
from game.scenario.models import Scenario
from game.scenario.validate import turn_count


@dataclass
class ScenarioInfo:
    """One scenario file, as a picker shows it.

    Attributes:
        path: The file.
        source: "shipped" or "user".
        scenario: The loaded scenario, or None when it has errors.
        problems: Errors and warnings found while loading.
    """

    path: Path
    source: str
    scenario: Scenario | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    @property
    def is_default(self) -> bool:
        try:
            return self.path.resolve() == paths.DEFAULT_SCENARIO.resolve()
        except (OSError, RuntimeError, ValueError):  # RuntimeError: a link loop (< 3.13)
            return False

    @property
    def title(self) -> str:
        return self.scenario.meta.title if self.scenario else display_name(self.path)

    @property
    def scenario_id(self) -> str:
        return self.scenario.meta.id if self.scenario else display_name(self.path.stem)

    @property
    def nations(self) -> int:
        return len(self.scenario.nations) if self.scenario else 0

    @property
    def playable(self) -> list[str]:
        """Ids of the nations a person may pick."""
        return [n.id for n in self.scenario.nations if n.playable] if self.scenario else []

    @property
    def turns(self) -> int:
        if not self.scenario:
            return 0
        meta = self.scenario.meta
        return turn_count(meta.start, meta.end, meta.turn_months)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def scenario_files() -> list[tuple[Path, str, str | None]]:
    """(path, source, why unreadable) of every scenario file: shipped (default first, then
    by name), then the user's.

    Entries that can't be opened (dangling links, loops, pipes) are listed too, so that
    ``scenario_info`` reports them; a folder that can't be listed is one entry, itself.
    """
    found: list[tuple[Path, str, str | None]] = []
    for folder, source in ((paths.SCENARIOS, "shipped"), (paths.user_scenarios(), "user")):
        files, unreadable = safeio.list_folder(folder, (".yaml", ".yml"))
        if unreadable:
            found.append((folder, source, unreadable))
            continue
        files.sort(key=lambda p: p != paths.DEFAULT_SCENARIO)
        found.extend((p, source, None) for p in files)
    return found


def scenario_info(path: Path, source: str = "user", unreadable: str | None = None) -> ScenarioInfo:
    """Load and check one file into a ScenarioInfo (never raises); a file or folder that
    can't be opened carries one problem, "unreadable: why"."""
    reason = unreadable or safeio.entry_problem(path)
    if reason is None:
        loaded = load(path)
        return ScenarioInfo(path, source, loaded.scenario, loaded.problems)
    shown = safeio.visible(os.fspath(path))
    problem = Problem(shown, 1, 1, "error", f"unreadable: {reason}")
    return ScenarioInfo(path, source, None, [problem])


def list_scenarios() -> list[ScenarioInfo]:
    """Every scenario a player can pick, loaded and checked; broken ones included."""
    return [scenario_info(*entry) for entry in scenario_files()]
