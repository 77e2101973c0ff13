"""Colours and fill patterns: colour-blind safe, and never the only cue.

Spec card:
    What: the Okabe-Ito palette (safe for the common colour-vision deficiencies), three themes
        (``dark``, the default; ``light``; ``projector``, higher contrast and bolder lines),
        and the five fill patterns a bloc can wear (solid, hatch, dots, cross, grid) so that
        membership reads in greyscale too. Chart series get a dash style and a marker each.
    Who uses it: the map, Moon and chart renderers, and the UI's theme (widget colours).
    Rules: pure functions and frozen records; pattern tiles are cached by their inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

RGB = tuple[int, int, int]

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, RGB] = {
    "orange": (230, 159, 0),
    "sky_blue": (86, 180, 233),
    "bluish_green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermillion": (213, 94, 0),
    "reddish_purple": (204, 121, 167),
    "black": (0, 0, 0),
}

#: Default bloc colours, in order, for scenarios that leave a colour out or for charts.
BLOC_COLOURS: tuple[RGB, ...] = (
    OKABE_ITO["sky_blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["yellow"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["blue"],
)

#: Chart series colours, in order (the dark ``black`` is left out: it vanishes on dark themes).
SERIES_COLOURS: tuple[RGB, ...] = BLOC_COLOURS

PATTERNS = ("solid", "hatch", "dots", "cross", "grid")
#: Dash styles for chart lines, as (on, off, on, off...) lengths in pixels at scale 1.
DASHES: dict[str, tuple[int, ...]] = {
    "solid": (),
    "dash": (9, 5),
    "dot": (2, 4),
    "dashdot": (9, 4, 2, 4),
    "long": (16, 6),
}
DASH_ORDER = ("solid", "dash", "dot", "dashdot", "long")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "star")


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours of one theme. Every renderer takes one of these."""

    name: str
    background: RGB
    panel: RGB
    panel_edge: RGB
    text: RGB
    text_dim: RGB
    ocean: RGB
    graticule: RGB
    land_unaligned: RGB
    land_outside: RGB
    outline: RGB
    outline_outside: RGB
    hover: RGB
    selected: RGB
    player: RGB
    good: RGB
    bad: RGB
    track: RGB
    line_scale: float = 1.0


DARK = Theme(
    name="dark",
    background=(8, 12, 24),
    panel=(17, 25, 44),
    panel_edge=(44, 58, 92),
    text=(220, 228, 242),
    text_dim=(154, 168, 196),
    ocean=(15, 26, 50),
    graticule=(28, 42, 72),
    land_unaligned=(92, 100, 118),
    land_outside=(45, 54, 76),
    outline=(20, 26, 40),
    outline_outside=(60, 70, 94),
    hover=(255, 255, 255),
    selected=(240, 228, 66),
    player=(255, 255, 255),
    good=(0, 158, 115),
    bad=(213, 94, 0),
    track=(36, 46, 72),
)

LIGHT = Theme(
    name="light",
    background=(236, 239, 244),
    panel=(250, 251, 253),
    panel_edge=(190, 198, 212),
    text=(22, 28, 40),
    text_dim=(88, 98, 118),
    ocean=(214, 226, 238),
    graticule=(196, 210, 226),
    land_unaligned=(170, 174, 182),
    land_outside=(232, 233, 236),
    outline=(255, 255, 255),
    outline_outside=(200, 204, 212),
    hover=(0, 0, 0),
    selected=(0, 0, 0),
    player=(0, 0, 0),
    good=(0, 128, 92),
    bad=(190, 80, 0),
    track=(214, 220, 230),
)

PROJECTOR = Theme(
    name="projector",
    background=(0, 0, 0),
    panel=(12, 14, 20),
    panel_edge=(120, 130, 150),
    text=(255, 255, 255),
    text_dim=(200, 206, 218),
    ocean=(8, 12, 22),
    graticule=(30, 36, 52),
    land_unaligned=(120, 124, 132),
    land_outside=(46, 50, 60),
    outline=(0, 0, 0),
    outline_outside=(90, 96, 110),
    hover=(255, 255, 255),
    selected=(240, 228, 66),
    player=(255, 255, 255),
    good=(0, 190, 140),
    bad=(255, 120, 40),
    track=(60, 66, 84),
    line_scale=1.5,
)

THEMES: dict[str, Theme] = {t.name: t for t in (DARK, LIGHT, PROJECTOR)}


def theme(name: str) -> Theme:
    """The theme called ``name`` (``dark`` if unknown)."""
    return THEMES.get(name, DARK)


