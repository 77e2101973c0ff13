"""The application: a lazy window, the screen stack and the loop.

Spec card:
    Loop: tick -> events -> update -> draw -> flip, one ``frame()`` at a time, so tests drive
        it headless (SDL dummy driver) by posting events and calling ``frame()``.
    Window: created lazily on the first frame; resizable; F11 toggles fullscreen. The UI scale
        is Auto (the 1280x720 design fitted to the window, so text stays legible at 1920x1080
        and on projectors) or the player's absolute choice (1.5 = 150% of the design); a
        choice is capped where the window would hold less than ``LOGICAL_MIN`` unscaled
        pixels (``scale_capped``, shown by Settings).
    Stack: only the top screen's widgets are live; a modal pushed on top gets a picture of
        the screen below as its backdrop (whose widgets are hidden, not destroyed), and returns
        its result to it via ``pop(result)`` (``stage.Stage``, shared with the console window).
    Second window: F10 (or ``play --console-window``) opens the facilitator's console in an OS
        window of its own (``console_window``); events that carry that window, or come from
        its widgets, go to it, everything else to the game window. Closing it returns to the
        console as a mode of this window (F9).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import pygame

from game import safeio
from game.paths import user_dir
from game.session.library import Library
from game.sim.forecast_service import ForecastService
from game.ui.console_window import (
    COVERED,
    ConsoleWindow,
    RoomWindow,
    display_of,
    display_rects,
    room_place,
)
from game.ui.navigator import Navigator
from game.ui.results import QUIT, Confirmed
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.sound import SoundBoard
from game.ui.stage import BASE_SIZE, LOGICAL_MIN, Stage
from game.ui.widgets import draw_moon

__all__ = ["BASE_SIZE", "LOGICAL_MIN", "MIN_SIZE", "App", "display_problem"]

MIN_SIZE = (960, 540)


def display_problem() -> str | None:
    """Why no window can open here, or None when a display looks available."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no display found (DISPLAY and WAYLAND_DISPLAY are not set)"
    return None


