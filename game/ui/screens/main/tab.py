"""The protocol of a tab of the main screen: one class per tab, each with its own state.

Spec card:
    A tab builds its widgets into the host's container (``build``), draws its panels
    (``draw``), answers the pygame_gui events of its own widgets (``handle``) and offers key
    actions as ``action_<name>`` methods, which the host tries before its own. Tabs never
    reach into each other: what one tab asks of another goes through the host
    (``MainScreen.offer_to``).
"""

from __future__ import annotations

from typing import Any, Protocol

import pygame
import pygame_gui
from pygame_gui.core import UIContainer

from game.engine import state as st
from game.session.match import Match
from game.session.orders import Draft
from game.ui import theme as th
from game.ui.screens.main.outlook import Outlook
from game.ui.shell import Shell


class TabHost(Protocol):
    """What a tab (and the top bar) may use of the main screen that hosts it.

    ``MainScreen`` is the one implementation; naming it here would make host -> tab -> host
    a cycle, if only for a type checker.
    """

    @property
    def app(self) -> Shell: ...
    @property
    def game(self) -> Match: ...
    @property
    def player(self) -> int: ...
    @property
    def selected(self) -> int: ...  # the nation shown on the map and the Relations tab
    @property
    def tab(self) -> str: ...  # the key of the chosen tab
    @property
    def draft(self) -> Draft: ...
    @property
    def outlook(self) -> Outlook: ...  # the race forecast and the advisers' comparisons
    @property
    def state(self) -> st.State: ...
    @property
    def root(self) -> UIContainer | None: ...
    @property
    def left_rect(self) -> pygame.Rect: ...
    @property
    def right_rect(self) -> pygame.Rect: ...
    @property
    def top_rect(self) -> pygame.Rect: ...
    @property
    def end_button(self) -> pygame_gui.elements.UIButton: ...
    @property
    def colours(self) -> th.Colours: ...
    def s(self, px: float) -> int: ...
    def text(
        self, surface: pygame.Surface, text: str, pos: Any, *args: Any, **kwargs: Any
    ) -> Any: ...
    def label(
        self, rect: pygame.Rect, text: str, cls: str | None = None, container: Any = None
    ) -> pygame_gui.elements.UILabel: ...
    def textbox(
        self, rect: pygame.Rect, html: str, cls: str | None = None, container: Any = None
    ) -> pygame_gui.elements.UITextBox: ...
    def button(
        self, rect: pygame.Rect, text: str, *args: Any, **kwargs: Any
    ) -> pygame_gui.elements.UIButton: ...
    def dropdown(
        self, options: list, start: Any, rect: pygame.Rect, container: Any = None
    ) -> Any: ...
    def draw_heading(self, surface: pygame.Surface, rect: pygame.Rect, text: str) -> None: ...
    def rebuild(self) -> None: ...
    def offer_to(self, nation: int) -> None: ...
    def advise(self, what: str, *args: Any, **kwargs: Any) -> list[tuple[str, str]]: ...


class Tab:
    """One tab of the main screen (the lower two panels while it is chosen)."""

    key = ""
    caption = ""
    shortcut = ""
    #: Share of the window's width the left panel takes while this tab is shown (None:
    #: the map's, so the right panel lines up with the Moon panel above it).
    left_share: float | None = None

    def __init__(self, host: TabHost) -> None:
        self.host = host

    def label(self) -> str:
        """The tab button's text (a tab with something waiting adds a count)."""
        return self.caption

    def build(self) -> None:
        """Create this tab's widgets (the host has laid out ``left_rect``/``right_rect``)."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw this tab's panels' contents (the host drew the panels)."""

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Draw what lies over every widget (a hovered row's tooltip)."""

    def handle(self, event: pygame.event.Event) -> bool:
        """A pygame_gui event of this tab's widgets; True if used."""
        return False

    def new_selection(self) -> bool:
        """The selected nation changed: True when this tab shows it (the host rebuilds)."""
        return False

    def new_turn(self) -> bool:
        """The same person plays on after End Turn: update in place if this tab can (True),
        else the host rebuilds."""
        return False

    def view_buttons(self, views, chosen: str, show, right: int) -> int:
        """One button per right-panel view ((key, text, tip) in ``views``) ending at ``right``
        on the panel's top row, each as wide as its word, ``chosen`` lit; a click calls
        ``show(key)``. Returns where the buttons start (a heading stops short of them)."""
        s = self.host.s
        x = right
        for view, text, tip in reversed(views):
            bw = th.font(s(15)).size(text)[0] + s(20)
            x -= bw
            self.host.button(
                pygame.Rect(x, self.host.right_rect.y + s(4), bw, s(24)),
                text,
                cls="@primary" if chosen == view else None,
                tip=tip,
                on=lambda v=view: show(v),
            )
            x -= s(4)
        return x
