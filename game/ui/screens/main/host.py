"""The main screen: a small host for the map, the Moon race, the top bar and six tabs.

Spec card:
    Reads: the Match (State history, Catalog, Rules) and the person's Draft for this turn.
    Writes: only the Draft (budget shares, research focus, mission, offers to send, answers);
        End Turn goes to the navigator (``app.nav.end_turn``), which asks the Match to play.
    Parts: one class per tab (``main.budget``, ``main.offers``, ``main.inbox``, ``main.news``,
        ``main.relations``, ``main.charts``), each with its own widgets and state; the host
        lays out the window, draws what every tab shares, and passes events and key actions
        to the chosen tab (``pane``) before its own ``action_<name>`` methods.
"""

from __future__ import annotations

import dataclasses

import pygame

from game.engine import state as st
from game.session.match import Match
from game.ui import panels
from game.ui import theme as th
from game.ui.classroom import draw_clock
from game.ui.map_panel import MapPanel, draw_tooltip, render_theme
from game.ui.render import text as rtext
from game.ui.render.moon import MoonPanel
from game.ui.results import MenuChoice
from game.ui.screens.base import Screen
from game.ui.screens.main.budget import BudgetTab
from game.ui.screens.main.charts import ChartsTab
from game.ui.screens.main.coach import Coach
from game.ui.screens.main.guide import guide_lines
from game.ui.screens.main.inbox import InboxTab
from game.ui.screens.main.news import NewsTab
from game.ui.screens.main.objectives import GoalsTab, score_lines
from game.ui.screens.main.offers import OffersTab
from game.ui.screens.main.outlook import Choice, Outlook, advice_lines, orders_of
from game.ui.screens.main.relations import RelationsTab
from game.ui.screens.main.tab import Tab
from game.ui.screens.main.topbar import build_top, draw_top
from game.ui.widgets import money

#: The tabs in order (each class names its key, caption and shortcut).
TAB_CLASSES: tuple[type[Tab], ...] = (
    BudgetTab,
    OffersTab,
    InboxTab,
    NewsTab,
    RelationsTab,
    ChartsTab,
    GoalsTab,
)
#: (key, caption, shortcut) of every tab, for the buttons, the help and the gallery.
TABS = tuple((t.key, t.caption, t.shortcut) for t in TAB_CLASSES)


