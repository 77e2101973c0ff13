"""The hand-over screen between hot-seat players: shows nothing private, only whose turn it is."""

from __future__ import annotations

import pygame

from game.ui.screens.base import Screen
from game.ui.widgets import draw_moon, starfield


class HandoverScreen(Screen):
    """'Pass the computer to X'. Nothing of the previous person's turn is drawn."""

    scopes = ("lists",)
    title = "Hand-over"

    def __init__(self, app, game, player: int, report: bool = False) -> None:
        super().__init__(app)
        self.game = game
        self.player = player
        self.report = report

    def build(self) -> None:
        w, h = self.app.size
        self.go = self.button(
            pygame.Rect(w // 2 - self.s(170), h // 2 + self.s(60), self.s(340), self.s(52)),
            f"I am {self.game.name(self.player)}: start  [Enter]",
            cls="@primary",
            on=self.proceed,
            ring=True,
        )

    def proceed(self) -> None:
        self.app.nav.after_handover(self.game, self.player, self.report)

    def action_confirm(self) -> None:
        self.proceed()

    def action_back(self) -> None:
        """Esc must not reveal the previous screen: it does nothing here."""

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.blit(starfield((w, h), self.colours), (0, 0))
        draw_moon(surface, (w // 2, h // 2 - self.s(150)), self.s(70))
        c = self.colours
        self.text(
            surface,
            f"{self.game.date()}  ·  turn {self.game.turn + 1}",
            (w // 2, h // 2 - self.s(54)),
            16,
            c.muted,
            True,
            anchor="midbottom",
        )
        self.text(
            surface,
            f"Pass the computer to {self.game.name(self.player)}",
            (w // 2, h // 2),
            34,
            c.bright,
            True,
            anchor="midbottom",
        )
        self.text(
            surface,
            "The previous player's orders are hidden. Press Enter or click when ready.",
            (w // 2, h // 2 + self.s(12)),
            15,
            c.muted,
            anchor="midtop",
        )
        clock = self.app.nav.clock_of(self.game, self.player)
        if clock:  # a classroom's timer: the team knows its time before it starts
            self.text(
                surface,
                f"Your clock: {clock}; it starts when you press start.",
                (w // 2, h // 2 + self.s(126)),
                16,
                c.warn,
                True,
                anchor="midtop",
            )
