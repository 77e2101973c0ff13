"""The in-game menu (Esc on the main screen): resume, save, load, settings, quit to title."""

from __future__ import annotations

import pygame

from game.ui.results import TO_TITLE, Confirmed, MenuChoice
from game.ui.screens.base import Screen


class GameMenu(Screen):
    """A modal over the main screen; 'save' is returned to the main screen as a result."""

    modal = True
    scopes = ("lists",)
    title = "Menu"

    def __init__(self, app, game) -> None:
        super().__init__(app)
        self.game = game

    def build(self) -> None:
        w, h = self.app.size
        bw, bh, gap = self.s(280), self.s(44), self.s(10)
        items = [
            ("Resume  [Esc]", lambda: self.app.pop(None), "@primary"),
            ("Save game  [Ctrl+S]", lambda: self.app.pop(MenuChoice.SAVE), None),
            ("Load game", self.load, None),
            ("Settings", self.settings, None),
            ("Help  [F1]", self.help, None),
            ("Quit to title", self.quit_to_title, "@danger"),
        ]
        total = len(items) * (bh + gap)
        self.box = pygame.Rect(0, 0, bw + self.s(60), total + self.s(104))
        self.box.center = (w // 2, h // 2)
        y = self.box.y + self.s(64)
        for text, callback, cls in items:
            self.button(
                pygame.Rect(self.box.centerx - bw // 2, y, bw, bh),
                text,
                cls=cls,
                on=callback,
                ring=True,
            )
            y += bh + gap
        self.focus_ring[0].select()

    def load(self) -> None:
        self.app.nav.replace("load")

    def settings(self) -> None:
        self.app.nav.replace("settings")

    def help(self) -> None:
        self.app.nav.replace("help", ("main",), self.app.guide())

    def quit_to_title(self) -> None:
        """Back to the title; asks first when this turn's orders are not in any save."""
        if self.game.unsaved:
            question = "Leave this game? The orders you gave this turn are not saved."
            self.app.nav.push("confirm", question, "Leave", "Stay", TO_TITLE)
            return
        self.app.nav.to_title()

    def resume(self, result) -> None:
        if result == Confirmed(TO_TITLE):
            self.app.nav.to_title()

    def unsaved(self) -> bool:
        return self.game.unsaved

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.panel(surface, self.box, None)
        self.text(
            surface,
            "Game menu",
            (self.box.centerx, self.box.y + self.s(20)),
            22,
            self.colours.bright,
            True,
            anchor="midtop",
        )
        self.text(
            surface,
            "Your game is autosaved at every turn.",
            (self.box.centerx, self.box.bottom - self.s(14)),
            12,
            self.colours.muted,
            anchor="midbottom",
        )
