"""The Budget tab: the shares of this turn's money and, under them, what the advisers say
this split does to the player's score and bloc; on the right, one of three views: the plan
(research focus and national mission), technology by domain with next turn's gain (the
law's own numbers), or every national mission (``main.missions``).

The advisers (``main.outlook``) play paired futures of the split kept for ``HOLD_TURNS``
against the split carried over from last turn and against the computer's split for the
player; they are asked only once the sliders have been still for ``SETTLE_SECONDS``.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pygame
import pygame_gui

from game.engine import state as st
from game.text.words import turn_length
from game.ui import theme as th
from game.ui.screens.main.advisers import Advisers
from game.ui.screens.main.missions import MissionList, when
from game.ui.screens.main.tab import Tab
from game.ui.widgets import draw_bar, draw_lines, money

#: The right panel's views: key, button text, tooltip.
VIEWS = (
    ("plan", "Plan", "Research focus and national mission"),
    ("tech", "Technology", "Technology by domain, with next turn's gain"),
    (
        "missions",
        "Missions",
        "Every national mission: cost, turns at your planned spend, odds, prestige, "
        "technology needed and grown, and why one is closed",
    ),
)

CATEGORY_WORDS = {
    "bloc": "Bloc programme",
    "missions": "National missions",
    "research": "Research",
    "diplomacy": "Diplomacy",
    "reserve": "Reserve",
}
CATEGORY_TIPS = {
    "bloc": "Paid into your bloc's lunar programme: advances its milestones; your share of "
    "contributions earns you a share of the prestige",
    "missions": "Funds your own national mission (chosen on the right)",
    "research": "Raises your technology, split over domains by the research focus; in a "
    "bloc it also lets you take in what your partners know (all of it from {full:.0%} of "
    "your money: see Your plan)",
    "diplomacy": "Warms relations, most with the nations you deal with",
    "reserve": "Banked for later turns",
}


def rebalance(values: list[int], changed: int, new: int) -> list[int]:
    """Integer percentages that sum to 100, with ``values[changed]`` set to ``new``.

    The others shrink or grow in proportion to their current sizes (evenly if all are 0).
    """
    new = max(0, min(100, int(round(new))))
    out = list(values)
    out[changed] = new
    others = [i for i in range(len(out)) if i != changed]
    rest = 100 - new
    total = sum(values[i] for i in others)
    if total <= 0:
        shares = [rest / len(others)] * len(others)
    else:
        shares = [values[i] * rest / total for i in others]
    floors = [int(x) for x in shares]
    remainder = rest - sum(floors)
    order = sorted(range(len(others)), key=lambda j: shares[j] - floors[j], reverse=True)
    for j in order[:remainder]:
        floors[j] += 1
    for j, i in enumerate(others):
        out[i] = floors[j]
    return out


def percent_of(shares: list[float]) -> list[int]:
    """Shares as whole percentages that sum to 100 (largest remainders round up)."""
    total = sum(shares) or 1.0
    raw = [100 * x / total for x in shares]
    values = [int(x) for x in raw]
    for j in sorted(range(len(raw)), key=lambda j: raw[j] - values[j], reverse=True)[
        : 100 - sum(values)
    ]:
        values[j] += 1
    return values


def _chosen(menu) -> str:
    """The text of a drop-down menu's current option (pygame_gui keeps text or (text, id))."""
    option = menu.selected_option
    return option[0] if isinstance(option, tuple) else option


