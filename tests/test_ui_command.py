"""`lunar-blocs play` without a display: one clear line, exit 1, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_play(env_changes: dict[str, str | None], *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "game", "play", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display variables are Linux")
def test_play_without_a_display_says_so_in_one_line():
    result = run_play({"DISPLAY": None, "WAYLAND_DISPLAY": None, "SDL_VIDEODRIVER": None})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0] and "lunar-blocs simulate" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert "pygame-ce" not in result.stdout, "the pygame greeting leaked into the terminal"


def test_play_when_the_video_driver_fails_says_so_in_one_line():
    result = run_play({"SDL_VIDEODRIVER": "no-such-driver"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot open a window" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_play_refuses_bad_options_in_one_line(tmp_path):
    result = run_play({}, "--windowed", "big")
    assert result.returncode == 2 and "WIDTHxHEIGHT" in result.stderr
    result = run_play({}, str(tmp_path / "missing.yaml"))
    assert result.returncode == 1 and "no such scenario file" in result.stderr


def test_play_with_a_nation_opens_its_main_screen(tmp_path, monkeypatch):
    from game.paths import DEFAULT_SCENARIO

    if not DEFAULT_SCENARIO.exists():
        pytest.skip("no default scenario")
    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path))
    from game.ui.launch import build_app
    from game.ui.screens.main import MainScreen

    app, message = build_app(nation="IND", size=(1280, 720))
    assert message is None
    app.frame(1 / 60)
    assert isinstance(app.top, MainScreen)
    assert app.top.game.name(app.top.player) == "India"
    app, message = build_app(nation="ATLANTIS", size=(1280, 720))
    assert "ATLANTIS" in message


def test_play_opens_a_save_from_any_folder(tmp_path, monkeypatch):
    """`lunar-blocs play week1.lbsave`: the saved game itself, not a scenario error."""
    from game.paths import DEFAULT_SCENARIO

    if not DEFAULT_SCENARIO.exists():
        pytest.skip("no default scenario")
    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path / "home"))
    from game.scenario.loader import load_scenario
    from game.session.match import Match
    from game.ui.launch import build_app

    match = Match(load_scenario(DEFAULT_SCENARIO), humans=["IND"], seed=7)
    match.end_turn()
    match.end_turn()
    elsewhere = tmp_path / "class" / "week1.lbsave"
    elsewhere.parent.mkdir()
    match.save(elsewhere)
    app, message = build_app(scenario=elsewhere, size=(1280, 720))
    app.frame(1 / 60)
    assert message is None and app.toast is None
    assert app.top.title == "Main" and app.top.game.hashes == match.hashes
    broken = tmp_path / "broken.lbsave"
    broken.write_text("{not json")
    app, message = build_app(scenario=broken, size=(1280, 720))
    app.frame(1 / 60)
    assert app.top.title == "Title" and app.toast is not None and "Cannot load" in app.toast[0]
