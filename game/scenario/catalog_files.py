"""The scenario files a player can pick: shipped ones and the user's own.

Spec card:
    What: ``list_scenarios() -> list[ScenarioInfo]`` for ``lunar-blocs scenarios`` and the
        UI's scenario picker: every ``*.yaml`` / ``*.yml`` in the shipped ``scenarios/`` folder
        (the default first) and in the user's scenarios folder, each loaded and checked.
    Rule: a broken file is still listed, with its problems, so a person sees why it can't be
        played instead of it silently missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game import paths
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
        return self.path.resolve() == paths.DEFAULT_SCENARIO.resolve()

    @property
    def title(self) -> str:
        return self.scenario.meta.title if self.scenario else self.path.name

    @property
    def scenario_id(self) -> str:
        return self.scenario.meta.id if self.scenario else self.path.stem

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


def scenario_files() -> list[tuple[Path, str]]:
    """(path, source) of every scenario file: shipped (default first, then by name), user."""
    found: list[tuple[Path, str]] = []
    for folder, source in ((paths.SCENARIOS, "shipped"), (paths.user_scenarios(), "user")):
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        files.sort(key=lambda p: p.resolve() != paths.DEFAULT_SCENARIO.resolve())
        found.extend((p, source) for p in files)
    return found


def scenario_info(path: Path, source: str = "user") -> ScenarioInfo:
    """Load and check one file into a ScenarioInfo (never raises)."""
    loaded = load(path)
    return ScenarioInfo(path, source, loaded.scenario, loaded.problems)


def list_scenarios() -> list[ScenarioInfo]:
    """Every scenario a player can pick, loaded and checked; broken ones included."""
    return [scenario_info(path, source) for path, source in scenario_files()]
