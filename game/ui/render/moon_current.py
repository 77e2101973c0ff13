"""The Moon panel's line under a track: the milestone being paid for, its progress and odds."""

from __future__ import annotations

import pygame

from game.ui.render import palette, text
from game.ui.render.moon_view import TrackView
from game.ui.render.palette import Theme


def draw_current(
    surf: pygame.Surface, rect: pygame.Rect, y: int, tv: TrackView, s: float, t: Theme
) -> None:
    """Under a track's nodes at ``y``: the current milestone's name, a bar and its odds (or
    that the base is complete)."""
    ms = tv.milestones
    cur = tv.current
    n = len(ms)
    colour = palette.to_rgb(tv.colour)
    if cur < n:
        m = ms[cur]
        info_size = 11.5 * s
        fi = text.font(info_size, "medium")
        odds = f"odds {m.odds:.0%}" if m.odds is not None else ""
        pct = f"{m.progress:.0%}"
        fail = f"  {m.failures} failed" if m.failures else ""
        right = f"{pct}  {odds}{fail}".strip()
        rw = fi.size(right)[0]
        bar_w = max(0, min(round(rect.w * 0.3), rect.w - rw - round(80 * s)))
        name_w = rect.w - rw - bar_w - round(16 * s)
        text.draw(surf, m.name, (rect.x, y), info_size, t.text, "medium", max_width=name_w)
        bar = pygame.Rect(
            rect.right - rw - round(8 * s) - bar_w,
            y + (fi.get_height() - round(6 * s)) // 2,
            bar_w,
            max(3, round(6 * s)),
        )
        if bar_w > 10:
            pygame.draw.rect(surf, t.track, bar, border_radius=bar.h // 2)
            fill = bar.copy()
            fill.w = round(bar.w * min(1.0, m.progress))
            if fill.w > 0:
                pygame.draw.rect(surf, colour, fill, border_radius=bar.h // 2)
        text.draw(
            surf,
            right,
            (rect.right, y),
            info_size,
            t.bad if m.failures else t.text_dim,
            "medium",
            anchor="topright",
        )
    else:
        text.draw(
            surf,
            "Permanent base complete",
            (rect.x, y),
            11.5 * s,
            palette.readable(colour, t.panel, 4.5),
            "semibold",
            max_width=rect.w,
        )
