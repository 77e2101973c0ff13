"""The navigator: opens screens by name and runs the turn flow between people and screens.

Spec card:
    Names: ``SCREENS`` maps a name to a screen class; this is the only module that imports
        the screen modules, so screens never know each other: a screen asks
        ``app.nav.push("load")`` and gets results back through ``resume(result)``.
    Turn flow: one person ends their turn; the next person in the hot-seat order gets the
        computer through a hand-over screen; after the last person the Match plays the turn
        (``Match.end_turn``), the game's own autosave is written, and each person sees the
        report before their next turn.
    Games: starting, opening a save (from any folder) and continuing a game in progress all
        end in ``show(match)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.session.library import GameError
from game.session.match import Match
from game.ui.screens.base import Screen
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.end import EndScreen
from game.ui.screens.handover import HandoverScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.menu import GameMenu
from game.ui.screens.nation_picker import NationPicker
from game.ui.screens.scenario_picker import ScenarioPicker
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.turn_report import TurnReportScreen

#: Every screen by the name others open it with.
SCREENS: dict[str, type[Screen]] = {
    "title": TitleScreen,
    "scenario_picker": ScenarioPicker,
    "nation_picker": NationPicker,
    "load": LoadScreen,
    "settings": SettingsScreen,
    "help": HelpScreen,
    "confirm": ConfirmScreen,
    "menu": GameMenu,
    "main": MainScreen,
    "handover": HandoverScreen,
    "turn_report": TurnReportScreen,
    "end": EndScreen,
}


class Navigator:
    """Opens screens by name on ``app``'s stack and moves a game from screen to screen."""

    def __init__(self, app) -> None:
        self.app = app

    # --------------------------------------------------------------- by name
    def make(self, name: str, *args: Any, **kwargs: Any) -> Screen:
        return SCREENS[name](self.app, *args, **kwargs)

    def push(self, name: str, *args: Any, **kwargs: Any) -> Screen:
        screen = self.make(name, *args, **kwargs)
        self.app.push(screen)
        return screen

    def replace(self, name: str, *args: Any, **kwargs: Any) -> Screen:
        screen = self.make(name, *args, **kwargs)
        self.app.replace(screen)
        return screen

    def to_title(self) -> None:
        """Close everything above the title screen."""
        while len(self.app.stack) > 1:
            self.app.stack.pop().teardown()
        self.app.top.rebuild()

    # --------------------------------------------------------------- games
    def start_game(self, entry, people: list[str], difficulty: str) -> None:
        match = Match(
            entry.scenario,
            humans=people,
            difficulty=difficulty,
            scenario_path=entry.path,
            game_id=self.app.services.new_game_id(),
        )
        self.show(match)

    def open_save(self, path: Path) -> None:
        """Load a save and show its game; a broken save only shows a message."""
        try:
            match = self.app.services.read(path)
        except GameError as exc:
            self.app.notify(f"Cannot load: {exc}", error=True, seconds=6)
            return
        self.show(match)

    def continue_game(self) -> None:
        """Continue: the one game in progress at once, else a list of them by name."""
        games = self.app.services.in_progress()
        if not games:
            self.app.notify("There is no game in progress: start a new game.", error=True)
        elif len(games) == 1:
            self.open_save(games[0].path)
        else:
            self.push("load", in_progress=True)

    def _main_for(self, match: Match, player: int) -> Screen:
        return self.make("end", match) if match.over else self.make("main", match, player)

    def show(self, match: Match) -> None:
        """Open a game (new or loaded) over the title screen, for its first person."""
        first = match.people[0]
        nxt = self._main_for(match, first)
        if len(match.people) > 1 and not match.over:
            self.app.reset_to(self.make("handover", match, first, report=False))
        else:
            self.app.reset_to(nxt)

    def after_handover(self, match: Match, player: int, report: bool) -> None:
        """The person at the computer confirmed who they are: their screen, then the report."""
        self.app.replace(self._main_for(match, player))
        if report and match.report_due(player):
            self.push("turn_report", match, player)

    def hand_to(self, match: Match, player: int, report: bool = False) -> None:
        """Show ``player``'s turn (behind a hand-over screen when several people play)."""
        top = self.app.top
        if len(match.people) > 1 and not match.over:
            self.app.replace(self.make("handover", match, player, report=report))
            return
        if (
            not match.over
            and isinstance(top, MainScreen)
            and top.game is match
            and top.player == player
        ):
            # One person plays on: keep the screen (its map caches, most widgets), new turn.
            top.next_turn()
        else:
            self.app.replace(self._main_for(match, player))
        if report and match.report_due(player):
            self.push("turn_report", match, player)

    def end_turn(self, match: Match, player: int) -> None:
        """The person ``player`` is done: pass on, or play the turn."""
        if match.over:
            self.replace("end", match)
            return
        order = match.people
        position = order.index(player) if player in order else len(order) - 1
        if position + 1 < len(order):
            # Each person reads the last turn's report at the start of their own turn.
            self.hand_to(match, order[position + 1], report=True)
            return
        try:
            match.end_turn()
        except Exception as exc:  # the game must survive a failing turn: nothing is changed
            self.app.errors.append(exc)
            self.app.notify(
                f"The turn could not be resolved ({type(exc).__name__}: {exc})", error=True
            )
            return
        try:
            self.app.services.autosave(match)
        except OSError as exc:
            self.app.notify(f"Autosave failed: {exc}", error=True)
        self.hand_to(match, order[0], report=True)
