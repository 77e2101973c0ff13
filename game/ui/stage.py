"""A stage: one drawing surface with its own pygame_gui manager, screen stack and messages.

Spec card:
    Who: the game window (``app.App``) and the facilitator's console in its own OS window
        (``console_window.ConsoleWindow``) are both stages, so a screen runs the same in
        either: it asks its stage for ``manager``, ``size``, ``s()``, ``push``/``pop`` and
        ``notify`` and never knows which window it is in.
    Scale: Auto (the default) fits the 1280x720 design to the surface (1.5 at 1920x1080); a
        chosen scale is absolute (1.5 draws the design half as large again on any surface),
        capped where the surface would hold less than ``LOGICAL_MIN`` unscaled pixels
        (``fit_scale``).
    Stack: only the top screen's widgets are live; a modal pushed on top gets a picture of
        the screen below as its backdrop and returns its result to it via ``pop(result)``.
    Pointer: with two windows, SDL reports the mouse relative to the window it is over; a
        stage's manager sees the pointer only while it is over that stage's window
        (``pointer_here``), and screens draw hover cards at ``pointer()``, which is far away
        while the mouse is over another window, so the projector shows no hover from the
        teacher's laptop.
    Cut text: a text the top screen draws shortened with "…" (``widgets.draw_text`` with a
        width, ``widgets.draw_lines``) is noted while it draws; hovering it shows it whole,
        so nothing a player reads is cut silently.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from game.ui import keys
from game.ui import theme as th
from game.ui.settings import DESIGN_SIZE, PROJECTOR_SCALE, SCALES, auto_scale
from game.ui.widgets import cuts_on, draw_tooltip, fit, wrap

BASE_SIZE = DESIGN_SIZE
#: The smallest window, in unscaled pixels, every screen is laid out for (1280x720 at 150%):
#: below it the map and the Moon panel have no height left and the top bar's figures are
#: cut. A scale that would leave less than this is capped (Settings says so and why).
LOGICAL_MIN = (852, 480)
#: Where a manager is told the pointer is while it is over another window.
AWAY = (-10_000, -10_000)


def scale_limit(size: tuple[int, int]) -> float:
    """The largest scale a surface of ``size`` holds (``LOGICAL_MIN`` unscaled pixels left),
    in steps of 5% (150% at 1280x720, 225% at 1920x1080, 300% at 2560x1440).

    This is what the surface holds, not what is offered: the choices end at ``SCALES[-1]``
    (200%), and Settings names the smaller of the two."""
    w, h = size
    return int(min(w / LOGICAL_MIN[0], h / LOGICAL_MIN[1]) * 20 + 1e-6) / 20


def fit_scale(size: tuple[int, int], setting: float | None) -> tuple[float, float, bool]:
    """The UI scale for a surface of ``size`` and the player's ``setting`` (None: Auto).

    Auto fits the design to the surface (``settings.auto_scale``) and is never capped; a
    chosen scale is drawn as it is, up to what the surface holds.

    Returns:
        (scale, the largest scale this surface holds, whether ``setting`` was capped).
    """
    most = scale_limit(size)
    if setting is None:
        return auto_scale(size), most, False
    return min(setting, most), most, setting > most + 1e-9


def projector_scale(size: tuple[int, int]) -> float:
    """Projector mode's scale for a surface of ``size``: the offered scale nearest to a
    quarter larger than Auto, and at least ``PROJECTOR_SCALE``."""
    wanted = auto_scale(size) * 1.25
    return max(PROJECTOR_SCALE, min(SCALES, key=lambda v: abs(v - wanted)))


class StageManager(pygame_gui.UIManager):
    """A manager that sees the mouse only while it is over its own window."""

    def __init__(self, *args, pointer_here=None, **kwargs) -> None:
        self.pointer_here = pointer_here
        super().__init__(*args, **kwargs)

    def _update_mouse_position(self) -> None:
        # pygame_gui polls pygame.mouse.get_pos() for hover; with a second window open that
        # position may belong to the other window.
        if self.pointer_here is None or self.pointer_here():
            super()._update_mouse_position()
        else:
            self.mouse_position = AWAY


class Stage:
    """A surface, its manager and its stack of screens."""

    #: True for a stage in a window of its own beside the game window.
    detached = False

    def __init__(self, settings) -> None:
        self.settings = settings
        #: Opens screens by name on this stage (set by the subclass).
        self.nav: Any = None
        self.window: pygame.Surface | None = None
        self.manager: pygame_gui.UIManager | None = None
        self.stack: list = []
        self.scale = 1.0
        self.scale_limit = 1.0
        self.scale_capped = False
        #: Keys down now (a second KEYDOWN for one of them is a key repeat).
        self.held: set[int] = set()
        self.toast: tuple[str, float, bool] | None = None
        #: Where the last message was drawn (tests check it covers no text).
        self.toast_rect: pygame.Rect | None = None
        #: Texts the top screen drew shortened with "…" last frame: (rect, whole text).
        self.cuts: list[tuple[pygame.Rect, str]] = []

    # --------------------------------------------------------------- surface
    @property
    def size(self) -> tuple[int, int]:
        return (
            self.window.get_size() if self.window else (self.settings.width, self.settings.height)
        )

    @property
    def colours(self) -> th.Colours:
        return th.colours(self.settings.high_contrast)

    def s(self, px: float) -> int:
        """A length in pixels at 1280x720 and scale 1, scaled for this surface and setting."""
        return round(px * self.scale)

    def open_window(self) -> None:
        """Make ``self.window`` (a stage that draws somewhere must say where)."""
        raise NotImplementedError

    def pointer_here(self) -> bool:
        """Whether the mouse is over this stage's window."""
        return True

    def pointer(self) -> tuple[int, int]:
        """Where the mouse is on this stage's window, or ``AWAY`` while it is elsewhere.

        SDL gives the mouse's position relative to the window it is over, so another
        window's position would land on this one's map and buttons: screens ask here for
        their hover cards and highlights, never ``pygame.mouse.get_pos()``.
        """
        return pygame.mouse.get_pos() if self.pointer_here() else AWAY

    def rebuild(self) -> None:
        """New manager (theme at the current scale) and fresh widgets for the top screen."""
        self.scale, self.scale_limit, self.scale_capped = fit_scale(self.size, self.settings.scale)
        if self.manager is not None:
            self.manager.clear_and_reset()
        self.manager = StageManager(
            self.size,
            th.gui_theme(self.scale, self.settings.high_contrast),
            False,
            pointer_here=self.pointer_here,
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

    def drop_tooltips(self) -> None:
        """Close every open tooltip: one left open as a screen opens above it would stay
        drawn over the new screen (its widget, hidden under a modal, is never unhovered)."""
        if self.manager is None:
            return
        for element in self.manager.get_sprite_group().sprites():
            tip = getattr(element, "tool_tip", None)
            if tip is not None:
                tip.kill()
                element.tool_tip = None
                element.hover_time = 0.0  # else the next update opens it again

    def push(self, screen) -> None:
        if self.window is None:
            self.open_window()
        if self.top is not None:
            self.drop_tooltips()
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
            self.emptied()
            return
        if self.closes_on(result):
            return
        self.top.reveal()
        self.top.resume(result)

    def emptied(self) -> None:
        """The last screen closed."""

    def closes_on(self, result: Any) -> bool:
        """Whether a modal's ``result`` ends this stage instead of going to the screen below
        (True once it has acted on it)."""
        return False

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

    def notify(self, text: str, error: bool = False, seconds: float = 3.5) -> None:
        """A short message shown at the bottom of this stage."""
        self.toast = (text, seconds, error)

    def announce(self, text: str, error: bool = False, seconds: float = 3.5) -> None:
        """A message for the room as well as for whoever looks at this stage."""
        self.notify(text, error, seconds)

    # --------------------------------------------------------------- events
    def stage_action(self, name: str) -> bool:
        """A key action the stage itself answers (before the top screen); True if used."""
        top = self.top
        if name == "help" and not getattr(top, "is_help", False):
            self.nav.push("help", top.scopes, self.guide())
            return True
        return False

    def guide(self) -> list:
        """The Help screen's guide to the game being played (how to win, the tabs), from the
        screen that plays it, under any modal over it; empty outside a game."""
        host = next((s for s in reversed(self.stack) if hasattr(s, "help_topics")), None)
        return host.help_topics() if host is not None else []

    def route(self, event: pygame.event.Event) -> None:
        """An input event for this stage: key repeat, its widgets, then its top screen."""
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
            name = keys.action_for(event, (*top.scopes, "global"))
            if name is not None and (self.stage_action(name) or top.action(name)):
                return
        if not consumed or event.type >= pygame.USEREVENT:
            top.handle(event)

    def _typing(self) -> bool:
        focused = self.manager.get_focus_set() if self.manager else None
        return any(
            isinstance(element, pygame_gui.elements.UITextEntryLine) for element in focused or ()
        )

    # --------------------------------------------------------------- drawing
    def paint(self, dt: float) -> None:
        """Update and draw this stage's screen, widgets and message onto its surface."""
        self.manager.update(dt)
        top = self.top
        if top is not None:
            top.update(dt)
            with cuts_on(self.window) as self.cuts:
                top.draw(self.window)
        self.manager.draw_ui(self.window)
        if top is not None:
            top.draw_overlay(self.window)
        self._draw_toast(dt)
        self._draw_whole_text()

    def _draw_whole_text(self) -> None:
        """Hovering a text drawn shortened with "…" shows it whole: nothing is cut silently."""
        pointer = self.pointer()
        whole = next((text for rect, text in reversed(self.cuts) if rect.collidepoint(pointer)), "")
        if not whole or (self.toast_rect is not None and self.toast_rect.collidepoint(pointer)):
            return
        lines = wrap(whole, th.font(self.s(13)), min(self.s(460), self.size[0] * 2 // 3))
        draw_tooltip(self.window, lines, self.scale, pointer, plain=True)

    def _draw_toast(self, dt: float) -> None:
        """The message, at the top screen's anchor, inside the window: one too wide for it
        wraps (three lines at most, the last ending in "…"). ``toast_rect`` is where it was
        drawn this frame, None once it is gone (hit tests must not see a faded message)."""
        self.toast_rect = None
        if not self.toast:
            return
        text, left, error = self.toast
        left -= dt
        if left <= 0:
            self.toast = None
            return
        self.toast = (text, left, error)
        face = th.font(self.s(15), True)
        pad_x, pad_y, margin = self.s(14), self.s(8), self.s(8)
        room = self.size[0] - 2 * (margin + pad_x)
        # A screen may say where a message covers nothing being read (the main screen: the
        # foot of the map, not the advisers' and offers' text below it), or the room it has
        # (the turn report: its foot, left of Continue), where a long message is shortened.
        place = getattr(self.top, "toast_anchor", None)
        anchor = place() if callable(place) else (self.size[0] // 2, self.size[1] - self.s(70))
        if isinstance(anchor, pygame.Rect):
            lines = [fit(text, face, anchor.w - 2 * pad_x)]
            anchor = (anchor.centerx, anchor.bottom - pad_y)
        else:
            lines = wrap(text, face, room) or [text]
            if len(lines) > 3:
                lines = [*lines[:2], fit(" ".join(lines[2:]), face, room)]
        images = [face.render(line, True, (255, 255, 255)) for line in lines]
        step = face.get_linesize()
        box = pygame.Rect(0, 0, max(i.get_width() for i in images) + 2 * pad_x, 0)
        box.h = step * (len(images) - 1) + images[-1].get_height() + 2 * pad_y
        box.midbottom = (anchor[0], anchor[1] + pad_y)
        # centred on a screen's anchor, a long message ran off the window's edge at 150%
        box.clamp_ip(pygame.Rect((0, 0), self.size).inflate(-2 * margin, -2 * margin))
        self.toast_rect = box
        colour = (140, 40, 50) if error else (30, 70, 120)
        pygame.draw.rect(self.window, colour, box, border_radius=self.s(8))
        pygame.draw.rect(self.window, (255, 255, 255), box, 1, border_radius=self.s(8))
        for n, image in enumerate(images):
            self.window.blit(image, image.get_rect(midtop=(box.centerx, box.y + pad_y + n * step)))
