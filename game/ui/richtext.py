"""A scrollable column of short styled lines, drawn by us (the turn report's text).

Spec card:
    What: ``ScrollText(rect, lines, scale, colours)``: ``Line``s (text, tone, bold, size,
        bullet) wrapped to the width, rendered once, blitted with a vertical offset. The
        mouse wheel over it, the Up/Down/Page keys (via ``scroll``) and dragging or clicking
        the scrollbar move it.
    Why not pygame_gui's UITextBox: it parses HTML and lays out every chunk on each build,
        which cost ~25 ms per box on End Turn; a report is a few dozen plain lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import theme as th
from game.ui.widgets import wrap


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph: a heading, a bullet or plain text, in a tone of the theme."""

    text: str
    tone: str = "text"  # a Colours field: text, bright, muted, good, bad, warn, accent
    bold: bool = False
    size: int = 14
    bullet: bool = False
    indent: int = 0  # in pixels at scale 1, added before the bullet
    gap: int = 0  # space above, at scale 1
    colour: tuple | None = None  # overrides the tone (bloc colours)


class ScrollText:
    """Lines in a rect, scrollable when they do not fit."""

    def __init__(self, rect: pygame.Rect, lines: list[Line], scale: float, colours) -> None:
        self.rect = pygame.Rect(rect)
        self.scale = scale
        self.colours = colours
        self.offset = 0
        self.dragging: int | None = None
        self.bar_w = max(6, round(8 * scale))
        self.images: list[tuple[pygame.Surface, int, int]] = []  # image, x, y
        self.height = 0
        self._layout(lines)

    def s(self, px: float) -> int:
        return round(px * self.scale)

    def _layout(self, lines: list[Line]) -> None:
        width = self.rect.w - self.bar_w - self.s(6)
        y = 0
        for line in lines:
            y += self.s(line.gap)
            face = th.font(self.s(line.size), line.bold)
            colour = line.colour or getattr(self.colours, line.tone, self.colours.text)
            x = self.s(line.indent)
            hang = x
            if line.bullet:
                dot = face.render("•", True, colour)
                self.images.append((dot, x, y))
                hang = x + dot.get_width() + self.s(6)
            if not line.text:
                y += face.get_linesize() // 2
                continue
            for part in wrap(line.text, face, max(20, width - hang)):
                image = face.render(part, True, colour)
                self.images.append((image, hang, y))
                y += face.get_linesize()
            y += self.s(2)
        self.height = y

    @property
    def max_offset(self) -> int:
        return max(0, self.height - self.rect.h)

    def scroll(self, pixels: int) -> None:
        self.offset = max(0, min(self.max_offset, self.offset + pixels))

    def page(self, direction: int) -> None:
        self.scroll(direction * max(self.s(40), self.rect.h - self.s(40)))

    def _thumb(self) -> pygame.Rect | None:
        if self.max_offset <= 0:
            return None
        track = self.rect.h
        h = max(self.s(24), track * self.rect.h // max(1, self.height))
        y = self.rect.y + (track - h) * self.offset // self.max_offset
        return pygame.Rect(self.rect.right - self.bar_w, y, self.bar_w, h)

    def handle(self, event: pygame.event.Event) -> bool:
        """Wheel, clicks on the scrollbar and dragging it; True when used."""
        if event.type == pygame.MOUSEWHEEL:
            if self.rect.collidepoint(pygame.mouse.get_pos()):
                self.scroll(-event.y * self.s(40))
                return True
            return False
        thumb = self._thumb()
        if thumb is None:
            return False
        track = pygame.Rect(thumb.x, self.rect.y, thumb.w, self.rect.h)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if thumb.collidepoint(event.pos):
                self.dragging = event.pos[1] - thumb.y
                return True
            if track.collidepoint(event.pos):
                self.page(1 if event.pos[1] > thumb.bottom else -1)
                return True
        if event.type == pygame.MOUSEBUTTONUP and self.dragging is not None:
            self.dragging = None
            return True
        if event.type == pygame.MOUSEMOTION and self.dragging is not None:
            room = max(1, self.rect.h - thumb.h)
            top = event.pos[1] - self.dragging - self.rect.y
            self.offset = max(0, min(self.max_offset, top * self.max_offset // room))
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        clip = surface.get_clip()
        surface.set_clip(self.rect.clip(clip) if clip else self.rect)
        top, bottom = self.offset, self.offset + self.rect.h
        for image, x, y in self.images:
            if y + image.get_height() >= top and y <= bottom:
                surface.blit(image, (self.rect.x + x, self.rect.y + y - self.offset))
        surface.set_clip(clip)
        thumb = self._thumb()
        if thumb is not None:
            track = pygame.Rect(thumb.x, self.rect.y, thumb.w, self.rect.h)
            pygame.draw.rect(surface, self.colours.track, track, border_radius=self.bar_w // 2)
            pygame.draw.rect(surface, self.colours.muted, thumb, border_radius=self.bar_w // 2)
