"""The turn report, opened right after End Turn: what changed and why."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui.news import news
from game.ui.screens.base import Screen
from game.ui.theme import heading_px
from game.ui.widgets import esc


def _delta(a: float, b: float, fmt: str) -> str:
    d = b - a
    same = fmt.format(a) == fmt.format(b)
    colour = "#9aa8c4" if same else "#7fe0a8" if d > 0 else "#ff9a8a"
    sign = "+" if d >= 0 else "−"
    return f"{fmt.format(b)} <font color={colour}>({sign}{fmt.format(abs(d))})</font>"


def changes_html(game, player: int, hp: int) -> str:
    """Your figures before and after the turn, with the reasons the engine gives."""
    report = game.report()
    before, after = report.before, report.after
    i = player
    rows = [
        ("Budget", before.budget[0, i], after.budget[0, i], "${:.2f} B"),
        ("Support", before.support[0, i] * 100, after.support[0, i] * 100, "{:.0f}%"),
        ("Prestige", before.prestige[0, i], after.prestige[0, i], "{:.1f}"),
        ("Reserve", before.reserve[0, i], after.reserve[0, i], "${:.2f} B"),
        ("Score", before.score[0, i], after.score[0, i], "{:.1f}"),
    ]
    lines = [f"<font pixel_size={hp}><b>{esc(game.name(i))}</b></font>"]
    for name, a, b, fmt in rows:
        lines.append(f"{name}: {_delta(float(a), float(b), fmt)}")
    tech_a, tech_b = before.tech[0, i], after.tech[0, i]
    gains = [
        f"{d.replace('_', ' ')} {float(tech_b[n]):.2f}"
        for n, d in enumerate(game.catalog.domain_ids)
        if float(tech_b[n] - tech_a[n]) > 0.0005
    ]
    if gains:
        lines.append("Technology up: " + esc(", ".join(gains)))
    kb, ka = int(before.bloc[0, i]), int(after.bloc[0, i])
    if kb != ka:
        lines.append(f"Bloc: {esc(game.bloc_name(kb))} → <b>{esc(game.bloc_name(ka))}</b>")
    why = []
    if after.budget[0, i] != before.budget[0, i]:
        why.append(
            "Budgets grow with the scenario's growth rate, faster when support is above 50% "
            "and slower below it; events can cut or raise them."
        )
    if after.prestige[0, i] > before.prestige[0, i]:
        why.append(
            "Prestige comes from your bloc's milestones (shared by contribution), your "
            "national missions and seats or payload on partners' missions."
        )
    lines.append("")
    lines.append("<b>The race</b>")
    ms_bloc = np.asarray(game.rules.ms_bloc)
    cost = np.asarray(game.rules.ms_cost)
    for k in range(len(game.catalog.bloc_ids)):
        mask = ms_bloc == k
        total = float(cost[mask].sum()) or 1.0

        def share(state, mask=mask, total=total):
            return (
                float(np.where(state.done[0][mask], cost[mask], state.progress[0][mask]).sum())
                / total
                * 100
            )

        members = int((after.bloc[0] == k).sum())
        lines.append(
            f"<font color={game.catalog.bloc_colours[k]}><b>{esc(game.bloc_name(k))}</b></font>: "
            f"{share(before):.0f}% → {share(after):.0f}% of the programme · {members} members"
        )
    if why:
        lines.append("")
        lines.append("<b>Why</b>")
        lines += [f"<font color=#9aa8c4>{esc(w)}</font>" for w in why]
    return "<br>".join(lines)


class TurnReportScreen(Screen):
    """A modal over the main screen; Enter or Esc closes it."""

    modal = True
    scopes = ("lists",)
    title = "Report"

    def __init__(self, app, game, player: int) -> None:
        super().__init__(app)
        self.game = game
        self.player = player

    def build(self) -> None:
        w, h = self.app.size
        box = pygame.Rect(0, 0, min(w - self.s(40), self.s(1080)), min(h - self.s(40), self.s(620)))
        box.center = (w // 2, h // 2)
        self.box = box
        top = box.y + self.s(64)
        col = (box.w - self.s(60)) // 2
        height = box.bottom - self.s(70) - top
        items = news(self.game, self.game.report().events, self.player)
        from game.ui.screens.main import MainScreen

        html = MainScreen.news_html(items) or "A quiet turn: nothing of note happened."
        self.textbox(
            pygame.Rect(box.x + self.s(20), top, col, height), "<b>What happened</b><br>" + html
        )
        self.textbox(
            pygame.Rect(box.x + self.s(40) + col, top, col, height),
            changes_html(self.game, self.player, heading_px(self.app.scale)),
        )
        self.button(
            pygame.Rect(box.right - self.s(220), box.bottom - self.s(56), self.s(200), self.s(42)),
            "Continue  [Enter]",
            cls="@primary",
            on=lambda: self.app.pop(None),
            ring=True,
        )

    def action(self, name: str) -> bool:
        if name in ("confirm", "back"):
            self.app.pop(None)
            return True
        return super().action(name)

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
