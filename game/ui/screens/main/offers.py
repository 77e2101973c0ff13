"""The Offers tab: compose an offer (kind, the other side, sweeteners), see what the other
side will answer (``Match.predict``: the engine's own decision) and queue it for End Turn."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.engine import law
from game.engine import state as st
from game.session.offers import KIND_WORDS
from game.session.orders import OfferDraft
from game.session.terms import OfferSides, offer_sides
from game.ui import panels
from game.ui.screens.main.tab import Tab
from game.ui.sides import SidesPanel
from game.ui.widgets import draw_lines, draw_panel, money

#: Below this height (in 1280x720 pixels) the right panel cannot hold the other side's
#: answer (chance, every reason, the advisers' sentences) and a few lines of the player's
#: side at once: at 1280x720 the advice pushed the reasons out. It then shows one of the
#: two at a time, with a button for each at its top right.
BOTH_SIDES_HEIGHT = 300
#: Where the compose panel has room right of its buttons for this many lines of the
#: advisers' sentences, at least this wide (1280x720 pixels), they go there, and the right
#: panel holds the answer and the player's side at once from this height (1280x720 at
#: 100%, the default, has 255): the two sides of an offer are seen side by side.
ADVICE_LINES, ADVICE_WIDTH = 3, 300
#: Their line spacing there (the 13-pt font's own line height): five lines at 1280x720.
ADVICE_STEP = 16
BOTH_SIDES_WITHOUT_ADVICE = 250
#: The right panel's views when it shows one at a time: key, button text, tool tip.
RIGHT_VIEWS = (
    ("answer", "Answer", "The other side's chance of yes, its reasons, and your advisers"),
    ("side", "Your side", "What you give and gain if they accept"),
)


class OffersTab(Tab):
    key = "offers"
    caption = "Offers"
    shortcut = "2"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.compose = OfferDraft()
        self.prediction = None
        self.kind_menu = None
        self.target_menu = None
        self.send_button = None
        self.sweeteners: dict = {}
        self.sweetener_labels: dict = {}
        #: The player's side of the offer being composed (``session.terms``), and its panel.
        self.sides = None
        self.sides_panel = SidesPanel()
        #: What a short right panel shows: the other side's "answer" or the player's "side".
        self.right_view = "answer"
        #: Where the right panel's view buttons start (None: both parts are shown at once).
        self.views_left: int | None = None
        #: The most yearly funds one offer may carry (the engine's clamp, US$ B).
        self.top_funds = 0.0
        #: Nothing composed yet this turn: the form opens on the first kind the law allows
        #: (an invitation when in a bloc, else an application), which always carries
        #: something to send.
        self.fresh = True
        #: The person has changed the form since the turn began or since their last send:
        #: only then does Enter send it (a stray Enter, one more than closing the report
        #: takes, must not send an offer nobody composed).
        self.touched = False

    def label(self) -> str:
        queued = len(self.host.draft.offers)
        return f"Offers ({queued})" if queued else self.caption

    def aim_at(self, nation: int) -> None:
        """Compose the next offer to ``nation`` (a deal: membership goes through a bloc)."""
        if self.compose.kind == "apply":
            self.compose.kind = "tech_transfer"
        self.compose.target = nation
        self.fresh = False
        self.touched = True

    def action_confirm(self) -> None:
        if not self.touched:
            self.host.app.notify(
                "Compose an offer first: its kind, the other side and what it carries.",
                error=True,
            )
            return
        self.send_offer()

    def new_turn(self) -> bool:
        # Last turn's offer went out at End Turn: a composer still holding it made one more
        # Enter after the report (which Enter closes) send it again, a duplicate of the
        # offer still open. The form starts afresh.
        self.compose = OfferDraft()
        self.fresh = True
        self.touched = False
        return False

    def handle(self, event: pygame.event.Event) -> bool:
        t = event.type
        if self.sides_panel.handle(event):
            return True
        if t == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            for key, slider in self.sweeteners.items():
                if event.ui_element is slider:
                    value = float(event.value)
                    if key == "tech":
                        self.compose.tech = round(value) / 100
                    elif key == "funds":
                        # thousandths of a billion: a small nation's funds are millions
                        self.compose.funds = min(round(value, 3), self.top_funds)
                    else:
                        setattr(self.compose, key, int(round(value)))
                    self.touched = True
                    self.update_sweetener_labels()
                    self.update_prediction()
                    return True
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.kind_menu:
            self.compose.kind = next(k for k, v in KIND_WORDS.items() if v == event.text)
            self.touched = True
            self.host.rebuild()
            return True
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.target_menu:
            for text, value in self.targets():
                if text == event.text:
                    self._set_target(value)
            self.touched = True
            self.update_prediction()
            return True
        return False

    def build(self) -> None:
        r = self.host.left_rect.inflate(-self.host.s(20), 0)
        kinds = self.kinds_available()
        if self.fresh or self.compose.kind not in kinds:
            self.compose.kind = kinds[0]
        self.fresh = False
        targets = self.targets()
        legal = [t for _, t in targets]
        current = self.compose.bloc if self.compose.kind == "apply" else self.compose.target
        if current not in legal:
            # a target the law no longer allows (it joined, a ban came) is never kept: the
            # nation selected on the map if it is allowed, else the first the law would let
            # accept as things stand, else the first allowed
            picked = self.host.selected if self.compose.kind != "apply" else -1
            now = self.host.game.legal_choices(self.host.player, self.compose.kind, now=True)
            current = picked if picked in legal else next((t for t in legal if t in now), legal[0])
        self._set_target(current)
        y = self.host.left_rect.y + self.host.s(32)
        half = (r.w - self.host.s(20)) // 2
        lw = self.host.s(64)
        self.host.label(pygame.Rect(r.x, y, lw, self.host.s(32)), "Kind")
        self.kind_menu = self.host.dropdown(
            [KIND_WORDS[k] for k in kinds],
            KIND_WORDS[self.compose.kind],
            pygame.Rect(r.x + lw, y, half - lw, self.host.s(32)),
        )
        self.host.label(pygame.Rect(r.x + half + self.host.s(20), y, lw, self.host.s(32)), "To")
        labels = [t for t, _ in targets]
        chosen = next((t for t, v in targets if v == current), labels[0])
        self.target_menu = self.host.dropdown(
            labels,
            chosen,
            pygame.Rect(r.x + half + self.host.s(20) + lw, y, half - lw, self.host.s(32)),
        )
        y += self.host.s(44)
        # The sliders reach exactly as far as the law lets one offer go.
        k = self.host.game.rules.constants
        most = law.sweetener_limits(k)
        budget = float(self.host.state.budget[0, self.host.player])
        # the most funds one offer may carry, as the engine clamps them (never rounded up)
        self.top_funds = float(law.clamp_sweeteners(np.inf, 0.0, 0, 0, budget, k)[0])
        self.compose.funds = min(self.compose.funds, self.top_funds)
        # a nation with no budget has no funds to give; its slider still needs a span
        span = max(self.top_funds, 0.001)
        specs = [
            ("funds", "Funds", (0.0, span), self.compose.funds, span / 20),
            (
                "tech",
                "Tech share",
                (0, round(most["tech"] * 100)),
                round(self.compose.tech * 100),
                5,
            ),
            ("seats", "Seats", (0, int(most["seats"])), self.compose.seats, 1),
            ("payload", "Payload", (0, int(most["payload"])), self.compose.payload, 1),
        ]
        self.sweeteners = {}
        self.sweetener_labels = {}
        sw = half - lw - self.host.s(104)
        for n, (key, text, rng, value, step) in enumerate(specs):
            col = n % 2
            x = r.x + col * (half + self.host.s(20))
            yy = y + (n // 2) * self.host.s(40)
            self.host.label(
                pygame.Rect(x, yy, lw + self.host.s(20), self.host.s(30)), text, cls="@muted"
            )
            slider = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(
                    x + lw + self.host.s(20),
                    yy + self.host.s(3),
                    sw - self.host.s(20),
                    self.host.s(26),
                ),
                value,
                rng,
                manager=self.host.app.manager,
                container=self.host.root,
                click_increment=step,
            )
            self.sweeteners[key] = slider
            self.sweetener_labels[key] = self.host.label(
                pygame.Rect(x + lw + sw + self.host.s(4), yy, self.host.s(100), self.host.s(30)),
                "",
                cls="@value",
            )
        self.update_sweetener_labels()
        y += self.host.s(88)
        self.send_button = self.host.button(
            pygame.Rect(r.x, y, self.host.s(200), self.host.s(38)),
            "Send offer  [Enter]",
            cls="@primary",
            tip="The offer goes out when you end the turn; the answer comes with the report",
            on=self.send_offer,
        )
        if self.host.game.offers_left(self.host.player) <= 0:
            self.send_button.disable()
        queued = self.host.draft.offers
        if queued:
            self.host.button(
                pygame.Rect(r.x + self.host.s(210), y, self.host.s(150), self.host.s(38)),
                "Withdraw last",
                tip="Take back the last offer you queued this turn",
                on=self.withdraw_offer,
            )
        self.update_prediction()
        self.build_views()

    def one_at_a_time(self) -> bool:
        """Whether the right panel is too short for the answer and the player's side."""
        need = BOTH_SIDES_HEIGHT if self.advice_rect() is None else BOTH_SIDES_WITHOUT_ADVICE
        return self.host.right_rect.h < self.host.s(need)

    def advice_rect(self) -> pygame.Rect | None:
        """Where the advisers' sentences go in the compose panel: right of Send offer and
        Withdraw last (its place kept when there is nothing to withdraw; the queued offers
        are listed under the two buttons); None where that is under ``ADVICE_LINES`` lines
        or ``ADVICE_WIDTH`` wide (they then go in the right panel, under the answer)."""
        if self.send_button is None:
            return None
        s, lr, b = self.host.s, self.host.left_rect, self.send_button.rect
        x = b.x + s(370)  # Send offer s(200), Withdraw last s(150) and their gaps
        rect = pygame.Rect(x, b.y, lr.right - s(12) - x, lr.bottom - s(8) - b.y)
        if rect.w < s(ADVICE_WIDTH) or rect.h < s(ADVICE_STEP) * ADVICE_LINES:
            return None
        return rect

    def build_views(self) -> None:
        """The right panel's view buttons at its top right, when it shows one part at a time
        (each as wide as its word, as the Budget tab's)."""
        self.views_left = None
        if not self.one_at_a_time():
            return
        right = self.host.right_rect.right - self.host.s(10)
        self.views_left = self.view_buttons(RIGHT_VIEWS, self.right_view, self.show_right, right)

    def show_right(self, view: str) -> None:
        self.right_view = view
        self.host.rebuild()

    def kinds_available(self) -> list[str]:
        """The kinds of offer the law lets the player send to someone this turn."""
        game, me = self.host.game, self.host.player
        return [k for k in st.OFFER_KINDS if game.legal_choices(me, k)]

    def targets(self, kind: str | None = None) -> list[tuple[str, int]]:
        """(label, index) choices of the 'To' menu: whom the law lets an offer of ``kind``
        (default: the one being composed) go to, by name."""
        game = self.host.game
        kind = kind or self.compose.kind
        legal = game.legal_choices(self.host.player, kind)
        if kind == "apply":
            return [(game.catalog.bloc_names[k], k) for k in legal]
        return sorted(((game.name(i), i) for i in legal), key=lambda pair: pair[0])

    def _set_target(self, value: int) -> None:
        if self.compose.kind == "apply":
            self.compose.bloc = value
            self.compose.target = self.host.game.leader(value)
        else:
            self.compose.target = value
            self.compose.bloc = -1

    def update_sweetener_labels(self) -> None:
        c = self.compose
        k = self.host.game.rules.constants

        def priced(text: str, tech=0.0, seats=0, payload=0) -> str:
            price = float(law.sweetener_price(tech, seats, payload, k))
            return f"{text} · {money(price)}" if price > 0 else text

        texts = {
            "funds": money(c.funds, "yr"),
            "tech": priced(f"{c.tech * 100:.0f}%", tech=c.tech),
            "seats": priced(str(c.seats), seats=c.seats),
            "payload": priced(str(c.payload), payload=c.payload),
        }
        for key, label in self.sweetener_labels.items():
            label.set_text(texts[key])

    def update_prediction(self) -> None:
        game, me = self.host.game, self.host.player
        self.prediction = game.predict(me, self.compose)
        step = self.prediction.steps[0] if self.prediction.steps else None
        if step is None and not self.prediction.allowed:
            # the law stops it at sending: nothing to weigh on either side
            self.sides = OfferSides(warnings=[self.prediction.summary])
        else:
            self.sides = offer_sides(game, me, me, self.compose, step)
        if self.send_button is not None and self.send_button.alive():
            if self.prediction.allowed and game.offers_left(me) > 0:
                self.send_button.enable()
            else:
                self.send_button.disable()

    def send_offer(self) -> None:
        problem = self.host.game.offer_allowed(self.host.player, self.compose)
        if problem:
            self.host.app.notify(f"Cannot send: {problem}.", error=True)
            return
        if self.prediction is not None and not self.prediction.allowed:
            # Enter sends as the button does: never an offer the rules would refuse
            self.host.app.notify(f"Cannot send: {self.prediction.summary}", error=True)
            return
        if self.host.game.offers_left(self.host.player) <= 0:
            self.host.app.notify("No more offers this turn.", error=True)
            return
        c = self.compose
        if c in self.host.draft.offers:
            # a second Enter on the same offer: it is queued once
            self.host.app.notify("This offer is already queued for End Turn.", error=True)
            return
        self.host.draft.offers.append(c.copy())
        self.touched = False
        self.host.app.notify(f"Offer to {self.target_name()} queued: it goes out at End Turn.")
        self.host.rebuild()

    def withdraw_offer(self) -> None:
        if self.host.draft.offers:
            self.host.draft.offers.pop()
            self.host.rebuild()

    def target_name(self) -> str:
        if self.compose.kind == "apply":
            return self.host.game.bloc_name(self.compose.bloc)
        return self.host.game.name(self.compose.target)

    def draw(self, surface: pygame.Surface) -> None:
        c = self.host.colours
        left = self.host.game.offers_left(self.host.player)
        self.host.draw_heading(
            surface,
            self.host.left_rect,
            f"Compose an offer  ·  {left} of {self.host.game.rules.constants.max_offers_per_nation} left this turn",
        )
        beside = self.advice_rect()  # the advisers beside Send offer, or None
        queued = self.host.draft.offers
        if queued:
            names = ", ".join(
                f"{KIND_WORDS[o.kind].lower()} to "
                + (
                    self.host.game.bloc_name(o.bloc)
                    if o.kind == "apply"
                    else self.host.game.name(o.target)
                )
                for o in queued
            )
            s, lr = self.host.s, self.host.left_rect
            if beside is not None:
                # under Send offer and Withdraw last: the advisers have the room to the right
                pos, width, most = self.send_button.rect.bottomleft, s(360), 2
                pos = (pos[0], pos[1] + s(6))
            else:
                pos, width, most = (lr.x + s(12), lr.bottom - s(24)), lr.w - s(24), 1
            draw_lines(
                surface,
                f"Queued: {names}",
                pos,
                s(13),
                c.muted,
                False,
                width,
                lr.bottom - s(4),
                most,
                s(17),
            )
        # The other side's answer above, the player's own side under it (session.terms).
        rr = self.host.right_rect
        advice = (
            self.host.advise(
                f"sending it to {self.target_name()}", offer=self.compose, rather="not"
            )
            if self.prediction is not None and self.prediction.allowed
            else None
        )
        if beside is not None and advice:
            # in the compose panel, beside the button that sends it
            panels.draw_advice(
                surface,
                beside.x,
                beside.y,
                beside.w,
                advice,
                self.host.app.scale,
                c,
                beside.bottom,
                step=ADVICE_STEP,
            )
            advice = None
        theirs, mine = self.split_right(advice)
        one = self.views_left is not None
        # one part at a time: the heading stops short of the view buttons
        heading = pygame.Rect(rr.x, rr.y, (self.views_left or rr.right) - rr.x, rr.h)
        if one and self.right_view == "side":
            draw_panel(surface, rr, c, None, self.host.s)
            self.host.draw_heading(surface, heading, "Your side")
            if self.sides is not None:
                self.sides_panel.draw(
                    surface,
                    mine,
                    self.sides.lines(),
                    self.host.app.scale,
                    c,
                    f"If you send it to {self.target_name()}",
                )
            return
        panels.draw_prediction(
            surface,
            theirs,
            self.prediction,
            f"If you send it to {self.target_name()}",
            self.host.app.scale,
            c,
            advice=advice,
            title="Their answer" if one else None,
            title_w=heading.w if one else None,
        )
        if theirs.h >= rr.h:
            return
        pygame.draw.line(
            surface,
            c.track,
            (rr.x + self.host.s(12), mine.y - self.host.s(6)),
            (rr.right - self.host.s(12), mine.y - self.host.s(6)),
        )
        if self.sides is not None:
            self.sides_panel.draw(
                surface, mine, self.sides.lines(), self.host.app.scale, c, "Your side"
            )

    def one_part(self) -> bool:
        """Whether the right panel shows one part alone now: it is short, and the answer
        needs it all (an offer that cannot be sent has a short answer, and the player's side
        under it says what stops it)."""
        if self.views_left is None:
            return False
        return self.right_view == "side" or self.prediction is None or self.prediction.allowed

    def split_right(self, advice=None) -> tuple[pygame.Rect, pygame.Rect]:
        """The right panel cut in two: the other side's answer, then the player's side.

        The answer's part grows to hold its chance, its first reasons and the advisers' lines
        (at 1280x720 a fixed share put the advice over the chance), leaving the player's side
        room for a few lines."""
        rr = self.host.right_rect
        s = self.host.s
        if self.one_part():
            # one part at a time: each has the whole panel, under the view buttons
            side = pygame.Rect(rr.x + s(12), rr.y + s(34), rr.w - s(24), rr.h - s(40))
            return rr.copy(), side
        reasons = len(self.prediction.reasons) if self.prediction is not None else 0
        needed = s(30 + 60 + 19 * min(3, reasons) + 2 * 16 + 12) + panels.advice_height(
            advice, rr.w - s(24), self.host.app.scale
        )
        top = max(rr.h * 9 // 20, min(needed, rr.h - s(100)))
        theirs = pygame.Rect(rr.x, rr.y, rr.w, top)
        mine = pygame.Rect(
            rr.x + self.host.s(12),
            rr.y + top + self.host.s(10),
            rr.w - self.host.s(24),
            rr.h - top - self.host.s(14),
        )
        return theirs, mine
