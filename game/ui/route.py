"""A path for the tutorial's arrow from its card to the ring round a control, round text.

Spec card:
    What: ``route_arrow(bounds, text, card, ring, scale)`` gives an ``Arrow`` (a line of
        right-angled runs and a head whose tip touches the ring) that keeps clear of every
        rect in ``text``, or None when no such path exists (the ring alone then points).
    How: the window is cut into square cells; a cell is blocked when the line drawn through
        its centre could touch text. Distances are spread from the cells a head fits in, on
        each side of the ring, one ring of cells at a time (the grid packed into one integer,
        a step being a shift), until a cell beside the card is reached; the path walks back
        down the distances, turning only when it must.
    What counts: ``WORDED`` widgets (of a button, its caption: ``words_rect``) and the
        ``CONTROLS`` the caller adds when it can; the caller gathers the text drawn.
    Why: a straight line from the card crossed headings and the Moon panel's names
        (issue 10: the arrow drew over text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame
import pygame_gui

#: Widgets with words: the arrow never crosses them (of a button only its caption counts,
#: so the arrow may pass a tab button's empty end to reach the panel below).
WORDED = (
    pygame_gui.elements.UILabel,
    pygame_gui.elements.UIButton,
    pygame_gui.elements.UITextBox,
    pygame_gui.elements.UITextEntryLine,
)
#: Controls the arrow would seem to point at if it crossed them: it goes round them too
#: when it can (in a column of sliders it cannot always: then only text is avoided).
CONTROLS = (
    pygame_gui.elements.UIHorizontalSlider,
    pygame_gui.elements.UIDropDownMenu,
    pygame_gui.elements.UISelectionList,
)


def words_rect(widget) -> pygame.Rect:
    """Where a widget's words are: a button's line of text as its font sets it (the arrow
    may cross a tab button's empty ends, never its caption); else the whole widget."""
    font, text = getattr(widget, "font", None), str(getattr(widget, "text", "") or "")
    if (
        not isinstance(widget, pygame_gui.elements.UIButton)
        or font is None
        or not text.strip()
        or "\n" in text
    ):
        return widget.rect.copy()
    w, h = font.size(text)
    box = pygame.Rect(0, 0, min(w, widget.rect.w), min(h, widget.rect.h))
    box.centery = widget.rect.centery
    align = getattr(widget, "text_horiz_alignment", "center")
    inset = int(getattr(widget, "text_horiz_alignment_padding", 0) or 0) + 4
    if align == "left":
        box.left = widget.rect.left + inset
    elif align == "right":
        box.right = widget.rect.right - inset
    else:
        box.centerx = widget.rect.centerx
    return box.inflate(8, 4).clip(widget.rect)


#: The four ways a step can go, as (column, row) offsets.
STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1))


@dataclass(frozen=True, slots=True)
class Arrow:
    """The arrow as drawn: its line (points, from the card) and its head (a triangle)."""

    points: tuple[tuple[int, int], ...]
    head: tuple[tuple[int, int], ...]
    width: int

    def rects(self) -> list[pygame.Rect]:
        """Rects that hold every pixel the arrow draws (its runs, then its head)."""
        half = self.width // 2 + 1
        out = []
        for (x0, y0), (x1, y1) in zip(self.points, self.points[1:], strict=False):
            out.append(
                pygame.Rect(
                    min(x0, x1) - half,
                    min(y0, y1) - half,
                    abs(x1 - x0) + 2 * half + 1,
                    abs(y1 - y0) + 2 * half + 1,
                )
            )
        xs, ys = [p[0] for p in self.head], [p[1] for p in self.head]
        out.append(pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1))
        return out

    def clear_of(self, text: list[pygame.Rect]) -> bool:
        return all(r.collidelist(text) < 0 for r in self.rects())

    def draw(self, surface: pygame.Surface, colour) -> None:
        for a, b in zip(self.points, self.points[1:], strict=False):
            pygame.draw.line(surface, colour, a, b, self.width)
        for corner in self.points[1:-1]:  # square joints: no notch where a run turns
            half = self.width // 2
            surface.fill(
                colour, pygame.Rect(corner[0] - half, corner[1] - half, self.width, self.width)
            )
        pygame.draw.polygon(surface, colour, self.head)


