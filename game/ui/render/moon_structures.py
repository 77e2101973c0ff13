"""The Moon panel's structures, astronauts and wrecks, drawn from shapes (no image files)."""

from __future__ import annotations

import math

import pygame

from game.ui.render import palette
from game.ui.render.moon_view import MilestoneView
from game.ui.render.palette import RGB

#: Structure kinds and the words in a milestone's name that call for them.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dome", ("base", "station", "outpost")),
    ("orbiter", ("orbit", "gateway", "flyby", "fly-by", "test flight", "uncrewed")),
    ("habitat", ("habitat", "camp", "construction", "module")),
    ("isru", ("resource", "isru", "ice", "water", "oxygen", "mining")),
    ("rover", ("rover", "reconnaissance", "survey", "prospect")),
    ("lander", ("landing", "lander")),
    ("probe", ("sample", "probe", "robotic", "commercial")),
)
FALLBACK = ("probe", "rover", "solar", "habitat", "isru", "tower", "habitat", "solar")


def structure_kind(m: MilestoneView, index: int) -> str:
    """Which structure a milestone adds to the base picture."""
    if m.base:
        return "dome"
    name = m.name.lower()
    for kind, words in KEYWORDS:
        if kind == "dome":
            continue
        if any(w in name for w in words):
            # Crews arrive in big landers; robots in small ones.
            if kind in ("probe", "lander"):
                return "lander" if m.crewed else "probe"
            return kind
    if m.crewed:
        return "lander"
    return FALLBACK[index % len(FALLBACK)]


def _hull(colour: RGB) -> RGB:
    return palette.mix((196, 200, 208), colour, 0.12)


