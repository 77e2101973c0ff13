"""The tutorial card's shape: how much of the map it may cover, and how its words fit.

Spec card:
    What: ``shape_card(text, map, row, s)`` gives the font, the lines and the width of the
        coach's card (``coach.Coach``), drawn from the map's top left corner.
    Bound: the card covers at most ``MAP_SHARE`` of the map at every size and scale, so the
        map stays in view (the whole text at 150% on 1280x720 covered 79% of it, the map
        being 189 pixels high there).
    How: the whole text under its heading, in the largest font (15 down to 12 points) and
        the narrowest width (420 points, the map's, the ``row``'s) that stays within the
        bound; else compact, the heading on the first line and the row wide, in as many
        lines as the bound allows, the last ending in "…" (``cut``: the coach notes it, and
        hovering the card shows the whole text). The coach passes the map as the row: a
        card as wide as the map and the Moon panel hid the panel's first milestone row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pygame

from game.ui import theme as th
from game.ui.widgets import fit, wrap

#: The largest share of the map's area the card may cover.
MAP_SHARE = 0.45
#: The card's heading.
LABEL = "TUTORIAL"


class CardShape(NamedTuple):
    """How the card holds its text."""

    face: pygame.font.Font
    lines: list[str]
    width: int
    #: the heading starts the first line (no row of its own)
    compact: bool
    #: the font's size in pixels (the heading's is the same, bold)
    px: int
    #: the text did not fit whole: the last line ends in "…"
    cut: bool


def shape_card(
    text: str, area: pygame.Rect, row: pygame.Rect, s: Callable[[float], int]
) -> CardShape:
    """The card for ``text`` over the map ``area``, at most as wide as ``row`` (the coach:
    the map itself)."""
    room = MAP_SHARE * area.w * area.h
    start = area.x + s(12)

    def covers(width: int, height: int) -> int:
        return max(0, min(start + width, area.right) - start) * height

    widths = (min(s(420), area.w - s(24)), area.w - s(24), row.w - s(24))
    for size in (15, 14, 13, 12):
        face = th.font(s(size))
        for width in widths:
            lines = wrap(text, face, width - s(24))
            height = s(52) + face.get_linesize() * len(lines)
            if height <= area.h - s(24) and covers(width, height) <= room:
                return CardShape(face, lines, width, False, s(size), False)
    width, px = row.w - s(24), s(12)
    face = th.font(px)
    indent = th.font(px, True).size(LABEL)[0] + s(8)
    words = text.split()
    first = wrap(text, face, width - s(24) - indent)[0]
    rest = " ".join(words[len(first.split()) :])
    lines = [first, *(wrap(rest, face, width - s(24)) if rest else [])]
    fits = max(1, int(room / max(1, covers(width, 1)) - s(12)) // face.get_linesize())
    if len(lines) <= fits:
        return CardShape(face, lines, width, True, px, False)
    shown = lines[:fits]
    last = width - s(24) - (indent if fits == 1 else 0)
    shown[-1] = fit(" ".join(lines[fits - 1 :]), face, last)
    if not shown[-1].endswith("…"):
        shown[-1] = fit(shown[-1] + " …", face, last)
    return CardShape(face, shown, width, True, px, True)
