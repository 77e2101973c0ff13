"""The facilitator console's settings a game keeps in its save: its PIN and its turn timer.

Spec card:
    What: ``ConsoleSettings`` (``Match.console``): the PIN as a salted hash (never the PIN,
        see ``facilitator.pin_record``) and each team's time per turn, so a class reopened
        next week has its lock and its timer.
    Save: ``encode`` writes them under the payload's ``"console"``; ``decode`` reads them
        back. They are settings, not the game: the save's checksum already refuses a file
        edited by hand, and a value that passes it but is not a PIN hash or a time (an edit
        with the checksum recomputed) is dropped with one line saying so, while the game
        itself still opens: the teacher sets it again in a few seconds, where refusing the
        save would lose the class's game.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import Any

#: A team's time per turn is more than 0 seconds and less than this (a day).
MAX_SECONDS = 24 * 3600
#: Lengths in hex digits of a PIN record's salt and hash (16 and 32 bytes).
SALT_HEX, HASH_HEX = 32, 64


@dataclass(slots=True)
class ConsoleSettings:
    """What the console keeps with the game.

    Attributes:
        pin: ``{"salt", "hash"}`` in hex (``facilitator.pin_record``), or None: no lock.
        seconds: each team's time per turn, or None: no timer.
    """

    pin: dict[str, str] | None = None
    seconds: float | None = None


def timer_ok(seconds: object) -> bool:
    """Whether ``seconds`` is a team's time per turn (None: no timer)."""
    if seconds is None:
        return True
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return False
    return math.isfinite(seconds) and 0 < seconds < MAX_SECONDS


def pin_ok(record: object) -> bool:
    """Whether ``record`` is a PIN record as ``pin_record`` makes it (None: no lock)."""
    if record is None:
        return True
    if not isinstance(record, dict) or set(record) != {"salt", "hash"}:
        return False
    return all(
        isinstance(record[key], str)
        and len(record[key]) == size
        and all(c in string.hexdigits for c in record[key])
        for key, size in (("salt", SALT_HEX), ("hash", HASH_HEX))
    )


def encode(settings: ConsoleSettings) -> dict[str, Any]:
    return {"pin": settings.pin, "seconds": settings.seconds}


def decode(blob: object) -> tuple[ConsoleSettings, str | None]:
    """The settings a save kept, and one line about what had to be dropped (or None).

    A save from before the console kept its settings has none: no lock, no timer.
    """
    if blob is None:
        return ConsoleSettings(), None
    if not isinstance(blob, dict):
        return (
            ConsoleSettings(),
            "its console settings were damaged and are dropped: set them again in the console",
        )
    pin, seconds = blob.get("pin"), blob.get("seconds")
    bad_pin, bad_timer = not pin_ok(pin), not timer_ok(seconds)
    settings = ConsoleSettings(
        None if bad_pin or pin is None else dict(pin), None if bad_timer else seconds
    )
    if bad_pin and bad_timer:
        return settings, (
            "its console PIN and turn timer were damaged and are dropped: "
            "set them again in the console"
        )
    if bad_pin:
        return settings, "its console PIN was damaged and is dropped: set a new one in the console"
    if bad_timer:
        return settings, "its turn timer was damaged and is dropped: choose one in the console"
    return settings, None
