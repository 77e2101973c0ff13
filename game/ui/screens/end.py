"""End of game: the winner, every nation's score and outcome against its objectives, charts."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game import paths
from game.engine.phases.victory import SCORE_PARTS, objectives_met, score_breakdown
from game.text.words import counted, victory_why
from game.ui import panels
from game.ui.map_panel import render_theme
from game.ui.panels import CHARTS
from game.ui.render.charts import LineChart
from game.ui.richtext import Line, ScrollText
from game.ui.screens.base import Screen
from game.ui.widgets import starfield


def outcome_lines(game) -> list[Line]:
    """The winner, the people's results, then every nation's rank and objectives."""

    state = game.state
    winner = int(state.winner[0])
    met = np.asarray(objectives_met(state, game.rules))[0]
    obj_nation = np.asarray(game.rules.obj_nation)
    texts = game.catalog.objective_texts
    won = f"{game.bloc_name(winner, short=False)} wins" if winner >= 0 else "No bloc won"
    lines = [Line(won, "bright", True, 21)]
    # why it won, as the last turn's ledger booked the rule that decided (a tie, an order)
    ledger = game.ledgers[-1] if game.ledgers else None
    why = victory_why(game.catalog, ledger, game.rules)
    if why:
        lines.append(Line(why, "text", size=15))
    parts = score_breakdown(state, game.rules).parts
    order = np.argsort(-np.asarray(state.score[0]))
    rank_of = {int(i): r for r, i in enumerate(order, start=1)}
    for i in game.people:
        mine = np.nonzero(obj_nation == i)[0]
        got = int(sum(bool(met[j]) for j in mine))
        lines.append(
            Line(
                f"{game.name(i)}: rank {rank_of[i]} of {len(order)}, score "
                f"{float(state.score[0, i]):.1f}, {got} of {len(mine)} objectives met",
                "warn",
                True,
                15,
            )
        )
        lines.append(Line(parts_text(parts, i), "text", size=14, indent=22))
    for rank, i in enumerate(order, start=1):
        i = int(i)
        person = " (person)" if i in game.people else ""
        k = game.bloc_of(i)
        lines.append(
            Line(
                f"{rank}. {game.name(i)}{person} · {game.bloc_name(k)} · score "
                f"{float(state.score[0, i]):.1f}",
                "muted",
                True,
                15,
                gap=6 if rank > 1 else 12,
                colour=game.bloc_colour(k) if k >= 0 else None,
            )
        )
        lines.append(Line(parts_text(parts, i), "muted", size=13, indent=22))
        for j in np.nonzero(obj_nation == i)[0]:
            ok = bool(met[j])
            word = "met" if ok else "missed"
            lines.append(Line(f"{word}: {texts[j]}", "good" if ok else "bad", size=14, indent=22))
    return lines


#: The score's parts as the end screen names them (``victory.SCORE_PARTS``).
PART_NAMES = {
    "prestige": "prestige",
    "contribution": "programme share",
    "technology": "technology",
    "winner": "winning bonus",
    "objectives": "objectives",
}


def parts_text(parts: dict, nation: int) -> str:
    """A nation's score part by part, as the engine counted it."""
    return "  ·  ".join(f"{PART_NAMES[p]} {float(parts[p][0, nation]):.1f}" for p in SCORE_PARTS)


