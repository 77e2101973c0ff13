"""The application: a lazy window, the screen stack and the loop.

Spec card:
    Loop: tick -> events -> update -> draw -> flip, one ``frame()`` at a time, so tests drive
        it headless (SDL dummy driver) by posting events and calling ``frame()``.
    Window: created lazily on the first frame; resizable; F11 toggles fullscreen. The UI scale
        is the player's setting times the window's size relative to 1280x720, so text stays
        legible at 1920x1080 and on projectors; it is capped where the window would hold less
        than ``LOGICAL_MIN`` unscaled pixels (``scale_capped``, shown by Settings).
    Stack: only the top screen's widgets are live; a modal pushed on top gets a picture of
        the screen below as its backdrop (whose widgets are hidden, not destroyed), and returns
        its result to it via ``pop(result)``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pygame
import pygame_gui

from game import safeio
from game.paths import user_dir
from game.session.library import Library
from game.ui import keys
from game.ui import theme as th
from game.ui.navigator import Navigator
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.widgets import draw_moon

BASE_SIZE = (1280, 720)
MIN_SIZE = (960, 540)
#: The smallest window, in unscaled pixels, the main screen is laid out for: below it the map
#: and the Moon panel have no height left and the top bar's figures are cut. A scale that
#: would leave less than this is capped (Settings says so).
LOGICAL_MIN = (1024, 576)


def display_problem() -> str | None:
    """Why no window can open here, or None when a display looks available."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no display found (DISPLAY and WAYLAND_DISPLAY are not set)"
    return None


