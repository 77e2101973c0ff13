"""The main screen's top bar: the date, then the player's figures with their change since
last turn (every number from the Match's states)."""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.screens.main.tab import TabHost
from game.ui.widgets import money


def draw_top(self: TabHost, surface: pygame.Surface) -> dict[str, pygame.Rect]:
    """The dashboard bar: date, then the player's figures with their change since last turn.

    Returns where each figure is drawn (the host keeps it: hover on SCORE shows its parts).

    Columns share the room left of the buttons; the title goes first when room is short,
    and a change arrow is drawn only where it fits, so nothing ever overlaps.
    """
    c = self.colours
    r = self.top_rect
    pygame.draw.rect(surface, c.panel, r, border_radius=self.s(7))
    pygame.draw.rect(surface, c.panel_border, r, 1, border_radius=self.s(7))
    g = self.game
    s = self.state
    i = self.player
    prev = g.states[-2] if len(g.states) > 1 else s
    k = g.bloc_of(i)
    stats = [
        ("You", g.name(i), None),
        (
            "Budget",
            money(s.budget[0, i], "yr"),
            float(s.budget[0, i] - prev.budget[0, i]),
        ),
        (
            "Support",
            f"{float(s.support[0, i]) * 100:.0f}%",
            float(s.support[0, i] - prev.support[0, i]) * 100,
        ),
        (
            "Prestige",
            f"{float(s.prestige[0, i]):.0f}",
            float(s.prestige[0, i] - prev.prestige[0, i]),
        ),
        ("Score", f"{float(s.score[0, i]):.0f}", float(s.score[0, i] - prev.score[0, i])),
        ("Bloc", g.bloc_name(k), None),
    ]
    turn = min(g.turn + 1, g.n_turns)
    value_font = th.font(self.s(16), True)
    small = th.font(self.s(11), True)

    def arrow(delta: float | None) -> str:
        if delta is None or abs(delta) < 0.05:
            return ""
        return f"{'▲' if delta > 0 else '▼'}{abs(delta):.1f}"

    # Each column wants room for its label, its value and its change arrow.
    wants = [
        max(
            small.size(name.upper())[0],
            value_font.size(value)[0]
            + (small.size(arrow(delta))[0] + self.s(5) if arrow(delta) else 0),
        )
        + self.s(16)
        for name, value, delta in stats
    ]
    brand_w = th.font(self.s(18), True).size("LUNAR BLOCS")[0] + self.s(24)
    left = r.x + self.s(14)
    right_limit = self.end_button.rect.x - self.s(164)
    date = f"{g.date()}  ·  turn {turn} / {g.n_turns}"
    date_w = th.font(self.s(15), True).size(date)[0] + self.s(24)
    show_brand = right_limit - left - brand_w - date_w >= sum(wants)
    if not show_brand and right_limit - left - date_w < sum(wants):
        date = f"{g.date()} · {turn}/{g.n_turns}"
        date_w = th.font(self.s(15), True).size(date)[0] + self.s(20)
    x = left
    cy = r.centery
    if show_brand:
        self.text(surface, "LUNAR BLOCS", (x, cy), 18, c.bright, True, anchor="midleft")
        x += brand_w
    self.text(surface, date, (x, cy), 15, c.muted, True, anchor="midleft")
    x += date_w
    room = right_limit - x
    if sum(wants) <= room:
        extra = (room - sum(wants)) // len(wants)
        widths = [w_ + extra for w_ in wants]
    else:  # everyone gives up the same share; texts are then shortened with an ellipsis
        widths = [max(self.s(40), w_ * room // sum(wants)) for w_ in wants]
    starts = [x + sum(widths[:n]) for n in range(len(widths))]
    hits = {
        name: pygame.Rect(starts[n], r.y, widths[n], r.h) for n, (name, _v, _d) in enumerate(stats)
    }
    for n, (name, value, delta) in enumerate(stats):
        sx = starts[n]
        col = widths[n]
        self.text(
            surface,
            name.upper(),
            (sx, r.y + self.s(7)),
            11,
            c.muted,
            True,
            width=col - self.s(6),
        )
        colour = g.bloc_colour(k) if name == "Bloc" and k >= 0 else c.bright
        rect = self.text(
            surface, value, (sx, r.y + self.s(22)), 16, colour, True, width=col - self.s(8)
        )
        mark = arrow(delta)
        if mark and rect.right + self.s(5) + small.size(mark)[0] <= sx + col - self.s(4):
            self.text(
                surface,
                mark,
                (rect.right + self.s(5), r.y + self.s(26)),
                11,
                c.good if delta > 0 else c.bad,
                True,
            )
    return hits
