"""The player's side of an offer, drawn beside the other side's answer (Offers and Inbox).

The lines come from ``session.terms.offer_sides``; this module only lays them out. When they
do not all fit (UI scale 200% leaves room for three), the panel scrolls by whole lines: the
mouse wheel over it, or the arrows in its heading, so every line of what an offer costs and
gains can be read at any size and scale.
"""

from __future__ import annotations

import pygame

from game.ui import theme as th
from game.ui.widgets import draw_text, wrap


class SidesPanel:
    """One tab's "Your side" panel: the lines last drawn and how far they are scrolled."""

    def __init__(self) -> None:
        #: The first wrapped line shown.
        self.first = 0
        #: Where the lines were last drawn, how many there are and how many fit.
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.total = 0
        self.room = 0
        #: The heading's arrows (empty while every line fits).
        self.up = pygame.Rect(0, 0, 0, 0)
        self.down = pygame.Rect(0, 0, 0, 0)
        self._shown: tuple = ()

    @property
    def hidden(self) -> int:
        return max(0, self.total - self.room)

    def scroll(self, lines: int) -> None:
        self.first = max(0, min(self.hidden, self.first + lines))

    def handle(self, event: pygame.event.Event) -> bool:
        """The wheel over the panel, a click on an arrow; True when used."""
        if not self.hidden:
            return False
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                self.scroll(-event.y)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 4, 5):
            if event.button != 1 and self.rect.collidepoint(event.pos):
                return True  # the wheel's old button events: MOUSEWHEEL scrolls
            for arrow, step in ((self.up, -1), (self.down, 1)):
                if arrow.collidepoint(event.pos):
                    self.scroll(step)
                    return True
        return False

    def draw(self, surface, rect: pygame.Rect, lines, scale: float, c, title="Your side") -> int:
        """Draw ``lines`` ((text, tone) pairs) in ``rect`` under ``title``; returns the y
        reached. When they do not fit, warnings (tone "bad") come first, so the top of the
        panel shows what must be seen, and the rest scrolls."""

        def s(v: float) -> int:
            return max(1, round(v * scale))

        x, y, w = rect.x, rect.y, rect.w
        self.rect = pygame.Rect(rect)
        if rect.h < s(20):
            self.total = self.room = 0
            return y
        top = y
        y += s(20)
        colour = {"text": c.text, "good": c.good, "muted": c.muted, "bad": c.bad, "warn": c.warn}
        face = th.font(s(13))
        self.room = max(1, (rect.bottom - y) // s(17))
        parts = [(wrap(text, face, w - s(14)), tone) for text, tone in lines]
        self.total = sum(len(p) for p, _tone in parts)
        if self.hidden:
            parts = [p for p in parts if p[1] == "bad"] + [p for p in parts if p[1] != "bad"]
        wrapped = [(line, tone) for p, tone in parts for line in p]
        shown = tuple(lines)
        if shown != self._shown:
            # another offer (or other terms): its side is read from its first line
            self._shown, self.first = shown, 0
        self.scroll(0)
        heading = title
        self.up = self.down = pygame.Rect(0, 0, 0, 0)
        if self.hidden:
            last = min(self.total, self.first + self.room)
            heading += f"  ·  lines {self.first + 1}-{last} of {self.total}"
            size = s(16)
            self.down = pygame.Rect(rect.right - size, top, size, size)
            self.up = pygame.Rect(self.down.x - size - s(4), top, size, size)
            for arrow, able, point in (
                (self.up, self.first > 0, -1),
                (self.down, self.first < self.hidden, 1),
            ):
                tone = c.bright if able else c.track
                a = arrow.inflate(-s(4), -s(6))
                tip, base = (a.midtop, a.bottom) if point < 0 else (a.midbottom, a.top)
                pygame.draw.polygon(surface, tone, [tip, (a.left, base), (a.right, base)])
        draw_text(
            surface,
            heading,
            (x, top),
            s(14),
            c.bright,
            True,
            width=w - 2 * s(20) * bool(self.hidden),
        )
        for text, tone in wrapped[self.first : self.first + self.room]:
            draw_text(surface, text, (x, y), s(13), colour.get(tone, c.text), width=w - s(14))
            y += s(17)
        if self.hidden:
            # where the shown lines sit among all of them
            track = pygame.Rect(rect.right - s(6), top + s(20), s(4), self.room * s(17))
            pygame.draw.rect(surface, c.track, track, border_radius=s(2))
            h = max(s(8), track.h * self.room // self.total)
            thumb = pygame.Rect(
                track.x, track.y + (track.h - h) * self.first // self.hidden, track.w, h
            )
            pygame.draw.rect(surface, c.muted, thumb, border_radius=s(2))
        return y