def _approaches(ring: pygame.Rect, half: int):
    """Per side of the ring: (inward step, where a head's tip may touch the ring)."""
    for x in range(ring.left + half + 2, ring.right - half - 1, max(1, half)):
        yield (0, 1), (x, ring.top - 1)  # from above, pointing down
        yield (0, -1), (x, ring.bottom)
    for y in range(ring.top + half + 2, ring.bottom - half - 1, max(1, half)):
        yield (1, 0), (ring.left - 1, y)
        yield (-1, 0), (ring.right, y)


def route_arrow(
    bounds: pygame.Rect,
    text: list[pygame.Rect],
    card: pygame.Rect,
    ring: pygame.Rect,
    scale: float,
) -> Arrow | None:
    """The arrow from ``card`` to ``ring`` within ``bounds``, clear of ``text`` (see the
    module's card); None when there is no way round."""

    def s(v: float) -> int:
        return max(1, round(v * scale))

    cell, width = max(3, s(4)), max(2, s(3))
    length, half = s(12), s(6)
    pad = width // 2 + 1
    # text inside the ring is the control's own: the arrow ends at the ring, outside it
    text = [r for r in text if not ring.contains(r)]
    cols, rows = max(1, bounds.w // cell), max(1, bounds.h // cell)
    xs = bounds.x + cell // 2 + cell * np.arange(cols)
    ys = bounds.y + cell // 2 + cell * np.arange(rows)
    free = np.ones((rows, cols), dtype=bool)
    # a centre nearer than this to text lets the line (or the step to the next centre) touch
    margin = pad + cell // 2 + 1
    for r in [*text, card]:
        x0, x1 = np.searchsorted(xs, [r.left - margin, r.right + margin])
        y0, y1 = np.searchsorted(ys, [r.top - margin, r.bottom + margin])
        free[y0:y1, x0:x1] = False

    def cell_of(p) -> tuple[int, int]:
        return (int((p[1] - bounds.y) // cell), int((p[0] - bounds.x) // cell))

    # goals: a cell whose centre lines up with a tip on the ring, a head's length away
    goals: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int]]] = {}
    for (dx, dy), tip in _approaches(ring, half):
        base = (tip[0] - dx * length, tip[1] - dy * length)
        for back in range(4):  # the nearest free cell behind the head's base
            away = back * cell + cell // 2
            r, c = cell_of((base[0] - dx * away, base[1] - dy * away))
            if 0 <= r < rows and 0 <= c < cols and free[r, c]:
                break
        else:
            continue
        if (r, c) in goals:
            continue
        centre = (int(xs[c]), int(ys[r]))
        if (abs(centre[1] - tip[1]) if dx else abs(centre[0] - tip[0])) > cell // 2:
            continue  # the cell must line up with the tip: the run into the head is straight
        # the head and the straight run into it, from the cell's centre to the tip
        run = pygame.Rect(
            min(centre[0], tip[0]) - half,
            min(centre[1], tip[1]) - half,
            abs(tip[0] - centre[0]) + 2 * half + 1,
            abs(tip[1] - centre[1]) + 2 * half + 1,
        )
        if run.collidelist(text) < 0:
            goals[(r, c)] = (tip, (dx, dy))
    if not goals:
        return None
    # starts: free cells just beside the card
    near = card.inflate(2 * (margin + cell), 2 * (margin + cell))
    start = np.zeros_like(free)
    x0, x1 = np.searchsorted(xs, [near.left, near.right])
    y0, y1 = np.searchsorted(ys, [near.top, near.bottom])
    start[y0:y1, x0:x1] = True
    # beside an edge, not off a corner: the first run leaves the card square to its edge
    beside_x = (xs >= card.left) & (xs < card.right)
    beside_y = (ys >= card.top) & (ys < card.bottom)
    start &= free & (beside_x[None, :] | beside_y[:, None])
    if not start.any():
        return None
    seed = np.zeros_like(free)
    for r, c in goals:
        seed[r, c] = True
    stride = cols + 1
    levels = _spread(_pack(seed), _pack(free), _pack(start), stride)
    if levels is None:
        return None
    # the start cell nearest the card's centre among the first reached
    reached = np.argwhere(_unpack(levels[-1] & _pack(start), rows, cols))
    cx, cy = card.center
    r, c = min(reached, key=lambda rc: (xs[rc[1]] - cx) ** 2 + (ys[rc[0]] - cy) ** 2)
    r, c = int(r), int(c)
    path = [(r, c)]
    step = None
    for level in reversed(levels[:-1]):
        # one step nearer the ring: straight on if it can, else the first way that is
        options = [step] if step is not None else []
        for dc, dr in options + [st for st in STEPS if st != step]:
            rr, cc = r + dr, c + dc
            if 0 <= rr < rows and 0 <= cc < cols and level >> (rr * stride + cc) & 1:
                r, c, step = rr, cc, (dc, dr)
                break
        path.append((r, c))
    tip, (dx, dy) = goals[(r, c)]
    centres = [(int(xs[c]), int(ys[r])) for r, c in path]
    first = centres[0]
    # from the card's edge to the first centre, straight out of the card
    edge = (
        min(max(first[0], card.left), card.right - 1),
        min(max(first[1], card.top), card.bottom - 1),
    )
    end = centres[-1]
    base = (tip[0] - dx * length, tip[1] - dy * length)
    # the run into the head lines up with the tip
    aligned = (end[0], tip[1]) if dx else (tip[0], end[1])
    points = [edge, *_corners(centres), aligned, base]
    points = _tidy([p for i, p in enumerate(points) if i == 0 or p != points[i - 1]])
    head = (
        tip,
        (base[0] - dy * half, base[1] - dx * half),
        (base[0] + dy * half, base[1] + dx * half),
    )
    arrow = Arrow(tuple(points), head, width)
    return arrow if arrow.clear_of(text) else None