class App(Stage):
    """Owns the game window, its stack, the settings and the console's second window."""

    def __init__(
        self,
        settings: Settings | None = None,
        size: tuple[int, int] | None = None,
        persist_settings: bool = True,
    ) -> None:
        super().__init__(settings or load_settings())
        if size:
            self.settings.width, self.settings.height = size
        self.persist_settings = persist_settings
        self.running = True
        self.clock: pygame.time.Clock | None = None
        self.last_frame_ms = 0.0
        #: Internal errors the player was told about (a failed turn); tests assert it is empty.
        self.errors: list[Exception] = []
        self.services = Library()
        #: Makes the forecast service each main screen asks (another process in the game;
        #: ``InlineForecasts`` where the same pixels are wanted every run).
        self.forecasts: Callable[[], ForecastService] = ForecastService
        #: Opens screens by name (the only place that knows them) and runs the turn flow.
        self.nav = Navigator(self)
        self.sound = SoundBoard(self.settings, notify=self.notify)
        #: The facilitator's console in its own OS window, while it is open.
        self.console: ConsoleWindow | None = None
        #: Open the console window as soon as a game is on screen (``play --console-window``).
        self.console_wanted = False
        #: The room's view in its own window on the projector, while it is open (F12).
        self.room: RoomWindow | None = None
        #: Open the room's window as soon as a game is on screen (``play --room-window``).
        self.room_wanted = False
        #: Which window the mouse is over: None for this one, the console's, or ``OUTSIDE``.
        self.pointer_in: Any = None
        # Saves and settings interrupted by a crash or a kill left temporary files behind.

        for folder in {user_dir(), self.services.saves_folder()}:
            safeio.clean_temp_files(folder)
        if self.settings.notice:
            self.notify(self.settings.notice, error=True, seconds=8)

    # --------------------------------------------------------------- window
    def open_window(self) -> None:
        """Create the window (once); raises pygame.error when there is no display."""
        if self.window is not None:
            return
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Lunar Blocs")
        icon = pygame.Surface((64, 64), pygame.SRCALPHA)
        draw_moon(icon, (32, 32), 26)
        pygame.display.set_icon(icon)
        pygame.key.set_repeat(350, 40)
        self.clock = pygame.time.Clock()
        self._set_mode()
        self.sound.apply()

    def _set_mode(self) -> None:
        if self.settings.fullscreen:
            self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            size = (
                max(MIN_SIZE[0], self.settings.width),
                max(MIN_SIZE[1], self.settings.height),
            )
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.rebuild()

    def pointer_here(self) -> bool:
        return self.pointer_in is None

    def toggle_fullscreen(self) -> None:
        """F11: full screen on the display the game window is on (SDL keeps it there)."""
        self.settings.fullscreen = not self.settings.fullscreen
        game = pygame.Rect(pygame.display.get_window_position(), self.size)
        self.save_settings()
        self._set_mode()
        console = self.console
        if self.settings.fullscreen and console is not None and console.os_window is not None:
            mine = pygame.Rect(console.os_window.position, console.os_window.size)
            displays = display_rects()
            if display_of(game, displays) == display_of(mine, displays):
                console.notify(COVERED, error=True, seconds=12)
                self.notify(COVERED, error=True, seconds=6)

    def apply_settings(self) -> None:
        """Rebuild everything after a settings change."""
        self.save_settings()
        # the mixer first: the screens rebuilt next say whether it opened (the Sound row's
        # tooltip was built before the failure and kept the usual text)
        self.sound.apply()
        self._set_mode()
        if self.console is not None:
            self.console.rebuild()

    def save_settings(self) -> None:
        if self.persist_settings:
            save_settings(self.settings)

    # --------------------------------------------------------------- the console's window
    def open_console_window(self, match) -> ConsoleWindow:
        """Show the console for ``match`` in its own window (or bring that window forward)."""
        if self.console is not None and self.console.game is match:
            self.console.raise_window()
            return self.console
        self.close_console_window()
        self.console = ConsoleWindow(self, match)
        return self.console

    def close_console_window(self) -> None:
        """Close the console's window: F9 opens the console in this window again."""
        console, self.console = self.console, None
        self.pointer_in = None
        if console is not None:
            console.close()

    def open_room_window(self, match) -> str | None:
        """Show the room's view of ``match`` full screen on the display the game window is
        not on (the projector); returns why not, or None."""
        if self.room is not None and self.room.game is match:
            return None
        self.close_room_window()
        game = pygame.Rect(pygame.display.get_window_position(), self.size)
        display = room_place(game, display_rects())
        if display is None:
            return (
                "The room's window needs a second screen: set the projector to extend the "
                "desktop (not mirror it), then press F12."
            )
        self.room = RoomWindow(self, match, display)
        return None

    def close_room_window(self) -> None:
        room, self.room = self.room, None
        self.pointer_in = None
        if room is not None:
            room.close()

    # --------------------------------------------------------------- stack
    def emptied(self) -> None:
        self.running = False

    def closes_on(self, result: Any) -> bool:
        if result == Confirmed(QUIT):  # agreed to quit, on whichever screen it was asked
            self.quit()
            return True
        return False

    def quit(self) -> None:
        self.running = False

    def close_window(self) -> None:
        """The window's close button: asks first when a game has unsaved orders (a second
        press while asking quits)."""
        asking = self.top is not None and self.top.title == "Confirm"
        if asking or not any(screen.unsaved() for screen in self.stack):
            self.quit()
            return
        question = "Quit Lunar Blocs? The orders you gave this turn are not saved."
        self.nav.push("confirm", question, "Quit", "Stay", QUIT)

    # --------------------------------------------------------------- loop
    def frame(self, dt: float | None = None) -> None:
        """One iteration: events, update, draw, flip (of each open window)."""
        if self.window is None:
            self.open_window()
        start = pygame.time.get_ticks()
        if dt is None:
            dt = self.clock.tick(60) / 1000.0
        for event in pygame.event.get():
            self.dispatch(event)
            if not self.running:
                return
        # The room's window first: where the console goes depends on it.
        if self.room_wanted and self.room is None:
            self.nav.open_room_window(quiet=True)
        if self.console_wanted and self.console is None:
            self.nav.open_console_window(quiet=True)
        self.paint(dt)
        pygame.display.flip()
        if self.console is not None:
            self.console.frame(dt)
        if self.room is not None:
            self.room.frame(dt)
        self.last_frame_ms = float(pygame.time.get_ticks() - start)

    def dispatch(self, event: pygame.event.Event) -> None:
        console = self.console
        room = self.room
        if event.type in POINTER_EVENTS:
            self.pointer_in = getattr(event, "window", None)
        elif event.type == pygame.WINDOWLEAVE and getattr(event, "window", None) is self.pointer_in:
            # Left for the desktop (entering another of our windows says so itself, in
            # whichever order SDL sends the two).
            self.pointer_in = OUTSIDE
        if room is not None and room.owns(event):
            room.dispatch(event)
            return
        if console is not None and console.owns(event):
            console.dispatch(event)
            return
        if event.type == pygame.QUIT:
            self.close_window()
            return
        if event.type == pygame.WINDOWCLOSE and (console is not None or room is not None):
            # With two windows open SDL sends no QUIT when this one's close button is
            # pressed (only when the last window closes), so the close is taken from here.
            self.close_window()
            return
        if event.type == pygame.VIDEORESIZE and not self.settings.fullscreen:
            self.settings.width, self.settings.height = event.w, event.h
            self.window = pygame.display.set_mode(
                (max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h)), pygame.RESIZABLE
            )
            self.save_settings()
            self.rebuild()
            return
        self.route(event)

    def stage_action(self, name: str) -> bool:
        if name == "fullscreen":
            self.toggle_fullscreen()
            return True
        if name == "console_window":
            self.nav.toggle_console_window()
            return True
        if name == "room_window":
            self.nav.toggle_room_window()
            return True
        return super().stage_action(name)

    def run(self, frames: int | None = None, seconds: float | None = None) -> int:
        """Run until the player quits, or after ``frames`` frames / ``seconds`` seconds."""
        import time

        deadline = None if seconds is None else time.monotonic() + seconds
        count = 0
        while self.running and self.stack:
            self.frame()
            count += 1
            if frames is not None and count >= frames:
                break
            if deadline is not None and time.monotonic() >= deadline:
                break
        self.close_console_window()
        self.close_room_window()
        return 0


#: ``App.pointer_in`` while the mouse is over none of the game's windows.
OUTSIDE = "outside"
#: Events that say which window the mouse is over.
POINTER_EVENTS = (
    pygame.MOUSEMOTION,
    pygame.MOUSEBUTTONDOWN,
    pygame.MOUSEBUTTONUP,
    pygame.MOUSEWHEEL,
    pygame.WINDOWENTER,
)