class App:
    """Owns the window, the pygame_gui manager, the settings and the screen stack."""

    def __init__(
        self,
        settings: Settings | None = None,
        size: tuple[int, int] | None = None,
        persist_settings: bool = True,
    ) -> None:
        self.settings = settings or load_settings()
        if size:
            self.settings.width, self.settings.height = size
        self.persist_settings = persist_settings
        self.window: pygame.Surface | None = None
        self.manager: pygame_gui.UIManager | None = None
        self.stack: list = []
        self.running = True
        self.clock: pygame.time.Clock | None = None
        self.scale = 1.0
        #: Keys down now (a second KEYDOWN for one of them is a key repeat).
        self.held: set[int] = set()
        self.scale_limit = 1.0
        self.scale_capped = False
        self.toast: tuple[str, float, bool] | None = None
        #: Where the last message was drawn (tests check it covers no text).
        self.toast_rect: pygame.Rect | None = None
        self.last_frame_ms = 0.0
        #: Internal errors the player was told about (a failed turn); tests assert it is empty.
        self.errors: list[Exception] = []
        self.services = Library()
        #: Opens screens by name (the only place that knows them) and runs the turn flow.
        self.nav = Navigator(self)
        # Saves and settings interrupted by a crash or a kill left temporary files behind.

        for folder in {user_dir(), self.services.saves_folder()}:
            safeio.clean_temp_files(folder)
        if self.settings.notice:
            self.notify(self.settings.notice, error=True, seconds=8)

    # --------------------------------------------------------------- window
    @property
    def size(self) -> tuple[int, int]:
        return (
            self.window.get_size() if self.window else (self.settings.width, self.settings.height)
        )

    @property
    def colours(self) -> th.Colours:
        return th.colours(self.settings.high_contrast)

    def s(self, px: float) -> int:
        """A length in pixels at 1280x720 and scale 1, scaled for this window and setting."""
        return round(px * self.scale)

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

    def toggle_fullscreen(self) -> None:
        self.settings.fullscreen = not self.settings.fullscreen
        self.save_settings()
        self._set_mode()

    def apply_settings(self) -> None:
        """Rebuild everything after a settings change."""
        self.save_settings()
        self._set_mode()

    def save_settings(self) -> None:
        if self.persist_settings:
            save_settings(self.settings)

    def rebuild(self) -> None:
        """New manager (theme at the current scale) and fresh widgets for the top screen."""
        w, h = self.size
        fit = max(0.75, min(w / BASE_SIZE[0], h / BASE_SIZE[1], 3.0))
        most = min(w / LOGICAL_MIN[0], h / LOGICAL_MIN[1])
        #: The largest interface-scale setting this window holds (1.0 = 100%).
        self.scale_limit = max(1.0, most / fit)
        wanted = fit * self.settings.scale
        self.scale_capped = wanted > most + 1e-9
        self.scale = round(min(wanted, max(fit, most)) * 20) / 20
        if self.manager is not None:
            self.manager.clear_and_reset()
        self.manager = pygame_gui.UIManager(
            (w, h), th.gui_theme(self.scale, self.settings.high_contrast), False
        )
        fonts = self.manager.get_theme().get_font_dictionary()
        missing = [
            f
            for f in th.gui_fonts(self.scale, self.settings.high_contrast)
            if not fonts.check_font_preloaded(
                fonts.create_font_id(
                    f["point_size"], f["name"], f["style"] == "bold", f["style"] == "italic"
                )
            )
        ]
        self.manager.preload_fonts(missing)
        if self.stack:
            self.stack[-1].rebuild()

    # --------------------------------------------------------------- stack
    @property
    def top(self):
        return self.stack[-1] if self.stack else None

    def push(self, screen) -> None:
        if self.window is None:
            self.open_window()
        if self.top is not None:
            if screen.modal and self.window is not None:
                # A fresh picture of the screen below (it may not have been drawn yet), with
                # its widgets (hidden when one modal replaced another, e.g. menu -> load).
                below = self.top
                if below.root is None or not below.root.visible:
                    below.reveal()
                self.top.draw(self.window)
                self.manager.update(0.0)
                self.manager.draw_ui(self.window)
                screen.backdrop = self.window.copy()
            if screen.modal:
                self.top.suspend()
            else:
                self.top.teardown()
        self.stack.append(screen)
        screen.open()
        if self.stack and self.stack[-1] is screen:
            screen.rebuild()

    def pop(self, result: Any = None) -> None:
        if not self.stack:
            return
        self.stack.pop().teardown()
        if not self.stack:
            self.running = False
            return
        self.top.reveal()
        self.top.resume(result)

    def replace(self, screen) -> None:
        """Swap the top screen for another (no result is returned)."""
        if self.stack:
            self.stack.pop().teardown()
        self.push(screen)

    def reset_to(self, screen) -> None:
        """Clear the stack down to its bottom screen and push ``screen`` on it."""
        while len(self.stack) > 1:
            self.stack.pop().teardown()
        self.push(screen)

    def quit(self) -> None:
        self.running = False

    def notify(self, text: str, error: bool = False, seconds: float = 3.5) -> None:
        """A short message shown at the bottom of the window."""
        self.toast = (text, seconds, error)

    # --------------------------------------------------------------- loop
    def frame(self, dt: float | None = None) -> None:
        """One iteration: events, update, draw, flip."""
        if self.window is None:
            self.open_window()
        start = pygame.time.get_ticks()
        if dt is None:
            dt = self.clock.tick(60) / 1000.0
        for event in pygame.event.get():
            self.dispatch(event)
            if not self.running:
                return
        self.manager.update(dt)
        top = self.top
        if top is not None:
            top.update(dt)
            top.draw(self.window)
        self.manager.draw_ui(self.window)
        if top is not None:
            top.draw_overlay(self.window)
        self._draw_toast(dt)
        pygame.display.flip()
        self.last_frame_ms = float(pygame.time.get_ticks() - start)

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE and not self.settings.fullscreen:
            self.settings.width, self.settings.height = event.w, event.h
            self.window = pygame.display.set_mode(
                (max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h)), pygame.RESIZABLE
            )
            self.save_settings()
            self.rebuild()
            return
        if event.type == pygame.KEYUP:
            self.held.discard(event.key)
        if event.type == pygame.WINDOWFOCUSLOST:
            self.held.clear()  # keys released in another window send us no KEYUP
        if event.type == pygame.KEYDOWN:
            # A KEYDOWN for a key already down is the OS's key repeat: a held Return must not
            # press the next screen's default button when it opens (pickers take longer to
            # build than the repeat delay). Text fields and list walking still repeat.
            repeat = event.key in self.held
            self.held.add(event.key)
            if repeat and not self._typing():
                name = keys.action_for(event, (*self.top.scopes, "global")) if self.top else None
                if name not in keys.REPEATABLE:
                    return
        consumed = self.manager.process_events(event)
        top = self.top
        if top is None:
            return
        if event.type == pygame.KEYDOWN and not self._typing():
            scopes = (*top.scopes, "global")
            name = keys.action_for(event, scopes)
            if name == "fullscreen":
                self.toggle_fullscreen()
                return
            if name == "help" and not getattr(top, "is_help", False):
                self.nav.push("help", top.scopes)
                return
            if name is not None and top.action(name):
                return
        if not consumed or event.type >= pygame.USEREVENT:
            top.handle(event)

    def _typing(self) -> bool:
        focused = self.manager.get_focus_set() if self.manager else None
        return any(
            isinstance(element, pygame_gui.elements.UITextEntryLine) for element in focused or ()
        )

    def _draw_toast(self, dt: float) -> None:
        if not self.toast:
            return
        text, left, error = self.toast
        left -= dt
        if left <= 0:
            self.toast = None
            return
        self.toast = (text, left, error)
        face = th.font(self.s(15), True)
        image = face.render(text, True, (255, 255, 255))
        # A screen may say where a message covers nothing being read (the main screen: the
        # foot of the map, not the advisers' and offers' text below it).
        place = getattr(self.top, "toast_anchor", None)
        anchor = place() if callable(place) else (self.size[0] // 2, self.size[1] - self.s(70))
        rect = image.get_rect(midbottom=anchor)
        self.toast_rect = rect.inflate(self.s(28), self.s(16))
        box = self.toast_rect
        colour = (140, 40, 50) if error else (30, 70, 120)
        pygame.draw.rect(self.window, colour, box, border_radius=self.s(8))
        pygame.draw.rect(self.window, (255, 255, 255), box, 1, border_radius=self.s(8))
        self.window.blit(image, rect)

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
        return 0
