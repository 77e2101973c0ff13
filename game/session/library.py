"""Where games are kept: each game's own autosave, named saves, the games in progress.

Spec card:
    Autosave: one file per game (``autosave-<scenario>-<game id>.lbsave``), written after
        every turn; a new game never writes over another game's autosave, and Continue
        offers every game in progress by name. A game loaded from a save keeps its id, but
        when the autosave under that id holds turns this game does not (the save was older
        than the autosave, or went another way), going on from the save is a new game: it
        gets an id of its own at its first autosave, and the other Continue stays whole.
    Errors: anything wrong with a file reaches the person as one sentence (``GameError``).
    Clock: tests pass ``clock`` so file times and save names are the same on every run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from game import safeio
from game.paths import saves_dir
from game.session.match import Match, new_game_id, save_notice
from game.session.saves import SAVE_SUFFIX, SaveError, SaveInfo, list_saves, read_save

AUTOSAVE_NAME = "autosave"


class GameError(Exception):
    """Something a person must be told (a broken save, a game nobody plays)."""


class Library:
    """The saves folder as the game uses it (tests give it a folder and a clock of their own)."""

    def __init__(
        self, folder: Path | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.folder = folder
        self.clock = clock

    def saves_folder(self) -> Path:
        return self.folder or saves_dir()

    def new_game_id(self) -> str | None:
        """An id for a new game from the injected clock (None: Match makes a fresh one)."""
        if self.clock is None:
            return None
        return f"{self.clock():%Y%m%d-%H%M%S}"

    def _stamp(self, path: Path) -> Path:
        if self.clock is not None:
            when = self.clock().timestamp()
            os.utime(path, (when, when))
        return path

    def autosave_path(self, match: Match, game_id: str | None = None) -> Path:
        """The autosave of ``match`` (under ``game_id`` when given, else its own id)."""
        name = f"{AUTOSAVE_NAME}-{match.scenario.meta.id}-{game_id or match.game_id}"
        return self.saves_folder() / f"{name}{SAVE_SUFFIX}"

    def autosave(self, match: Match) -> Path:
        """Write this game's own autosave: the file under its id when that holds this game
        (or an earlier point of it), else a new file under a new id (see ``branches``)."""
        if self.branches(match):
            match.game_id = self._fresh_id(match)
        path = self._stamp(match.save(self.autosave_path(match)))
        match.autosaved = True
        return path

    def branches(self, match: Match) -> bool:
        """Whether writing ``match``'s autosave would lose another line of play: the file
        under its id was not written by this Match and holds a turn this game does not have
        (loaded from an older save of the game, or one that went another way). A file that
        cannot be read is kept too: it may still be someone's Continue."""
        path = self.autosave_path(match)
        if match.autosaved or not path.exists():
            return False
        try:
            kept = read_save(path).get("hashes")
        except SaveError:
            return True
        if not isinstance(kept, list):
            return True
        return kept != match.hashes[: len(kept)]

    def _fresh_id(self, match: Match) -> str:
        """An id no autosave in the folder has yet."""
        while True:
            game_id = new_game_id()
            if not self.autosave_path(match, game_id).exists():
                return game_id

    def save_new(self, match: Match) -> Path:
        """A new named save of the game (the scenario, the turn and the time in its name)."""
        when = self.clock() if self.clock else datetime.now(UTC)
        stamp = when.strftime("%Y%m%d-%H%M%S")
        # the turn about to be played; a finished game has none (its last turn, then "end")
        at = f"turn{match.turn:02d}-end" if match.over else f"turn{match.turn + 1:02d}"
        name = f"{match.scenario.meta.id}-{at}-{stamp}{SAVE_SUFFIX}"
        return self._stamp(match.save(self.saves_folder() / name))

    def save_of_game(self, match: Match) -> Path:
        """The save a debrief is written from: in the saves folder the Library lists, named
        by the scenario, the game's id and its turn ("-end" once over), so each game has its
        own and saving it again at the same turn writes the same file."""
        end = "-end" if match.over else ""
        name = f"{match.scenario.meta.id}-{match.game_id}-turn{match.turn:02d}{end}{SAVE_SUFFIX}"
        return self._stamp(match.save(self.saves_folder() / name))

    def in_progress(self) -> list[SaveInfo]:
        """Every autosave of a game not yet over, newest first, each with its game's name;
        broken ones carry their reason (they show it when opened, they never stop the title
        screen). A finished game stays on the Load screen, not under Continue."""
        found = list_saves(self.saves_folder(), prefix=AUTOSAVE_NAME + "-", notice=save_notice)
        return [info for info in found if not info.over]

    def latest_autosave(self) -> Path | None:
        found = self.in_progress()
        return found[0].path if found else None

    def read(self, path: Path) -> Match:
        """A saved game, from any folder; raises GameError with one clear sentence."""
        try:
            match = Match.load(path)
        except SaveError as exc:
            raise GameError(str(exc)) from None
        if not match.people:
            raise GameError(f"{safeio.display_name(path)} has no nation played by a person")
        # opened from its own autosave (Continue): that file is this game's to write, even
        # after an undo takes it back before the turn it held
        match.autosaved = Path(path).resolve() == self.autosave_path(match).resolve()
        return match
