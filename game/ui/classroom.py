"""What the classroom adds to the screens every team sees: the turn clock (no pygame screen
module; the facilitator's own screens are ``screens.facilitator`` and ``screens.projector``).

Spec card:
    Reads: a ``session.facilitator.Facilitator`` (or None when no teacher has opened the
        console): every figure is its own (``seconds_left``, ``paused``); nothing is
        computed here but the minutes-and-seconds shown.
"""

from __future__ import annotations

import pygame

from game.session.facilitator import Facilitator
from game.ui import theme as th

#: Choices of a team's time per turn offered by the console (seconds; None: no timer).
TIMER_CHOICES: tuple[int | None, ...] = (None, 60, 120, 180, 240, 300, 420, 600)


def minutes(seconds: float) -> str:
    """Seconds as m:ss, rounded up so a clock never shows 0:00 while time is left."""
    whole = int(-(-seconds // 1))
    return f"{whole // 60}:{whole % 60:02d}"


def timer_name(seconds: int | None) -> str:
    return "No timer" if seconds is None else f"{minutes(seconds)} per team"


def clock_line(fac: Facilitator | None, nation: int | None) -> str | None:
    """What a team's clock says now, or None when it has no clock."""
    if fac is None or nation is None or nation not in fac.slots:
        return None
    left = fac.seconds_left(nation)
    if left is None:
        return "Paused by the teacher" if fac.paused else None
    text = f"{minutes(left)} left"
    return f"{text} · paused by the teacher" if fac.paused else text


def draw_clock(surface: pygame.Surface, text: str | None, midtop, scale: float, urgent: bool):
    """A badge with the clock's words, centred under ``midtop``; returns its rect."""
    if not text:
        return None
    face = th.font(round(17 * scale), True)
    image = face.render(text, True, (255, 255, 255))
    box = image.get_rect(midtop=midtop).inflate(round(24 * scale), round(10 * scale))
    box.midtop = midtop
    colour = (150, 40, 45) if urgent else (30, 70, 120)
    pygame.draw.rect(surface, colour, box, border_radius=round(8 * scale))
    pygame.draw.rect(surface, (255, 255, 255), box, 1, border_radius=round(8 * scale))
    surface.blit(image, image.get_rect(center=box.center))
    return box
