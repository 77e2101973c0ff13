"""The look: our pygame_gui theme (scaled, optionally high contrast), colours and fonts.

Widgets take their look from ``assets/theme/theme.json`` (plus ``high-contrast.json`` for
projector mode); what we draw ourselves (panels, bars, headings) uses ``Colours`` below, so
the two stay one coherent dark space theme.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame

from game.paths import ASSETS

THEME_DIR = ASSETS / "theme"
FONT_SIZES = (12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 34, 48, 64)


@dataclass(frozen=True, slots=True)
class Colours:
    """Colours of the things we draw ourselves."""

    background: tuple = (8, 12, 24)
    panel: tuple = (17, 25, 44)
    panel_border: tuple = (44, 58, 92)
    panel_header: tuple = (22, 33, 58)
    text: tuple = (220, 228, 242)
    bright: tuple = (255, 255, 255)
    muted: tuple = (154, 168, 196)
    accent: tuple = (127, 184, 255)
    good: tuple = (95, 200, 140)
    bad: tuple = (235, 110, 110)
    warn: tuple = (240, 200, 90)
    track: tuple = (36, 46, 72)
    dim: tuple = (0, 0, 0, 170)
    star: tuple = (180, 195, 230)


DARK = Colours()
HIGH_CONTRAST = Colours(
    background=(0, 0, 0),
    panel=(0, 0, 0),
    panel_border=(255, 255, 255),
    panel_header=(20, 20, 20),
    text=(255, 255, 255),
    muted=(225, 225, 225),
    accent=(255, 255, 102),
    track=(70, 70, 70),
    dim=(0, 0, 0, 210),
)


def colours(high_contrast: bool) -> Colours:
    return HIGH_CONTRAST if high_contrast else DARK


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _scaled_size(size: str | int, scale: float) -> str:
    return str(max(9, round(int(size) * scale)))


@lru_cache(maxsize=16)
def _theme_json(high_contrast: bool) -> str:
    theme = json.loads((THEME_DIR / "theme.json").read_text(encoding="utf-8"))
    if high_contrast:
        theme = _merge(theme, json.loads((THEME_DIR / "high-contrast.json").read_text("utf-8")))
    return json.dumps(theme)


def _own_fonts() -> dict[str, str] | None:
    """Paths of the game's own UI font (Inter) when the assets hold it."""
    folder = ASSETS / "fonts"
    paths = {
        "regular_path": folder / "Inter-Regular.otf",
        "bold_path": folder / "Inter-Bold.otf",
        "italic_path": folder / "Inter-Italic.otf",
        "bold_italic_path": folder / "Inter-BoldItalic.otf",
    }
    if all(p.exists() for p in paths.values()):
        return {key: str(p) for key, p in paths.items()}
    return None


def font_name() -> str:
    return "inter" if _own_fonts() else "noto_sans"


def gui_theme(scale: float, high_contrast: bool) -> dict:
    """The pygame_gui theme as a dict, with font sizes and item heights scaled."""
    theme = json.loads(_theme_json(high_contrast))
    own = _own_fonts()
    for block in theme.values():
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = _scaled_size(font["size"], scale)
            if own:
                font.update(own, name="inter")
        misc = block.get("misc", {})
        for key in ("list_item_height", "sliding_button_width"):
            if key in misc:
                misc[key] = _scaled_size(misc[key], scale)
    return theme


def heading_px(scale: float) -> int:
    """Pixel size of headings inside text boxes (``<font pixel_size=...>``)."""
    return max(12, round(20 * scale))


def gui_fonts(scale: float, high_contrast: bool) -> list[dict]:
    """Fonts text boxes use beyond the theme's own (bold/italic runs, headings)."""
    theme = gui_theme(scale, high_contrast)
    name = font_name()
    sizes = {int(theme["defaults"]["font"]["size"]), int(theme["text_box"]["font"]["size"])}
    wanted = [(size, style) for size in sizes for style in ("regular", "bold", "italic")]
    wanted.append((heading_px(scale), "bold"))
    return [{"name": name, "point_size": size, "style": style} for size, style in wanted]


def _font_file(bold: bool) -> str | None:
    """Our own fonts if the assets hold them, else the Noto Sans that pygame_gui ships."""
    own = _own_fonts()
    if own:
        return own["bold_path" if bold else "regular_path"]
    import pygame_gui

    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    path = Path(pygame_gui.__file__).parent / "data" / name
    return str(path) if path.exists() else None


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A cached font of a pixel size (already scaled by the caller)."""
    return pygame.font.Font(_font_file(bold), max(8, int(size)))
