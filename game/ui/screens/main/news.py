"""The News tab: the last turn's news in words (``ui.news``) and the player's own changes."""

from __future__ import annotations

import pygame

from game.ui import panels
from game.ui.news import news
from game.ui.report import news_lines
from game.ui.richtext import Line, ScrollText
from game.ui.screens.main.tab import Tab


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
            meta = self.host.game.scenario.meta
            lines = [
                Line(meta.title, "bright", True),
                Line(meta.description),
                Line("News of each turn appears here after you end it.", "muted", gap=8),
            ]
        else:
            lines = news_lines(
                news(self.host.game, report.events, self.host.player, report.before, report.ledger)
            )
        self.column = ScrollText(r, lines, self.host.app.scale, self.host.colours)

    def handle(self, event: pygame.event.Event) -> bool:
        column = getattr(self, "column", None)
        return column is not None and column.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        report = self.host.game.report()
        when = self.host.game.date(self.host.game.turn - 1) if report else self.host.game.date()
        self.host.draw_heading(surface, self.host.left_rect, f"News · {when}")
        self.column.draw(surface)
        panels.draw_changes(
            surface,
            self.host.right_rect,
            self.host.game,
            self.host.player,
            self.host.app.scale,
            self.host.colours,
        )
