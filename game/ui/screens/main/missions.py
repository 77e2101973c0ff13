"""The Budget tab's Missions view: every national mission on one compact line each.

Spec card:
    What: ``MissionList`` lays out one row per national mission (plus "none") in the right
        panel, draws name, cost still to pay, turns at the planned spend, odds and prestige
        (closed ones greyed with a short reason), marks the draft's chosen mission, answers
        a click on a row by choosing it through the Budget tab (the same path as the
        drop-down), and shows a row's full details as a hover tooltip.
    Numbers: only ``session.plan.mission_plan`` (``engine.outlook.mission_outlook``); nothing derived.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.session.plan import MissionRow, mission_plan
from game.text.words import counted
from game.ui import theme as th
from game.ui.map_panel import draw_tooltip
from game.ui.widgets import money

#: Shorter words for a mission's name, tried in this order when its row is too narrow for
#: the whole name (the hover tooltip always gives it in full): one table for the list.
ABBREVIATIONS = (
    ("National ", "Natl. "),
    ("experiment", "exp."),
    ("prospecting", "prosp."),
    ("Resource", "Res."),
    ("orbital", "orb."),
    ("upgrade", "upg."),
    ("partner's", "partner"),
    (" on a ", " on "),
    ("Micro-rover", "Rover"),
    ("Robotic ", "Rob. "),
    ("return", "ret."),
    ("launcher", "launch."),
    ("crewed", "crew"),
)
#: The number columns, right to left: header and the widest text a cell can hold.
COLUMNS = (
    ("prestige", "+888"),
    ("odds", "100%"),
    ("turns", "88 turns"),
    ("to pay", "$8.88 B"),
)


def short_name(name: str, face, width: int) -> str:
    """``name``, with words from ``ABBREVIATIONS`` shortened one by one until it fits."""
    for long, short in ((name, name), *ABBREVIATIONS):
        name = name.replace(long, short)
        if face.size(name)[0] <= width:
            return name
    return name  # still too long: the text is cut with an ellipsis where it is drawn


@dataclass(frozen=True, slots=True)
class Line:
    """A drawn row: where it is and what it stands for (``row`` None: no mission)."""

    rect: pygame.Rect
    row: MissionRow | None

    @property
    def index(self) -> int:
        return -1 if self.row is None else self.row.index


def when(row: MissionRow) -> str:
    """The turns column: paid, a count of turns, or never at this spend."""
    if row.ready:
        return "paid"
    if np.isfinite(row.turns):
        return counted(round(row.turns), "turn")
    return "never"


class MissionList:
    """The missions plan in ``rect``; ``tab`` is the Budget tab (host, draft, choosing)."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.lines: list[Line] = []
        self.head_at = (0, 0)
        self.head_w = 0
        self.header_y = 0
        self.name_right = 0
        self.columns: list[tuple[str, int]] = []
        self._key: tuple | None = None
        self._rows: list[MissionRow] = []

    @property
    def host(self):
        return self.tab.host

    def rows(self) -> tuple[float, list[MissionRow]]:
        """The planned spend and the plan at it (recomputed only when either changes)."""
        spend = self.tab.mission_spend()
        key = (id(self.host.state), spend)
        if key != self._key:
            planned = spend if spend > 0 else None
            self._rows = mission_plan(self.host.game, self.host.player, planned)
            self._key = key
        return spend, self._rows

    def layout(self, rect: pygame.Rect) -> None:
        """One row per mission and one for none, as tall as ``rect`` lets them be."""
        s = self.host.s
        _, rows = self.rows()
        self.head_at = (rect.x + s(4), rect.y)
        self.head_w = rect.w - s(8)
        self.header_y = rect.y + s(20)
        top = rect.y + s(38)
        line = min(s(26), (rect.bottom - top) // (len(rows) + 1))
        self.lines = [
            Line(pygame.Rect(rect.x, top + i * line, rect.w, line), row)
            for i, row in enumerate([None, *rows])
        ]
        # right-aligned number columns, from the panel's right edge leftwards, each as wide
        # as its header or its widest cell, so the names keep all the rest
        head, cell = th.font(s(12)), th.font(s(13))
        right = rect.right - s(6)
        self.columns = []
        for name, widest in COLUMNS:
            self.columns.append((name, right))
            right -= max(head.size(name)[0], cell.size(widest)[0]) + s(10)
        self.name_right = right - s(4)

    def draw(self, surface: pygame.Surface) -> None:
        host, s = self.host, self.host.s
        c = host.colours
        spend, rows = self.rows()
        head = (
            f"Turns at your {money(spend)} a turn · click a row to choose"
            if spend > 0
            else "Turns if the whole budget went in · click a row to choose"
        )
        host.text(surface, head, self.head_at, 12, c.muted, width=self.head_w)
        for name, right in self.columns:
            host.text(surface, name, (right, self.header_y), 12, c.muted, anchor="topright")
        chosen = host.draft.mission
        mouse = host.app.pointer()
        for line, row in zip(self.lines, [None, *rows], strict=True):
            r = line.rect
            pick = line.index == chosen
            if pick:
                pygame.draw.rect(surface, c.track, r, border_radius=s(4))
                pygame.draw.rect(surface, c.accent, r, 1, border_radius=s(4))
            elif r.collidepoint(mouse):
                pygame.draw.rect(surface, c.panel_border, r, 1, border_radius=s(4))
            y = r.y + (r.h - s(16)) // 2
            x = r.x + s(8)
            closed = row is not None and bool(row.closed)
            colour = c.muted if closed or row is None else c.text
            face = th.font(s(13), pick)
            if row is None:
                name = "None (share to reserve)"
                name = name if face.size(name)[0] <= self.name_right - x else "None"
            else:
                name = short_name(row.name, face, self.name_right - x)
            host.text(surface, name, (x, y), 13, colour, bold=pick, width=self.name_right - x)
            if row is None:
                continue
            if closed:
                host.text(
                    surface,
                    row.closed_short,
                    (self.columns[0][1], y),
                    12,
                    c.muted,
                    anchor="topright",
                )
                continue
            odds = c.good if row.chance >= 0.6 else c.warn if row.chance >= 0.4 else c.bad
            cells = (
                (f"+{row.prestige:g}", c.text),
                (f"{row.chance * 100:.0f}%", odds),
                (when(row), c.text),
                (money(row.cost), c.text),
            )
            for (text, tint), (_, right) in zip(cells, self.columns, strict=True):
                host.text(surface, text, (right, y), 13, tint, anchor="topright")

    def at(self, pos: tuple[int, int]) -> Line | None:
        return next((ln for ln in self.lines if ln.rect.collidepoint(pos)), None)

    def click(self, pos: tuple[int, int]) -> bool:
        """Choose the mission of the row at ``pos`` (True when a row was there)."""
        line = self.at(pos)
        if line is None:
            return False
        self.tab.choose_mission(line.index)
        return True

    def draw_tooltip(self, surface: pygame.Surface) -> None:
        """The hovered row's full details."""
        mouse = self.host.app.pointer()
        line = self.at(mouse)
        if line is None:
            return
        chosen = line.index == self.host.draft.mission
        row = line.row
        spend, _ = self.rows()
        pace = "at your planned spend" if spend > 0 else "if the whole budget went in"
        if row is None:
            lines = [
                "No national mission",
                "The missions share is not spent on a mission and goes to the reserve",
            ]
        else:
            lines = [row.name]
            if row.closed:
                lines.append(f"Closed: {row.closed}")
            else:
                lines += [
                    f"Still to pay: {money(row.cost)} ({when(row)} {pace})",
                    f"Odds of success with today's technology: {row.chance * 100:.0f}%",
                    f"Prestige if it succeeds: +{row.prestige:g}",
                ]
            lines += [
                f"Technology needed: {row.needs or 'nothing'}",
                f"Technology a success grows: {row.grows or 'nothing'}",
            ]
        lines.append("Chosen" if chosen else "Click to choose")
        draw_tooltip(surface, lines, self.host.app.scale, mouse)
