"""The turn report, opened right after End Turn: what changed and why.

Two scrollable columns drawn by us (``richtext.ScrollText``): the turn's news on the left,
the player's figures, the reasons behind each change and the race on the right (see
``game.ui.report``). The wheel scrolls the column under the mouse; Up/Down and Page Up/Down
scroll that column, or else the longer one; Enter or Esc closes the report.
"""

from __future__ import annotations

import pygame

from game.ui.report import changes_lines, happened_lines
from game.ui.richtext import ScrollText
from game.ui.screens.base import Screen


class TurnReportScreen(Screen):
    """A modal over the main screen; Enter or Esc closes it."""

    modal = True
    scopes = ("lists",)
    title = "Report"

    def __init__(self, app, game, player: int) -> None:
        super().__init__(app)
        self.game = game
        self.player = player
        self.columns: list[ScrollText] = []

    def open(self) -> None:
        # Every report (one person's, or each person's in turn at the hot seat) opens here.
        self.app.sound.report(self.game, self.player)

    def build(self) -> None:
        w, h = self.app.size
        box = pygame.Rect(0, 0, min(w - self.s(40), self.s(1080)), min(h - self.s(40), self.s(620)))
        box.center = (w // 2, h // 2)
        self.box = box
        top = box.y + self.s(60)
        col = (box.w - self.s(60)) // 2
        height = box.bottom - self.s(70) - top
        scale, colours = self.app.scale, self.colours
        self.columns = [
            ScrollText(
                pygame.Rect(box.x + self.s(20), top, col, height),
                happened_lines(self.game, self.player),
                scale,
                colours,
            ),
            ScrollText(
                pygame.Rect(box.x + self.s(40) + col, top, col, height),
                changes_lines(self.game, self.player),
                scale,
                colours,
            ),
        ]
        self.button(
            pygame.Rect(box.right - self.s(220), box.bottom - self.s(56), self.s(200), self.s(42)),
            "Continue  [Enter]",
            cls="@primary",
            on=lambda: self.app.pop(None),
            ring=True,
        )

    def handle(self, event: pygame.event.Event) -> bool:
        for column in self.columns:
            if column.handle(event):
                return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            if self.columns:
                self.keyed_column().page(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        return super().handle(event)

    def keyed_column(self) -> ScrollText:
        """The column the keys scroll: the one under the mouse if it scrolls, else the
        longest (a short column cannot move, and keys that do nothing look broken)."""
        mouse = pygame.mouse.get_pos()
        for column in self.columns:
            if column.rect.collidepoint(mouse) and column.max_offset:
                return column
        return max(self.columns, key=lambda c: c.max_offset)

    def action_confirm(self) -> None:
        self.app.pop(None)

    def action_back(self) -> None:
        self.app.pop(None)

    def _scroll(self, step: int) -> bool:
        if not self.columns:
            return False
        self.keyed_column().scroll(self.s(40) * step)
        return True

    def action_prev(self) -> bool:
        return self._scroll(-1)

    def action_next(self) -> bool:
        return self._scroll(1)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.panel(surface, self.box, None)
        g = self.game
        self.text(
            surface,
            f"Turn report  ·  {g.date(g.turn - 1)} → {g.date()}",
            (self.box.x + self.s(20), self.box.y + self.s(18)),
            22,
            self.colours.bright,
            True,
        )
        hint = (
            "Scroll with the wheel or Page Up/Down"
            if any(c.max_offset for c in self.columns)
            else ""
        )
        if hint:
            self.text(
                surface,
                hint,
                (self.box.x + self.s(20), self.box.bottom - self.s(36)),
                13,
                self.colours.muted,
            )
        for column in self.columns:
            column.draw(surface)
