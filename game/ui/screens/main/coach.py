"""The tutorial's coach: a card on the main screen that points at the control to use next.

Spec card:
    What: ``LESSONS`` is the course, as data: each lesson names the year it opens in, the tab
        it lives on, the control it points at and the check that says it was done. ``Coach``
        finds the first lesson open and not yet done, draws a card over the map with an arrow
        and a ring at the control as it is drawn on screen (first at the tab's button when
        another tab is shown), and once a year's lessons are done points at End Turn.
    Reads: only the Match (the person's draft, the orders of past turns, the open offers) and
        which tab the host shows. It never changes the draft or presses anything: every choice
        is the person's.
    When: in a game of the tutorial scenario (``TUTORIAL_ID``) played by one person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from game.engine import law
from game.engine import state as st
from game.engine.orders import default_orders
from game.session.offers import KIND_WORDS
from game.ui import theme as th
from game.ui.route import CONTROLS, WORDED, Arrow, route_arrow, words_rect
from game.ui.screens.main.coach_card import LABEL, CardShape, shape_card
from game.ui.widgets import draw_panel

#: The scenario the coach teaches in.
TUTORIAL_ID = "tutorial"


def _alloc_moved(game, p: int) -> bool:
    """The budget split differs from the one the game started with, in this turn's draft or
    a past turn's orders: the person set it."""
    start = default_orders(game.states[0], game.rules).alloc[0, p]
    splits = [o.alloc[0, p] for o in game.orders] + [np.asarray(game.draft(p).alloc, float)]
    return any(not np.allclose(x / max(x.sum(), 1e-9), start, atol=1e-3) for x in splits)


def _answered(game, p: int) -> bool:
    """The person answered an offer made to them, now or in a past turn."""
    for t, orders in enumerate(game.orders):
        offers = game.states[t].offers
        mine = offers.active[0] & (offers.target[0] == p)
        if bool(np.any(mine & (orders.answers[0] != st.ANSWER_NONE))):
            return True
    return bool(game.draft(p).answers)


def _offered(game, p: int) -> bool:
    """The person sent an offer of their own, now or in a past turn."""
    for orders in game.orders:
        if bool(np.any(orders.new.active[0] & (orders.new.sender[0] == p))):
            return True
    return bool(game.draft(p).offers)


def _mission(game, p: int) -> bool:
    """The person funds a national mission (chosen, with a Missions share to pay for it, or
    paid in full already so it flies with no more money: ``law.mission_ready``), now or in a
    past turn."""
    if any(int(o.mission[0, p]) >= 0 and o.alloc[0, p, st.CAT_MISSIONS] > 0 for o in game.orders):
        return True
    draft = game.draft(p)
    if draft.mission < 0:
        return False
    q = int(draft.mission)
    paid = law.mission_ready(game.state.mission_progress[0, p, q], game.rules.mis_cost[q])
    return draft.alloc[st.CAT_MISSIONS] > 0 or bool(paid)


def _has_mail(game, p: int) -> bool:
    return bool(game.open_offers(target=p))


def _idle_mission_money(game, p: int) -> bool:
    """The draft pays a Missions share with no mission left to pay for: the chosen one has
    flown (a flown mission is cleared from the next turn's draft) or none is chosen. The
    engine banks that share in the reserve, so it leaves the race and the missions alike."""
    draft = game.draft(p)
    if draft.alloc[st.CAT_MISSIONS] <= 0:
        return False
    return draft.mission < 0 or bool(game.state.mission_done[0, p, draft.mission])


