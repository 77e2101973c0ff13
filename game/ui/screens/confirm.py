"""A yes-or-no question over the screen that asked it (quitting, leaving an unsaved game)."""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.results import Confirmed
from game.ui.screens.base import Screen


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
        # Measured in the face it is drawn in (an estimate from its length cut the console's
        # undo question short); never wider than the window.
        face_w = th.font(self.s(18), True).size(self.question)[0]
        wide = max(2 * bw + gap + self.s(60), face_w + self.s(60))
        self.box = pygame.Rect(0, 0, min(wide, w - self.s(20)), 0)
        self.box.h = self.s(150)
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
        self.text(
            surface,
            self.question,
            (self.box.centerx, self.box.y + self.s(30)),
            18,
            self.colours.bright,
            True,
            anchor="midtop",
            width=self.box.w - self.s(40),
        )
