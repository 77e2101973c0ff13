"""The main screen: map, Moon race, dashboard, budget, offers, inbox, news, relations, charts.

Spec card:
    Reads: the Match (State history, Catalog, Rules) and the person's Draft for this turn.
    Writes: only the Draft (budget shares, research focus, mission, offers to send, answers);
        End Turn hands it to ``Game.end_turn``, which builds the Orders and steps the engine.
    Layout (1280x720 at scale 1): top bar 56 px; map (left, ~64% wide) beside the Moon panel;
        a tab row and, below it, a tab's controls (left) and its "why" panel (right).
    Privacy: everything shown is from the point of view of ``player``; in hot-seat games the
        hand-over screen stands between two people's main screens.
"""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.engine import state as st
from game.session.match import Match
from game.session.offers import KIND_WORDS
from game.session.orders import OfferDraft
from game.ui import panels
from game.ui import theme as th
from game.ui.map_panel import MapPanel, draw_tooltip, render_theme
from game.ui.news import news
from game.ui.panels import CHARTS
from game.ui.render.charts import LineChart
from game.ui.render.moon import MoonPanel
from game.ui.screens.base import Screen
from game.ui.widgets import draw_bar, esc, money, possessive, row_of

TABS = (
    ("budget", "Budget", "1"),
    ("offers", "Offers", "2"),
    ("inbox", "Inbox", "3"),
    ("news", "News", "4"),
    ("relations", "Relations", "5"),
    ("charts", "Charts", "6"),
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
    "research": "Raises your technology, split over domains by the research focus",
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


def _chosen(menu) -> str:
    """The text of a drop-down menu's current option (pygame_gui keeps text or (text, id))."""
    option = menu.selected_option
    return option[0] if isinstance(option, tuple) else option


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
        self.compose = OfferDraft()
        self.inbox_index = 0
        self.chart = "prestige"
        self.map = MapPanel(game.scenario, app.settings.high_contrast)
        self.moon = MoonPanel(render_theme(app.settings.high_contrast))
        self.line_chart = LineChart(render_theme(app.settings.high_contrast))
        self.map.tooltip = self.tooltip_lines
        self.prediction = None
        self.row_predictions: dict[int, object] = {}
        self.widgets: dict[str, object] = {}
        draft = game.draft(player)
        self.percent = self._percent(draft.alloc)

    # --------------------------------------------------------------- helpers
    @property
    def draft(self):
        return self.game.draft(self.player)

    @property
    def state(self) -> st.State:
        return self.game.state

    def _percent(self, shares: list[float]) -> list[int]:
        total = sum(shares) or 1.0
        raw = [100 * x / total for x in shares]
        values = [int(x) for x in raw]
        for j in sorted(range(len(raw)), key=lambda j: raw[j] - values[j], reverse=True)[
            : 100 - sum(values)
        ]:
            values[j] += 1
        return values

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
        self.tabs_rect = pygame.Rect(g, self.map_rect.bottom + g, w - 2 * g, tabs_h)
        low_y = self.tabs_rect.bottom + self.s(4)
        self.left_rect = pygame.Rect(g, low_y, map_w, h - low_y - g)
        self.right_rect = pygame.Rect(self.moon_rect.x, low_y, self.moon_rect.w, h - low_y - g)

    def build(self) -> None:
        self.layout()
        self.widgets = {}
        self.map.set_rect(self.map_rect.inflate(-2, -2), self.app.scale)
        self.refresh_map()
        tr = self.top_rect
        bh = self.s(38)
        y = tr.y + (tr.h - bh) // 2
        self.end_button = self.button(
            pygame.Rect(tr.right - self.s(176), y, self.s(168), bh),
            "End turn  [E]",
            cls="@primary",
            tip="Resolve the turn now; your orders are sent with everyone else's",
            on=self.end_turn,
        )
        self.button(
            pygame.Rect(self.end_button.rect.x - self.s(96), y, self.s(88), bh),
            "Menu",
            tip="Save, load, settings, quit (Esc)",
            on=self.open_menu,
        )
        self.button(
            pygame.Rect(self.end_button.rect.x - self.s(152), y, self.s(48), bh),
            "?",
            tip="Keyboard shortcuts (F1)",
            on=lambda: self.app.dispatch(
                pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F1, mod=0, unicode="")
            ),
        )
        if self.game.over:
            self.end_button.set_text("Final results")
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
                self.tab_label(key),
                cls="@tab",
                tip=f"{text} [{shortcut}]",
                on=lambda key=key: self.show_tab(key),
            )
            self.tab_buttons[key] = button
            if key == self.tab:
                button.select()
        getattr(self, f"build_{self.tab}")()

    def tab_label(self, key: str) -> str:
        """A tab's text, with a count where there is something waiting."""
        text = dict((k, t) for k, t, _ in TABS)[key]
        if key == "inbox":
            pending = len(self.game.open_offers(target=self.player))
            return f"Inbox ({pending})" if pending else text
        if key == "offers":
            queued = len(self.draft.offers)
            return f"Offers ({queued})" if queued else text
        return text

    def next_turn(self) -> None:
        """The turn was resolved and the same person plays on: show the new turn.

        Keeps the map and Moon panel (and their caches); on the budget tab, whose widgets
        only show values, it updates them in place instead of rebuilding every widget,
        which is most of what End Turn costs the UI.
        """
        self.percent = self._percent(self.draft.alloc)
        self.inbox_index = 0
        self.refresh_map()
        live = self.root is not None and self.root.alive() and self.built_with is self.app.manager
        if not live or self.tab != "budget" or self.game.over:
            self.rebuild()
            return
        missions = ["none", *self.game.catalog.mission_names]
        mission = missions[self.draft.mission + 1] if self.draft.mission + 1 < len(missions) else ""
        if (
            _chosen(self.focus_menu) != self.current_focus()
            or _chosen(self.mission_menu) != mission
        ):
            self.rebuild()
            return
        for key, button in self.tab_buttons.items():
            label = self.tab_label(key)
            if button.text != label:
                button.set_text(label)
        for slider, value in zip(self.sliders, self.percent, strict=True):
            if int(slider.get_current_value()) != value:
                slider.set_current_value(value)
        self.update_budget_labels()

    def show_tab(self, key: str) -> None:
        self.tab = key
        self.rebuild()

    def refresh_map(self) -> None:
        ids = self.ids()
        self.map.show_state(self.state, ids[self.player], ids[self.selected])

    def select(self, i: int) -> None:
        self.selected = i
        self.map.select(self.ids()[i])
        if self.tab == "relations":
            self.rebuild()

    # --------------------------------------------------------------- budget tab
    def build_budget(self) -> None:
        r = self.left_rect.inflate(-self.s(20), 0)
        row = min(self.s(36), (self.left_rect.h - self.s(64)) // 5)
        label_w = self.s(170)
        value_w = self.s(150)
        y = self.left_rect.y + self.s(34)
        self.sliders = []
        self.slider_labels = []
        for i, cat in enumerate(st.CATEGORIES):
            self.label(
                pygame.Rect(r.x, y, label_w, row - self.s(6)), CATEGORY_WORDS[cat]
            ).set_tooltip(CATEGORY_TIPS[cat])
            slider = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(
                    r.x + label_w, y + self.s(2), r.w - label_w - value_w, row - self.s(10)
                ),
                self.percent[i],
                (0, 100),
                manager=self.app.manager,
                container=self.root,
                click_increment=5,
            )
            self.sliders.append(slider)
            self.slider_labels.append(
                self.label(
                    pygame.Rect(
                        r.right - value_w + self.s(10), y, value_w - self.s(10), row - self.s(6)
                    ),
                    "",
                    cls="@value",
                )
            )
            y += row
        self.update_budget_labels()
        rr = self.right_rect.inflate(-self.s(20), 0)
        domains = ["balanced"] + [d.replace("_", " ") for d in self.game.catalog.domain_ids]
        missions = ["none"] + list(self.game.catalog.mission_names)
        # Each menu beside its label when its longest option fits there, else under it, the
        # full width of the panel: an option cut short cannot be told from its neighbours.
        face = th.font(self.s(15))
        longest = max(face.size(text)[0] for text in domains + missions) + self.s(44)
        label_w = self.s(130)
        beside = rr.w - label_w >= longest
        menu_h, gap = self.s(32), self.s(6)
        step = menu_h + gap if beside else self.s(22) + menu_h + gap
        y = self.right_rect.bottom - self.s(12) - 2 * step + gap
        #: Where the research focus and mission controls start (the technology list ends).
        self.controls_top = y
        menus = []
        for text, options, start in (
            ("Research focus", domains, self.current_focus()),
            (
                "National mission",
                missions,
                missions[self.draft.mission + 1]
                if 0 <= self.draft.mission + 1 < len(missions)
                else "none",
            ),
        ):
            if beside:
                self.label(pygame.Rect(rr.x, y, label_w, menu_h), text)
                rect = pygame.Rect(rr.x + label_w, y, rr.w - label_w, menu_h)
            else:
                self.label(pygame.Rect(rr.x, y, rr.w, self.s(22)), text, cls="@muted")
                rect = pygame.Rect(rr.x, y + self.s(22), rr.w, menu_h)
            menus.append(self.dropdown(options, start, rect))
            y += step
        self.focus_menu, self.mission_menu = menus

    def mission_refusal(self, q: int) -> str | None:
        """Why mission ``q`` cannot be flown by the player (None when it can, or for none).

        The orders phase funds a mission only where the scenario opens it to the nation and
        the nation has not flown it yet; these are those two state and rules tables.
        """
        if q < 0:
            return None
        name = self.game.catalog.mission_names[q]
        if bool(self.state.mission_done[0, self.player, q]):
            return (
                f"{name} was already flown: a national mission flies once, and its share "
                "would only go to the reserve"
            )
        if not bool(self.game.rules.mis_open[self.player, q]):
            return f"{name} is not open to {self.game.name(self.player)} in this scenario"
        return None

    def current_focus(self) -> str:
        split = np.asarray(self.draft.research, dtype=float)
        if split.size == 0 or np.allclose(split, split.mean(), atol=0.02):
            return "balanced"
        return self.game.catalog.domain_ids[int(np.argmax(split))].replace("_", " ")

    def set_focus(self, text: str) -> None:
        domains = [d.replace("_", " ") for d in self.game.catalog.domain_ids]
        d = len(domains)
        if text in domains:
            split = [0.4 / max(1, d - 1)] * d
            split[domains.index(text)] = 0.6
        else:
            split = [1.0 / d] * d
        self.draft.research = split

    def per_turn(self, share: float) -> float:
        return self.game.spending(self.player, share)

    def update_budget_labels(self) -> None:
        for i, label in enumerate(self.slider_labels):
            label.set_text(f"{self.percent[i]}%   {money(self.per_turn(self.percent[i] / 100))}")

    def set_share(self, index: int, value: int) -> None:
        self.percent = rebalance(self.percent, index, value)
        self.draft.alloc = [p / 100 for p in self.percent]
        for i, slider in enumerate(self.sliders):
            if i != index and int(slider.get_current_value()) != self.percent[i]:
                slider.set_current_value(self.percent[i])
        self.update_budget_labels()

    # --------------------------------------------------------------- offers tab
    def kinds_available(self) -> list[str]:
        kinds = list(st.OFFER_KINDS)
        if self.game.bloc_of(self.player) < 0:
            kinds.remove("invite")
        return kinds

    def targets(self) -> list[tuple[str, int]]:
        """(label, index) choices of the 'To' menu for the kind being composed."""
        if self.compose.kind == "apply":
            mine = self.game.bloc_of(self.player)
            return [
                (self.game.catalog.bloc_names[k], k)
                for k in range(len(self.game.catalog.bloc_ids))
                if k != mine
            ]
        order = sorted(
            (i for i in range(self.game.n) if i != self.player), key=lambda i: self.game.name(i)
        )
        return [(self.game.name(i), i) for i in order]

    def build_offers(self) -> None:
        r = self.left_rect.inflate(-self.s(20), 0)
        kinds = self.kinds_available()
        if self.compose.kind not in kinds:
            self.compose.kind = kinds[0]
        targets = self.targets()
        current = self.compose.bloc if self.compose.kind == "apply" else self.compose.target
        if current not in [t for _, t in targets]:
            current = (
                self.selected
                if self.compose.kind != "apply" and self.selected != self.player
                else targets[0][1]
            )
            self._set_target(current)
        y = self.left_rect.y + self.s(32)
        half = (r.w - self.s(20)) // 2
        lw = self.s(64)
        self.label(pygame.Rect(r.x, y, lw, self.s(32)), "Kind")
        self.kind_menu = self.dropdown(
            [KIND_WORDS[k] for k in kinds],
            KIND_WORDS[self.compose.kind],
            pygame.Rect(r.x + lw, y, half - lw, self.s(32)),
        )
        self.label(pygame.Rect(r.x + half + self.s(20), y, lw, self.s(32)), "To")
        labels = [t for t, _ in targets]
        chosen = next((t for t, v in targets if v == current), labels[0])
        self.target_menu = self.dropdown(
            labels,
            chosen,
            pygame.Rect(r.x + half + self.s(20) + lw, y, half - lw, self.s(32)),
        )
        y += self.s(44)
        specs = [
            ("funds", "Funds", (0.0, 5.0), self.compose.funds, 0.1),
            ("tech", "Tech share", (0, 50), round(self.compose.tech * 100), 5),
            ("seats", "Seats", (0, 3), self.compose.seats, 1),
            ("payload", "Payload", (0, 3), self.compose.payload, 1),
        ]
        self.sweeteners = {}
        self.sweetener_labels = {}
        sw = half - lw - self.s(86)
        for n, (key, text, rng, value, step) in enumerate(specs):
            col = n % 2
            x = r.x + col * (half + self.s(20))
            yy = y + (n // 2) * self.s(40)
            self.label(pygame.Rect(x, yy, lw + self.s(20), self.s(30)), text, cls="@muted")
            slider = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(x + lw + self.s(20), yy + self.s(3), sw - self.s(20), self.s(26)),
                value,
                rng,
                manager=self.app.manager,
                container=self.root,
                click_increment=step,
            )
            self.sweeteners[key] = slider
            self.sweetener_labels[key] = self.label(
                pygame.Rect(x + lw + sw + self.s(4), yy, self.s(82), self.s(30)), "", cls="@value"
            )
        self.update_sweetener_labels()
        y += self.s(88)
        self.send_button = self.button(
            pygame.Rect(r.x, y, self.s(200), self.s(38)),
            "Send offer  [Enter]",
            cls="@primary",
            tip="The offer goes out when you end the turn; the answer comes with the report",
            on=self.send_offer,
        )
        if self.game.offers_left(self.player) <= 0:
            self.send_button.disable()
        queued = self.draft.offers
        if queued:
            self.button(
                pygame.Rect(r.x + self.s(210), y, self.s(150), self.s(38)),
                "Withdraw last",
                tip="Take back the last offer you queued this turn",
                on=self.withdraw_offer,
            )
        self.update_prediction()

    def _set_target(self, value: int) -> None:
        if self.compose.kind == "apply":
            self.compose.bloc = value
            self.compose.target = self.game.leader(value)
        else:
            self.compose.target = value
            self.compose.bloc = -1

    def update_sweetener_labels(self) -> None:
        c = self.compose
        texts = {
            "funds": f"${c.funds:.1f} B/yr",
            "tech": f"{c.tech * 100:.0f}%",
            "seats": str(c.seats),
            "payload": str(c.payload),
        }
        for key, label in self.sweetener_labels.items():
            label.set_text(texts[key])

    def update_prediction(self) -> None:
        try:
            self.prediction = self.game.predict(self.player, self.compose)
        except ImportError:
            self.prediction = None
        if hasattr(self, "send_button") and self.send_button.alive():
            allowed = self.prediction is None or self.prediction.allowed
            if allowed and self.game.offers_left(self.player) > 0:
                self.send_button.enable()
            else:
                self.send_button.disable()

    def send_offer(self) -> None:
        problem = self.game.offer_allowed(self.player, self.compose)
        if problem:
            self.app.notify(f"Cannot send: {problem}.", error=True)
            return
        if self.game.offers_left(self.player) <= 0:
            self.app.notify("No more offers this turn.", error=True)
            return
        c = self.compose
        self.draft.offers.append(c.copy())
        self.app.notify(f"Offer to {self.target_name()} queued: it goes out at End Turn.")
        self.rebuild()

    def withdraw_offer(self) -> None:
        if self.draft.offers:
            self.draft.offers.pop()
            self.rebuild()

    def target_name(self) -> str:
        if self.compose.kind == "apply":
            return self.game.bloc_name(self.compose.bloc)
        return self.game.name(self.compose.target)

    # --------------------------------------------------------------- inbox tab
    def inbox(self) -> list[int]:
        return self.game.open_offers(target=self.player)

    def mail(self) -> list[int]:
        """Offers to the player (to answer), then the player's own still open."""
        return self.inbox() + self.game.open_offers(sender=self.player)

    def selected_slot(self) -> int | None:
        mail = self.mail()
        return mail[min(self.inbox_index, len(mail) - 1)] if mail else None

    def inbox_row(self, slot: int) -> str:
        o = self.state.offers
        sender = self.game.name(int(o.sender[0, slot]))
        if int(o.sender[0, slot]) == self.player:
            target = self.game.name(int(o.target[0, slot]))
            left = int(o.expires[0, slot]) - self.game.turn + 1
            kind = KIND_WORDS[self.game.offer_kind(slot)].lower()
            return f"You → {target}: {kind} · awaiting their answer ({left} turns left)"
        bloc = self.game.bloc_name(int(o.bloc[0, slot]))
        what = {
            "invite": f"invitation to join {bloc}",
            "apply": f"asks to join {bloc}",
            "tech_transfer": "technology transfer",
            "funding": "funding deal",
            "launch_seat": "astronaut seat",
            "payload_slot": "payload slot",
        }[self.game.offer_kind(slot)]
        answer = self.draft.answers.get(slot, st.ANSWER_NONE)
        mark = {st.ANSWER_ACCEPT: "  →  you accept", st.ANSWER_REJECT: "  →  you reject"}.get(
            answer, ""
        )
        left = int(o.expires[0, slot]) - self.game.turn + 1
        blocked = self.row_predictions.get(slot)
        why = f" · cannot accept: {blocked.short}" if blocked is not None else ""
        return f"{sender}: {what} · {left} turn{'s' if left != 1 else ''} left{why}{mark}"

    def build_inbox(self) -> None:
        slots = self.mail()
        r = self.left_rect.inflate(-self.s(20), -self.s(8))
        r.y += self.s(26)
        r.h -= self.s(26)
        if not slots:
            self.textbox(
                r,
                "No offers are waiting for your answer, and none of yours is open.<br><br>"
                "Offers other nations send you appear here; answer them before you end the "
                "turn, or they stay open until they expire. Your own offers appear here too "
                "until they are answered.",
                cls="@plain",
            )
            return
        self.inbox_index = min(self.inbox_index, len(slots) - 1)
        # Offers the rules stop the player from accepting say why on their row.
        self.row_predictions = {}
        for slot in self.inbox():
            seen = self.incoming_prediction(slot)
            if seen is not None and not seen.allowed:
                self.row_predictions[slot] = seen
        rows = []
        for slot in slots:
            text = self.inbox_row(slot)
            while text in rows:  # rows are told apart by their text
                text += " "
            rows.append(text)
        self.inbox_list = pygame_gui.elements.UISelectionList(
            r,
            rows,
            manager=self.app.manager,
            container=self.root,
            default_selection=rows[self.inbox_index],
        )
        rr = self.right_rect.inflate(-self.s(20), 0)
        y = self.right_rect.bottom - self.s(50)
        accept = self.button(
            pygame.Rect(rr.x, y, self.s(130), self.s(38)),
            "Accept  [A]",
            cls="@primary",
            on=lambda: self.answer(st.ANSWER_ACCEPT),
        )
        reject = self.button(
            pygame.Rect(rr.x + self.s(140), y, self.s(130), self.s(38)),
            "Reject  [R]",
            cls="@danger",
            on=lambda: self.answer(st.ANSWER_REJECT),
        )
        self.inbox_prediction = self.incoming_prediction(slots[self.inbox_index])
        if slots[self.inbox_index] not in self.inbox():
            accept.disable()
            reject.disable()
        elif self.inbox_prediction is not None and not self.inbox_prediction.allowed:
            accept.disable()

    def incoming_prediction(self, slot: int):
        """The advisers' view of an open offer: of one to the player, or of the player's own."""
        o = self.state.offers
        sender = int(o.sender[0, slot])
        draft = OfferDraft(
            kind=self.game.offer_kind(slot),
            target=int(o.target[0, slot]),
            bloc=int(o.bloc[0, slot]),
            funds=float(o.funds[0, slot]),
            tech=float(o.tech[0, slot]),
            seats=int(o.seats[0, slot]),
            payload=int(o.payload[0, slot]),
        )
        try:
            return self.game.predict(sender, draft)
        except ImportError:
            return None

    def answer(self, value: int) -> None:
        slot = self.selected_slot()
        if slot is None or slot not in self.inbox():
            return
        self.draft.answers[slot] = value
        word = "accept" if value == st.ANSWER_ACCEPT else "reject"
        self.app.notify(
            f"You will {word} {possessive(self.game.name(int(self.state.offers.sender[0, slot])))} offer."
        )
        self.rebuild()

    # --------------------------------------------------------------- news tab
    def build_news(self) -> None:
        r = self.left_rect.inflate(-self.s(20), -self.s(8))
        r.y += self.s(26)
        r.h -= self.s(26)
        report = self.game.report()
        if report is None:
            html = (
                f"<b>{esc(self.game.scenario.meta.title)}</b><br>"
                f"{esc(self.game.scenario.meta.description)}<br><br>"
                "News of each turn appears here after you end it."
            )
        else:
            items = news(self.game, report.events, self.player)
            html = self.news_html(items) or "A quiet turn: nothing of note happened."
        self.textbox(r, html, cls="@plain")

    @staticmethod
    def news_html(items) -> str:
        colours = {"good": "#7fe0a8", "bad": "#ff9a8a", "neutral": "#dce4f2"}
        lines = []
        for item in items:
            text = f"<font color={colours[item.tone]}>• {esc(item.text)}</font>"
            if item.mine:
                text = f"<b>{text}</b>"
            if item.why:
                text += f"<br>   <font color=#9aa8c4><i>why: {esc(item.why)}</i></font>"
            lines.append(text)
        return "<br>".join(lines)

    # --------------------------------------------------------------- relations tab
    def build_relations(self) -> None:
        r = self.left_rect.inflate(-self.s(20), -self.s(8))
        r.y += self.s(26)
        r.h -= self.s(26)
        i = self.selected
        s = self.state
        rel = s.relations[0, i]
        order = sorted((j for j in range(self.game.n) if j != i), key=lambda j: -float(rel[j]))
        lines = []
        for j in order:
            value = float(rel[j])
            colour = "#7fe0a8" if value > 0.25 else "#ff9a8a" if value < -0.25 else "#dce4f2"
            bloc = self.game.bloc_name(self.game.bloc_of(j))
            forbidden = "  · no deals (forbidden pair)" if bool(s.forbidden[0, i, j]) else ""
            deal = ""
            if float(s.deal_tech[0, i, j]) > 0 or float(s.deal_tech[0, j, i]) > 0:
                deal += "  · tech deal"
            if float(s.deal_funds[0, i, j]) > 0 or float(s.deal_funds[0, j, i]) > 0:
                deal += "  · funding deal"
            lines.append(
                f"<font color={colour}><b>{value:+.2f}</b></font>  {esc(self.game.name(j))} "
                f"<font color=#9aa8c4>({esc(bloc)}){esc(forbidden)}{esc(deal)}</font>"
            )
        who = "your" if i == self.player else esc(possessive(self.game.name(i)))
        head = f"<b>Relations: {who} view of the world</b> (-1 hostile … +1 close partners)<br>"
        self.textbox(r, head + "<br>".join(lines), cls="@plain")
        rr = self.right_rect.inflate(-self.s(20), 0)
        spot = pygame.Rect(rr.x, self.right_rect.bottom - self.s(50), rr.w, self.s(38))
        if i != self.player:
            self.button(spot, f"Make {self.game.name(i)} an offer", on=self.offer_to_selected)
        elif self.game.bloc_of(i) >= 0:
            bloc = self.game.bloc_name(self.game.bloc_of(i))
            leaving = self.draft.leave
            self.button(
                spot,
                f"Stay in {bloc}" if leaving else f"Leave {bloc} this turn",
                cls=None if leaving else "@danger",
                tip="Leaving costs relations with its members; it takes effect at End Turn",
                on=self.toggle_leave,
            )

    def toggle_leave(self) -> None:
        self.draft.leave = not self.draft.leave
        self.rebuild()

    def offer_to_selected(self) -> None:
        if self.compose.kind == "apply":
            self.compose.kind = "tech_transfer"
        self.compose.target = self.selected
        self.show_tab("offers")

    # --------------------------------------------------------------- charts tab
    def build_charts(self) -> None:
        rr = self.right_rect.inflate(-self.s(20), 0)
        self.label(
            pygame.Rect(rr.x, self.right_rect.y + self.s(32), self.s(80), self.s(32)), "Show"
        )
        self.chart_menu = self.dropdown(
            [text for _, text in CHARTS],
            dict(CHARTS)[self.chart],
            pygame.Rect(
                rr.x + self.s(80), self.right_rect.y + self.s(32), rr.w - self.s(80), self.s(32)
            ),
        )

    # --------------------------------------------------------------- events
    def handle(self, event: pygame.event.Event) -> bool:
        t = event.type
        if t == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            if self.tab == "budget" and event.ui_element in getattr(self, "sliders", []):
                self.set_share(self.sliders.index(event.ui_element), int(round(event.value)))
                return True
            if self.tab == "offers":
                for key, slider in self.sweeteners.items():
                    if event.ui_element is slider:
                        value = float(event.value)
                        if key == "tech":
                            self.compose.tech = round(value) / 100
                        elif key == "funds":
                            self.compose.funds = round(value, 1)
                        else:
                            setattr(self.compose, key, int(round(value)))
                        self.update_sweetener_labels()
                        self.update_prediction()
                        return True
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            return self.menu_changed(event)
        if t == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and self.tab == "inbox":
            row = row_of(self.inbox_list, event.text)
            if row is not None:
                self.inbox_index = row
                self.rebuild()
            return True
        if t == pygame.MOUSEMOTION:
            self.map.hover(event.pos)
        click = (
            self.map.handle(event)
            if t
            in (
                pygame.MOUSEBUTTONDOWN,
                pygame.MOUSEBUTTONUP,
                pygame.MOUSEMOTION,
                pygame.MOUSEWHEEL,
            )
            else None
        )
        if click is not None and click.nation is not None and click.button == 1:
            self.select(self.game.catalog.nation(click.nation))
            return True
        return super().handle(event)

    def menu_changed(self, event) -> bool:
        el = event.ui_element
        if self.tab == "budget" and el is self.focus_menu:
            self.set_focus(event.text)
            return True
        if self.tab == "budget" and el is self.mission_menu:
            names = list(self.game.catalog.mission_names)
            q = names.index(event.text) if event.text in names else -1
            why = self.mission_refusal(q)
            if why:
                # The engine would bank the missions share instead: say so, keep the old choice.
                self.app.notify(why, error=True, seconds=6.0)
                self.rebuild()
                return True
            self.draft.mission = q
            return True
        if self.tab == "offers" and el is self.kind_menu:
            kind = next(k for k, v in KIND_WORDS.items() if v == event.text)
            self.compose.kind = kind
            self.rebuild()
            return True
        if self.tab == "offers" and el is self.target_menu:
            for text, value in self.targets():
                if text == event.text:
                    self._set_target(value)
            self.update_prediction()
            return True
        if self.tab == "charts" and el is self.chart_menu:
            self.chart = next(k for k, v in CHARTS if v == event.text)
            return True
        return False

    def action(self, name: str) -> bool:
        if name.startswith("tab_"):
            self.show_tab(name[4:])
            return True
        if name == "end_turn":
            self.end_turn()
            return True
        if name == "back":
            self.open_menu()
            return True
        if name == "save":
            self.save()
            return True
        if name == "next_nation":
            self.select((self.selected + 1) % self.game.n)
            return True
        if name == "home":
            self.select(self.player)
            return True
        if name in ("accept", "reject") and self.tab == "inbox":
            self.answer(st.ANSWER_ACCEPT if name == "accept" else st.ANSWER_REJECT)
            return True
        if name == "confirm" and self.tab == "offers":
            self.send_offer()
            return True
        if name in ("zoom_in", "zoom_out"):
            self.map.map.zoom_by(1.25 if name == "zoom_in" else 0.8)
            return True
        if name == "zoom_reset":
            self.map.map.reset_view()
            return True
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
        if result == "save":
            self.save()

    def toast_anchor(self) -> tuple[int, int]:
        """Messages sit at the foot of the map, clear of the tabs' text and the advisers."""
        return (self.map_rect.centerx, self.map_rect.bottom - self.s(20))

    # --------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        c = self.colours
        surface.fill(c.background)
        self.draw_top(surface)
        self.map.draw(surface)
        panels.draw_race(surface, self.moon_rect, self.game, self.player, self.app.scale, self.moon)
        left = self.panel(surface, self.left_rect, None)
        right = self.panel(surface, self.right_rect, None)
        del left, right
        self.draw_hint(surface)
        getattr(self, f"draw_{self.tab}")(surface)

    def draw_top(self, surface: pygame.Surface) -> None:
        """The dashboard bar: date, then the player's figures with their change since last turn.

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

    def draw_overlay(self, surface: pygame.Surface) -> None:
        self.map.draw_overlay(surface)
        mouse = pygame.mouse.get_pos()
        if self.moon_rect.collidepoint(mouse):
            hit = self.moon.milestone_at(mouse)
            if hit is not None:
                draw_tooltip(surface, self.milestone_lines(hit[1]), self.app.scale)

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

    def draw_hint(self, surface: pygame.Surface) -> None:
        """Right of the tabs: the selected nation and how to change it."""
        tab_w = min(self.s(150), self.tabs_rect.w // len(TABS) - self.s(6))
        x = self.tabs_rect.x + len(TABS) * (tab_w + self.s(6)) + self.s(8)
        width = self.tabs_rect.right - x
        if width < self.s(120):
            return
        who = "you" if self.selected == self.player else self.game.name(self.selected)
        self.text(
            surface,
            f"Selected: {who}  ·  click the map or Tab  ·  F1 help",
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

    def draw_budget(self, surface: pygame.Surface) -> None:
        c = self.colours
        g = self.game
        total = self.per_turn(1.0)
        self.draw_heading(
            surface,
            self.left_rect,
            f"Spend this turn: {money(total)} of {money(self.state.budget[0, self.player], 'yr')}"
            "  ·  shares always sum to 100%",
        )
        k = g.bloc_of(self.player)
        if k >= 0:
            need = float(self.state.contribution[0, k]) * 100
            note = f"{g.bloc_name(k)} charter asks at least {need:.0f}% for the bloc programme"
            colour = c.bad if self.percent[0] + 0.5 < need else c.muted
        else:
            note = "You are in no bloc: the bloc share has no programme to fund"
            colour = c.warn if self.percent[0] > 0 else c.muted
        self.text(
            surface,
            note,
            (self.left_rect.x + self.s(12), self.left_rect.bottom - self.s(26)),
            13,
            colour,
            width=self.left_rect.w - self.s(24),
        )
        # Technology by domain on the right.
        rr = self.right_rect
        self.draw_heading(surface, rr, "Technology, 0 to 1 (1 = mastered) · + next turn")
        x = rr.x + self.s(12)
        y = rr.y + self.s(32)
        label_w = self.s(100)
        right = rr.right - self.s(12)
        tech = self.state.tech[0, self.player]
        gains = g.research_gain(self.player, self.draft.alloc, self.draft.research)
        focus = np.asarray(self.draft.research)
        bottom = getattr(self, "controls_top", rr.bottom - self.s(84)) - self.s(28)
        line = min(self.s(21), (bottom - y) // max(1, len(tech)))
        for d, name in enumerate(g.catalog.domain_ids):
            level = float(tech[d])
            self.text(surface, name.replace("_", " "), (x, y), 13, c.text, width=label_w)
            bar = pygame.Rect(
                x + label_w, y + self.s(4), right - x - label_w - self.s(84), self.s(9)
            )
            draw_bar(surface, bar, level, c.accent, c.track)
            gain = float(gains[d])
            gain_text = f" +{gain:.3f}" if gain > 0.0005 else ""
            self.text(
                surface,
                f"{level:.2f}{gain_text}",
                (right, y),
                12,
                c.good if gain_text else c.text,
                anchor="topright",
            )
            if focus.size == len(tech) and focus[d] > 1.2 / len(tech):
                pygame.draw.circle(
                    surface, c.warn, (x + label_w - self.s(8), y + self.s(8)), self.s(3)
                )
            y += line
        goodwill = g.goodwill(self.player, self.draft.alloc)
        if self.draft.alloc[st.CAT_DIPLOMACY] <= 0:
            text = "Diplomacy: nothing spent, relations only drift"
        else:
            # Small budgets buy little goodwill: show enough digits that it never reads as 0.
            digits = 3 if goodwill >= 0.001 else 4
            text = (
                f"Diplomacy: +{goodwill:.{digits}f} to every relation next turn, more with partners"
            )
        self.text(surface, text, (x, y + self.s(2)), 13, c.muted, width=rr.w - self.s(24))

    def draw_offers(self, surface: pygame.Surface) -> None:
        c = self.colours
        left = self.game.offers_left(self.player)
        self.draw_heading(
            surface,
            self.left_rect,
            f"Compose an offer  ·  {left} of {self.game.rules.constants.max_offers_per_nation} left this turn",
        )
        queued = self.draft.offers
        if queued:
            names = ", ".join(
                f"{KIND_WORDS[o.kind].lower()} to "
                + (self.game.bloc_name(o.bloc) if o.kind == "apply" else self.game.name(o.target))
                for o in queued
            )
            self.text(
                surface,
                f"Queued: {names}",
                (self.left_rect.x + self.s(12), self.left_rect.bottom - self.s(24)),
                13,
                c.muted,
                width=self.left_rect.w - self.s(24),
            )
        panels.draw_prediction(
            surface,
            self.right_rect,
            self.prediction,
            f"If you send it to {self.target_name()}",
            self.app.scale,
            c,
        )

    def draw_inbox(self, surface: pygame.Surface) -> None:
        incoming = len(self.inbox())
        sent = len(self.mail()) - incoming
        self.draw_heading(
            surface, self.left_rect, f"Offers to you: {incoming} open  ·  yours awaiting: {sent}"
        )
        slot = self.selected_slot()
        if slot is None:
            self.draw_heading(surface, self.right_rect, "Nothing to answer")
            return
        o = self.state.offers
        if int(o.sender[0, slot]) == self.player:
            heading = f"Your offer to {self.game.name(int(o.target[0, slot]))}"
        else:
            heading = f"From {self.game.name(int(o.sender[0, slot]))}"
        terms = self.game.offer_terms(slot)
        text = self.game.offer_text(slot)
        panels.draw_offer_terms(
            surface,
            self.right_rect,
            heading,
            terms,
            text,
            getattr(self, "inbox_prediction", None),
            self.app.scale,
            self.colours,
            outgoing=int(o.sender[0, slot]) == self.player,
        )

    def draw_news(self, surface: pygame.Surface) -> None:
        report = self.game.report()
        when = self.game.date(self.game.turn - 1) if report else self.game.date()
        self.draw_heading(surface, self.left_rect, f"News · {when}")
        panels.draw_changes(
            surface, self.right_rect, self.game, self.player, self.app.scale, self.colours
        )

    def draw_relations(self, surface: pygame.Surface) -> None:
        self.draw_heading(surface, self.left_rect, f"Relations of {self.game.name(self.selected)}")
        panels.draw_nation_card(
            surface,
            self.right_rect,
            self.game,
            self.selected,
            self.player,
            self.app.scale,
            self.colours,
        )

    def draw_charts(self, surface: pygame.Surface) -> None:
        area = self.left_rect.inflate(-self.s(4), -self.s(4))
        panels.draw_chart(
            surface, area, self.game, self.chart, self.player, self.app.scale, self.line_chart
        )
        self.draw_heading(surface, self.right_rect, "Chart")
        panels.draw_chart_legend(
            surface,
            self.right_rect,
            self.game,
            self.chart,
            self.player,
            self.app.scale,
            self.colours,
        )