@dataclass(frozen=True)
class Lesson:
    """One step of the course.

    Attributes:
        key: a name for tests and screenshots.
        turn: the turn (0 = the first year) from which the lesson is shown.
        tab: the main screen's tab that holds the control.
        target: the control pointed at, by name (see ``Coach.target_rect``).
        text: what the card says.
        done: the check, from the Match, that the person did it.
        ready: when the lesson can be done at all (an offer to answer must be waiting).
        topic: what the lesson is about, in the words of the End Turn card.
    """

    key: str
    turn: int
    tab: str
    target: str
    text: str
    done: Callable[[object, int], bool]
    ready: Callable[[object, int], bool] = lambda game, p: True
    topic: str = ""


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "sliders",
        0,
        "budget",
        "bloc_slider",
        "Set your budget. Drag the Bloc programme slider up (to the right): that money "
        "builds your bloc's milestones on the Moon track, and the race is won with it. The "
        "sliders always add up to 100%, so the others give way; keep some research, which "
        "makes the programme's money go further.",
        _alloc_moved,
        topic="your budget",
    ),
    Lesson(
        "mission_next",
        0,
        "budget",
        "mission",
        "Your Missions share has no mission to pay for: the one you chose has flown, or none "
        "is chosen. Choose one in the National mission list, or move the National missions "
        "slider back to 0: a share with no mission is only banked in the reserve, and your "
        "bloc's programme goes without it.",
        lambda game, p: not _idle_mission_money(game, p),
        _idle_mission_money,
        topic="your missions share",
    ),
    Lesson(
        "answer",
        0,
        "inbox",
        "answer_buttons",
        "An offer is waiting for you. Read its terms and the advisers' view, then accept or "
        "reject it: the answer is yours, and goes out at End Turn.",
        _answered,
        _has_mail,
        topic="answering an offer",
    ),
    Lesson(
        "news",
        1,
        "news",
        "news_tab",
        "A year has passed. The report you just read is kept on the News tab, with the events "
        "of the year: open it to see what changed and why.",
        # done by looking (``Coach.seen``), or by a later year: its reports were read too
        lambda game, p: len(game.orders) >= 2,
        topic="the turn report and the News tab",
    ),
    Lesson(
        "offer",
        1,
        "offers",
        "offer_form",
        "Make an offer of your own: choose its kind and the nation, add sweeteners if you "
        "like, and read the predicted answer before you press Send offer.",
        _offered,
        topic="an offer of your own",
    ),
    Lesson(
        "mission",
        2,
        "budget",
        "mission",
        "Fly a national mission: choose one in the National mission list (or a row of the "
        "Missions view), then move the National missions slider up a little to pay for it. "
        "A success brings your nation prestige and technology, as your objectives ask; the "
        "money comes from the other sliders, so give it only what the mission needs.",
        _mission,
        topic="a national mission of your own",
    ),
)


@dataclass(frozen=True)
class Pointer:
    """What the coach shows now: the card's words and the rect of the control it points at."""

    lesson: str
    text: str
    rect: pygame.Rect
    #: the option the card suggests in the drop-down it rings (None: not a drop-down)
    choice: str | None = None


