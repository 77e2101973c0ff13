"""Fonts and measured text: the shipped Inter family, cached, with ellipsis fitting.

Spec card:
    What: ``font(size, weight)`` returns a cached ``pygame.font.Font`` of the shipped Inter
        family (``assets/fonts``; pygame's default font if a file is missing);
        ``fit(font, text, width)`` shortens text with an ellipsis until it fits;
        ``render(...)`` caches rendered labels so per-frame overlays cost a blit.
    Rules: sizes are in pixels after the UI scale (callers multiply); nothing draws outside
        the width it is given.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import pygame

from game.paths import ASSETS

FONT_DIR = ASSETS / "fonts"
WEIGHTS = {
    "regular": "Inter-Regular.otf",
    "medium": "Inter-Medium.otf",
    "semibold": "Inter-SemiBold.otf",
    "bold": "Inter-Bold.otf",
    "italic": "Inter-Italic.otf",
    "bolditalic": "Inter-BoldItalic.otf",
}
ELLIPSIS = "…"

_fonts: dict[tuple[int, str], pygame.font.Font] = {}
_labels: OrderedDict[tuple, pygame.Surface] = OrderedDict()
_LABEL_CACHE = 512


def font_path(weight: str = "regular") -> str:
    """Path of the font file for ``weight`` (for pygame_gui themes too)."""
    return str(FONT_DIR / WEIGHTS.get(weight, WEIGHTS["regular"]))


def font(size: float, weight: str = "regular") -> pygame.font.Font:
    """A cached font of ``size`` pixels (at least 6) and ``weight``."""
    px = max(6, round(size))
    key = (px, weight)
    cached = _fonts.get(key)
    if cached is None:
        if not pygame.font.get_init():
            pygame.font.init()
        try:
            cached = pygame.font.Font(font_path(weight), px)
        except (OSError, FileNotFoundError):
            cached = pygame.font.Font(None, round(px * 1.3))
        _fonts[key] = cached
    return cached


def fit(f: pygame.font.Font, text: str, width: float) -> str:
    """``text``, shortened with an ellipsis so that it is at most ``width`` pixels wide."""
    if width <= 0:
        return ""
    if f.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    # Binary search on the number of characters kept.
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f.size(text[:mid].rstrip() + ELLIPSIS)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ELLIPSIS if f.size(ELLIPSIS)[0] <= width else ""
    return text[:lo].rstrip() + ELLIPSIS


#: Where text has been drawn on each watched surface, by the surface's id (``watch``): the
#: tutorial's arrow is routed round it. Unwatched surfaces cost a dictionary look-up.
_seen: dict[int, list[pygame.Rect]] = {}


def watch(surface: pygame.Surface) -> list[pygame.Rect]:
    """From now on, note the rect of every line of text drawn on ``surface`` (a new list)."""
    rects: list[pygame.Rect] = []
    _seen[id(surface)] = rects
    return rects


def unwatch(surface: pygame.Surface) -> list[pygame.Rect]:
    """Stop noting text on ``surface``; the rects noted since ``watch``."""
    return _seen.pop(id(surface), [])


@contextmanager
def watching(surface: pygame.Surface) -> Iterator[list[pygame.Rect]]:
    """``watch`` for the time of a ``with`` block: the rects noted in it."""
    rects = watch(surface)
    try:
        yield rects
    finally:
        unwatch(surface)


def note(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """Text was drawn on ``surface`` in ``rect`` (kept only while the surface is watched)."""
    rects = _seen.get(id(surface))
    if rects is not None:
        rects.append(rect)


def render(
    text: str,
    size: float,
    colour: tuple[int, int, int],
    weight: str = "regular",
    max_width: float | None = None,
) -> pygame.Surface:
    """A cached rendering of ``text`` (fitted to ``max_width`` when given)."""
    key = (text, round(size), colour, weight, None if max_width is None else int(max_width))
    surf = _labels.get(key)
    if surf is not None:
        _labels.move_to_end(key)
        return surf
    f = font(size, weight)
    shown = text if max_width is None else fit(f, text, max_width)
    surf = f.render(shown, True, colour)
    _labels[key] = surf
    if len(_labels) > _LABEL_CACHE:
        _labels.popitem(last=False)
    return surf


def draw(
    surface: pygame.Surface,
    text: str,
    pos: tuple[float, float],
    size: float,
    colour: tuple[int, int, int],
    weight: str = "regular",
    max_width: float | None = None,
    anchor: str = "topleft",
) -> pygame.Rect:
    """Draw text with its ``anchor`` (a pygame.Rect attribute name) at ``pos``."""
    surf = render(text, size, colour, weight, max_width)
    rect = surf.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(surf, rect)
    note(surface, rect)
    return rect


def draw_halo(
    surface: pygame.Surface,
    text: str,
    pos: tuple[float, float],
    size: float,
    colour: tuple[int, int, int],
    halo: tuple[int, int, int],
    weight: str = "semibold",
    anchor: str = "center",
) -> pygame.Rect:
    """Text with a one-pixel halo, legible over a busy map."""
    back = render(text, size, halo, weight)
    front = render(text, size, colour, weight)
    rect = front.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
        surface.blit(back, rect.move(dx, dy))
    surface.blit(front, rect)
    note(surface, rect.inflate(2, 2))
    return rect
