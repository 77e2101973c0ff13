"""Line charts over turns: prestige, budgets, programme progress, bloc sizes.

Spec card:
    What: ``LineChart.draw(surface, rect, view, ui_scale)`` draws a titled chart with nice
        y ticks, date labels on x (thinned so they never overlap), a legend, and one line
        per series. Each series has its own colour, dash style and marker, so colour is
        never the only cue; a highlighted series is drawn thick and the others dimmed.
    Input: a ``ChartView`` of plain numbers (values per turn, NaN for missing), built by the
        caller from the game's history; ``series_at(pos)`` hit-tests the legend.
    Cost: cached per (size, scale, theme, view); a frame is one blit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from game.ui.render import palette, shapes, text
from game.ui.render.cached import CachedPanel
from game.ui.render.palette import RGB, Theme


@dataclass(frozen=True, slots=True)
class Series:
    """One line: a value per turn (``nan`` where unknown)."""

    label: str
    values: tuple[float, ...]
    colour: RGB | str | None = None
    dash: str | None = None  # one of palette.DASHES; default by position
    marker: str | None = None  # one of palette.MARKERS; default by position


@dataclass(frozen=True, slots=True)
class ChartView:
    """A chart: its series, the date label of each turn, and formatting."""

    title: str
    series: tuple[Series, ...]
    x_labels: tuple[str, ...] = ()  # label per turn index (e.g. "2021-03")
    x_count: int | None = None  # turns the x axis spans (default: the longest series)
    y_label: str = ""
    y_min: float | None = None
    y_max: float | None = None
    percent: bool = False  # values are fractions shown as %
    highlight: str | None = None  # label of the series to emphasise
    now: int | None = None  # turn index of "now" (a vertical marker), if shown
    end_labels: bool = True  # name and value beside each line's last point, where room allows


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(1, target)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 0.5 and len(ticks) < 50:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt(v: float, percent: bool, step: float) -> str:
    if percent:
        return f"{v * 100:.0f}%" if step * 100 >= 1 else f"{v * 100:.1f}%"
    if abs(v) >= 1000:
        return f"{v / 1000:.1f}k".replace(".0k", "k")
    if step >= 1 or v == 0:
        return f"{v:.0f}"
    if step >= 0.1:
        return f"{v:.1f}"
    return f"{v:.2f}"


class LineChart(CachedPanel):
    """Draws ``ChartView``s; caches the last rendering and the legend's hit boxes."""

    def __init__(self, theme: Theme = palette.DARK) -> None:
        super().__init__(theme)
        self._legend: list[tuple[pygame.Rect, str]] = []
        self._points: list[tuple[str, int, float, float, float]] = []
        self.plot_rect = pygame.Rect(0, 0, 0, 0)

    def value_at(self, pos: tuple[int, int], reach: float = 12.0) -> tuple[str, int, float] | None:
        """(series label, turn index, value) of the data point nearest a screen position."""
        lx, ly = pos[0] - self._origin[0], pos[1] - self._origin[1]
        best, best_d = None, reach
        for label, j, v, x, y in self._points:
            d = math.hypot(lx - x, ly - y)
            if d <= best_d:
                best, best_d = (label, j, v), d
        return best

    def series_at(self, pos: tuple[int, int]) -> str | None:
        """The label of the legend entry under a screen position (click to highlight)."""
        lx, ly = pos[0] - self._origin[0], pos[1] - self._origin[1]
        for r, label in self._legend:
            if r.collidepoint(lx, ly):
                return label
        return None

    # ------------------------------------------------------------------ rendering

    def _style(self, i: int, sr: Series) -> tuple[RGB, str, str]:
        colour = (
            palette.to_rgb(sr.colour)
            if sr.colour is not None
            else palette.SERIES_COLOURS[i % len(palette.SERIES_COLOURS)]
        )
        colour = palette.readable(colour, self.theme.panel, 3.0)
        dash = sr.dash or palette.DASH_ORDER[i % len(palette.DASH_ORDER)]
        mark = sr.marker or palette.MARKERS[i % len(palette.MARKERS)]
        return colour, dash, mark

    def _render(self, size: tuple[int, int], view: ChartView, s: float) -> pygame.Surface:
        t = self.theme
        w, h = size
        surf = pygame.Surface(size)
        surf.fill(t.panel)
        self._legend = []
        self._points = []
        pad = round(8 * s)
        y = pad
        if view.title and h > 30 * s:
            tr = text.draw(
                surf, view.title, (pad, y), 14 * s, t.text, "semibold", max_width=w - 2 * pad
            )
            if view.y_label:
                text.draw(
                    surf,
                    view.y_label,
                    (w - pad, y + 2 * s),
                    11 * s,
                    t.text_dim,
                    anchor="topright",
                    max_width=max(0, w - 2 * pad - tr.w - 10 * s),
                )
            y = tr.bottom + round(6 * s)
        # Legend rows (wrapped) under the title.
        legend_size = 11.5 * s
        fl = text.font(legend_size, "medium")
        sample = round(26 * s)
        entries = []
        x = pad
        row_h = fl.get_linesize() + round(4 * s)
        rows = 1
        for i, sr in enumerate(view.series):
            label = text.fit(fl, sr.label, w - 2 * pad - sample - 6 * s)
            ew = sample + round(6 * s) + fl.size(label)[0]
            if x + ew > w - pad and x > pad:
                x = pad
                rows += 1
            entries.append((i, sr, label, x, rows - 1, ew))
            x += ew + round(14 * s)
        legend_h = rows * row_h if view.series else 0
        if legend_h > (h - y) * 0.4:
            legend_h = 0
        tick_size = 10.5 * s
        ft = text.font(tick_size, "regular")
        plot = pygame.Rect(0, 0, 0, 0)
        # Value range.
        vals = [v for sr in view.series for v in sr.values if v is not None and math.isfinite(v)]
        lo = view.y_min if view.y_min is not None else (min(vals) if vals else 0.0)
        hi = view.y_max if view.y_max is not None else (max(vals) if vals else 1.0)
        # Start the axis at zero unless the data sit far above it.
        if view.y_min is None and not (lo > 0 and (hi - lo) < hi * 0.8):
            lo = min(0.0, lo)
        target = max(2, min(6, int((h - y - legend_h) / (28 * s))))
        ticks = nice_ticks(lo, hi, target)
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        labels = [_fmt(v, view.percent, step) for v in ticks]
        label_w = max(ft.size(lb)[0] for lb in labels)
        plot.x = pad + label_w + round(6 * s)
        plot.y = y + legend_h + round(6 * s)
        plot.w = w - plot.x - pad - round(4 * s)
        plot.h = h - plot.y - pad - ft.get_linesize() - round(4 * s)
        self.plot_rect = plot.copy()
        if plot.w < 20 or plot.h < 20:
            return surf
        # Legend.
        for i, sr, label, ex, row, ew in entries if legend_h else []:
            colour, dash, mark = self._style(i, sr)
            ly = y + row * row_h + row_h // 2
            dim = view.highlight is not None and view.highlight != sr.label
            c = palette.mix(colour, t.panel, 0.55) if dim else colour
            shapes.polyline(
                surf,
                c,
                [(ex, ly), (ex + sample, ly)],
                max(2, round(2 * s)),
                dash=tuple(round(d * s) for d in palette.DASHES[dash]),
            )
            shapes.marker(surf, mark, (ex + sample / 2, ly), 3.5 * s, c, t.panel)
            text.draw(
                surf,
                label,
                (ex + sample + round(6 * s), ly),
                legend_size,
                t.text_dim if dim else t.text,
                "medium",
                anchor="midleft",
            )
            self._legend.append((pygame.Rect(ex, ly - row_h // 2, ew, row_h), sr.label))
        # Axes and grid.
        y0, y1 = ticks[0], ticks[-1]
        span_y = (y1 - y0) or 1.0

        def py(v: float) -> float:
            return plot.bottom - (v - y0) / span_y * plot.h

        for v, lb in zip(ticks, labels, strict=True):
            yy = round(py(v))
            pygame.draw.line(surf, t.track, (plot.x, yy), (plot.right, yy), 1)
            text.draw(
                surf, lb, (plot.x - round(5 * s), yy), tick_size, t.text_dim, anchor="midright"
            )
        count = view.x_count or max((len(sr.values) for sr in view.series), default=1)
        count = max(1, count)

        def px(i: float) -> float:
            return plot.x + (i / max(1, count - 1)) * plot.w

        pygame.draw.line(surf, t.text_dim, plot.bottomleft, plot.bottomright, 1)
        # X labels: every k-th turn so that labels keep a gap between them.
        if view.x_labels:
            widest = max(ft.size(lb)[0] for lb in view.x_labels) + 10 * s
            need = max(1, math.ceil(widest / max(1.0, plot.w / max(1, count - 1))))
            # Even strides keep the labels on the same month (whole years for half-year turns).
            per = next((k for k in (1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 40) if k >= need), need)
            last_right = -1e9
            for i in range(0, min(count, len(view.x_labels)), per):
                xx = px(i)
                lb = view.x_labels[i]
                lw = ft.size(lb)[0]
                left = min(max(xx - lw / 2, plot.x - label_w), w - pad - lw)
                if left < last_right + 6 * s:
                    continue
                pygame.draw.line(surf, t.text_dim, (xx, plot.bottom), (xx, plot.bottom + 3 * s), 1)
                text.draw(surf, lb, (left, plot.bottom + round(4 * s)), tick_size, t.text_dim)
                last_right = left + lw
        if view.now is not None and 0 <= view.now < count:
            xx = round(px(view.now))
            shapes.polyline(surf, t.text_dim, [(xx, plot.y), (xx, plot.bottom)], 1, dash=(3, 3))
            text.draw(surf, "now", (xx + 3 * s, plot.y), tick_size, t.text_dim)
        # Series: dimmed first, the highlighted one last and thick.
        order = sorted(
            range(len(view.series)), key=lambda i: view.series[i].label == view.highlight
        )
        clip = surf.get_clip()
        surf.set_clip(plot.inflate(round(8 * s), round(8 * s)))
        for i in order:
            sr = view.series[i]
            colour, dash, mark = self._style(i, sr)
            hl = view.highlight == sr.label
            dim = view.highlight is not None and not hl
            c = palette.mix(colour, t.panel, 0.55) if dim else colour
            width = max(1, round((3.2 if hl else 2.0) * s * t.line_scale))
            runs: list[list[tuple[float, float]]] = [[]]
            for j, v in enumerate(sr.values[:count]):
                if v is None or not math.isfinite(v):
                    if runs[-1]:
                        runs.append([])
                    continue
                runs[-1].append((px(j), py(v)))
            for run in runs:
                if len(run) >= 2:
                    shapes.polyline(
                        surf, c, run, width, dash=tuple(round(d * s) for d in palette.DASHES[dash])
                    )
            pts = [p for run in runs for p in run]
            self._points += [
                (sr.label, j, float(v), px(j), py(v))
                for j, v in enumerate(sr.values[:count])
                if v is not None and math.isfinite(v)
            ]
            every = max(1, math.ceil(len(pts) / max(1, plot.w / (22 * s))))
            for k, p in enumerate(pts):
                if k % every == 0 or k == len(pts) - 1:
                    shapes.marker(surf, mark, p, (4.2 if hl else 3.2) * s, c, t.panel)
        surf.set_clip(clip)
        if view.end_labels:
            self._end_labels(surf, view, plot, step, s)
        return surf

    def _end_labels(
        self, surf: pygame.Surface, view: ChartView, plot: pygame.Rect, step: float, s: float
    ) -> None:
        """Name and last value beside each line's end, pushed apart so that none overlap."""
        t = self.theme
        size = 10.5 * s
        f = text.font(size, "medium")
        ends = {}
        for label, j, v, x, y in self._points:
            if label not in ends or j > ends[label][0]:
                ends[label] = (j, v, x, y)
        room = plot.right - max((e[2] for e in ends.values()), default=plot.right)
        if room < 60 * s or not ends:
            return
        line = f.get_linesize()
        items = sorted(
            ((e[3], label, e[1], e[2]) for label, e in ends.items()), key=lambda it: it[0]
        )
        ys: list[float] = []
        for y, *_ in items:
            ys.append(max(y, ys[-1] + line) if ys else y)
        # Shift the stack back up if it ran past the bottom of the plot.
        over = ys[-1] + line / 2 - plot.bottom
        if over > 0:
            ys = [y - over for y in ys]
        styles = {sr.label: self._style(i, sr) for i, sr in enumerate(view.series)}
        for (y0, label, v, x), y in zip(items, ys, strict=True):
            colour = styles[label][0]
            dim = view.highlight is not None and view.highlight != label
            ink = palette.readable(palette.mix(colour, t.panel, 0.45), t.panel) if dim else colour
            name = f"{label} {_fmt(v, view.percent, step)}"
            left = x + 8 * s
            text.draw(
                surf,
                name,
                (left, y),
                size,
                ink,
                "medium",
                max_width=room - 12 * s,
                anchor="midleft",
            )
            if abs(y - y0) > 2:
                pygame.draw.line(surf, ink, (x + 3 * s, y0), (left - 2 * s, y), 1)
