"""The News tab: the last turn's news in words (``ui.news``) and the player's own changes."""

from __future__ import annotations

import pygame

from game.ui import panels
from game.ui.news import news
from game.ui.screens.main.tab import Tab
from game.ui.widgets import esc


class NewsTab(Tab):
    key = "news"
    caption = "News"
    shortcut = "4"

    def build(self) -> None:
        r = self.host.left_rect.inflate(-self.host.s(20), -self.host.s(8))
        r.y += self.host.s(26)
        r.h -= self.host.s(26)
        report = self.host.game.report()
        if report is None:
            html = (
                f"<b>{esc(self.host.game.scenario.meta.title)}</b><br>"
                f"{esc(self.host.game.scenario.meta.description)}<br><br>"
                "News of each turn appears here after you end it."
            )
        else:
            items = news(self.host.game, report.events, self.host.player)
            html = self.news_html(items) or "A quiet turn: nothing of note happened."
        self.host.textbox(r, html, cls="@plain")

    @staticmethod
    def news_html(items) -> str:
        colours = {"good": "#7fe0a8", "bad": "#ff9a8a", "neutral": "#dce4f2"}
        lines = []
        for item in items:
            text = f"<font color={colours[item.tone]}>• {esc(item.text)}</font>"
            if item.mine:
                text = f"<b>{text}</b>"
            if item.why:
                text += f"<br>   <font color=#9aa8c4><i>why: {esc(item.why)}</i></font>"
            lines.append(text)
        return "<br>".join(lines)

    def draw(self, surface: pygame.Surface) -> None:
        report = self.host.game.report()
        when = self.host.game.date(self.host.game.turn - 1) if report else self.host.game.date()
        self.host.draw_heading(surface, self.host.left_rect, f"News · {when}")
        panels.draw_changes(
            surface,
            self.host.right_rect,
            self.host.game,
            self.host.player,
            self.host.app.scale,
            self.host.colours,
        )
