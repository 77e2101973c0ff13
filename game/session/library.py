"""Where games are kept: each game's own autosave, named saves, the games in progress.

Spec card:
    Autosave: one file per game (``autosave-<scenario>-<game id>.lbsave``), written after
        every turn; a new game never writes over another game's autosave, and Continue
        offers every game in progress by name.
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
from game.session.match import Match, save_notice
from game.session.saves import SAVE_SUFFIX, SaveError, SaveInfo, list_saves

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

    def autosave_path(self, match: Match) -> Path:
        name = f"{AUTOSAVE_NAME}-{match.scenario.meta.id}-{match.game_id}{SAVE_SUFFIX}"
        return self.saves_folder() / name

    def autosave(self, match: Match) -> Path:
        """Write this game's own autosave."""
        return self._stamp(match.save(self.autosave_path(match)))

    def save_new(self, match: Match) -> Path:
        """A new named save of the game (the scenario, the turn and the time in its name)."""
        when = self.clock() if self.clock else datetime.now(UTC)
        stamp = when.strftime("%Y%m%d-%H%M%S")
        # the turn about to be played; a finished game has none (its last turn, then "end")
        at = f"turn{match.turn:02d}-end" if match.over else f"turn{match.turn + 1:02d}"
        name = f"{match.scenario.meta.id}-{at}-{stamp}{SAVE_SUFFIX}"
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
        return match
