"""docs/scenario-format.md: its reference matches the models, its tutorial works as written."""

from __future__ import annotations

import re

from game import paths
from game.cli import main
from game.scenario.docs import BEGIN, END, _models_in_order, splice_reference
from game.scenario.loader import load

DOC = paths.ROOT / "docs" / "scenario-format.md"
REGENERATE = "regenerate it with: python tools/gen_schema_docs.py"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def tutorial_files(tmp_path) -> dict[str, str]:
    """The YAML blocks that start with '# file: NAME', written into tmp_path."""
    files = {}
    for block in re.findall(r"```yaml\n(.*?)```", doc_text(), re.S):
        name = re.match(r"# file: (\S+)\n", block)
        if name:
            (tmp_path / name[1]).write_text(block, encoding="utf-8")
            files[name[1]] = block
    return files


def test_the_reference_matches_the_models():
    assert BEGIN in doc_text() and END in doc_text()
    assert splice_reference(doc_text()) == doc_text(), (
        f"the reference in docs/scenario-format.md is out of date with the models: {REGENERATE}"
    )


def test_every_field_of_every_model_is_documented():
    reference = doc_text().split(BEGIN)[1]
    for model in _models_in_order():
        for name, info in model.model_fields.items():
            assert f"| `{name}` |" in reference, f"{model.__name__}.{name} missing"
            assert info.description, f"{model.__name__}.{name} has no description"


def test_the_tutorial_scenario_and_its_variant_load(tmp_path):
    files = tutorial_files(tmp_path)
    assert set(files) == {"first.yaml", "no-ban.yaml"}
    first = load(tmp_path / "first.yaml")
    assert not first.errors, [str(p) for p in first.errors]
    assert len(first.scenario.nations) == 3
    variant = load(tmp_path / "no-ban.yaml")
    assert not variant.errors, [str(p) for p in variant.errors]
    assert variant.scenario.constraints.forbidden_pairs == []
    assert len(files["no-ban.yaml"].strip().splitlines()) <= 12  # "a variant in ten lines"


def test_the_documented_check_output_is_what_check_prints(tmp_path, monkeypatch, capsys):
    tutorial_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "first.yaml"]) == 0
    printed = capsys.readouterr().out.strip()
    assert f"```\n{printed}\n```" in doc_text()