def _draw_structure(
    surf: pygame.Surface,
    kind: str,
    x: float,
    ground: float,
    u: float,
    colour: RGB,
    alpha: int = 255,
    flag: bool = False,
) -> None:
    """Draw one structure standing on ``ground`` at ``x``; ``u`` is the size unit in pixels."""
    hull = (*_hull(colour), alpha)
    dark = (*palette.darken(_hull(colour), 0.45), alpha)
    accent = (*colour, alpha)
    if kind != "orbiter":
        # A long shadow to the right: the sun is always low at the pole.
        shadow = (0, 0, 0, min(alpha, 110))
        pygame.draw.ellipse(surf, shadow, (x - 0.2 * u, ground - 0.12 * u, 2.6 * u, 0.3 * u))
    if kind == "probe":
        body = pygame.Rect(0, 0, 0.9 * u, 0.55 * u)
        body.midbottom = (round(x), round(ground - 0.35 * u))
        for sx in (-0.55, 0.55):
            pygame.draw.line(
                surf, dark, body.midbottom, (x + sx * u, ground), max(1, round(u / 10))
            )
        pygame.draw.rect(surf, hull, body, border_radius=max(1, round(u / 10)))
        pygame.draw.rect(surf, accent, body.inflate(-body.w * 0.4, -body.h * 0.5))
        pygame.draw.line(surf, dark, body.midtop, (x + 0.3 * u, body.top - 0.35 * u), 1)
    elif kind == "rover":
        body = pygame.Rect(0, 0, 1.3 * u, 0.4 * u)
        body.midbottom = (round(x), round(ground - 0.28 * u))
        pygame.draw.rect(surf, hull, body, border_radius=max(1, round(u / 8)))
        pygame.draw.rect(surf, accent, (body.x, body.y, body.w, max(2, body.h // 3)))
        for wx in (-0.45, 0.0, 0.45):
            pygame.draw.circle(surf, dark, (x + wx * u, ground - 0.16 * u), 0.16 * u)
        pygame.draw.line(
            surf,
            dark,
            (body.right - 0.2 * u, body.top),
            (body.right - 0.1 * u, body.top - 0.5 * u),
            1,
        )
        pygame.draw.circle(
            surf, hull, (body.right - 0.1 * u, body.top - 0.55 * u), max(1.5, 0.12 * u)
        )
    elif kind == "lander":
        body = pygame.Rect(0, 0, 0.8 * u, 1.5 * u)
        body.midbottom = (round(x), round(ground - 0.35 * u))
        for sx in (-0.7, 0.7):
            pygame.draw.line(
                surf, dark, (x, ground - 0.6 * u), (x + sx * u, ground), max(1, round(u / 8))
            )
        pygame.draw.rect(surf, hull, body, border_radius=max(1, round(u / 4)))
        pygame.draw.rect(surf, accent, (body.x, body.y + body.h * 0.35, body.w, body.h * 0.18))
        pygame.draw.circle(surf, dark, (x, body.y + body.h * 0.18), max(1.5, 0.12 * u))
    elif kind == "solar":
        pygame.draw.line(surf, dark, (x, ground), (x, ground - 1.3 * u), max(1, round(u / 10)))
        for i in range(3):
            panel = pygame.Rect(0, 0, 0.9 * u, 0.28 * u)
            panel.midbottom = (round(x), round(ground - 0.55 * u - i * 0.32 * u))
            pygame.draw.rect(surf, (*palette.mix((40, 60, 120), colour, 0.3), alpha), panel)
            pygame.draw.rect(surf, hull, panel, 1)
    elif kind == "habitat":
        body = pygame.Rect(0, 0, 1.8 * u, 0.8 * u)
        body.midbottom = (round(x), round(ground))
        pygame.draw.rect(surf, hull, body, border_radius=round(0.38 * u))
        pygame.draw.rect(
            surf, accent, (body.x + 0.25 * u, body.y + 0.3 * u, body.w - 0.5 * u, 0.14 * u)
        )
        for wx in (-0.45, 0.0, 0.45):
            pygame.draw.circle(
                surf, (255, 230, 150, alpha), (x + wx * u, body.y + 0.22 * u), max(1, 0.07 * u)
            )
    elif kind == "isru":
        tank = pygame.Rect(0, 0, 0.7 * u, 1.0 * u)
        tank.midbottom = (round(x - 0.35 * u), round(ground))
        pygame.draw.rect(surf, hull, tank, border_radius=round(0.3 * u))
        pygame.draw.rect(surf, accent, (tank.x, tank.y + tank.h * 0.45, tank.w, tank.h * 0.15))
        pygame.draw.line(
            surf,
            dark,
            (x + 0.2 * u, ground),
            (x + 0.45 * u, ground - 1.2 * u),
            max(1, round(u / 8)),
        )
        pygame.draw.line(
            surf,
            dark,
            (x + 0.7 * u, ground),
            (x + 0.45 * u, ground - 1.2 * u),
            max(1, round(u / 8)),
        )
        pygame.draw.line(
            surf, hull, (x + 0.45 * u, ground - 1.2 * u), (x + 0.45 * u, ground + 0.1 * u), 1
        )
    elif kind == "tower":
        pygame.draw.line(surf, dark, (x, ground), (x, ground - 1.9 * u), max(1, round(u / 8)))
        dish = pygame.Rect(0, 0, 0.8 * u, 0.4 * u)
        dish.center = (round(x), round(ground - 1.9 * u))
        pygame.draw.ellipse(surf, hull, dish)
        pygame.draw.circle(surf, accent, (x, ground - 1.9 * u), max(1.5, 0.1 * u))
    elif kind == "dome":
        dome = pygame.Rect(0, 0, 2.6 * u, 2.6 * u)
        dome.midbottom = (round(x), round(ground + 1.3 * u))
        clip = surf.get_clip()
        surf.set_clip(pygame.Rect(dome.x, dome.y, dome.w, round(1.3 * u) + 1).clip(clip))
        pygame.draw.ellipse(surf, hull, dome)
        pygame.draw.ellipse(surf, accent, dome, max(2, round(u / 5)))
        for a in (0.35, 0.65):
            pygame.draw.arc(surf, dark, dome.inflate(-dome.w * a, 0), 0, math.pi, 1)
        surf.set_clip(clip)
        for wx in (-0.6, 0.0, 0.6):
            pygame.draw.circle(
                surf, (255, 230, 150, alpha), (x + wx * u, ground - 0.35 * u), max(1, 0.09 * u)
            )
    elif kind == "orbiter":
        # In the sky above the site.
        cx, cy = x, ground - 4.2 * u
        pygame.draw.rect(surf, hull, (cx - 0.25 * u, cy - 0.2 * u, 0.5 * u, 0.4 * u))
        for sx in (-1, 1):
            wing = pygame.Rect(0, 0, 0.6 * u, 0.22 * u)
            wing.center = (round(cx + sx * 0.6 * u), round(cy))
            pygame.draw.rect(surf, accent, wing)
    if flag:
        fx = x - 0.9 * u
        pygame.draw.line(surf, hull, (fx, ground), (fx, ground - 1.4 * u), max(1, round(u / 12)))
        pygame.draw.rect(surf, accent, (fx, ground - 1.4 * u, 0.55 * u, 0.35 * u))


def _astronaut(surf: pygame.Surface, x: float, ground: float, u: float, colour: RGB) -> None:
    """A small figure in a white suit with a visor and a stripe in the bloc's colour."""
    suit = (236, 238, 242)
    body = pygame.Rect(0, 0, 0.32 * u, 0.42 * u)
    body.midbottom = (round(x), round(ground - 0.22 * u))
    for sx in (-0.07, 0.07):
        pygame.draw.line(
            surf, suit, (x + sx * u, body.bottom), (x + sx * u * 1.6, ground), max(1, round(u / 12))
        )
    pygame.draw.rect(surf, suit, body, border_radius=max(1, round(u / 10)))
    pygame.draw.rect(surf, colour, (body.x, body.y + body.h * 0.45, body.w, max(1, body.h * 0.18)))
    head = (x, body.top - 0.12 * u)
    pygame.draw.circle(surf, suit, head, max(1.5, 0.14 * u))
    pygame.draw.circle(surf, (214, 170, 60), (head[0] + 0.04 * u, head[1]), max(1.0, 0.08 * u))


def _wreck(surf: pygame.Surface, x: float, ground: float, u: float, colour: RGB) -> None:
    """A probe on its side with a scorch mark: a failed attempt (the Luna-25 kind of news)."""
    scorch = pygame.Rect(0, 0, 1.8 * u, 0.4 * u)
    scorch.center = (round(x), round(ground))
    pygame.draw.ellipse(surf, (40, 40, 46, 200), scorch)
    size = max(4, round(2.2 * u))
    tmp = pygame.Surface((size, size), pygame.SRCALPHA)
    _draw_structure(tmp, "probe", size / 2, size * 0.8, u * 0.8, colour, 230)
    tipped = pygame.transform.rotate(tmp, -70)
    surf.blit(tipped, tipped.get_rect(center=(round(x), round(ground - 0.25 * u))))
