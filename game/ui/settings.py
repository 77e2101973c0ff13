"""Player settings (window, scale, projector mode, sound), kept as JSON in the user folder.

A damaged or foreign settings file is moved aside and defaults are used, with a notice, so a
bad file never stops the game from starting; writing is atomic (``safeio.atomic_write``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from game import safeio
from game.paths import user_dir

#: The size every screen is designed at: a scale of 1.0 (100%) draws it pixel for pixel.
DESIGN_SIZE = (1280, 720)
#: The interface scales offered besides Auto, as absolute shares of the design size (1.5 is
#: 150%: a 1280x720 layout drawn half as large again); 125% and 150% are the steps players
#: ask for by name.
SCALES = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
#: Projector mode's smallest scale (a saved 1.3 from before 125% was offered still counts).
PROJECTOR_SCALE = 1.25


def auto_scale(size: tuple[int, int]) -> float:
    """What Auto draws at in a window of ``size``: the design fitted to the window (1.5 at
    1920x1080, 2.0 at 2560x1440), in steps of 5%, never below 75% nor above 300%.

    Auto is not one of ``SCALES`` (80% to 200%): above 2560x1440 it draws larger than any
    scale offered, since it fits the window by definition."""
    w, h = size
    fit = max(0.75, min(w / DESIGN_SIZE[0], h / DESIGN_SIZE[1], 3.0))
    return round(fit * 20) / 20


@dataclass(slots=True)
class Settings:
    """What a player can change on the settings screen."""

    #: The interface scale: None is Auto (fit to the window), a number is absolute (1.5 =
    #: 150% of the 1280x720 design size); saved as ``"ui_scale": "auto" | number``.
    scale: float | None = None
    fullscreen: bool = False
    width: int = 1280
    height: int = 720
    high_contrast: bool = False
    #: Sound on or off (off is mute: nothing plays, the mixer is never opened).
    sound: bool = True
    #: Sound volume in percent; the ambient loop plays at half of it.
    volume: int = 70
    difficulty: str = "normal"
    #: Why the file on disk was not used (shown once at start); never saved.
    notice: str = dataclasses.field(default="", compare=False)

    @property
    def projector(self) -> bool:
        """Projector mode is a large scale with the high-contrast theme."""
        return self.high_contrast and self.scale is not None and self.scale >= PROJECTOR_SCALE


def settings_path() -> Path:
    return user_dir() / "settings.json"


class _BadNumber(Exception):
    """NaN or infinity in the file: JSON as Python reads it allows them, settings don't."""


def _refuse(text: str) -> float:
    raise _BadNumber(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text)
    return value


def _read(path: Path) -> tuple[dict | None, str | None]:
    """The settings file's mapping, or None and why it can't be used (None, None: no file)."""
    try:
        raw = safeio.read_bytes(path, "settings")
    except safeio.Unreadable as exc:
        return None, None if str(exc) == "no such file" else str(exc)
    try:
        data = json.loads(
            raw.decode("utf-8"),
            parse_constant=_refuse,
            parse_float=_finite,
            parse_int=lambda text: int(text) if len(text) <= 12 else _refuse(text),
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None, "not readable JSON"
    except _BadNumber as exc:
        return None, f"{safeio.display_text(exc, 'reason')} is not a usable number"
    if not isinstance(data, dict):
        return None, "not a mapping of settings"
    return data, None


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or defaults when there are none or they are unreadable.

    A file that can't be used is moved aside to ``settings.json.bad`` (nothing is lost) and
    the returned settings carry a ``notice`` saying so; a value of the wrong type or out of
    range falls back to its default alone.
    """
    path = path or settings_path()
    data, problem = _read(path)
    if data is None:
        result = Settings()
        if problem:
            result.notice = f"Settings were reset: {path.name} could not be used ({problem})"
            aside = path.with_name(path.name + ".bad")
            with contextlib.suppress(OSError):
                if os.path.isfile(path) and not os.path.islink(path):
                    os.replace(path, aside)
                    result.notice += f" (kept as {aside.name})"
        return result
    result = Settings()
    for field in dataclasses.fields(Settings):
        if field.name in ("notice", "scale"):
            continue
        value = data.get(field.name)
        default = getattr(result, field.name)
        # bool is a subclass of int in Python: ``true`` is not a width, nor 1 a switch
        is_bool = isinstance(value, bool)
        if (isinstance(value, type(default)) and is_bool == isinstance(default, bool)) or (
            isinstance(default, float) and isinstance(value, int) and not is_bool
        ):
            setattr(result, field.name, type(default)(value))
    result.width = min(max(result.width, 960), 7680)
    result.height = min(max(result.height, 540), 4320)
    result.scale = _ui_scale(data, (result.width, result.height))
    result.volume = min(max(result.volume, 0), 100)
    if result.difficulty not in ("easy", "normal", "hard"):
        result.difficulty = "normal"
    return result


def _number(value) -> float | None:
    """A finite number from the file (``true`` is not one), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _ui_scale(data: dict, window: tuple[int, int]) -> float | None:
    """The interface scale from a settings file: None for Auto, else an absolute scale.

    ``ui_scale`` is ``"auto"`` or a number (kept within the scales offered). A file from
    before Auto has only ``scale``, a factor on the window's fit: 1.0 (the default) drew what
    Auto draws, so it is Auto; another factor becomes the offered scale nearest to the size it
    drew at in the window the file records, so the player sees the size they chose. Anything
    else is Auto.
    """
    if "ui_scale" in data:
        value = _number(data["ui_scale"])
        return None if value is None else min(max(value, SCALES[0]), SCALES[-1])
    old = _number(data.get("scale"))
    if old is None or abs(old - 1.0) < 0.005:
        return None
    drawn = old * auto_scale(window)
    return min(SCALES, key=lambda v: abs(v - drawn))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; failures are silent because settings are a convenience."""
    path = path or settings_path()
    values = dataclasses.asdict(settings)
    values.pop("notice", None)
    scale = values.pop("scale")
    values["ui_scale"] = "auto" if scale is None else scale
    with contextlib.suppress(OSError):
        safeio.atomic_write(path, json.dumps(values, indent=2).encode("utf-8"))