def to_rgb(colour: str | RGB | pygame.Color) -> RGB:
    """Accept ``#RRGGBB``, an (r, g, b) tuple or a pygame Color."""
    if isinstance(colour, str):
        text = colour.lstrip("#")
        if len(text) != 6:
            raise ValueError(f"not a #RRGGBB colour: {colour!r}")
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    c = tuple(int(v) for v in tuple(colour)[:3])
    return (c[0], c[1], c[2])


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend from ``a`` (t=0) to ``b`` (t=1)."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def lighten(c: RGB, t: float) -> RGB:
    return mix(c, (255, 255, 255), t)


def darken(c: RGB, t: float) -> RGB:
    return mix(c, (0, 0, 0), t)


def luminance(c: RGB) -> float:
    """Relative luminance (WCAG), 0..1."""

    def channel(v: int) -> float:
        s = v / 255.0
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1..21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(background: RGB) -> RGB:
    """Black or white, whichever reads better on ``background``."""
    return (16, 18, 24) if contrast(background, (16, 18, 24)) >= 4.5 else (255, 255, 255)


def readable(colour: RGB, background: RGB, ratio: float = 3.0) -> RGB:
    """``colour`` shifted toward black or white until it contrasts ``ratio`` with ``background``.

    Keeps the hue, so a bloc's lines and labels stay recognisably its own on any theme.
    """
    toward = (0, 0, 0) if luminance(background) > 0.4 else (255, 255, 255)
    out = colour
    for step in range(1, 11):
        if contrast(out, background) >= ratio:
            break
        out = mix(colour, toward, step / 10)
    return out


def pattern_ink(fill: RGB) -> RGB:
    """The colour of a pattern's strokes over ``fill``: a darker or lighter shade of it."""
    return darken(fill, 0.45) if luminance(fill) > 0.18 else lighten(fill, 0.45)


@lru_cache(maxsize=64)
def pattern_tile(pattern: str, ink: RGB, scale: float = 1.0) -> pygame.Surface:
    """A small transparent tile with the pattern's strokes in ``ink``; tile it over a fill."""
    step = max(4, round(8 * scale))
    width = max(1, round(1.4 * scale))
    tile = pygame.Surface((step, step), pygame.SRCALPHA)
    colour = (*ink, 255)
    if pattern == "hatch":
        # Draw the diagonal three times so it joins seamlessly across tile edges.
        for off in (-step, 0, step):
            pygame.draw.line(tile, colour, (off, step), (off + step, 0), width)
    elif pattern == "dots":
        r = max(1, round(1.3 * scale))
        pygame.draw.circle(tile, colour, (step // 4, step // 4), r)
        pygame.draw.circle(tile, colour, (3 * step // 4, 3 * step // 4), r)
    elif pattern == "cross":
        for off in (-step, 0, step):
            pygame.draw.line(tile, colour, (off, step), (off + step, 0), width)
            pygame.draw.line(tile, colour, (off, 0), (off + step, step), width)
    elif pattern == "grid":
        pygame.draw.line(tile, colour, (0, 0), (step, 0), width)
        pygame.draw.line(tile, colour, (0, 0), (0, step), width)
    return tile


@lru_cache(maxsize=16)
def tiled(pattern: str, ink: RGB, size: tuple[int, int], scale: float = 1.0) -> pygame.Surface:
    """A transparent surface of ``size`` covered with the pattern (cached: never draw on it)."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    if pattern not in PATTERNS or pattern == "solid":
        return surf
    tile = pattern_tile(pattern, ink, round(scale, 2))
    tw, th = tile.get_size()
    # One row of tiles, then that row copied down: a few dozen blits instead of thousands.
    row = pygame.Surface((w, th), pygame.SRCALPHA)
    row.fblits([(tile, (x, 0)) for x in range(0, w, tw)])
    surf.fblits([(row, (0, y)) for y in range(0, h, th)])
    return surf


def swatch(
    surface: pygame.Surface,
    rect: pygame.Rect,
    colour: RGB,
    pattern: str = "solid",
    edge: RGB | None = None,
    scale: float = 1.0,
) -> None:
    """A legend swatch: the fill, its pattern, and an edge."""
    pygame.draw.rect(surface, colour, rect, border_radius=max(1, round(2 * scale)))
    if pattern != "solid":
        layer = tiled(pattern, pattern_ink(colour), rect.size, scale * 0.8)
        surface.blit(layer, rect.topleft)
    if edge is not None:
        pygame.draw.rect(surface, edge, rect, 1, border_radius=max(1, round(2 * scale)))
