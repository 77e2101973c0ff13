"""The turn report, opened right after End Turn: what changed and why.

Two scrollable columns drawn by us (``richtext.ScrollText``): the turn's news on the left,
the player's figures, the reasons behind each change and the race on the right (see
``game.ui.report``). The wheel scrolls the column under the mouse; Up/Down and Page Up/Down
scroll that column, or, with the mouse over neither, both columns together (each stops at
its own end: keys moved only the right column while the left one was being read); Enter or
Esc closes the report. A message raised by End Turn (an autosave's notice) or while the report
is open (a failed autosave) is drawn here, in its foot left of Continue, in two lines at most:
a longer one ends in "…" and shows whole on hover (the stage's own toast is cut to one line
and shows no hover).
"""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.report import changes_lines, happened_lines
from game.ui.richtext import ScrollText
from game.ui.screens.base import Screen
from game.ui.widgets import draw_lines, wrap


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
        #: The message in the foot: (text, seconds left, error), and where it was drawn.
        self.message: tuple[str, float, bool] | None = None
        self.message_rect: pygame.Rect | None = None

    def open(self) -> None:
        # Every report (one person's, or each person's in turn at the hot seat) opens here.
        self.app.sound.report(self.game, self.player)
        # A message showing now was raised by End Turn (an autosave's notice, a failed
        # autosave): it is this turn's and moves into the report's foot (``update``). The
        # stale ones from before End Turn were cleared there (``Navigator.end_turn``).

    def update(self, dt: float) -> None:
        # the stage's message, taken before the stage draws it, counts down here
        if self.app.toast is not None:
            self.message, self.app.toast = self.app.toast, None
        if self.message is not None:
            text, left, error = self.message
            self.message = (text, left - dt, error) if left > dt else None

    def toast_anchor(self) -> pygame.Rect:
        """Messages go in the report's foot, left of Continue, where the scroll hint was:
        they never cover the report's text."""
        continue_x = self.box.right - self.s(220)
        return pygame.Rect(
            self.box.x + self.s(12),
            self.box.bottom - self.s(62),
            continue_x - self.s(12) - self.box.x - self.s(12),
            self.s(54),
        )

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
            for column in self.keyed_columns():
                column.page(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        return super().handle(event)

    def keyed_columns(self) -> list[ScrollText]:
        """The columns the keys scroll: the one under the mouse if it scrolls, else every
        column that scrolls (a short column cannot move; each stops at its own end)."""
        mouse = self.app.pointer()
        for column in self.columns:
            if column.rect.collidepoint(mouse) and column.max_offset:
                return [column]
        return [column for column in self.columns if column.max_offset]

    def action_confirm(self) -> None:
        self.app.pop(None)

    def action_back(self) -> None:
        self.app.pop(None)

    def _scroll(self, step: int) -> bool:
        if not self.columns:
            return False
        for column in self.keyed_columns():
            column.scroll(self.s(40) * step)
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
            if any(c.max_offset for c in self.columns) and self.message is None
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
        self.draw_message(surface)

    def draw_message(self, surface: pygame.Surface) -> None:
        """The message in the report's foot, wrapped in two lines at most; a longer one ends
        in "…" and shows whole on hover."""
        self.message_rect = None
        if self.message is None:
            return
        text, _left, error = self.message
        foot, pad = self.toast_anchor(), self.s(10)
        face = th.font(self.s(14), True)
        step = face.get_linesize()
        lines = wrap(text, face, foot.w - 2 * pad)[:2]
        box = pygame.Rect(0, 0, max(face.size(line)[0] for line in lines) + 2 * pad, 0)
        box.h = len(lines) * step + self.s(12)
        box.midbottom = foot.midbottom
        colour = (140, 40, 50) if error else (30, 70, 120)
        pygame.draw.rect(surface, colour, box, border_radius=self.s(8))
        pygame.draw.rect(surface, (255, 255, 255), box, 1, border_radius=self.s(8))
        top = box.y + self.s(6)
        end = top + len(lines) * step
        draw_lines(
            surface,
            text,
            (box.x + pad, top),
            self.s(14),
            (255, 255, 255),
            True,
            box.w - 2 * pad,
            end,
            2,
            step,
        )
        self.message_rect = box
