"""The player's side of an offer, drawn beside the other side's answer (Offers and Inbox).

The lines come from ``session.terms.offer_sides``; this module only lays them out.
"""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.widgets import draw_text, wrap


def draw_sides(surface, rect: pygame.Rect, lines, scale: float, c, title="Your side") -> int:
    """Draw ``lines`` ((text, tone) pairs) in ``rect`` under ``title``; returns the y reached.

    Warnings (tone "bad") are drawn first when space is short: they are what must be seen.
    """

    def s(v: float) -> int:
        return max(1, round(v * scale))

    x, y, w = rect.x, rect.y, rect.w
    if rect.h < s(20):
        return y
    top = y
    y += s(20)
    colour = {"text": c.text, "good": c.good, "muted": c.muted, "bad": c.bad, "warn": c.warn}
    face = th.font(s(13))
    room = max(0, (rect.bottom - y) // s(17))
    # whole lines only: the warnings first claim their room, then the others in order
    parts = [(wrap(text, face, w), tone) for text, tone in lines]
    need = sum(len(p) for p, tone in parts if tone == "bad")
    wrapped = []
    for p, tone in parts:
        if tone == "bad" or len(wrapped) + len(p) + need <= room:
            wrapped += [(line, tone) for line in p]
            need -= len(p) if tone == "bad" else 0
    wrapped = wrapped[:room]
    # a line left out is said, not silently lost (at 200% the panel held three of four)
    hidden = sum(len(p) for p, _tone in parts) - len(wrapped)
    more = f"  ·  {hidden} more line{'s' if hidden != 1 else ''} at a smaller UI scale"
    draw_text(surface, title + (more if hidden else ""), (x, top), s(14), c.bright, True, width=w)
    for text, tone in wrapped:
        draw_text(surface, text, (x, y), s(13), colour.get(tone, c.text), width=w)
        y += s(17)
    return y
