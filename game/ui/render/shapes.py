"""Small drawing helpers shared by the renderers: dashed polylines, markers, curves, icons.

Spec card:
    What: pure functions that draw on a surface given plain numbers; no state, no caching.
    Who uses them: map (links, capital markers), moon (nodes, crew icon), charts (series).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pygame

Point = tuple[float, float]


def bezier(p0: Point, p1: Point, bend: float = 0.22, steps: int = 24) -> list[Point]:
    """A quadratic curve from ``p0`` to ``p1`` bowed upwards by ``bend`` of its length."""
    (x0, y0), (x1, y1) = p0, p1
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return [p0, p1]
    # Perpendicular, chosen to point up the screen so that arcs read like flight paths.
    nx, ny = -dy / length, dx / length
    if ny > 0:
        nx, ny = -nx, -ny
    cx, cy = mx + nx * bend * length, my + ny * bend * length
    t = np.linspace(0.0, 1.0, max(2, steps))
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    xs = a * x0 + b * cx + c * x1
    ys = a * y0 + b * cy + c * y1
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def polyline(
    surface: pygame.Surface,
    colour,
    points: Sequence[Point],
    width: int = 1,
    dash: Sequence[int] = (),
    phase: float = 0.0,
) -> None:
    """Draw a polyline, solid or dashed (``dash`` = on, off, on, off... in pixels)."""
    if len(points) < 2:
        return
    if not dash:
        if width <= 1:
            pygame.draw.aalines(surface, colour, False, points)
        else:
            pygame.draw.lines(surface, colour, False, points, width)
            for p in (points[0], points[-1]):
                pygame.draw.circle(surface, colour, p, width / 2)
        return
    pattern = list(dash)
    total = float(sum(pattern))
    pos = phase % total
    idx, left = 0, float(pattern[0])
    while pos > 0:
        step = min(pos, left)
        pos -= step
        left -= step
        if left <= 0:
            idx = (idx + 1) % len(pattern)
            left = float(pattern[idx])
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        seg = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while done < seg:
            step = min(left, seg - done)
            if idx % 2 == 0:
                t0, t1 = done / seg, (done + step) / seg
                a = (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0)
                b = (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1)
                if width <= 1:
                    pygame.draw.aaline(surface, colour, a, b)
                else:
                    pygame.draw.line(surface, colour, a, b, width)
            done += step
            left -= step
            if left <= 1e-9:
                idx = (idx + 1) % len(pattern)
                left = float(pattern[idx])


def marker(
    surface: pygame.Surface,
    shape: str,
    centre: Point,
    radius: float,
    fill,
    edge=None,
    edge_width: int = 1,
) -> pygame.Rect:
    """Draw a marker shape (circle, square, triangle, diamond, cross, star) centred on a point."""
    x, y = centre
    r = max(1.5, radius)
    if shape == "circle":
        rect = pygame.draw.circle(surface, fill, (x, y), r)
        if edge is not None:
            pygame.draw.circle(surface, edge, (x, y), r, edge_width)
        return rect
    if shape == "cross":
        w = max(2, round(r / 2))
        a = pygame.draw.line(surface, fill, (x - r, y - r), (x + r, y + r), w)
        b = pygame.draw.line(surface, fill, (x - r, y + r), (x + r, y - r), w)
        return a.union(b)
    if shape == "square":
        s = r * 0.9
        pts = [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
    elif shape == "triangle":
        pts = [(x, y - r * 1.15), (x + r, y + r * 0.75), (x - r, y + r * 0.75)]
    elif shape == "diamond":
        pts = [(x, y - r * 1.2), (x + r, y), (x, y + r * 1.2), (x - r, y)]
    else:  # star
        pts = []
        for k in range(10):
            ang = -math.pi / 2 + k * math.pi / 5
            rr = r * 1.25 if k % 2 == 0 else r * 0.55
            pts.append((x + rr * math.cos(ang), y + rr * math.sin(ang)))
    rect = pygame.draw.polygon(surface, fill, pts)
    if edge is not None:
        pygame.draw.polygon(surface, edge, pts, edge_width)
    return rect


def arrow_head(
    surface: pygame.Surface, colour, tip: Point, prev: Point, size: float
) -> pygame.Rect:
    """A filled arrow head at ``tip`` pointing away from ``prev``."""
    ang = math.atan2(tip[1] - prev[1], tip[0] - prev[0])
    left = (tip[0] - size * math.cos(ang - 0.45), tip[1] - size * math.sin(ang - 0.45))
    right = (tip[0] - size * math.cos(ang + 0.45), tip[1] - size * math.sin(ang + 0.45))
    return pygame.draw.polygon(surface, colour, [tip, left, right])


def crew_icon(surface: pygame.Surface, centre: Point, size: float, colour) -> None:
    """A tiny astronaut (helmet and shoulders): marks a crewed milestone."""
    x, y = centre
    head = max(2.0, size * 0.32)
    pygame.draw.circle(surface, colour, (x, y - size * 0.18), head, max(1, round(size / 9)))
    body = pygame.Rect(0, 0, size * 0.9, size * 0.42)
    body.midtop = (round(x), round(y + size * 0.18))
    pygame.draw.ellipse(surface, colour, body)


def check_mark(surface: pygame.Surface, centre: Point, size: float, colour, width: int) -> None:
    """A tick mark, for completed milestones."""
    x, y = centre
    pts = [
        (x - size * 0.45, y),
        (x - size * 0.1, y + size * 0.35),
        (x + size * 0.5, y - size * 0.4),
    ]
    pygame.draw.lines(surface, colour, False, pts, width)


def x_mark(surface: pygame.Surface, centre: Point, size: float, colour, width: int) -> None:
    """A cross, for a failed attempt."""
    x, y = centre
    s = size * 0.4
    pygame.draw.line(surface, colour, (x - s, y - s), (x + s, y + s), width)
    pygame.draw.line(surface, colour, (x - s, y + s), (x + s, y - s), width)
