"""The title screen: new game, continue (a game in progress), load, settings, quit."""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.results import QUIT
from game.ui.screens.base import Screen
from game.ui.widgets import draw_moon, starfield, wrap

SUBTITLE = "Alliances in the race to the first permanent base on the Moon, 2021 - 2036"


class TitleScreen(Screen):
    """The bottom of the stack; closing it quits."""

    scopes = ("title", "lists")
    title = "Title"

    def build(self) -> None:
        w, h = self.app.size
        bw, bh, gap = self.s(300), self.s(46), self.s(12)
        #: From the title's top to the subtitle's and to the menu's.
        self.head, self.sub = self.s(160), self.s(88)
        x = self.s(96)
        games = self.app.services.in_progress()
        latest = games[0].path if games else None
        items = [
            ("New game", "N", self.new_game, True, "Pick a scenario and a nation"),
            (
                "Continue",
                "C",
                self.continue_game,
                latest is not None,
                (
                    "Resume your game in progress"
                    if len(games) == 1
                    else f"Choose one of {len(games)} games in progress"
                )
                if games
                else "No game in progress yet",
            ),
            ("Load game", "L", self.load_game, True, "Open a saved game"),
            ("Settings", "S", self.settings, True, "Window, scale, projector mode, sound"),
            ("Quit", "Q", self.app.quit, True, None),
        ]
        # The title, the menu and the line under it stay between the window's top and the
        # footer: at 125% in a 720-pixel window the Quit button ran into the key hints, and
        # lifting the menu pushed the title off the top at 150%; where lifting is not enough
        # the buttons and gaps get smaller (never below a button's text) first.
        foot, margin = self.s(26 + 46), self.s(20)
        if margin + self.head + len(items) * (bh + gap) + foot > h:
            bh, gap, self.head, self.sub = self.s(38), self.s(8), self.s(132), self.s(80)
        lowest = h - foot - len(items) * (bh + gap) - self.head
        self.title_y = max(margin, min(h // 2 - self.s(200), lowest))
        y = self.title_y + self.head
        for i, (text, key, callback, enabled, tip) in enumerate(items):
            rect = pygame.Rect(x, y + i * (bh + gap), bw, bh)
            button = self.button(
                rect,
                f"{text}    [{key}]",
                cls="@primary" if i == 0 else "@menu",
                tip=tip,
                on=callback,
                ring=True,
            )
            if not enabled:
                button.disable()
        self.focus_index = 0
        self.focus_ring[0].select()
        self.continue_text = ""
        if len(games) == 1 and games[0].error:
            self.continue_text = (
                f"The autosave is unreadable ({games[0].error}): load another save or start anew"
            )
        elif len(games) == 1:
            self.continue_text = f"Continue: {games[0].title} · {games[0].detail}"
        elif games:
            named = "; ".join(g.title for g in games[:3]) + ("; …" if len(games) > 3 else "")
            self.continue_text = f"{len(games)} games in progress: {named}"
        self.menu_bottom = y + len(items) * (bh + gap)

    def action_new(self) -> None:
        self.new_game()

    def action_continue(self) -> None:
        self.continue_game()

    def action_load(self) -> None:
        self.load_game()

    def action_settings(self) -> None:
        self.settings()

    def action_quit(self) -> None:
        self.app.quit()

    def action_back(self) -> None:
        self.ask_to_quit()

    def ask_to_quit(self) -> None:
        """Esc is also 'back' everywhere else: on the title it asks rather than quits."""
        self.app.nav.push("confirm", "Quit Lunar Blocs?", "Quit", "Stay", QUIT)

    def new_game(self) -> None:
        self.app.nav.push("scenario_picker")

    def continue_game(self) -> None:
        self.app.nav.continue_game()

    def load_game(self) -> None:
        self.app.nav.push("load")

    def settings(self) -> None:
        self.app.nav.push("settings")

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.blit(starfield((w, h), self.colours), (0, 0))
        radius = min(w // 5, int(h * 0.3))
        draw_moon(surface, (int(w * 0.76), int(h * 0.46)), radius)
        c = self.colours
        x = self.s(96)
        top = getattr(self, "title_y", h // 2 - self.s(200))
        self.text(surface, "LUNAR BLOCS", (x, top), 64, c.bright, True)
        # the subtitle goes onto a second line rather than being cut (it was, at 115%)
        room = int(w * 0.76) - radius - x - self.s(24)
        face = th.font(self.s(18))
        lines = wrap(SUBTITLE, face, room)
        for i, line in enumerate(lines[:2]):
            y = top + getattr(self, "sub", self.s(88)) + i * face.get_linesize()
            self.text(surface, line, (x + self.s(4), y), 18, c.muted, width=room)
        if getattr(self, "continue_text", ""):
            self.text(
                surface,
                self.continue_text,
                (x + self.s(4), self.menu_bottom + self.s(6)),
                13,
                c.muted,
                width=int(w * 0.55) - x,
            )
        self.text(
            surface,
            "F1 help   ·   F11 fullscreen   ·   Up/Down + Enter to choose",
            (x + self.s(4), h - self.s(40)),
            13,
            c.muted,
        )
