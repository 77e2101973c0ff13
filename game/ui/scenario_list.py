"""The scenarios a player can pick: shipped ones and the user's own, each loaded and checked.

A scenario that fails to load is still listed, with its problems, so a broken user file
never crashes the picker and its author sees what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.paths import DEFAULT_SCENARIO, SCENARIOS, user_scenarios
from game.scenario.models import Scenario


@dataclass(slots=True)
class ScenarioEntry:
    """One row of the scenario picker."""

    path: Path
    user: bool
    scenario: Scenario | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    @property
    def title(self) -> str:
        return self.scenario.meta.title if self.scenario else self.path.name

    @property
    def turns(self) -> int:
        if not self.scenario:
            return 0
        return turn_count(self.scenario)


def turn_count(scenario: Scenario) -> int:
    """Number of turns from the scenario's start and end dates."""
    meta = scenario.meta
    y0, m0 = (int(x) for x in meta.start.split("-"))
    y1, m1 = (int(x) for x in meta.end.split("-"))
    months = (y1 - y0) * 12 + (m1 - m0)
    return max(1, -(-months // meta.turn_months))


def load(path: Path) -> Scenario:
    """Load and validate one scenario file (raises on any problem)."""
    try:
        from game.scenario.loader import load_scenario
    except ImportError:  # the loader is not there yet: plain YAML and the typed model
        import yaml

        return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return load_scenario(path)


def describe_failure(exc: Exception) -> list[str]:
    """The messages of a failed load, one per problem, for a person."""
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems][:30]
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors()][:30]
        except (TypeError, KeyError):
            pass
    return [str(exc).splitlines()[0] if str(exc) else type(exc).__name__]


_CACHE: dict[tuple[Path, bool], tuple[float, int, ScenarioEntry]] = {}


def entry(path: Path, user: bool) -> ScenarioEntry:
    """One scenario, loaded and checked (cached while the file is unchanged)."""
    try:
        stat = path.stat()
        key = (path.resolve(), user)
        cached = _CACHE.get(key)
        if cached is not None and cached[:2] == (stat.st_mtime, stat.st_size):
            return cached[2]
    except OSError:
        stat = None
    try:
        result = ScenarioEntry(path, user, load(path))
    except Exception as exc:  # any failure is shown to the player, never raised
        result = ScenarioEntry(path, user, None, describe_failure(exc))
    if stat is not None:
        _CACHE[key] = (stat.st_mtime, stat.st_size, result)
    return result


def scenario_files() -> list[tuple[Path, bool]]:
    """Shipped scenarios (default first), then the user's, as (path, is_user)."""
    shipped = sorted(SCENARIOS.glob("*.yaml")) if SCENARIOS.is_dir() else []
    shipped.sort(key=lambda p: (p != DEFAULT_SCENARIO, p.name))
    folder = user_scenarios()
    own = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    return [(p, False) for p in shipped] + [(p, True) for p in own]


def list_entries() -> list[ScenarioEntry]:
    """Every scenario the picker shows, loaded (or with its problems)."""
    return [entry(path, user) for path, user in scenario_files()]
