"""The Goals tab: how the player wins — each objective with its progress, the score part by
part with the winning bonus, and the race forecast (``main.outlook``).

Every figure is read from ``victory.objective_progress`` and ``victory.score_breakdown``
(the functions the score is counted with) or from the forecast received; none is worked out
here.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.engine.phases.victory import (
    SCORE_PARTS,
    ObjectiveProgress,
    objective_progress,
    score_breakdown,
)
from game.engine.rules import OBJECTIVE_KINDS
from game.session.match import Match
from game.ui import theme as th
from game.ui.screens.main.outlook import race_lines
from game.ui.screens.main.tab import Tab
from game.ui.widgets import wrap

#: Words for the parts of a score (``victory.SCORE_PARTS``).
PART_WORDS = {
    "prestige": "Prestige",
    "contribution": "Share of your blocs' programmes",
    "technology": "Technology",
    "winner": "Winning bloc's bonus",
    "objectives": "Objectives met",
}


def shown_value(kind: str, value: float) -> str:
    """An objective's quantity in its unit (percent for shares, yes/no for conditions)."""
    if kind in ("support_at_least", "contribution_share_at_least", "milestone_done"):
        return f"{value * 100:.0f}%"
    if kind == "prestige_at_least":
        return f"{value:.0f}"
    if kind == "tech_at_least":
        return f"{value:.2f}"
    return "yes" if value >= 1.0 else "no"


def objective_rows(match: Match, seat: int) -> list[dict]:
    """The seat's objectives: text, value and threshold in words, the fraction done, met,
    points while met (from ``objective_progress``)."""
    p: ObjectiveProgress = objective_progress(match.state, match.rules)
    rows = []
    for j in np.nonzero(np.asarray(p.nation) == seat)[0]:
        kind = OBJECTIVE_KINDS[int(p.kind[j])]
        value, threshold = float(p.value[0, j]), float(p.threshold[j])
        met = bool(p.met[0, j])
        if p.comparison[j] == "<":
            done = 1.0 if met else 0.0
        else:
            done = 1.0 if met else min(1.0, max(0.0, value / threshold)) if threshold > 0 else 0.0
        if kind == "milestone_done":
            status = f"{shown_value(kind, value)} of its cost invested"
        elif kind in ("in_bloc", "not_in_bloc", "unaligned", "bloc_wins"):
            status = "holds now" if met else "does not hold now"
        else:
            status = f"{shown_value(kind, value)} of {shown_value(kind, threshold)}"
        rows.append(
            {
                "text": match.catalog.objective_texts[j],
                "status": status,
                "done": done,
                "met": met,
                "points": float(p.points[j]),
            }
        )
    return rows


def score_lines(match: Match, seat: int) -> list[str]:
    """The SCORE tooltip: each part, the total, and what winning would add."""
    b = score_breakdown(match.state, match.rules)
    total = float(b.total[0, seat])
    lines = [f"Score {total:.1f}, part by part"]
    for part in SCORE_PARTS:
        lines.append(f"{PART_WORDS[part]}: {float(b.parts[part][0, seat]):+.1f}")
    lines.append(f"Total: {total:.1f}")
    lines.append(bonus_line(match, seat))
    rows = objective_rows(match, seat)
    met = sum(r["met"] for r in rows)
    lines.append(f"Objectives: {met} of {len(rows)} met · details on the Goals tab [7]")
    return lines


def bonus_line(match: Match, seat: int) -> str:
    """What the winning bloc's bonus is and how much of it the seat has at stake."""
    b = score_breakdown(match.state, match.rules)
    k = match.bloc_of(seat)
    if int(match.state.winner[0]) >= 0:
        got = float(b.parts["winner"][0, seat])
        return f"Winning bonus: {got:.1f} of {b.winner_bonus:.0f} counted (the race is decided)"
    if k < 0:
        return (
            f"Winning bonus: {b.winner_bonus:.0f} × your share of the winning bloc's longest "
            "tenure; you are in no bloc, so none is at stake"
        )
    return (
        f"Winning bonus: {float(b.at_stake[0, seat]):.1f} of {b.winner_bonus:.0f} at stake "
        f"if {match.bloc_name(k)} wins (your tenure share × your commitment to it)"
    )


class GoalsTab(Tab):
    key = "goals"
    caption = "Goals"
    shortcut = "7"

    def label(self) -> str:
        rows = objective_rows(self.host.game, self.host.player)
        return f"Goals {sum(r['met'] for r in rows)}/{len(rows)}" if rows else self.caption

    def new_turn(self) -> bool:
        return True

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_objectives(surface, self.host.left_rect)
        self.draw_race(surface, self.host.right_rect)

    def draw_objectives(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        h, c, s = self.host, self.host.colours, self.host.s
        game, seat = h.game, h.player
        b = score_breakdown(game.state, game.rules)
        h.draw_heading(surface, rect, f"How you win  ·  score {float(b.total[0, seat]):.1f}")
        x, w = rect.x + s(12), rect.w - s(24)
        y = rect.y + s(30)
        rows = objective_rows(game, seat)
        if not rows:
            h.text(surface, "You have no objectives in this scenario.", (x, y), 14, c.muted)
            y += s(22)
        bar_w = min(s(160), w // 4)
        for row in rows:
            if y + s(38) > rect.bottom - s(44):
                break
            colour = c.good if row["met"] else c.text
            mark = "✓" if row["met"] else "○"
            pts = f"+{row['points']:.0f}" if row["met"] else f"{row['points']:.0f} pts"
            h.text(surface, f"{mark} {row['text']}", (x, y), 14, colour, True, width=w - s(70))
            h.text(surface, pts, (x + w, y), 14, colour, True, anchor="topright")
            bar = pygame.Rect(x + s(18), y + s(22), bar_w, s(8))
            pygame.draw.rect(surface, c.track, bar, border_radius=s(3))
            fill = bar.copy()
            fill.w = max(0, round(bar.w * row["done"]))
            if fill.w:
                pygame.draw.rect(
                    surface, c.good if row["met"] else c.accent, fill, border_radius=s(3)
                )
            h.text(
                surface,
                row["status"],
                (bar.right + s(10), y + s(18)),
                13,
                c.muted,
                width=w - bar_w - s(30),
            )
            y += s(40)
        parts = "  ·  ".join(
            f"{PART_WORDS[p].split()[0].lower()} {float(b.parts[p][0, seat]):.1f}"
            for p in SCORE_PARTS
        )
        h.text(surface, f"Score now: {parts}", (x, rect.bottom - s(42)), 13, c.text, width=w)
        h.text(surface, bonus_line(game, seat), (x, rect.bottom - s(22)), 13, c.muted, width=w)

    def draw_race(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        h, c, s = self.host, self.host.colours, self.host.s
        h.draw_heading(surface, rect, "The race, played to its end")
        x, w = rect.x + s(12), rect.w - s(24)
        y = rect.y + s(30)
        outlook = h.outlook
        if outlook.race is None:
            h.text(surface, outlook.race_line(), (x, y), 14, c.muted, width=w)
            return
        for text, tone in race_lines(h.game, outlook.race):
            for line in wrap(text, th.font(s(13), tone == "bright"), w):
                if y + s(18) > rect.bottom:
                    return
                h.text(surface, line, (x, y), 13, getattr(c, tone), tone == "bright", width=w)
                y += s(18)
            y += s(3)