class Coach:
    """The tutorial's card and arrow on the main screen (see the module's spec card)."""

    def __init__(self, host) -> None:
        self.host = host
        game = host.game
        self.active = game.scenario.meta.id == TUTORIAL_ID and len(game.people) == 1
        #: Lessons done by looking (no order records them): the news tab opened.
        self.seen: set[str] = set()
        self._wrapped: tuple | None = None  # the card's font and lines, made once per text
        self._route: tuple | None = None  # (card, ring, size) and the arrow found for them
        #: The arrow drawn in the last frame (None: the ring alone points).
        self.arrow: Arrow | None = None
        #: The turn the course was completed in, when the closing card shows (-1: never, as
        #: for a game loaded after its course was over).
        self.finished_turn: int | None = -1 if self.active and not self.remaining() else None

    def done(self, lesson: Lesson) -> bool:
        if lesson.key in self.seen:
            return True
        return bool(lesson.done(self.host.game, self.host.player))

    def lesson(self) -> Lesson | None:
        """The first lesson open this turn and not yet done."""
        game, p = self.host.game, self.host.player
        turn = len(game.orders)
        for lesson in LESSONS:
            if lesson.turn <= turn and lesson.ready(game, p) and not self.done(lesson):
                return lesson
        return None

    def remaining(self) -> list[Lesson]:
        return [lesson for lesson in LESSONS if not self.done(lesson)]

    def pointer(self) -> Pointer | None:
        """Where the coach points now (None when the course is over or not running)."""
        host = self.host
        if not self.active or host.game.over:
            return None
        if host.tab == "news" and len(host.game.orders) >= 1:
            self.seen.add("news")
        lesson = self.lesson()
        if lesson is None:
            if not self.remaining():
                return self.closing()
            following = min(self.remaining(), key=lambda x: x.turn)
            return Pointer(
                "end_turn",
                "Done for this year. Press End Turn: everyone's orders are played together, "
                f"and next year's lesson is about {following.topic}.",
                host.end_button.rect.copy(),
            )
        if host.tab != lesson.tab or lesson.target == "news_tab":
            caption = host.tabs[lesson.tab].caption
            text = lesson.text
            if lesson.target != "news_tab":
                text = f"Open the {caption} tab. {lesson.text}"
            return Pointer(lesson.key, text, host.tab_buttons[lesson.tab].rect.copy())
        if lesson.target == "offer_form":
            return self.offer_step(lesson)
        rect = self.target_rect(lesson.target)
        if rect is None:
            return None
        text = lesson.text
        if lesson.key == "mission_next" and not self.missions_left():
            text = (
                "Every national mission open to you has flown. Move the National missions "
                "slider back to 0: a share with no mission is only banked in the reserve, and "
                "your bloc's programme goes without it."
            )
        return Pointer(lesson.key, text, rect)

    def missions_left(self) -> bool:
        """Some national mission is open to the person and not flown yet."""
        game, p = self.host.game, self.host.player
        return bool((game.rules.mis_open[p] & ~game.state.mission_done[0, p]).any())

    def closing(self) -> Pointer | None:
        """The card that ends the course, for the rest of the year it was completed in (so
        that the card does not vanish without a word)."""
        turn = len(self.host.game.orders)
        if self.finished_turn is None:
            self.finished_turn = turn
        if turn != self.finished_turn:
            return None
        return Pointer(
            "finished",
            "That is the whole course: the rest of the game is yours. The Goals tab shows your "
            "objectives and how far you are from each, and the line under the Moon panel "
            "forecasts the race. Press End Turn when you are ready.",
            self.host.end_button.rect.copy(),
        )

    def offer_step(self, lesson: Lesson) -> Pointer | None:
        """The offer lesson one control at a time. While a nation is in no bloc and the
        person leads one, the card suggests inviting it (the kind, then the nation), then
        rings Send offer; the form stays the person's, and any offer sent ends the lesson."""
        host = self.host
        pane, game, p = host.pane, host.game, host.player
        button = getattr(pane, "send_button", None)
        if button is None:
            return None
        # the free nations, the one with the most money first: the partner the card suggests
        budget = game.state.budget[0]
        free = sorted(
            (i for i in range(game.n) if i != p and game.bloc_of(i) < 0),
            key=lambda i: -float(budget[i]),
        )
        compose = getattr(pane, "compose", None)
        can_invite = compose is not None and "invite" in pane.kinds_available()
        if free and can_invite:
            names = " and ".join(game.name(i) for i in free)
            verb = "is" if len(free) == 1 else "are"
            invite = KIND_WORDS["invite"]
            if compose.kind != "invite" and pane.kind_menu is not None:
                return Pointer(
                    lesson.key,
                    f"Make an offer of your own. {names} {verb} in no bloc yet: a partner "
                    f'brings money to your programme. Choose "{invite}" in the Kind list '
                    "(or another kind of offer, if you prefer).",
                    pane.kind_menu.rect.copy(),
                    invite,
                )
            if compose.kind == "invite" and compose.target not in free:
                first = game.name(free[0])
                text = f"Now choose {first} in the To list: the nation you invite."
                if len(free) > 1:
                    text = (
                        f"Now choose the nation you invite in the To list: {first} has the "
                        "largest budget of those in no bloc, and the prediction on the right "
                        "says who is likely to say yes."
                    )
                return Pointer(
                    lesson.key,
                    text,
                    pane.target_menu.rect.copy(),
                    first,
                )
            return Pointer(
                lesson.key,
                "On the right, the game predicts the answer and says why. A sweetener (funds, "
                "a technology share, astronaut seats) raises the chance of a yes; what it "
                "costs you is shown under Your side. Then press Send offer: the answer comes "
                "at End Turn.",
                button.rect.copy(),
            )
        return Pointer(lesson.key, lesson.text, button.rect.copy())

    def target_rect(self, name: str) -> pygame.Rect | None:
        """The drawn rect of a named control of the shown tab."""
        pane = self.host.pane
        if name == "bloc_slider":
            sliders = getattr(pane, "sliders", [])
            return sliders[st.CAT_BLOC].rect.copy() if sliders else None
        if name == "mission":
            # the list first; once a mission is chosen, the slider that pays for it
            menu = getattr(pane, "mission_menu", None)
            sliders = getattr(pane, "sliders", [])
            if (self.host.draft.mission >= 0 or not self.missions_left()) and sliders:
                # a chosen mission, or none left to choose: the slider that pays for it
                return sliders[st.CAT_MISSIONS].rect.copy()
            if menu is not None:
                return menu.rect.copy()
            # the Missions view shows no menu: its rows choose (the card vanished there)
            plan = getattr(pane, "plan", None)
            game, p = self.host.game, self.host.player
            flown = game.state.mission_done[0, p]
            rows = [
                line.rect
                for line in getattr(plan, "lines", [])
                if line.row is not None and not flown[line.row.index]
            ]
            return rows[0].unionall(rows[1:]) if rows else None
        if name == "answer_buttons":
            found = [
                w.rect
                for w in self.host.callbacks
                if w.alive() and w.text.split()[0] in ("Accept", "Reject")
            ]
            return found[0].unionall(found[1:]) if found else None
        return None

    # --------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        shown = self.pointer()
        if shown is None:
            return
        host, colours = self.host, self.host.colours
        s = host.s
        ring = shown.rect.inflate(s(10), s(10))
        card, face, lines = self.card(shown.text, ring)
        shape: CardShape = self._wrapped[1]
        draw_panel(surface, card, colours, None, s)
        pygame.draw.rect(surface, colours.warn, card, max(1, s(2)), border_radius=s(6))
        x, y = card.x + s(12), card.y + s(32)
        if shape.compact:
            # the heading starts the first line
            y = card.y + s(6)
            label = th.font(shape.px, True)
            surface.blit(label.render(LABEL, True, colours.warn), (x, y))
            x += label.size(LABEL)[0] + s(8)
        else:
            host.text(
                surface,
                LABEL,
                (card.x + s(12), card.y + s(10)),
                12,
                colours.warn,
                True,
                width=card.w - s(24),
            )
        for line in lines:
            surface.blit(face.render(line, True, colours.text), (x, y))
            x, y = card.x + s(12), y + face.get_linesize()
        if shape.cut:
            # shortened (a large scale on a short map): hovering the card shows it whole
            host.app.cuts.append((card.copy(), shown.text))
        pygame.draw.rect(surface, colours.warn, ring, max(2, s(3)), border_radius=s(6))
        self.draw_arrow(surface, card, ring)

    def card(
        self, text: str, ring: pygame.Rect | None = None
    ) -> tuple[pygame.Rect, pygame.font.Font, list[str]]:
        """Where the card with ``text`` is drawn, its font and its lines: over the map's top
        left corner, covering at most ``coach_card.MAP_SHARE`` of the map (at its foot
        instead when the top would cover ``ring``, the control pointed at), and never the
        Moon panel beside it: a compact card as wide as the map and the Moon panel covered
        the panel's first milestone row, the player's bloc's, which the lessons talk about."""
        s, area = self.host.s, self.host.map_rect
        key = (text, tuple(area), s(15))
        if self._wrapped is None or self._wrapped[0] != key:
            self._wrapped = (key, shape_card(text, area, area, s))
        face, lines, width, compact = self._wrapped[1][:4]
        head = s(12) if compact else s(52)
        card = pygame.Rect(0, 0, width, head + face.get_linesize() * len(lines))
        card.topleft = (area.x + s(12), area.y + s(12))
        if ring is not None and card.colliderect(ring):
            card.bottom = area.bottom - s(12)
        return card, face, lines

    def control_rects(self) -> list[pygame.Rect]:
        """The visible ``CONTROLS``."""
        return [
            w.rect.copy()
            for w in self.host.app.manager.get_sprite_group().sprites()
            if getattr(w, "visible", False) and isinstance(w, CONTROLS)
        ]

    def text_rects(self) -> list[pygame.Rect]:
        """Where text is on screen this frame: lines drawn on the window since the main
        screen began its frame, the map's labels and legend, the Moon panel (its names are
        drawn into a cached picture), a message showing, and the widgets in ``WORDED``."""
        host = self.host
        rects = list(host.text_drawn)
        world = host.map.map
        rects += [r.move(world.rect.topleft) for r in world.overlay_text]
        rects.append(host.race_rect.copy())
        toast = getattr(host.app, "toast_rect", None)
        if getattr(host.app, "toast", None) and toast is not None:
            rects.append(toast.copy())  # a message drawn over everything, for a few seconds
        for widget in host.app.manager.get_sprite_group().sprites():
            if getattr(widget, "visible", False) and isinstance(widget, WORDED):
                rects.append(words_rect(widget))
        return rects

    def draw_arrow(self, surface: pygame.Surface, card: pygame.Rect, ring: pygame.Rect) -> None:
        """A line from the card to the ring, round every text on screen (``ui.route``); the
        path is kept while it stays clear, and sought again when text moves onto it."""
        if ring.colliderect(card):
            self.arrow = None
            return
        text = self.text_rects()
        key = (tuple(card), tuple(ring), surface.get_size())
        kept = self._route
        if kept is None or kept[0] != key or not (kept[1] is None or kept[1].clear_of(text)):
            area, scale = surface.get_rect(), self.host.app.scale
            arrow = route_arrow(area, text + self.control_rects(), card, ring, scale)
            if arrow is None:
                arrow = route_arrow(area, text, card, ring, scale)
            self._route = kept = (key, arrow)
        self.arrow = kept[1]
        if self.arrow is not None:
            self.arrow.draw(surface, self.host.colours.warn)
