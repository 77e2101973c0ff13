"""The screen protocol: screens form a stack; the top one is live, modals return results.

Spec card:
    Lifecycle: ``open()`` once when pushed; ``build()`` whenever it becomes the top screen or
        the window/theme changes (widgets live in ``self.root``, a container the app kills on
        ``teardown()``); ``resume(result)`` when a modal above it closes with a result.
        Under a modal the widgets are only hidden (``suspend()``) and shown again when it
        closes, unless the theme changed meanwhile: rebuilding a busy screen costs tens of ms.
    Loop: the app calls ``handle(event)`` for each event, ``update(dt)``, then ``draw(surface)``
        before pygame_gui draws the widgets on top.
    Data flow: screens read the game through their constructor arguments and report upward by
        returning results (``app.pop(result)``); they never reach into sibling screens.
"""

from __future__ import annotations

import abc
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID, UIContainer

from game.ui import theme as th
from game.ui.shell import Shell
from game.ui.widgets import draw_panel, draw_text, dropdown, row_of, select_row


class Screen:
    """Base class of every screen."""

    #: Modal screens draw over a dimmed picture of the screen below them.
    modal = False
    #: Key-binding scopes (besides "global") active on this screen.
    scopes: tuple[str, ...] = ()
    title = ""

    def __init__(self, app: Shell) -> None:
        self.app = app
        self.root: UIContainer | None = None
        self.backdrop: pygame.Surface | None = None
        self.callbacks: dict[object, Any] = {}
        #: Buttons that Up/Down/Enter walk through, in order (keyboard reachability).
        self.focus_ring: list[pygame_gui.elements.UIButton] = []
        self.focus_index = 0
        #: The pygame_gui manager the widgets were built with (a new one means rebuild).
        self.built_with = None

    # --------------------------------------------------------------- lifecycle
    def open(self) -> None:
        """Called once, when the screen is pushed."""

    def build(self) -> None:
        """Create the widgets for the current window size (in ``self.root``)."""

    def resume(self, result: Any) -> None:
        """A modal pushed by this screen closed with ``result`` (a type of ``ui.results``)."""

    def unsaved(self) -> bool:
        """Whether closing the program now would lose something shown on this screen."""
        return False

    def teardown(self) -> None:
        if self.root is not None:
            self.root.kill()
            self.root = None

    def suspend(self) -> None:
        """A modal opens above: hide the widgets, keep them for ``reveal``."""
        if self.root is not None:
            self.root.hide()

    def reveal(self) -> None:
        """The modal above closed: show the kept widgets, or rebuild if they are stale."""
        if self.root is not None and self.root.alive() and self.built_with is self.app.manager:
            self.root.show()
        else:
            self.rebuild()

    def rebuild(self) -> None:
        self.teardown()
        self.callbacks = {}
        self.focus_ring = []
        self.built_with = self.app.manager
        self.root = UIContainer(
            pygame.Rect((0, 0), self.app.size), manager=self.app.manager, starting_height=1
        )
        self.build()

    # --------------------------------------------------------------- loop
    def handle(self, event: pygame.event.Event) -> bool:
        """A raw pygame or pygame_gui event; return True if used."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.callbacks:
            self.callbacks[event.ui_element]()
            return True
        return False

    def action(self, name: str) -> bool:
        """A keyboard action from ``game.ui.keys`` (bindings are data: an action's name picks
        the method ``action_<name>``); True if used. A handler returns False when it had
        nothing to do, so the key is not taken from anyone else."""
        handler = getattr(self, f"action_{name}", None)
        return handler is not None and handler() is not False

    def action_back(self) -> None:
        self.back()

    def action_console(self) -> None:
        """F9 on any screen: the teacher's console (it needs a game on screen)."""
        self.app.nav.open_console()

    def _ring(self) -> list[pygame_gui.elements.UIButton]:
        return [b for b in self.focus_ring if b.alive() and b.is_enabled]

    def _walk(self, step: int) -> bool:
        ring = self._ring()
        if not ring:
            return False
        self.focus_index = (self.focus_index + step) % len(ring)
        for i, b in enumerate(ring):
            b.select() if i == self.focus_index else b.unselect()
        return True

    def action_prev(self) -> bool:
        return self._walk(-1)

    def action_next(self) -> bool:
        return self._walk(1)

    def action_confirm(self) -> bool:
        ring = self._ring()
        if not ring:
            return False
        target = ring[self.focus_index % len(ring)]
        if target not in self.callbacks:
            return False
        self.callbacks[target]()
        return True

    def back(self) -> None:
        self.app.pop(None)

    def update(self, dt: float) -> None:
        """Advance animations; ``dt`` in seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what is ours (widgets are drawn after, on top)."""
        if self.backdrop is not None:
            surface.blit(self._dimmed(surface.get_size()), (0, 0))
        else:
            surface.fill(self.colours.background)

    def _dimmed(self, size: tuple[int, int]) -> pygame.Surface:
        """The backdrop scaled to ``size`` and dimmed, made once per size (not every frame)."""
        cached = getattr(self, "_dim_cache", None)
        if cached is not None and cached[0] == (size, self.backdrop):
            return cached[1]
        image = self.backdrop
        if image.get_size() != size:
            image = pygame.transform.smoothscale(image, size)
        else:
            image = image.copy()
        # pixel * (1 - alpha) + colour * alpha, as two fills (an alpha blit is slower).
        *rgb, alpha = self.colours.dim
        keep = 255 - alpha
        image.fill((keep, keep, keep), special_flags=pygame.BLEND_MULT)
        image.fill(tuple(c * alpha // 255 for c in rgb), special_flags=pygame.BLEND_ADD)
        self._dim_cache = ((size, self.backdrop), image)
        return image

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Draw over the widgets (hover tooltips of our own drawings)."""

    # --------------------------------------------------------------- helpers
    @property
    def colours(self) -> th.Colours:
        return self.app.colours

    def s(self, px: float) -> int:
        return self.app.s(px)

    def button(
        self,
        rect: pygame.Rect,
        text: str,
        cls: str | None = None,
        tip: str | None = None,
        object_id: str | None = None,
        container=None,
        on=None,
        ring: bool = False,
    ) -> pygame_gui.elements.UIButton:
        widget = pygame_gui.elements.UIButton(
            rect,
            text,
            manager=self.app.manager,
            container=container or self.root,
            tool_tip_text=tip,
            object_id=ObjectID(class_id=cls, object_id=object_id),
        )
        if on is not None:
            self.callbacks[widget] = on
        if ring:
            self.focus_ring.append(widget)
        return widget

    def dropdown(self, options: list, start, rect: pygame.Rect, container=None):
        """A drop-down menu that opens towards the room the window has (see ``dropdown``)."""
        return dropdown(
            options,
            start,
            rect,
            self.app.manager,
            container or self.root,
            self.app.size[1],
            self.s(4),
        )

    def label(
        self, rect: pygame.Rect, text: str, cls: str | None = None, container=None
    ) -> pygame_gui.elements.UILabel:
        return pygame_gui.elements.UILabel(
            rect,
            text,
            manager=self.app.manager,
            container=container or self.root,
            object_id=ObjectID(class_id=cls),
        )

    def textbox(
        self, rect: pygame.Rect, html: str, cls: str | None = None, container=None
    ) -> pygame_gui.elements.UITextBox:
        return pygame_gui.elements.UITextBox(
            html,
            rect,
            manager=self.app.manager,
            container=container or self.root,
            object_id=ObjectID(class_id=cls),
        )

    def panel(self, surface: pygame.Surface, rect: pygame.Rect, heading: str | None = None) -> None:
        draw_panel(surface, rect, self.colours, heading, self.s)

    def text(
        self, surface, text, pos, size=15, colour=None, bold=False, anchor="topleft", width=None
    ):
        return draw_text(
            surface, text, pos, self.s(size), colour or self.colours.text, bold, anchor, width
        )


class ListScreen(Screen, abc.ABC):
    """A screen around one selection list (``self.list``): Up/Down move its chosen row,
    wrapping round, instead of walking the buttons, and a click on a row chooses it the same
    way. The screen says how many rows there are and what choosing one shows."""

    list: pygame_gui.elements.UISelectionList | None = None
    index = 0

    @abc.abstractmethod
    def row_count(self) -> int:
        """How many rows the list has."""

    @abc.abstractmethod
    def pick(self, index: int) -> None:
        """Row ``index`` was chosen (by key or click): make it ``self.index`` and show it."""

    def step_row(self, step: int) -> bool:
        """Choose the row ``step`` rows away (wrapping); False when the list is empty."""
        count = self.row_count()
        if not count:
            return False
        index = (self.index + step) % count
        if self.list is not None:
            select_row(self.list, index)
        self.pick(index)
        return True

    def action_prev(self) -> bool:
        return self.step_row(-1)

    def action_next(self) -> bool:
        return self.step_row(1)

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            self.list is not None
            and event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.list
        ):
            row = row_of(self.list, event.text)
            if row is not None:
                self.pick(row)
            return True
        return super().handle(event)