def _pack(grid: np.ndarray) -> int:
    """(rows, cols) bools as one integer, row after row, each row followed by a zero guard
    bit: a step east, west, north or south is then a shift by 1 or by a row's stride, and a
    step off a row's end lands on a guard (Python's integers do this in C, on the whole grid
    at once)."""
    rows, cols = grid.shape
    guarded = np.zeros((rows, cols + 1), dtype=bool)
    guarded[:, :cols] = grid
    return int.from_bytes(np.packbits(guarded.ravel(), bitorder="little").tobytes(), "little")


def _unpack(bits: int, rows: int, cols: int) -> np.ndarray:
    size = rows * (cols + 1)
    raw = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    flat = np.unpackbits(raw, bitorder="little")[:size].astype(bool)
    return flat.reshape(rows, cols + 1)[:, :cols]


def _spread(seed: int, free: int, start: int, stride: int) -> list[int] | None:
    """Cells reached from ``seed`` through ``free`` one step at a time (one packed integer per
    step) until a ``start`` cell is reached (the last level holds it); None if none is."""
    visited, front, levels = seed, seed, [seed]
    while not front & start:
        grown = front | front << 1 | front >> 1 | front << stride | front >> stride
        grown &= free & ~visited
        if not grown:
            return None
        visited |= grown
        levels.append(grown)
        front = grown
    return levels


def _corners(centres: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The centres where the path turns (with its two ends)."""
    out = [centres[0]]
    for a, b, c in zip(centres, centres[1:], centres[2:], strict=False):
        if (b[0] - a[0], b[1] - a[1]) != (c[0] - b[0], c[1] - b[1]):
            out.append(b)
    if len(centres) > 1:
        out.append(centres[-1])
    return out


def _tidy(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop points in the middle of a straight run."""
    out = points[:2]
    for p in points[2:]:
        a, b = out[-2], out[-1]
        if (a[0] == b[0] == p[0]) or (a[1] == b[1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return out