class MainScreen(Screen):
    """Where a person plays a turn."""

    scopes = ("main",)
    title = "Main"
    TABS = TABS

    def __init__(self, app, game: Match, player: int) -> None:
        super().__init__(app)
        self.game = game
        self.player = player
        self.tab = "budget"
        self.selected = player
        self.map = MapPanel(game.scenario, app.settings.high_contrast)
        self.moon = MoonPanel(render_theme(app.settings.high_contrast))
        self.map.tooltip = self.tooltip_lines
        self.tabs: dict[str, Tab] = {cls.key: cls(self) for cls in TAB_CLASSES}
        self.tab_buttons: dict = {}
        self.text_drawn: list[pygame.Rect] = []  # text on the window this frame (coach)
        self.coach = Coach(self)  # the tutorial's guide (idle in other scenarios)
        #: The Moon panel enlarged over the map (a click on it toggles), names and all.
        self.moon_zoom = False
        #: The race forecast and the advisers' comparisons, from the forecast process.
        self.outlook = Outlook(game, player, self.app.forecasts())
        #: Where the top bar drew each figure (hover on SCORE shows its parts).
        self.top_hits: dict[str, pygame.Rect] = {}

    @property
    def pane(self) -> Tab:
        """The tab shown now."""
        return self.tabs[self.tab]

    # --------------------------------------------------------------- helpers
    @property
    def draft(self):
        return self.game.draft(self.player)

    @property
    def state(self) -> st.State:
        return self.game.state

    def ids(self) -> tuple[str, ...]:
        return self.game.catalog.nation_ids

    def tooltip_lines(self, nation_id: str) -> list[str]:
        i = self.game.catalog.nation(nation_id)
        s = self.state
        lines = [
            f"Budget {money(s.budget[0, i])} · support {float(s.support[0, i]) * 100:.0f}% "
            f"· prestige {float(s.prestige[0, i]):.0f}"
        ]
        if i != self.player:
            rel = float(s.relations[0, self.player, i])
            lines.append(f"Relations with you: {rel:+.2f}")
            if bool(s.forbidden[0, self.player, i]):
                lines.append("No deals possible with you (forbidden pair)")
        lines.append("Click to select")
        return lines

    # --------------------------------------------------------------- layout
    def layout(self) -> None:
        w, h = self.app.size
        g = self.s(8)
        self.top_rect = pygame.Rect(g, g, w - 2 * g, self.s(52))
        body_top = self.top_rect.bottom + g
        tabs_h = self.s(34)
        lower_h = max(self.s(236), int(h * 0.36))
        map_w = int((w - 3 * g) * 0.63)
        map_h = h - body_top - lower_h - tabs_h - 2 * g
        self.map_rect = pygame.Rect(g, body_top, map_w, map_h)
        self.moon_rect = pygame.Rect(self.map_rect.right + g, body_top, w - map_w - 3 * g, map_h)
        # the race forecast's line sits under the Moon panel, in view all game long
        self.forecast_rect = pygame.Rect(self.moon_rect.x, 0, self.moon_rect.w, self.s(24))
        self.moon_rect.h -= self.forecast_rect.h + self.s(4)
        self.forecast_rect.bottom = self.map_rect.bottom
        self.tabs_rect = pygame.Rect(g, self.map_rect.bottom + g, w - 2 * g, tabs_h)
        low_y = self.tabs_rect.bottom + self.s(4)
        self.left_rect = pygame.Rect(g, low_y, map_w, h - low_y - g)
        self.right_rect = pygame.Rect(self.moon_rect.x, low_y, self.moon_rect.w, h - low_y - g)
        share = getattr(getattr(self, "tabs", {}).get(self.tab), "left_share", None)
        if share is not None:
            # this tab's right panel needs more room than the Moon panel's width
            self.left_rect.w = int((w - 3 * g) * share)
            self.right_rect.x = self.left_rect.right + g
            self.right_rect.w = w - g - self.right_rect.x

    def build(self) -> None:
        self.layout()
        self.widgets = {}
        self.map.set_rect(self.map_rect.inflate(-2, -2), self.app.scale)
        self.refresh_map()
        build_top(self)
        tab_w = min(self.s(150), self.tabs_rect.w // len(TABS) - self.s(6))
        self.tab_buttons = {}
        for i, (key, text, shortcut) in enumerate(TABS):
            button = self.button(
                pygame.Rect(
                    self.tabs_rect.x + i * (tab_w + self.s(6)),
                    self.tabs_rect.y,
                    tab_w,
                    self.tabs_rect.h,
                ),
                self.tabs[key].label(),
                cls="@tab",
                tip=f"{text} [{shortcut}]",
                on=lambda key=key: self.show_tab(key),
            )
            self.tab_buttons[key] = button
            if key == self.tab:
                button.select()
        self.pane.build()

    def next_turn(self) -> None:
        """The turn was played and the same person plays on: show the new turn, keeping the
        map and Moon panel (and their caches); the tab updates in place where it can."""
        self.refresh_map()
        live = self.root is not None and self.root.alive() and self.built_with is self.app.manager
        in_place = [tab.new_turn() for tab in self.tabs.values()][list(self.tabs).index(self.tab)]
        if not live or self.game.over or not in_place:
            self.rebuild()
            return
        for key, button in self.tab_buttons.items():
            label = self.tabs[key].label()
            if button.text != label:
                button.set_text(label)

    def open(self) -> None:
        self.outlook.start()

    def teardown(self) -> None:
        super().teardown()
        if self not in self.app.stack:  # closed for good (a rebuild keeps the process)
            self.outlook.close()

    def update(self, dt: float) -> None:
        self.outlook.poll()
        self.app.nav.tick(self)  # a classroom's turn clock: time out passes the turn on

    def show_tab(self, key: str) -> None:
        self.tab = key
        self.rebuild()

    def refresh_map(self) -> None:
        ids = self.ids()
        self.map.show_state(self.state, ids[self.player], ids[self.selected])

    def select(self, i: int) -> None:
        self.selected = i
        self.map.select(self.ids()[i])
        if self.pane.new_selection():
            self.rebuild()

    def offer_to(self, nation: int) -> None:
        """Open the Offers tab composing an offer to ``nation``."""
        offers = self.tabs["offers"]
        assert isinstance(offers, OffersTab)
        offers.aim_at(nation)
        self.show_tab("offers")

    # --------------------------------------------------------------- events
    def handle(self, event: pygame.event.Event) -> bool:
        if self.pane.handle(event):
            return True
        t = event.type
        if (
            t == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.race_rect.collidepoint(event.pos)
        ):
            self.moon_zoom = not self.moon_zoom
            return True
        if t == pygame.MOUSEMOTION:
            self.map.hover(event.pos)
        mouse = (
            pygame.MOUSEBUTTONDOWN,
            pygame.MOUSEBUTTONUP,
            pygame.MOUSEMOTION,
            pygame.MOUSEWHEEL,
        )
        if (
            t == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.forecast_rect.collidepoint(event.pos)
        ):
            self.show_tab("goals")
            return True
        click = self.map.handle(event) if t in mouse else None
        if click is not None and click.nation is not None and click.button == 1:
            self.select(self.game.catalog.nation(click.nation))
            return True
        return super().handle(event)

    def action(self, name: str) -> bool:
        """A key action: the chosen tab's ``action_<name>`` first, then the host's."""
        handler = getattr(self.pane, f"action_{name}", None)
        if handler is not None and handler() is not False:
            return True
        return super().action(name)

    def action_tab_budget(self) -> None:
        self.show_tab("budget")

    def action_tab_offers(self) -> None:
        self.show_tab("offers")

    def action_tab_inbox(self) -> None:
        self.show_tab("inbox")

    def action_tab_news(self) -> None:
        self.show_tab("news")

    def action_tab_relations(self) -> None:
        self.show_tab("relations")

    def action_tab_charts(self) -> None:
        self.show_tab("charts")

    def action_tab_goals(self) -> None:
        self.show_tab("goals")

    def action_end_turn(self) -> None:
        self.end_turn()

    def action_back(self) -> None:
        self.open_menu()

    def action_save(self) -> None:
        self.save()

    def action_next_nation(self) -> None:
        self.select((self.selected + 1) % self.game.n)

    def action_home(self) -> None:
        self.select(self.player)

    def action_zoom_in(self) -> None:
        self.map.map.zoom_by(1.25)

    def action_zoom_out(self) -> None:
        self.map.map.zoom_by(0.8)

    def action_zoom_reset(self) -> None:
        self.map.map.reset_view()

    # the main screen has no list to walk: Up, Down and Enter belong to the tabs
    def action_prev(self) -> bool:
        return False

    def action_next(self) -> bool:
        return False

    def action_confirm(self) -> bool:
        return False

    # --------------------------------------------------------------- turn flow
    def end_turn(self) -> None:
        self.app.nav.end_turn(self.game, self.player)

    def save(self) -> None:
        try:
            path = self.app.services.save_new(self.game)
        except OSError as exc:
            self.app.notify(f"Could not save: {exc}", error=True)
            return
        self.app.notify(f"Saved as {path.name}")

    def open_menu(self) -> None:
        self.app.nav.push("menu", self.game)

    def resume(self, result) -> None:
        if result is MenuChoice.SAVE:
            self.save()

    def unsaved(self) -> bool:
        return self.game.unsaved

    def toast_anchor(self) -> tuple[int, int]:
        """Messages sit at the foot of the map, clear of the tabs' text and the advisers."""
        return (self.map_rect.centerx, self.map_rect.bottom - self.s(20))

    # --------------------------------------------------------------- drawing
    @property
    def race_rect(self) -> pygame.Rect:
        """Where the Moon panel is drawn: its own place, or over the map too when zoomed."""
        return self.map_rect.union(self.moon_rect) if self.moon_zoom else self.moon_rect

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.colours.background)
        # where text goes this frame, kept for the tutorial's arrow (drawn in the overlay)
        with rtext.watching(surface) as self.text_drawn:
            self.top_hits = draw_top(self, surface)
            if not self.moon_zoom:  # zoomed, the Moon covers the map
                self.map.draw(surface)
            panels.draw_race(
                surface, self.race_rect, self.game, self.player, self.app.scale, self.moon
            )
            if not self.moon_zoom:
                # zoomed, the Moon reaches the map's foot: the line was drawn over its last row
                self.draw_race_line(surface)
            self.panel(surface, self.left_rect, None)
            self.panel(surface, self.right_rect, None)
            self.draw_hint(surface)
            self.outlook.compare(None)  # a choice is wanted only while a tab shows it
            self.pane.draw(surface)

    def draw_overlay(self, surface: pygame.Surface) -> None:
        if not self.moon_zoom:  # the zoomed Moon lies over the map
            self.map.draw_overlay(surface, self.app.pointer())
        clock = self.app.nav.clock_of(self.game, self.player)
        left = self.app.nav.facilitator(self.game)
        urgent = left is not None and (left.seconds_left(self.player) or 61) <= 60
        draw_clock(surface, clock, self.map_rect.midtop, self.app.scale, urgent)
        self.coach.draw(surface)
        mouse = self.app.pointer()
        score = self.top_hits.get("Score")
        if score is not None and score.collidepoint(mouse):
            draw_tooltip(surface, score_lines(self.game, self.player), self.app.scale, mouse)
        if self.race_rect.collidepoint(mouse):
            hit = self.moon.milestone_at(mouse)
            if hit is not None:
                draw_tooltip(surface, self.milestone_lines(hit[1]), self.app.scale, mouse)
        self.pane.draw_overlay(surface)

    def help_topics(self) -> list:
        """The Help screen's guide to this game for this player (``main.guide``)."""
        return guide_lines(self.game, self.player, TABS, self.outlook.race)

    def milestone_lines(self, milestone_id: str) -> list[str]:
        """Tooltip of a milestone node: name, progress, odds, and what it needs."""
        g = self.game
        m = g.catalog.milestone(milestone_id)
        cost = float(g.rules.ms_cost[m])
        done = bool(g.state.done[0, m])
        progress = cost if done else float(g.state.progress[0, m])
        odds = g.milestone_odds().get(milestone_id, 0.0)
        lines = [g.catalog.milestone_names[m]]
        if done:
            lines.append(f"Completed · ${cost:.0f} B")
        else:
            lines.append(
                f"${progress:.1f} of ${cost:.0f} B invested · success if tried now {odds * 100:.0f}%"
            )
        needs = [
            f"{d.replace('_', ' ')} {float(v):.2f}"
            for d, v in zip(g.catalog.domain_ids, g.rules.ms_req[m], strict=True)
            if v > 0
        ]
        if needs:
            lines.append("Needs technology: " + ", ".join(needs))
        return lines

    def advise(
        self,
        what: str,
        answers: dict[int, int] | None = None,
        instead: dict[int, int] | None = None,
        offer=None,
        rather: str = "without it",
    ) -> list[tuple[str, str]]:
        """What a pending choice does to the player, as lines for ``panels.draw_advice``.

        The draft with ``answers`` (or ``offer`` added) against it with ``instead`` (or as
        it is; ``rather`` in words), played over the same futures by the forecast process.
        Asked every frame the choice is shown; the newest choice wins.
        """
        base = orders_of(self.draft)
        mine = dict(base.answers)
        alt_answers = {**mine, **(answers or {})}
        base_answers = {**mine, **(instead or {})}
        alt = dataclasses.replace(
            base,
            answers=tuple(sorted(alt_answers.items())),
            offers=base.offers + ((offer.copy(),) if offer is not None else ()),
        )
        base = dataclasses.replace(base, answers=tuple(sorted(base_answers.items())))
        aligned = self.game.bloc_of(self.player) >= 0
        choice = Choice(what, base, alt)
        answer = self.outlook.compare(choice)
        return advice_lines(what, answer, aligned, rather, self.outlook.earlier(choice))

    def draw_race_line(self, surface: pygame.Surface) -> None:
        """Under the Moon panel: which bloc the futures say finishes first (click: Goals)."""
        r = self.forecast_rect
        pygame.draw.rect(surface, self.colours.panel, r, border_radius=self.s(5))
        pygame.draw.rect(surface, self.colours.panel_border, r, 1, border_radius=self.s(5))
        ready = self.outlook.race is not None
        # the longest wording that fits: at 125% the median date was cut off
        line = self.outlook.race_line()
        short = line.replace(" finishes first in ", " first in ")
        shorter = short.replace(" of futures, median ", ", median ")
        room = r.w - self.s(20)
        face = th.font(self.s(13), ready)
        line = next((x for x in (line, short, shorter) if face.size(x)[0] <= room), shorter)
        self.text(
            surface,
            line,
            (r.x + self.s(10), r.centery),
            13,
            self.colours.bright if ready else self.colours.muted,
            ready,
            anchor="midleft",
            width=r.w - self.s(20),
        )

    def draw_hint(self, surface: pygame.Surface) -> None:
        """Right of the tabs: the selected nation and how to change it."""
        tab_w = min(self.s(150), self.tabs_rect.w // len(TABS) - self.s(6))
        x = self.tabs_rect.x + len(TABS) * (tab_w + self.s(6)) + self.s(8)
        width = self.tabs_rect.right - x
        if width < self.s(120):
            return
        who = "you" if self.selected == self.player else self.game.name(self.selected)
        # the longest wording that fits whole: a hint cut off mid-word reads as a glitch
        face = th.font(self.s(13))
        hints = (
            f"Selected: {who}  ·  click the map or Tab  ·  F1 help",
            f"Selected: {who}  ·  F1 help",
            f"Selected: {who}",
        )
        hint = next((h for h in hints if face.size(h)[0] <= width), hints[-1])
        self.text(
            surface,
            hint,
            (self.tabs_rect.right, self.tabs_rect.centery),
            13,
            self.colours.muted,
            anchor="midright",
            width=width,
        )

    def draw_heading(self, surface: pygame.Surface, rect: pygame.Rect, text: str) -> None:
        self.text(
            surface,
            text.upper(),
            (rect.x + self.s(12), rect.y + self.s(8)),
            12,
            self.colours.muted,
            True,
            width=rect.w - self.s(24),
        )
