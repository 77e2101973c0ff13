"""End of game: the winner, every nation's score and outcome against its objectives, charts."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.ui import panels
from game.ui.map_panel import render_theme
from game.ui.render.charts import LineChart
from game.ui.screens.base import Screen
from game.ui.theme import heading_px
from game.ui.widgets import esc, starfield


def outcome_html(game, hp: int) -> str:
    from game.engine.phases.victory import objectives_met

    state = game.state
    winner = int(state.winner[0])
    met = np.asarray(objectives_met(state, game.rules))[0]
    obj_nation = np.asarray(game.rules.obj_nation)
    texts = game.catalog.objective_texts
    won = f"{esc(game.bloc_name(winner, short=False))} wins" if winner >= 0 else "No bloc won"
    lines = [f"<font pixel_size={hp}><b>{won}</b></font>"]
    order = np.argsort(-np.asarray(state.score[0]))
    rank_of = {int(i): r for r, i in enumerate(order, start=1)}
    for i in game.humans:
        mine = np.nonzero(obj_nation == i)[0]
        got = int(sum(bool(met[j]) for j in mine))
        lines.append(
            f"<font color=#ffd479><b>{esc(game.name(i))}</b>: rank {rank_of[i]} of {len(order)}, "
            f"score {float(state.score[0, i]):.1f}, {got} of {len(mine)} objectives met</font>"
        )
    lines.append("")
    for rank, i in enumerate(order, start=1):
        i = int(i)
        person = " (person)" if i in game.humans else ""
        k = game.bloc_of(i)
        colour = game.catalog.bloc_colours[k] if k >= 0 else "#9aa8c4"
        lines.append(
            f"{rank}. <b>{esc(game.name(i))}</b>{person} · "
            f"<font color={colour}>{esc(game.bloc_name(k))}</font> · "
            f"score <b>{float(state.score[0, i]):.1f}</b>"
        )
        for j in np.nonzero(obj_nation == i)[0]:
            ok = bool(met[j])
            mark = "<font color=#7fe0a8>met</font>" if ok else "<font color=#ff9a8a>missed</font>"
            lines.append(f"      {mark}: {esc(texts[j])}")
    return "<br>".join(lines)


class EndScreen(Screen):
    """Shown when the game is over; back to the title from here."""

    scopes = ("lists",)
    title = "End"
    charts = ("progress", "prestige", "blocs", "budget")

    def __init__(self, app, game) -> None:
        super().__init__(app)
        self.game = game
        self.chart = "progress"
        self.line_chart = LineChart(render_theme(app.settings.high_contrast))

    def build(self) -> None:
        w, h = self.app.size
        m = self.s(20)
        self.left = pygame.Rect(m, self.s(84), int(w * 0.46), h - self.s(84) - self.s(80))
        self.right = pygame.Rect(
            self.left.right + m, self.left.y, w - self.left.right - 2 * m, self.left.h
        )
        self.textbox(self.left, outcome_html(self.game, heading_px(self.app.scale)))
        from game.ui.screens.main import CHARTS

        names = dict(CHARTS)
        self.menu = pygame_gui.elements.UIDropDownMenu(
            [names[k] for k in self.charts],
            names[self.chart],
            pygame.Rect(
                self.right.right - self.s(240), self.right.y + self.s(6), self.s(230), self.s(32)
            ),
            manager=self.app.manager,
            container=self.root,
        )
        self.names = names
        self.button(
            pygame.Rect(w - m - self.s(220), h - self.s(64), self.s(220), self.s(44)),
            "Back to title  [Enter]",
            cls="@primary",
            on=self.to_title,
            ring=True,
        )

    def to_title(self) -> None:
        while len(self.app.stack) > 1:
            self.app.stack.pop().teardown()
        self.app.top.rebuild()

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.menu:
            self.chart = next(k for k in self.charts if self.names[k] == event.text)
            return True
        return super().handle(event)

    def action(self, name: str) -> bool:
        if name in ("confirm", "back"):
            self.to_title()
            return True
        return super().action(name)

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.blit(starfield((w, h), self.colours), (0, 0))
        g = self.game
        self.text(
            surface, "The race is over", (self.s(20), self.s(16)), 30, self.colours.bright, True
        )
        self.text(
            surface,
            f"{g.scenario.meta.title} · ended {g.date()} after {g.turn} turns",
            (self.s(22), self.s(54)),
            14,
            self.colours.muted,
        )
        self.panel(surface, self.right, None)
        self.text(
            surface,
            "OVER THE GAME",
            (self.right.x + self.s(12), self.right.y + self.s(12)),
            12,
            self.colours.muted,
            True,
        )
        area = pygame.Rect(
            self.right.x + self.s(4),
            self.right.y + self.s(44),
            self.right.w - self.s(8),
            self.right.h - self.s(48),
        )
        panels.draw_chart(
            surface, area, g, self.chart, g.humans[0], self.app.scale, self.line_chart
        )
