"""The JSON Schema: committed, printed by `lunar-blocs schema`, accepting every real scenario."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from game import paths
from game.cli import main
from game.scenario.docs import schema_text

COMMITTED = paths.SCENARIOS / "scenario.schema.json"
CORPUS = paths.ROOT / "tests" / "corpus"
REGENERATE = "regenerate it with: python tools/gen_schema_docs.py"
MODELINE = "# yaml-language-server: $schema=./scenario.schema.json"
SHIPPED = sorted(paths.SCENARIOS.glob("*.yaml"))
VALID = sorted((CORPUS / "valid").glob("*.yaml"))
SCHEMA_VERDICT = re.compile(r"^# schema: (reject|accept|skip)$", re.M)


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def data_of(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def test_the_committed_schema_matches_the_models():
    assert COMMITTED.exists(), f"scenarios/scenario.schema.json is missing: {REGENERATE}"
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        f"scenarios/scenario.schema.json is out of date with game/scenario/models.py: {REGENERATE}"
    )


def test_schema_command_prints_the_committed_schema(capsys, tmp_path):
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == COMMITTED.read_text(encoding="utf-8")
    schema = json.loads(printed)
    assert schema["$id"] and schema["title"] == "Lunar Blocs scenario"
    out = tmp_path / "s.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed


def test_schema_command_reports_an_unwritable_path(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path / "no" / "such" / "dir" / "s.json")]) == 2
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_schema_accepts_the_valid_fixtures(path):
    errors = [e.message for e in validator().iter_errors(data_of(path))]
    assert not errors, errors


def test_shipped_scenarios_exist_once_the_folder_has_yaml():
    # Guards the parametrised tests below against passing with nothing to check.
    if not SHIPPED:
        pytest.skip("no shipped scenario written yet")
    assert paths.DEFAULT_SCENARIO in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_schema_accepts_every_shipped_scenario(path):
    errors = [f"{list(e.path)}: {e.message}" for e in validator().iter_errors(data_of(path))]
    assert not errors, errors


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_scenario_starts_with_the_schema_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE, f"{path.name}: the first line must be '{MODELINE}'"


BROKEN = sorted((CORPUS / "broken").glob("*.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_schema_rejects_the_broken_files_it_can(path):
    verdict = SCHEMA_VERDICT.search(path.read_text(encoding="utf-8", errors="replace"))
    assert verdict, f"{path.name} needs a '# schema: reject|accept|skip' line"
    if verdict[1] == "skip":
        pytest.skip("YAML-level or cross-file problem: no schema can see it")
    errors = list(validator().iter_errors(data_of(path)))
    if verdict[1] == "reject":
        assert errors, f"the schema accepts {path.name}"
    else:  # a semantic problem (references, dates, cycles): only `check` finds it
        assert not errors, [e.message for e in errors]


def test_a_variant_may_patch_or_remove_a_relation_by_its_pair():
    check = validator()
    patch = {"extends": "base.yaml", "relations": [{"between": ["USA", "CHN"], "note": "thaw"}]}
    assert not list(check.iter_errors(patch))
    patch["relations"].append({"between": ["CHN", "RUS"], "remove": True})
    assert not list(check.iter_errors(patch))
    assert list(check.iter_errors({"extends": "base.yaml", "relations": [{"value": 0.2}]}))
