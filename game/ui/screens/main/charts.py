"""The Charts tab: one figure over every turn so far, for every nation or bloc."""

from __future__ import annotations

import pygame
import pygame_gui

from game.ui import panels
from game.ui.map_panel import render_theme
from game.ui.panels import CHARTS
from game.ui.render.charts import LineChart
from game.ui.screens.main.tab import Tab


class ChartsTab(Tab):
    key = "charts"
    caption = "Charts"
    shortcut = "6"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.chart = "prestige"
        self.chart_menu = None
        self.line_chart = LineChart(render_theme(host.app.settings.high_contrast))

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.chart_menu
        ):
            self.chart = next(k for k, v in CHARTS if v == event.text)
            return True
        return False

    def build(self) -> None:
        rr = self.host.right_rect.inflate(-self.host.s(20), 0)
        self.host.label(
            pygame.Rect(
                rr.x, self.host.right_rect.y + self.host.s(32), self.host.s(80), self.host.s(32)
            ),
            "Show",
        )
        self.chart_menu = self.host.dropdown(
            [text for _, text in CHARTS],
            dict(CHARTS)[self.chart],
            pygame.Rect(
                rr.x + self.host.s(80),
                self.host.right_rect.y + self.host.s(32),
                rr.w - self.host.s(80),
                self.host.s(32),
            ),
        )

    def draw(self, surface: pygame.Surface) -> None:
        area = self.host.left_rect.inflate(-self.host.s(4), -self.host.s(4))
        panels.draw_chart(
            surface,
            area,
            self.host.game,
            self.chart,
            self.host.player,
            self.host.app.scale,
            self.line_chart,
        )
        self.host.draw_heading(surface, self.host.right_rect, "Chart")
        panels.draw_chart_legend(
            surface,
            self.host.right_rect,
            self.host.game,
            self.chart,
            self.host.player,
            self.host.app.scale,
            self.host.colours,
        )
