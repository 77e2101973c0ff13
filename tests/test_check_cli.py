"""`lunar-blocs check`, `schema` and `scenarios` as a person runs them: output and exit codes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from game import paths
from game.cli import main

CORPUS = paths.ROOT / "tests" / "corpus"
VALID = CORPUS / "valid" / "first.yaml"
FIVE = CORPUS / "broken" / "five-mistakes.yaml"
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): ")
SHIPPED = sorted(paths.SCENARIOS.glob("*.yaml"))


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    """The CLI in a fresh interpreter, as from a shell (a generous timeout catches hangs)."""
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd or paths.ROOT,
    )


def test_a_clean_file_exits_0_with_a_summary(capsys):
    assert main(["check", str(VALID)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "1 file checked: 0 errors, 0 warnings"


def test_five_mistakes_give_five_located_lines_and_exit_1(capsys):
    assert main(["check", str(FIVE)]) == 1
    lines = capsys.readouterr().out.splitlines()
    located = [line for line in lines if LOCATED.match(line)]
    assert len(located) == 5
    assert all(LOCATED.match(line)["file"] == str(FIVE) for line in located)
    assert lines[-1] == "1 file checked: 5 errors, 0 warnings (1 file with errors)"


def test_several_files_are_checked_together(capsys, tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert main(["check", str(VALID), str(empty), str(FIVE)]) == 1
    out = capsys.readouterr().out
    assert f"{empty}:1:1: error: the file is empty" in out
    assert "3 files checked: 6 errors, 0 warnings (2 files with errors)" in out


def test_warnings_alone_exit_0_and_quiet_hides_them(capsys, tmp_path):
    lonely = tmp_path / "lonely.yaml"
    lonely.write_text(VALID.read_text().replace("members: [USA, JPN]", "members: [USA]"))
    assert main(["check", str(lonely)]) == 0
    assert ": warning: bloc 'artemis' has no members" in capsys.readouterr().out
    assert main(["check", "--quiet", str(lonely)]) == 0
    assert capsys.readouterr().out == ""


def test_check_without_files_is_a_usage_error():
    result = run_cli("check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not SHIPPED, reason="no shipped scenario yet")
def test_every_shipped_scenario_checks_without_errors():
    result = run_cli("check", *[str(p) for p in SHIPPED])
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty", b"", "the file is empty"),
        ("binary", bytes(range(256)) * 64, "binary file"),
        ("python-tag", b"meta: !!python/object/apply:os.system ['echo owned']\n", "is not allowed"),
        ("deep", b"a: " + b"[" * 100_000 + b"]" * 100_000, "nested more than"),
    ],
)
def test_hostile_files_get_one_line_and_no_traceback(tmp_path, name, content, words):
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    result = run_cli("check", str(path))
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if LOCATED.match(line)]
    assert len(problems) == 1 and words in problems[0], result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_yaml_bomb_and_a_10_mb_file_get_one_line_and_no_traceback(tmp_path):
    bomb = CORPUS / "broken" / "alias-bomb.yaml"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: '" + b"x" * (10 * 1024 * 1024) + b"'\n")
    result = run_cli("check", str(bomb), str(big))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if LOCATED.match(line)]
    assert len(lines) == 2
    assert "expands to more than" in lines[0] and "too large" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr


def test_scenarios_lists_user_files_and_why_broken_ones_fail(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "mine.yaml").write_text(VALID.read_text())
    (folder / "broken.yaml").write_text("meta: {id: x, title: Broken, start: 2025-01}\n")
    env_run = subprocess.run(
        [sys.executable, "-m", "game", "scenarios"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=paths.ROOT,
        env={**_env(), "LUNAR_BLOCS_HOME": str(tmp_path)},
    )
    out = env_run.stdout
    assert env_run.returncode == 1, env_run.stderr  # a broken one is a problem found
    assert re.search(r"user\s+A first race to the Moon\s+5 nations \(3 playable\), 6 turns", out)
    assert "BROKEN: 3 errors" in out
    assert "broken.yaml:1:7: error: 'meta' is missing the required key 'end'" in out
    if SHIPPED:
        assert "(default)" in out


def _env() -> dict:
    import os

    return dict(os.environ)
