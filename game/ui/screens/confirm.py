"""A yes-or-no question over the screen that asked it (quitting, leaving an unsaved game)."""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.results import Confirmed
from game.ui.screens.base import Screen
from game.ui.widgets import wrap


class ConfirmScreen(Screen):
    """A modal question; it returns ``Confirmed(answer)`` when the person agrees, None
    otherwise.

    The safe choice comes first in the focus ring, so Enter (or Esc) keeps things as they
    were and only a deliberate click or Down then Enter goes ahead.
    """

    modal = True
    scopes = ("lists",)
    title = "Confirm"

    def __init__(self, app, question: str, yes: str, no: str, answer: str) -> None:
        super().__init__(app)
        self.question = question
        self.yes = yes
        self.no = no
        self.answer = answer

    def build(self) -> None:
        w, h = self.app.size
        bw, bh, gap = self.s(200), self.s(44), self.s(16)
        # The question is measured in the face it is drawn in and wrapped to what the window
        # holds: a guess from its length cut "...are not saved." to "...are not sav…" at 125%.
        face = th.font(self.s(18), True)
        pad = self.s(30)
        widest = w - 2 * self.s(20)
        width = min(widest, max(2 * bw + gap + 2 * pad, face.size(self.question)[0] + 2 * pad))
        self.lines = wrap(self.question, face, width - 2 * pad)
        self.line_h = face.get_linesize()
        self.box = pygame.Rect(0, 0, width, self.s(150) + (len(self.lines) - 1) * self.line_h)
        self.box.center = (w // 2, h // 2)
        y = self.box.bottom - bh - self.s(22)
        left = self.box.centerx - bw - gap // 2
        self.button(
            pygame.Rect(left, y, bw, bh),
            f"{self.no}  [Esc]",
            cls="@primary",
            on=lambda: self.app.pop(None),
            ring=True,
        )
        self.button(
            pygame.Rect(left + bw + gap, y, bw, bh),
            self.yes,
            cls="@danger",
            on=lambda: self.app.pop(Confirmed(self.answer)),
            ring=True,
        )
        self.focus_ring[0].select()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.panel(surface, self.box, None)
        for i, line in enumerate(self.lines):
            self.text(
                surface,
                line,
                (self.box.centerx, self.box.y + self.s(30) + i * self.line_h),
                18,
                self.colours.bright,
                True,
                anchor="midtop",
            )
