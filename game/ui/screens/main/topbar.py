"""The main screen's top bar: the date, then the player's figures with their change since
last turn (every number from the Match's states), then Help, Menu and End Turn.

In a window narrow for its scale (1280x720 at 150%: 853 unscaled pixels) the bar is
``tight``: smaller buttons, the date over the turn, narrower gaps and a change arrow beside
its figure's label when that is narrower, so every figure stays whole.
"""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.screens.main.tab import TabHost
from game.ui.widgets import money


def tight(self: TabHost) -> bool:
    """Whether the window is narrow for the scale (the bar's figures would be cut)."""
    return self.app.size[0] / self.app.scale < 1000


def build_top(self: TabHost) -> None:
    """End Turn, Menu and Help at the bar's right end (narrower when ``tight``)."""
    tr = self.top_rect
    bh = self.s(38)
    y = tr.y + (tr.h - bh) // 2
    end_w, menu_w, help_w, gap = (140, 72, 40, 6) if tight(self) else (168, 88, 48, 8)
    self.end_button = self.button(
        pygame.Rect(tr.right - self.s(8 + end_w), y, self.s(end_w), bh),
        "End turn  [E]",
        cls="@primary",
        tip="Resolve the turn now; your orders are sent with everyone else's",
        on=self.end_turn,
    )
    menu = self.button(
        pygame.Rect(self.end_button.rect.x - self.s(gap + menu_w), y, self.s(menu_w), bh),
        "Menu",
        tip="Save, load, settings, quit (Esc)",
        on=self.open_menu,
    )
    self.help_button = self.button(
        pygame.Rect(menu.rect.x - self.s(gap + help_w), y, self.s(help_w), bh),
        "?",
        tip="Help: how to win, the tabs, the forecast, the keys (F1)",
        on=lambda: self.app.dispatch(
            pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F1, mod=0, unicode="")
        ),
    )
    if self.game.over:
        self.end_button.set_text("Final results")


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

    narrow = tight(self)
    pad = self.s(10 if narrow else 16)

    def beside_label(name: str, value: str, delta: float | None) -> bool:
        """Whether the arrow goes beside the label (narrower there; only when tight)."""
        mark = arrow(delta)
        if not (narrow and mark):
            return False
        at_label = max(
            small.size(name.upper())[0] + self.s(5) + small.size(mark)[0], value_w(value)
        )
        at_value = max(
            small.size(name.upper())[0], value_w(value) + small.size(mark)[0] + self.s(5)
        )
        return at_label < at_value

    def value_w(value: str) -> int:
        return value_font.size(value)[0]

    def wanted() -> list[int]:
        """Each column's room for its label, its value and its change arrow."""
        wants = []
        for name, value, delta in stats:
            mark = arrow(delta)
            label_w = small.size(name.upper())[0]
            shown = value_w(value) + (small.size(mark)[0] + self.s(5) if mark else 0)
            if beside_label(name, value, delta):
                label_w += self.s(5) + small.size(mark)[0]
                shown = value_w(value)
            wants.append(max(label_w, shown) + pad)
        return wants

    wants = wanted()
    right_limit = self.help_button.rect.x - self.s(12)
    short = th.font(self.s(15), True).size(g.date())[0] + self.s(16)
    if narrow and right_limit - r.x - self.s(14) - short < sum(wants):
        # still too wide (a long name, a large budget): the bloc goes over the nation's
        # name, as its label, and its column is given up
        stats = [(f"You · {g.bloc_name(k)}", g.name(i), None), *stats[1:-1]]
        wants = wanted()
    brand_w = th.font(self.s(18), True).size("LUNAR BLOCS")[0] + self.s(24)
    left = r.x + self.s(14)
    date = f"{g.date()}  ·  turn {turn} / {g.n_turns}"
    date_w = th.font(self.s(15), True).size(date)[0] + self.s(24)
    show_brand = right_limit - left - brand_w - date_w >= sum(wants)
    if not show_brand and right_limit - left - date_w < sum(wants):
        date = f"{g.date()} · {turn}/{g.n_turns}"
        date_w = th.font(self.s(15), True).size(date)[0] + self.s(20)
    stacked = narrow and right_limit - left - date_w < sum(wants)
    if stacked:  # the date over the turn: the figures keep their room
        date_w = th.font(self.s(15), True).size(g.date())[0] + self.s(16)
    x = left
    cy = r.centery
    if show_brand:
        self.text(surface, "LUNAR BLOCS", (x, cy), 18, c.bright, True, anchor="midleft")
        x += brand_w
    if stacked:
        self.text(surface, g.date(), (x, r.y + self.s(7)), 15, c.muted, True)
        self.text(surface, f"turn {turn}/{g.n_turns}", (x, r.y + self.s(28)), 12, c.muted, True)
    else:
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
        label = self.text(
            surface,
            name.upper(),
            (sx, r.y + self.s(7)),
            11,
            g.bloc_colour(k) if name.startswith("You · ") and k >= 0 else c.muted,
            True,
            width=col - self.s(6),
        )
        colour = g.bloc_colour(k) if name == "Bloc" and k >= 0 else c.bright
        rect = self.text(
            surface, value, (sx, r.y + self.s(22)), 16, colour, True, width=col - self.s(8)
        )
        mark = arrow(delta)
        tone = c.good if delta is not None and delta > 0 else c.bad
        if mark and beside_label(name, value, delta):
            self.text(surface, mark, (label.right + self.s(5), r.y + self.s(7)), 11, tone, True)
        elif mark and rect.right + self.s(5) + small.size(mark)[0] <= sx + col - self.s(4):
            self.text(surface, mark, (rect.right + self.s(5), r.y + self.s(26)), 11, tone, True)
    return hits
