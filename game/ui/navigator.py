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
    The classroom: one ``Facilitator`` per game, made when the console first opens (F9 in
        this window, F10 in a window of its own); the console in either window acts on the
        game through this navigator.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from game.session.facilitator import DONE, PLAYING, WAITING, Facilitator, FacilitatorError
from game.session.library import GameError
from game.session.match import Match
from game.ui.classroom import clock_line
from game.ui.screens.base import Screen
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.end import EndScreen
from game.ui.screens.facilitator import ConsoleScreen
from game.ui.screens.handover import HandoverScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.load import LoadScreen
from game.ui.screens.main import MainScreen
from game.ui.screens.menu import GameMenu
from game.ui.screens.nation_picker import NationPicker
from game.ui.screens.projector import ProjectorScreen
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
    "console": ConsoleScreen,
    "projector": ProjectorScreen,
}


class Navigator:
    """Opens screens by name on ``app``'s stack and moves a game from screen to screen."""

    def __init__(self, app) -> None:
        self.app = app
        #: The teacher's controls over the game in the room (None until the console opens).
        self.classroom: Facilitator | None = None
        #: The classroom's clock in seconds (tests put their own here before opening it).
        self.seconds = time.monotonic

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

    def open_save(self, path: Path) -> Match | None:
        """Load a save and show its game (returned); a broken save only shows a message."""
        try:
            match = self.app.services.read(path)
        except GameError as exc:
            self.app.notify(f"Cannot load: {exc}", error=True, seconds=6)
            return None
        self.show(match)
        if match.notice:
            # Said after the game's first screen is up, so it stays in view there.
            self.app.notify(match.notice + ".", seconds=10)
        return match

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
        fac = self.facilitator(match)
        if fac is not None and player in fac.slots and fac.slots[player].status == WAITING:
            try:
                fac.pass_handover(player)  # the team's clock starts now
            except FacilitatorError as exc:
                self.app.notify(str(exc), error=True)
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
        """The person ``player`` is done: pass on, or play the turn.

        A message from before End Turn ("You will accept ...") is stale by now and goes; one
        raised from here on (an autosave's notice) is the turn's own and shows on the report.
        """
        if self.app.toast is not None and not self.app.toast[2]:
            self.app.toast = None
        if match.over:
            self.replace("end", match)
            return
        fac = self.facilitator(match)
        if fac is not None:
            self._classroom_end_turn(fac, player)
            return
        order = match.people
        position = order.index(player) if player in order else len(order) - 1
        if position + 1 < len(order):
            # Each person reads the last turn's report at the start of their own turn.
            self.hand_to(match, order[position + 1], report=True)
            return
        if self.resolve(match, match.end_turn):
            self.hand_to(match, order[0], report=True)

    def resolve(self, match: Match, play) -> bool:
        """Play the turn with ``play()`` and autosave; False (and a message) if it failed."""
        try:
            play()
        except FacilitatorError as exc:
            self.app.notify(str(exc), error=True)
            return False
        except Exception as exc:  # the game must survive a failing turn: nothing is changed
            self.app.errors.append(exc)
            self.app.notify(
                f"The turn could not be resolved ({type(exc).__name__}: {exc})", error=True
            )
            return False
        self.app.sound.play("end_turn")
        self.autosave(match)
        return True

    def save_copy(self, match: Match) -> Path:
        """A named save of ``match`` in the saves folder; raises OSError when it fails."""
        return self.app.services.save_new(match)

    def autosave(self, match: Match) -> None:
        was = match.game_id
        try:
            self.app.services.autosave(match)
        except OSError as exc:
            self.app.notify(f"Autosave failed: {exc}", error=True)
            return
        if match.game_id != was:
            self.app.notify(
                "This game went on from an earlier save: it is autosaved as a game of its "
                "own, and the one that had gone further stays under Continue.",
                seconds=8,
            )

    # --------------------------------------------------------------- the classroom
    def facilitator(self, match: Match | None) -> Facilitator | None:
        """The teacher's controls over ``match``, if the console was opened for it."""
        fac = self.classroom
        return fac if fac is not None and match is not None and fac.match is match else None

    def _classroom_for(self, top) -> Match | None:
        """The game on the screen ``top``, with the teacher's controls made for it."""
        match = getattr(top, "game", None)
        if not isinstance(match, Match) or len(match.people) < 1:
            return None
        if self.facilitator(match) is None:
            # The timer the game kept (its save has it): a class reopened goes on as it was.
            self.classroom = Facilitator(match, seconds=match.console.seconds, clock=self.seconds)
            # Teams earlier in the order than the one at the computer have played this turn.
            here = getattr(top, "player", None)
            order = match.people
            if here in order:
                for nation in order[: order.index(here)]:
                    self.classroom.slots[nation].status = DONE
                if isinstance(top, MainScreen):
                    self.classroom.pass_handover(here)
        return match

    def _lesson_game(self, top, quiet: bool = False) -> Match | None:
        """The game the console and the room's view follow, from the screen on top; None,
        said unless ``quiet``, when no game is on screen."""
        match = self._classroom_for(top)
        if match is None and not quiet:
            self.app.notify(
                "Start or open a game first: the console and the room's view follow a game.",
                error=True,
            )
        return match

    def open_console(self) -> None:
        """F9: the facilitator's console for the game on screen (after its PIN, if set)."""
        top = self.app.top
        if top is None or top.title in ("Console", "Confirm"):
            return
        if self.app.console is not None:
            # Its own window is open: the secrets stay off the projector.
            self.app.console.raise_window()
            self.app.notify("The console is open in its own window (F10 closes it).")
            return
        match = self._lesson_game(top)
        if match is None:
            return
        self.push("console", match)

    def open_console_window(self, quiet: bool = False) -> None:
        """F10 or ``play --console-window``: the console in a window of its own, so the
        game window can stay on the projector."""
        top = self.app.top
        if top is not None and top.title == "Console":
            self.app.pop()  # the console leaves the game window for its own
            top = self.app.top
        if top is None or top.title == "Confirm":
            return
        match = self._lesson_game(top, quiet)
        if match is None:
            return
        self.app.open_console_window(match)

    def close_console_window(self) -> None:
        """The console's window closes; F9 shows the console in the game window again."""
        self.app.console_wanted = False
        self.app.close_console_window()

    def toggle_console_window(self) -> None:
        if self.app.console is not None:
            self.close_console_window()
        else:
            self.open_console_window()

    def open_room_window(self, quiet: bool = False) -> None:
        """F12 or ``play --room-window``: the room's view full screen on the projector, so
        the game window, where each team plays its turn, stays on the laptop."""
        top = self.app.top
        if top is None or top.title in ("Confirm", "Console"):
            return
        match = self._lesson_game(top, quiet)
        if match is None:
            return
        problem = self.app.open_room_window(match)
        if problem is not None:
            self.app.room_wanted = False
            self.app.notify(problem, error=True, seconds=8)

    def close_room_window(self) -> None:
        """The room's window closes; the game window is the only one again."""
        self.app.room_wanted = False
        self.app.close_room_window()

    def toggle_room_window(self) -> None:
        if self.app.room is not None:
            self.close_room_window()
        else:
            self.open_room_window()

    def still_on_screen(self, match: Match) -> bool:
        """Whether some screen of the game window still holds ``match``."""
        return any(getattr(screen, "game", None) is match for screen in self.app.stack)

    def tick(self, screen) -> None:
        """A team's screen, every frame: when its time runs out, its turn passes on."""
        fac = self.facilitator(screen.game)
        if fac is None or screen is not self.app.top:
            return
        said = fac.tick()
        if said:
            self.app.notify(" ".join(said), error=True, seconds=6)
        slot = fac.slots.get(screen.player)
        if slot is not None and slot.status not in (WAITING, PLAYING):
            self.end_turn(screen.game, screen.player)

    def clock_of(self, match: Match, player: int | None) -> str | None:
        """What the clock of ``player`` (None: the team playing) says, for any screen."""
        fac = self.facilitator(match)
        if fac is not None and player is None:
            player = fac.playing()
        return clock_line(fac, player)

    def _classroom_end_turn(self, fac: Facilitator, player: int) -> None:
        """With a teacher: the team is done; the room's view until the next team is called,
        and the turn is played once every team has finished."""
        fac.finish(player)
        if fac.next_team() is None and fac.ready:
            self.resolve(fac.match, fac.end_turn)  # a failure says why; the room view stays
        self.app.reset_to(self.make("projector", fac.match))

    def undo(self, match: Match, turn: int) -> None:
        """The console's undo: back to the start of ``turn``, saved, first team called."""
        fac = self.facilitator(match)
        try:
            if fac is not None:
                fac.undo_to(turn)
            else:
                match.rewind(turn)
        except (FacilitatorError, ValueError) as exc:
            self.app.notify(str(exc), error=True)
            return
        self.autosave(match)
        self.app.reset_to(self.make("projector", match))
        self.app.notify(f"Back to the start of turn {turn}.")

    def force_turn(self, match: Match) -> None:
        """The console's 'end the turn now': teams still playing end with what they set."""
        fac = self.facilitator(match)
        if fac is not None and self.resolve(match, lambda: fac.end_turn(force=True)):
            self.app.reset_to(self.make("projector", match))
