"""The command line as an installed program: scenarios by id, conventions, shipped data.

CI also builds the wheel, installs it outside the checkout and runs `.ci/smoke` from another
folder; these tests hold the rules that make that work.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest

from game import cli, paths
from game.cli import main
from game.scenario.named import UnknownScenario, resolve

SHIPPED_IDS = ("ilrs-2021", "tutorial", "classroom", "classroom-2021", "ilrs-2021-no-wolf")


@pytest.fixture()
def user_home(tmp_path, monkeypatch):
    """A private user data folder with an empty scenarios folder."""
    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "scenarios").mkdir(parents=True)
    return tmp_path / "home"


@pytest.mark.parametrize("name", SHIPPED_IDS)
def test_a_shipped_scenario_is_named_by_its_id_or_file_name(name, user_home):
    path = resolve(name)
    assert path.parent == paths.SCENARIOS and path.suffix == ".yaml"


def test_check_simulate_and_balance_take_ids(user_home, capsys):
    assert main(["check", "tutorial", "classroom"]) == 0
    assert "2 files checked: 0 errors" in capsys.readouterr().out
    assert main(["simulate", "tutorial", "--turns", "2", "-q"]) == 0
    assert "Result:" in capsys.readouterr().out
    assert main(["balance", "tutorial", "--worlds", "8", "-q"]) == 0
    assert capsys.readouterr().out.strip()


def test_an_existing_path_wins_over_an_id(user_home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("tutorial").write_text("meta: [\n", encoding="utf-8")
    assert resolve("tutorial") == Path("tutorial")
    assert main(["check", "tutorial"]) == 1  # the broken local file, not the shipped one


def test_an_unknown_id_is_one_line_with_the_nearest_name(user_home, capsys):
    with pytest.raises(UnknownScenario, match="did you mean 'tutorial'"):
        resolve("tutorail")
    assert main(["simulate", "tutorail"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "tutorial" in err[0]


def test_a_user_scenario_shadowing_a_shipped_id_is_chosen_and_warned_about(user_home, capsys):
    text = (paths.SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8")
    mine = user_home / "scenarios" / "my-tutorial.yaml"
    mine.write_text(text.replace("$schema=./scenario.schema.json", ""), encoding="utf-8")
    assert resolve("tutorial") == mine  # same meta.id: the user's file shadows the shipped one
    assert main(["check", str(mine)]) == 0
    out = capsys.readouterr().out
    assert "warning: its id 'tutorial' is also a shipped scenario's" in out
    assert main(["scenarios"]) == 0
    assert "also a shipped scenario's (tutorial.yaml)" in capsys.readouterr().out


def test_version_names_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"lunar-blocs {cli.version()}"


def test_an_internal_error_exits_3_and_writes_its_traceback_to_a_log(
    user_home, monkeypatch, capsys
):
    import game.commands.scenarios as command

    def broken(args):
        raise RuntimeError("boom\x1b[31m")

    monkeypatch.setattr(command, "run", broken)
    assert main(["scenarios"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "internal error: RuntimeError: boom\\x1b[31m" in err[0]
    logs = list((user_home / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err[1]
    assert "Traceback" in logs[0].read_text(encoding="utf-8")


def test_quiet_and_verbose_are_offered_by_every_headless_command(capsys):
    for command in ("check", "simulate", "balance", "replay"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "-q, --quiet" in text and "-v, --verbose" in text, command


def _shipped_patterns() -> dict[str, tuple[str, ...]]:
    text = (paths.ROOT / "setup.py").read_text(encoding="utf-8")
    scope: dict = {}
    start = text.index("DATA = {")
    end = text.index("}\n", start) + 1
    exec(text[start:end], scope)  # the literal table only; nothing else in setup.py runs
    return scope["DATA"]


def test_setup_ships_every_file_the_game_reads():
    patterns = _shipped_patterns()
    for folder, globs in patterns.items():
        for path in (paths.ROOT / folder).rglob("*"):
            if path.is_file():
                assert any(fnmatch.fnmatch(path.name, g) for g in globs), path


def test_shipped_data_is_found_through_one_place():
    assert paths.DEFAULT_SCENARIO.is_file()
    assert (paths.ASSETS / "theme" / "theme.json").is_file()
    assert (paths.ASSETS / "map" / "world-110m.json").is_file()
    # Nothing outside game/paths.py builds a path to the shipped folders by itself.
    pattern = re.compile(r"parent\.parent.*(assets|scenarios)|\"(assets|scenarios)\" */")
    for module in paths.PACKAGE.rglob("*.py"):
        if module.name != "paths.py":
            assert not pattern.search(module.read_text(encoding="utf-8")), module