class EndScreen(Screen):
    """Shown when the game is over; back to the title from here."""

    scopes = ("lists", "end")
    title = "End"
    charts = ("progress", "prestige", "blocs", "budget")

    def __init__(self, app, game) -> None:
        super().__init__(app)
        self.game = game
        self.chart = "progress"
        self.line_chart = LineChart(render_theme(app.settings.high_contrast))
        self.outcome: ScrollText | None = None
        #: the debrief being written: its process, folder and error log
        self.debrief_job = None

    def build(self) -> None:
        w, h = self.app.size
        m = self.s(20)
        self.left = pygame.Rect(m, self.s(84), int(w * 0.46), h - self.s(84) - self.s(80))
        self.right = pygame.Rect(
            self.left.right + m, self.left.y, w - self.left.right - 2 * m, self.left.h
        )
        # Drawn by us: a pygame_gui text box of every nation's objectives took ~0.3 s to build.
        self.outcome = ScrollText(
            self.left.inflate(-self.s(20), -self.s(20)),
            outcome_lines(self.game),
            self.app.scale,
            self.colours,
        )
        names = dict(CHARTS)
        self.menu = self.dropdown(
            [names[k] for k in self.charts],
            names[self.chart],
            pygame.Rect(
                self.right.right - self.s(240), self.right.y + self.s(6), self.s(230), self.s(32)
            ),
        )
        self.names = names
        self.button(
            pygame.Rect(w - m - self.s(220), h - self.s(64), self.s(220), self.s(44)),
            "Back to title  [Enter]",
            cls="@primary",
            on=self.to_title,
            ring=True,
        )
        self.button(
            pygame.Rect(w - m - self.s(460), h - self.s(64), self.s(220), self.s(44)),
            "Debrief  [R]",
            on=self.write_debrief,
        )

    def write_debrief(self) -> None:
        """Save the game where the Library lists it (its id in the name) and write its
        debrief from that save, in a process of its own: a thousand computer-played worlds
        take a while, and the window stays responsive."""
        import subprocess
        import sys

        match = self.game
        if match.debrief_problem:
            self.app.notify(f"This game has {match.debrief_problem}.", error=True, seconds=8.0)
            return
        if self.debrief_job is not None and self.debrief_job[0].poll() is None:
            self.app.notify("The debrief is still being written.", seconds=4.0)
            return
        try:
            save = self.app.services.save_of_game(match)
        except OSError as exc:
            self.app.notify(f"The game could not be saved for its debrief: {exc}", error=True)
            return
        out = paths.user_dir() / "debriefs" / save.stem
        out.mkdir(parents=True, exist_ok=True)
        # the command's own one-line error, if any, is kept to say why it failed
        log = open(out / "debrief.log", "w", encoding="utf-8")  # noqa: SIM115 (closed when done)
        proc = subprocess.Popen(
            [sys.executable, "-m", "game", "debrief", str(save), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        self.debrief_job = (proc, out, log)
        self.app.notify(f"Writing the debrief to {out / 'debrief.html'}", seconds=8.0)

    def debrief_status(self) -> str:
        """The line under the buttons while a debrief is written, and once it is done; the
        toast alone vanished long before the thousand computer-played worlds were."""
        if self.debrief_job is None:
            return ""
        proc, out, log = self.debrief_job
        code = proc.poll()
        if code is None:
            return "Writing the debrief (it plays 1,000 computer worlds: about a minute)…"
        if not log.closed:
            log.close()
            if code == 0:
                self.app.notify(f"Debrief written: {out / 'debrief.html'}", seconds=10.0)
        if code == 0:
            return f"Debrief written: {out / 'debrief.html'}"
        lines = (out / "debrief.log").read_text(encoding="utf-8", errors="replace").splitlines()
        why = lines[-1].strip() if lines else f"exit code {code}"
        return f"The debrief could not be written: {why}"

    def to_title(self) -> None:
        while len(self.app.stack) > 1:
            self.app.stack.pop().teardown()
        self.app.top.rebuild()

    def handle(self, event: pygame.event.Event) -> bool:
        if self.outcome is not None and self.outcome.handle(event):
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.outcome.page(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.menu:
            self.chart = next(k for k in self.charts if self.names[k] == event.text)
            return True
        return super().handle(event)

    def action_confirm(self) -> None:
        self.to_title()

    def action_back(self) -> None:
        self.to_title()

    def action_debrief(self) -> None:
        self.write_debrief()

    def _scroll(self, step: int) -> bool:
        if self.outcome is None:
            return self._walk(step)
        self.outcome.scroll(self.s(40) * step)
        return True

    def action_prev(self) -> bool:
        return self._scroll(-1)

    def action_next(self) -> bool:
        return self._scroll(1)

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.blit(starfield((w, h), self.colours), (0, 0))
        g = self.game
        self.text(
            surface, "The race is over", (self.s(20), self.s(16)), 30, self.colours.bright, True
        )
        self.text(
            surface,
            f"{g.scenario.meta.title} · ended {g.date()} after {counted(g.turn, 'turn')}",
            (self.s(22), self.s(54)),
            14,
            self.colours.muted,
        )
        self.panel(surface, self.left, None)
        if self.outcome is not None:
            self.outcome.draw(surface)
        self.panel(surface, self.right, None)
        self.text(
            surface,
            "OVER THE GAME",
            (self.right.x + self.s(12), self.right.y + self.s(12)),
            12,
            self.colours.muted,
            True,
        )
        area = pygame.Rect(
            self.right.x + self.s(4),
            self.right.y + self.s(44),
            self.right.w - self.s(8),
            self.right.h - self.s(48),
        )
        panels.draw_chart(
            surface, area, g, self.chart, g.people[0], self.app.scale, self.line_chart
        )
        status = self.debrief_status()
        if status:
            failed = status.startswith("The debrief could not")
            self.text(
                surface,
                status,
                (self.s(22), h - self.s(50)),
                13,
                self.colours.bad if failed else self.colours.muted,
                width=w - self.s(520),
            )
