"""The room's view for the projector: what every team may see, and nothing any team keeps.

Spec card:
    Shows: the map (blocs and links, which are public), the Moon race, the news of the last
        turn in words (``ui.news`` with no viewer), the turn clock of the team at the
        computer and which teams have finished (from the facilitator).
    Never shows: a nation's budget, reserve, support, score, inbox or offers; the map's
        hover card (it carries budgets) is not drawn. Every line of text drawn is kept in
        ``shown`` so tests can read what the room saw.
    Next: one button calls the next team to the computer, through its hand-over screen,
        which is the only way to a team's private screen.
    Public: in the room's own window on the projector (``public=True``) there is no button,
        the clocks are ticked by the game window, and the view rebuilds itself whenever the
        game moves on (a turn played, a turn undone).
"""

from __future__ import annotations

import pygame

from game.session.facilitator import DONE, ENDED, PLAYING, TIMED_OUT
from game.ui import panels
from game.ui.map_panel import MapPanel, render_theme
from game.ui.news import news
from game.ui.render.moon import MoonPanel
from game.ui.screens.base import Screen
from game.ui.widgets import esc


class ProjectorScreen(Screen):
    """The public view between teams' turns."""

    scopes = ("lists",)
    title = "Projector"

    def __init__(self, app, game, public: bool = False) -> None:
        super().__init__(app)
        self.game = game
        self.public = public
        #: The game's state this view was built from (the public view follows it).
        self.built_from = None
        self.go = None
        self.map = MapPanel(game.scenario, app.settings.high_contrast)
        self.moon = MoonPanel(render_theme(app.settings.high_contrast))
        #: Every line of text drawn on the last frame, and the news shown (for tests).
        self.shown: list[str] = []

    # --------------------------------------------------------------- who is next
    @property
    def fac(self):
        return self.app.nav.facilitator(self.game)

    def next_team(self) -> int | None:
        fac = self.fac
        if fac is not None:
            return fac.next_team()
        return self.game.people[0] if self.game.people else None

    def build(self) -> None:
        w, h = self.app.size
        g = self.s(10)
        head = self.s(64)
        self.map_rect = pygame.Rect(g, head, int((w - 3 * g) * 0.6), int((h - head) * 0.62))
        self.moon_rect = pygame.Rect(
            self.map_rect.right + g, head, w - self.map_rect.right - 2 * g, self.map_rect.h
        )
        self.news_rect = pygame.Rect(
            g, self.map_rect.bottom + g, self.map_rect.w, h - self.map_rect.bottom - 2 * g
        )
        self.side_rect = pygame.Rect(
            self.moon_rect.x, self.news_rect.y, self.moon_rect.w, self.news_rect.h
        )
        self.map.set_rect(self.map_rect.inflate(-2, -2), self.app.scale)
        self.map.show_state(self.game.state, None, None)
        self.built_from = self.game.state
        inner = self.news_rect.inflate(-self.s(20), -self.s(8))
        inner.y += self.s(22)
        inner.h -= self.s(22)
        self.news_html = self.room_news()
        self.textbox(inner, self.news_html, cls="@plain")
        if self.public:
            self.go = None
            return
        nxt = self.next_team()
        if self.game.over:
            text, on = "Final results  [Enter]", lambda: self.app.nav.replace("end", self.game)
        elif nxt is None:
            text, on = "Waiting for the team at the computer", None
        else:
            text = f"Call {self.game.name(nxt)} to the computer  [Enter]"
            on = lambda: self.app.nav.hand_to(self.game, nxt, report=True)  # noqa: E731
        bh = self.s(48)
        self.go = self.button(
            pygame.Rect(self.side_rect.x, self.side_rect.bottom - bh, self.side_rect.w, bh),
            text,
            cls="@primary",
            on=on,
            ring=on is not None,
        )
        if on is None:
            self.go.disable()

    def room_news(self) -> str:
        report = self.game.report()
        if report is None:
            return (
                f"<b>{esc(self.game.scenario.meta.title)}</b><br>The first turn is about to start."
            )
        tones = {"good": "#7fe0a8", "bad": "#ff9a8a", "neutral": "#dce4f2"}
        lines = [
            f"<font color={tones[item.tone]}>• {esc(item.text)}</font>"
            for item in news(self.game, report.events, None)
        ]
        return "<br>".join(lines) or "A quiet turn: nothing of note happened."

    def toast_anchor(self) -> tuple[int, int]:
        """Messages sit at the foot of the map, clear of the news and the teams' list."""
        return (self.map_rect.centerx, self.map_rect.bottom - self.s(20))

    def action_back(self) -> None:
        """Esc must not lead anywhere private from the room's view: it does nothing."""

    def update(self, dt: float) -> None:
        if self.public:
            if self.game.state is not self.built_from:
                self.rebuild()
            return
        fac = self.fac
        if fac is not None:
            said = fac.tick()
            if said:
                self.app.notify(" ".join(said), error=True, seconds=6)

    # --------------------------------------------------------------- drawing
    def say(
        self, surface, text, pos, size=15, colour=None, bold=False, anchor="topleft", width=None
    ):
        self.shown.append(text)
        return self.text(surface, text, pos, size, colour, bold, anchor, width)

    def draw(self, surface: pygame.Surface) -> None:
        self.shown = [self.news_html]
        w, _ = surface.get_size()
        c = self.colours
        surface.fill(c.background)
        g = self.game
        turn = min(g.turn + 1, g.n_turns)
        self.say(
            surface,
            g.scenario.meta.title,
            (self.s(14), self.s(8)),
            20,
            c.bright,
            True,
            width=w // 2,
        )
        self.say(
            surface,
            f"{g.date()}  ·  turn {turn} of {g.n_turns}",
            (self.s(14), self.s(36)),
            15,
            c.muted,
            True,
            width=w // 2,
        )
        clock = self.app.nav.clock_of(g, None)
        fac = self.fac
        playing = fac.playing() if fac is not None else None
        if playing is not None:
            clock = f"{g.name(playing)} is at the computer" + (f" · {clock}" if clock else "")
        if clock:
            self.say(surface, clock, (w - self.s(14), self.s(14)), 20, c.bright, True, "topright")
        self.map.draw(surface)
        panels.draw_race(surface, self.moon_rect, g, None, self.app.scale, self.moon)
        self.panel(surface, self.news_rect, None)
        self.panel(surface, self.side_rect, None)
        self.say(
            surface,
            f"NEWS · {g.date(g.turn - 1) if g.report() else g.date()}",
            (self.news_rect.x + self.s(12), self.news_rect.y + self.s(8)),
            12,
            c.muted,
            True,
        )
        self.draw_round(surface)

    def draw_round(self, surface: pygame.Surface) -> None:
        """Which teams have finished this turn (public: the room is waiting for them)."""
        r = self.side_rect
        c = self.colours
        self.say(surface, "THIS TURN", (r.x + self.s(12), r.y + self.s(8)), 12, c.muted, True)
        fac = self.fac
        words = {DONE: "done", TIMED_OUT: "out of time", ENDED: "ended", PLAYING: "playing"}
        y = r.y + self.s(30)
        for nation in self.game.people:
            status = fac.slots[nation].status if fac is not None and nation in fac.slots else ""
            line = f"{self.game.name(nation)}: {words.get(status, 'to play')}"
            if y + self.s(20) > (self.go.rect.y if self.go is not None else r.bottom):
                break
            self.say(surface, line, (r.x + self.s(14), y), 15, c.text, width=r.w - self.s(28))
            y += self.s(21)