class BudgetTab(Tab):
    key = "budget"
    caption = "Budget"
    shortcut = "1"
    # the missions list's names and the technology bars need more than the Moon panel's
    # width, and the sliders are legible in less than the map's
    left_share = 0.55

    def __init__(self, host) -> None:
        super().__init__(host)
        self.percent = percent_of(host.draft.alloc)
        self.sliders: list = []
        self.slider_labels: list = []
        self.focus_menu = None
        self.mission_menu = None
        #: Where the research focus and mission controls start (the technology list ends).
        self.controls_top: int | None = None
        #: What the right panel shows: the "plan" (menus), "tech" levels or "missions".
        self.view = "plan"
        #: The missions plan, one clickable row per mission (laid out in the Missions view).
        self.plan = MissionList(self)
        #: When a slider last moved (the advisers wait for the sliders to settle).
        self.moved_at = -float("inf")
        #: Where the advisers' lines go in the left panel (set by ``build``).
        self.advice_rect = pygame.Rect(0, 0, 0, 0)
        self.buttons_left: int | None = None
        #: What the last frame drew, for tests: (name, label rect, bar rect) per technology
        #: row, and the advisers' lines as (text, rect).
        self.tech_drawn: list[tuple[str, pygame.Rect, pygame.Rect]] = []
        self.advice_drawn: list[tuple[str, pygame.Rect]] = []
        self.advisers = Advisers(self)

    def new_turn(self) -> bool:
        """Values only change after a turn: set them in place (rebuilding every widget is
        most of what End Turn costs the UI), unless a menu's choice changed."""
        self.percent = percent_of(self.host.draft.alloc)
        draft = self.host.draft
        missions = ["none", *self.host.game.catalog.mission_names]
        mission = missions[draft.mission + 1] if draft.mission + 1 < len(missions) else ""
        shown = self.host.tab == self.key and self.focus_menu is not None
        if not shown or self.mission_menu is None or not self.focus_menu.alive():
            return False
        if (
            _chosen(self.focus_menu) != self.current_focus()
            or _chosen(self.mission_menu) != mission
        ):
            return False
        for slider, value in zip(self.sliders, self.percent, strict=True):
            if int(slider.get_current_value()) != value:
                slider.set_current_value(value)
        self.update_budget_labels()
        return True

    def handle(self, event: pygame.event.Event) -> bool:
        t = event.type
        if t == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element in self.sliders:
            self.set_share(self.sliders.index(event.ui_element), int(round(event.value)))
            return True
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.focus_menu:
            self.set_focus(event.text)
            return True
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.mission_menu:
            names = list(self.host.game.catalog.mission_names)
            if not self.choose_mission(names.index(event.text) if event.text in names else -1):
                self.host.rebuild()  # the menu goes back to the old choice
            return True
        # a click on a row of the Missions view chooses that mission
        return (
            t == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.view == "missions"
            and self.plan.click(event.pos)
        )

    def choose_mission(self, q: int) -> bool:
        """Make mission ``q`` (-1: none) the draft's national mission, as the drop-down and
        the Missions rows both do; False (and a note saying why) when it cannot be flown."""
        why = self.mission_refusal(q)
        if why:
            # The engine would bank the missions share instead: say so, keep the old choice.
            self.host.app.notify(why, error=True, seconds=6.0)
            return False
        self.host.draft.mission = q
        return True

    def mission_spend(self) -> float:
        """This turn's planned spend on national missions, US$ B."""
        return self.per_turn(self.percent[st.CAT_MISSIONS] / 100)

    def build(self) -> None:
        s = self.host.s
        r = self.host.left_rect.inflate(-s(20), 0)
        # room for the advisers' lines (the last as tall as its face draws it) and the note
        advice_h = 2 * s(18) + th.font(s(13)).get_linesize()
        room = self.host.left_rect.h - s(34) - s(4) - advice_h - s(28)
        row = max(s(22), min(s(36), room // len(st.CATEGORIES)))
        label_w = self.host.s(170)
        value_w = self.host.s(150)
        y = self.host.left_rect.y + self.host.s(34)
        self.sliders = []
        self.slider_labels = []
        for i, cat in enumerate(st.CATEGORIES):
            self.host.label(
                pygame.Rect(r.x, y, label_w, row - self.host.s(2)), CATEGORY_WORDS[cat]
            ).set_tooltip(
                CATEGORY_TIPS[cat].format(full=self.host.game.rules.constants.absorptive_share)
            )
            slider = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(
                    r.x + label_w,
                    y + self.host.s(2),
                    r.w - label_w - value_w,
                    row - self.host.s(8),
                ),
                self.percent[i],
                (0, 100),
                manager=self.host.app.manager,
                container=self.host.root,
                click_increment=1,  # a mission can be funded to the percent
            )
            self.sliders.append(slider)
            self.slider_labels.append(
                self.host.label(
                    pygame.Rect(
                        r.right - value_w + self.host.s(10),
                        y,
                        value_w - self.host.s(10),
                        row - self.host.s(2),
                    ),
                    "",
                    cls="@value",
                )
            )
            y += row
        self.advice_rect = pygame.Rect(r.x + s(2), y + s(4), r.w - s(4), advice_h)
        self.update_budget_labels()
        rr = self.host.right_rect.inflate(-self.host.s(20), 0)
        domains = ["balanced"] + [d.replace("_", " ") for d in self.host.game.catalog.domain_ids]
        missions = ["none"] + list(self.host.game.catalog.mission_names)
        # Each menu beside its label when its longest option fits there, else under it, the
        # full width of the panel: an option cut short cannot be told from its neighbours.
        face = th.font(self.host.s(15))
        longest = max(face.size(text)[0] for text in domains + missions) + self.host.s(44)
        label_w = self.host.s(130)
        beside = rr.w - label_w >= longest
        menu_h, gap = self.host.s(32), self.host.s(6)
        step = menu_h + gap if beside else self.host.s(22) + menu_h + gap
        y = self.host.right_rect.bottom - self.host.s(12) - 2 * step + gap
        #: Where the research focus and mission controls start (the plan's text ends).
        self.controls_top = y
        self.focus_menu = self.mission_menu = None
        if self.view == "missions":
            # the missions list takes the whole panel: rows choose the mission, not a menu
            self.plan.layout(
                pygame.Rect(
                    rr.x,
                    self.host.right_rect.y + self.host.s(34),
                    rr.w,
                    self.host.right_rect.bottom
                    - self.host.s(8)
                    - self.host.right_rect.y
                    - self.host.s(34),
                )
            )
        menus = []
        for text, options, start in (
            ("Research focus", domains, self.current_focus()),
            (
                "National mission",
                missions,
                missions[self.host.draft.mission + 1]
                if 0 <= self.host.draft.mission + 1 < len(missions)
                else "none",
            ),
        ):
            if self.view != "plan":
                break
            if beside:
                self.host.label(pygame.Rect(rr.x, y, label_w, menu_h), text)
                rect = pygame.Rect(rr.x + label_w, y, rr.w - label_w, menu_h)
            else:
                self.host.label(pygame.Rect(rr.x, y, rr.w, self.host.s(22)), text, cls="@muted")
                rect = pygame.Rect(rr.x, y + self.host.s(22), rr.w, menu_h)
            menus.append(self.host.dropdown(options, start, rect))
            y += step
        if menus:
            self.focus_menu, self.mission_menu = menus
        #: Where the view buttons start (a heading stops short of them).
        self.buttons_left = self.view_buttons(VIEWS, self.view, self.show, rr.right)

    def show(self, view: str) -> None:
        """Show technology levels or the missions plan in the right panel."""
        self.view = view
        self.host.rebuild()

    def mission_refusal(self, q: int) -> str | None:
        """Why mission ``q`` cannot be flown by the player (None when it can, or for none).

        The orders phase funds a mission only where the scenario opens it to the nation and
        the nation has not flown it yet; these are those two state and rules tables.
        """
        if q < 0:
            return None
        name = self.host.game.catalog.mission_names[q]
        if bool(self.host.state.mission_done[0, self.host.player, q]):
            return (
                f"{name} was already flown: a national mission flies once, and its share "
                "would only go to the reserve"
            )
        if not bool(self.host.game.rules.mis_open[self.host.player, q]):
            return f"{name} is not open to {self.host.game.name(self.host.player)} in this scenario"
        return None

    def current_focus(self) -> str:
        split = np.asarray(self.host.draft.research, dtype=float)
        if split.size == 0 or np.allclose(split, split.mean(), atol=0.02):
            return "balanced"
        return self.host.game.catalog.domain_ids[int(np.argmax(split))].replace("_", " ")

    def set_focus(self, text: str) -> None:
        domains = [d.replace("_", " ") for d in self.host.game.catalog.domain_ids]
        d = len(domains)
        if text in domains:
            split = [0.4 / max(1, d - 1)] * d
            split[domains.index(text)] = 0.6
        else:
            split = [1.0 / d] * d
        self.host.draft.research = split

    def per_turn(self, share: float) -> float:
        return self.host.game.spending(self.host.player, share)

    def update_budget_labels(self) -> None:
        for i, label in enumerate(self.slider_labels):
            label.set_text(f"{self.percent[i]}%   {money(self.per_turn(self.percent[i] / 100))}")

    def set_share(self, index: int, value: int) -> None:
        self.moved_at = time.monotonic()  # the advisers wait until the sliders settle
        self.percent = rebalance(self.percent, index, value)
        self.host.draft.alloc = [p / 100 for p in self.percent]
        for i, slider in enumerate(self.sliders):
            if i != index and int(slider.get_current_value()) != self.percent[i]:
                slider.set_current_value(self.percent[i])
        self.update_budget_labels()

    def draw(self, surface: pygame.Surface) -> None:
        c = self.host.colours
        g = self.host.game
        s = self.host.s
        total = self.per_turn(1.0)
        self.host.draw_heading(
            surface,
            self.host.left_rect,
            f"Spend this turn ({turn_length(float(g.rules.turn_years))}): {money(total)} · "
            f"budget {money(self.host.state.budget[0, self.host.player], 'yr')}"
            "  ·  shares always sum to 100%",
        )
        self.advisers.draw(surface)
        k = g.bloc_of(self.host.player)
        if k >= 0:
            need = float(self.host.state.contribution[0, k]) * 100
            note = f"{g.bloc_name(k)} charter asks at least {need:.0f}% for the bloc programme"
            colour = c.bad if self.percent[0] + 0.5 < need else c.muted
        else:
            note = "In no bloc: your bloc share is pledged (paid into a bloc you join this turn)"
            colour = c.warn if self.percent[0] > 0 else c.muted
        self.host.text(
            surface,
            note,
            (self.host.left_rect.x + s(12), self.host.left_rect.bottom - s(26)),
            13,
            colour,
            width=self.host.left_rect.w - s(24),
        )
        rr = self.host.right_rect
        # the heading stops short of the view buttons at the panel's top right
        heading = rr.copy()
        if self.buttons_left is not None:
            heading.w = self.buttons_left - rr.x
        if self.view == "missions":
            self.host.draw_heading(surface, heading, "National missions")
            self.plan.draw(surface)
        elif self.view == "tech":
            self.host.draw_heading(surface, heading, "Technology")
            self.draw_tech(surface)
        else:
            self.host.draw_heading(surface, heading, "Your plan")
            self.draw_plan(surface)

    # --------------------------------------------------------------- right panel
    def draw_plan(self, surface: pygame.Surface) -> None:
        """Above the menus: what the focus buys next turn and what the mission costs."""
        c = self.host.colours
        g = self.host.game
        s = self.host.s
        rr = self.host.right_rect
        x, y = rr.x + s(12), rr.y + s(36)
        width = rr.w - s(24)
        bottom = self.controls_top if self.controls_top is not None else rr.bottom
        gains = g.research_gain(self.host.player, self.host.draft.alloc, self.host.draft.research)
        lines = [(f"Research next turn: +{float(np.sum(gains)):.3f} technology in all", c.text)]
        q = self.host.draft.mission
        if q >= 0:
            _, rows = self.plan.rows()
            row = rows[q]
            lines.append(
                (
                    f"{row.name}: {money(row.cost)} to pay, {when(row)}, "
                    f"{row.chance * 100:.0f}% odds, +{row.prestige:g} prestige",
                    c.text,
                )
            )
        else:
            lines.append(("No national mission: its share goes to the reserve", c.muted))
        lines.append((self.goodwill_text(), c.muted))
        if (taken := g.absorption(self.host.player, self.host.draft.alloc)) is not None:
            full = g.rules.constants.absorptive_share
            lines.append(
                (
                    f"Research takes in {taken:.0%} of what your partners know more than you "
                    f"(all of it from {full:.0%} of your money in research)",
                    c.text if taken >= 1.0 else c.warn,
                )
            )
        if relief := self.host.game.coordination_relief(self.host.player, self.host.draft.alloc):
            lines.append(
                (f"Your bloc's diplomacy lifts {relief[0]:.0%} of its coordination cost", c.muted)
            )
        for text, colour in lines:  # a line that does not fit ends in "…" (whole on hover)
            if y + s(18) > bottom - s(4):
                return
            foot = bottom - s(3)
            y = draw_lines(surface, text, (x, y), s(13), colour, False, width, foot, step=s(19))

    def goodwill_text(self) -> str:
        g = self.host.game
        goodwill = g.goodwill(self.host.player, self.host.draft.alloc)
        if self.host.draft.alloc[st.CAT_DIPLOMACY] <= 0:
            return "Diplomacy: nothing spent, relations only drift"
        # Small budgets buy little goodwill: show two significant digits, so that a small
        # nation's few millions never read as +0.0000 (Nigeria's 10% buys about 0.000015)
        digits = 3 if goodwill >= 0.001 else min(8, 1 - math.floor(math.log10(max(goodwill, 1e-9))))
        return f"Diplomacy: +{goodwill:.{digits}f} to every relation next turn, more with partners"

    def draw_tech(self, surface: pygame.Surface) -> None:
        """Technology by domain, the whole panel: one legible row each."""
        c = self.host.colours
        g = self.host.game
        s = self.host.s
        rr = self.host.right_rect
        x = rr.x + s(12)
        self.host.text(
            surface,
            "0 to 1 (1 = mastered) · next turn's gain · dot: focus",
            (x, rr.y + s(34)),
            12,
            c.muted,
            width=rr.w - s(24),
        )
        y = rr.y + s(56)
        right = rr.right - s(12)
        tech = self.host.state.tech[0, self.host.player]
        gains = g.research_gain(self.host.player, self.host.draft.alloc, self.host.draft.research)
        focus = np.asarray(self.host.draft.research)
        bottom = rr.bottom - s(30)
        n = max(1, len(tech))
        # one column while every domain gets a legible row, else two
        cols = 1 if (bottom - y) // n >= s(18) else 2
        rows = -(-n // cols)
        line = min(s(26), (bottom - y) // rows)
        gap = s(16)
        col_w = (right - x - gap * (cols - 1)) // cols
        names = [name.replace("_", " ") for name in g.catalog.domain_ids]
        face = th.font(s(13))
        label_w = min(max(face.size(t)[0] for t in names) + s(14), int(col_w * 0.45))
        value_w = th.font(s(12)).size("0.00 +0.000")[0] + s(8)
        self.tech_drawn = []
        for d, name in enumerate(names):
            cx = x + (d // rows) * (col_w + gap)
            cy = y + (d % rows) * line
            cright = cx + col_w
            level = float(tech[d])
            mid = cy + line // 2
            shown = self.host.text(
                surface, name, (cx, mid), 13, c.text, anchor="midleft", width=label_w
            )
            bar = pygame.Rect(
                cx + label_w,
                mid - s(5),
                max(s(24), cright - cx - label_w - value_w),
                s(10),
            )
            draw_bar(surface, bar, level, c.accent, c.track)
            self.tech_drawn.append((name, shown, bar))
            gain = float(gains[d])
            gain_text = f" +{gain:.3f}" if gain > 0.0005 else ""
            self.host.text(
                surface,
                f"{level:.2f}{gain_text}",
                (cright, mid),
                12,
                c.good if gain_text else c.text,
                anchor="midright",
            )
            if focus.size == len(tech) and focus[d] > 1.2 / len(tech):
                pygame.draw.circle(surface, c.warn, (cx + label_w - s(8), mid), s(3))
        self.host.text(
            surface,
            self.goodwill_text(),
            (x, rr.bottom - s(26)),
            13,
            c.muted,
            width=rr.w - s(24),
        )

    def draw_overlay(self, surface: pygame.Surface) -> None:
        if self.view == "missions" and self.host.tab == self.key:
            self.plan.draw_tooltip(surface)
