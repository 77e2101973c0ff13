"""Start the app for ``lunar-blocs play``: window, first screens, and the no-display path."""

from __future__ import annotations

import sys
from pathlib import Path

import pygame

from game import safeio
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.scenario.rescale import rescale
from game.session.saves import SAVE_SUFFIX
from game.ui.app import App
from game.ui.settings import load_settings


def build_app(
    scenario: Path | None = None,
    nation: str | None = None,
    scale: float | None = None,
    fullscreen: bool = False,
    size: tuple[int, int] | None = None,
    difficulty: str | None = None,
    length: int | None = None,
    console_window: bool = False,
    room_window: bool = False,
) -> tuple[App, str | None]:
    """The app with its first screens pushed; returns (app, message for the player)."""
    settings = load_settings()
    if scale is not None:
        settings.scale = scale
    if fullscreen:
        settings.fullscreen = True
    elif size:
        settings.fullscreen = False
    if difficulty:
        settings.difficulty = difficulty
    app = App(settings, size=size)
    app.console_wanted = console_window
    app.room_wanted = room_window
    app.open_window()
    app.nav.push("title")
    if scenario is None and nation is None:
        return app, None
    if scenario is not None and scenario.suffix == SAVE_SUFFIX:
        # a save from any folder opens its game (a broken one says why on the title screen)
        match = app.nav.open_save(scenario)
        if match is not None and match.notice:
            print(f"{safeio.display_name(scenario)}: {match.notice}.")  # the terminal too
        return app, None

    item = scenario_info(scenario or DEFAULT_SCENARIO, "user" if scenario else "shipped")
    if not item.ok:
        first = item.errors[0] if item.errors else "it cannot be loaded"
        return app, f"{item.path.name} cannot be played: {first}"
    if length is not None and item.scenario is not None:
        item.scenario = rescale(item.scenario, length)
    picker = app.nav.push("nation_picker", item)
    if nation:
        ids = [n.id for n in item.scenario.nations if n.playable]
        if nation not in ids:
            return app, f"{nation} is not a playable nation of {item.title}"
        picker.people = [nation]
        picker.start_game()
    return app, None


def launch(
    no_display_hint: str = "",
    exit_after_frames: int | None = None,
    exit_after_seconds: float | None = None,
    **options,
) -> int:
    """Run the game until the player quits; exit code 1 when no window can open.

    ``exit_after_frames`` / ``exit_after_seconds`` end the loop by themselves (exit code 0),
    so a smoke test can start the real game and see it draw without anyone at the keyboard.
    """
    try:
        app, message = build_app(**options)
    except pygame.error as exc:
        print(
            f"lunar-blocs play: cannot open a window ({exc}); {no_display_hint}.", file=sys.stderr
        )
        return 1
    if message:
        app.notify(message, error=True, seconds=8)
    try:
        return app.run(frames=exit_after_frames, seconds=exit_after_seconds)
    finally:
        pygame.quit()
