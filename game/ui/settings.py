"""Player settings (window, scale, projector mode, sound), kept as JSON in the user folder.

A damaged or foreign settings file is ignored (defaults are used) and overwritten on the next
save, so a bad file never stops the game from starting.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from game.paths import user_dir

SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
PROJECTOR_SCALE = 1.3


@dataclass(slots=True)
class Settings:
    """What a player can change on the settings screen."""

    scale: float = 1.0
    fullscreen: bool = False
    width: int = 1280
    height: int = 720
    high_contrast: bool = False
    sound: bool = False
    difficulty: str = "normal"

    @property
    def projector(self) -> bool:
        """Projector mode is a large scale with the high-contrast theme."""
        return self.high_contrast and self.scale >= PROJECTOR_SCALE


def settings_path() -> Path:
    return user_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or defaults when there are none or they are unreadable."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    result = Settings()
    for field in dataclasses.fields(Settings):
        value = data.get(field.name)
        default = getattr(result, field.name)
        if isinstance(value, type(default)) or (
            isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool)
        ):
            setattr(result, field.name, type(default)(value))
    result.scale = min(max(result.scale, SCALES[0]), SCALES[-1])
    result.width = min(max(result.width, 960), 7680)
    result.height = min(max(result.height, 540), 4320)
    if result.difficulty not in ("easy", "normal", "hard"):
        result.difficulty = "normal"
    return result


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings; failures are silent because settings are a convenience."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dataclasses.asdict(settings), indent=2), encoding="utf-8")
    except OSError:
        pass
