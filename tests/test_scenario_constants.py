"""Every engine constant is a scenario constant, with the engine's default (no drift)."""

from __future__ import annotations

import dataclasses

import yaml

from game import paths
from game.engine.rules import Constants
from game.scenario import models
from game.scenario.compile import _RENAMED, compile_scenario
from game.scenario.loader import load, load_scenario, load_scenario_text

BASE = paths.ROOT / "tests" / "corpus" / "valid" / "first.yaml"
ENGINE = {f.name: f for f in dataclasses.fields(Constants)}


def scenario_constants() -> dict[tuple[str, str], str]:
    """(section, field) of the scenario's ``constants:`` -> the engine constant it sets."""
    out = {}
    for section, info in models.Constants.model_fields.items():
        for name in info.annotation.model_fields:
            out[(section, name)] = _RENAMED.get((section, name), name)
    return out


def test_every_engine_constant_has_exactly_one_scenario_field():
    targets = list(scenario_constants().values())
    missing = sorted(set(ENGINE) - set(targets))
    assert not missing, f"engine constants the scenario cannot set: {missing}"
    unknown = sorted(set(targets) - set(ENGINE))
    assert not unknown, f"scenario constants the engine never reads: {unknown}"
    assert len(targets) == len(set(targets)), "two scenario fields set one engine constant"


def test_a_scenario_without_constants_compiles_to_the_engine_defaults():
    scenario = load_scenario(BASE)
    assert "constants:" not in BASE.read_text(encoding="utf-8")
    assert compile_scenario(scenario).rules.constants == Constants()


def _nudged(section: str, name: str):
    """A valid value different from the default, to see it arrive in the engine."""
    info = models.Constants.model_fields[section].annotation.model_fields[name]
    default = info.default
    high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    step = 1 if isinstance(default, int) else 0.01
    if high is not None and default + step > high:
        step = -step
    return default + step


def test_every_scenario_constant_reaches_the_engine():
    block: dict[str, dict] = {}
    expected = {}
    for (section, name), engine_name in scenario_constants().items():
        value = _nudged(section, name)
        block.setdefault(section, {})[name] = value
        expected[engine_name] = value
    text = BASE.read_text(encoding="utf-8") + yaml.safe_dump({"constants": block})
    compiled = compile_scenario(load_scenario_text(text, "nudged.yaml"))
    got = dataclasses.asdict(compiled.rules.constants)
    assert got == expected
    assert compiled.rules.constants != Constants()


def test_a_success_floor_above_the_cap_is_refused(tmp_path):
    text = BASE.read_text(encoding="utf-8") + (
        "constants:\n  programs: {min_success: 0.9, max_success: 0.8}\n"
    )
    path = tmp_path / "odds.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = load(path).errors
    assert "min_success" in problem.message
    assert (
        problem.line
        == text.splitlines().index("  programs: {min_success: 0.9, max_success: 0.8}") + 1
    )
