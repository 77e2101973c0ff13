"""What modal screens return to the screen below them: one small type per kind of answer,
so a screen's ``resume`` matches on types, never on strings a sibling happened to choose."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Confirmed:
    """The person agreed to the question a ``ConfirmScreen`` asked about ``what``."""

    what: str


class MenuChoice(Enum):
    """What the in-game menu asks of the screen below it."""

    SAVE = "save"


#: ``Confirmed.what`` for leaving the program and for leaving a game for the title screen.
QUIT = "quit"
TO_TITLE = "to_title"
