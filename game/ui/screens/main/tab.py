"""The protocol of a tab of the main screen: one class per tab, each with its own state.

Spec card:
    A tab builds its widgets into the host's container (``build``), draws its panels
    (``draw``), answers the pygame_gui events of its own widgets (``handle``) and offers key
    actions as ``action_<name>`` methods, which the host tries before its own. Tabs never
    reach into each other: what one tab asks of another goes through the host
    (``MainScreen.offer_to``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.ui.screens.main.host import MainScreen


class Tab:
    """One tab of the main screen (the lower two panels while it is chosen)."""

    key = ""
    caption = ""
    shortcut = ""
    #: Share of the window's width the left panel takes while this tab is shown (None:
    #: the map's, so the right panel lines up with the Moon panel above it).
    left_share: float | None = None

    def __init__(self, host: MainScreen) -> None:
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
