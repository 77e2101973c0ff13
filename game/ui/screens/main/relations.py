"""The Relations tab: the selected nation's view of the world, and the player's own bloc
membership (leave or stay)."""

from __future__ import annotations

import pygame

from game.ui import panels
from game.ui.screens.main.tab import Tab
from game.ui.widgets import esc, possessive


class RelationsTab(Tab):
    key = "relations"
    caption = "Relations"
    shortcut = "5"

    def new_selection(self) -> bool:
        """The selected nation changed: this tab shows it, so it is rebuilt."""
        return True

    def build(self) -> None:
        r = self.host.left_rect.inflate(-self.host.s(20), -self.host.s(8))
        r.y += self.host.s(26)
        r.h -= self.host.s(26)
        i = self.host.selected
        s = self.host.state
        rel = s.relations[0, i]
        order = sorted((j for j in range(self.host.game.n) if j != i), key=lambda j: -float(rel[j]))
        lines = []
        for j in order:
            value = float(rel[j])
            colour = "#7fe0a8" if value > 0.25 else "#ff9a8a" if value < -0.25 else "#dce4f2"
            bloc = self.host.game.bloc_name(self.host.game.bloc_of(j))
            forbidden = "  · no deals (forbidden pair)" if bool(s.forbidden[0, i, j]) else ""
            deal = ""
            if float(s.deal_tech[0, i, j]) > 0 or float(s.deal_tech[0, j, i]) > 0:
                deal += "  · tech deal"
            if float(s.deal_funds[0, i, j]) > 0 or float(s.deal_funds[0, j, i]) > 0:
                deal += "  · funding deal"
            lines.append(
                f"<font color={colour}><b>{value:+.2f}</b></font>  {esc(self.host.game.name(j))} "
                f"<font color=#9aa8c4>({esc(bloc)}){esc(forbidden)}{esc(deal)}</font>"
            )
        who = "your" if i == self.host.player else esc(possessive(self.host.game.name(i)))
        head = f"<b>Relations: {who} view of the world</b> (-1 hostile … +1 close partners)<br>"
        self.host.textbox(r, head + "<br>".join(lines), cls="@plain")
        rr = self.host.right_rect.inflate(-self.host.s(20), 0)
        spot = pygame.Rect(
            rr.x, self.host.right_rect.bottom - self.host.s(50), rr.w, self.host.s(38)
        )
        if i != self.host.player:
            self.host.button(
                spot,
                f"Make {self.host.game.name(i)} an offer",
                on=lambda: self.host.offer_to(self.host.selected),
            )
        elif self.host.game.bloc_of(i) >= 0:
            bloc = self.host.game.bloc_name(self.host.game.bloc_of(i))
            leaving = self.host.draft.leave
            self.host.button(
                spot,
                f"Stay in {bloc}" if leaving else f"Leave {bloc} this turn",
                cls=None if leaving else "@danger",
                tip="Leaving costs relations with its members; it takes effect at End Turn",
                on=self.toggle_leave,
            )

    def toggle_leave(self) -> None:
        self.host.draft.leave = not self.host.draft.leave
        self.host.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        self.host.draw_heading(
            surface, self.host.left_rect, f"Relations of {self.host.game.name(self.host.selected)}"
        )
        panels.draw_nation_card(
            surface,
            self.host.right_rect,
            self.host.game,
            self.host.selected,
            self.host.player,
            self.host.app.scale,
            self.host.colours,
        )
