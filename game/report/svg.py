"""SVG pictures for printed pages: the world map with a team's place, and line charts.

Spec card:
    What: ``world_map`` draws ``assets/map/world-110m.json`` (through ``game.geo``, the same
        Equal Earth projection the game's map uses) with each nation coloured by its bloc and
        a bloc's pattern on top, one nation outlined and its capital marked. ``line_chart``
        draws series over turns with axes, ticks and a legend; every series also has its own
        dash pattern, so a black-and-white print still tells them apart.
    Output: strings of SVG markup, self-contained (no fonts, images or scripts fetched), to be
        embedded inline in an HTML page. Numbers are drawn as given: the caller passes the
        engine's values, nothing is computed here beyond placing them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

from game.geo import MapAsset, frame_outline, graticule, load_asset

#: Dash patterns for chart series, in order (the first is solid).
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 2 2 2")
UNALIGNED = "#d9d9d9"


def _ring_path(ring: np.ndarray) -> str:
    """A closed ring as a compact path: an absolute move then relative lines, whole units."""
    pts = np.rint(ring).astype(np.int64)
    deltas = np.diff(pts, axis=0)
    keep = np.any(deltas != 0, axis=1)
    deltas = deltas[keep]
    head = f"M{pts[0, 0]} {pts[0, 1]}"
    if not len(deltas):
        return head + "z"
    return head + "l" + " ".join(f"{dx} {dy}" for dx, dy in deltas) + "z"


def _poly(points: np.ndarray, closed: bool = False) -> str:
    d = "M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in points)
    return d + ("z" if closed else "")


@dataclass(frozen=True, slots=True)
class MapBloc:
    """A bloc as a printed map shows it."""

    id: str
    name: str
    colour: str
    pattern: str = "solid"


@dataclass(frozen=True, slots=True)
class MapNation:
    """A nation: its outlines (ISO alpha-3 codes), capital (lat, lon) and bloc id or None."""

    id: str
    name: str
    codes: tuple[str, ...]
    capital: tuple[float, float]
    bloc: str | None


def _pattern_defs(blocs: Sequence[MapBloc]) -> str:
    """One <pattern> per patterned bloc: its colour underneath, dark strokes on top."""
    marks = {
        "hatch": '<path d="M0 40L40 0" stroke="#222" stroke-width="5"/>',
        "cross": '<path d="M0 40L40 0M0 0L40 40" stroke="#222" stroke-width="4"/>',
        "grid": '<path d="M20 0V40M0 20H40" stroke="#222" stroke-width="4"/>',
        "dots": '<circle cx="20" cy="20" r="6" fill="#222"/>',
    }
    out = []
    for b in blocs:
        if b.pattern in marks:
            out.append(
                f'<pattern id="pat-{escape(b.id)}" width="40" height="40" '
                f'patternUnits="userSpaceOnUse"><rect width="40" height="40" '
                f'fill="{escape(b.colour)}"/>{marks[b.pattern]}</pattern>'
            )
    return "".join(out)


def _fill(bloc: MapBloc | None) -> str:
    if bloc is None:
        return UNALIGNED
    return f"url(#pat-{escape(bloc.id)})" if bloc.pattern != "solid" else escape(bloc.colour)


def world_map(
    nations: Sequence[MapNation],
    blocs: Sequence[MapBloc],
    focus: str | None = None,
    title: str = "",
    asset: MapAsset | None = None,
) -> str:
    """The world, each scenario nation filled by its bloc; ``focus`` outlined and marked."""
    asset = asset or load_asset()
    width, height = asset.size
    by_bloc = {b.id: b for b in blocs}
    owner: dict[str, MapNation] = {}
    for n in nations:
        for code in n.codes:
            owner.setdefault(code, n)
    frame = _poly(frame_outline(asset), closed=True)
    # the frame's stroke is centred on the globe's edge, which touches the grid's edges: a
    # margin of one stroke keeps its outer half (it looked cut off at the top and bottom)
    pad = 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{-pad} {-pad} {width + 2 * pad} {height + 2 * pad}" '
        f'role="img" class="map"><title>{escape(title)}</title>',
        f"<defs>{_pattern_defs(blocs)}</defs>",
        f'<path d="{frame}" fill="#f4f7fb" stroke="#777" stroke-width="6"/>',
        '<g fill="none" stroke="#cfd8e3" stroke-width="3">',
        *(f'<path d="{_poly(line)}"/>' for line in graticule(asset)),
        "</g>",
        '<g stroke="#555" stroke-width="3" stroke-linejoin="round">',
    ]
    focus_paths = []
    for c, code in enumerate(asset.codes):
        nation = owner.get(code)
        d = "".join(_ring_path(r) for r in asset.rings[c] + asset.holes[c])
        if nation is None:
            fill = "#ffffff"
        else:
            fill = _fill(by_bloc.get(nation.bloc) if nation.bloc else None)
        label = escape(nation.name if nation else asset.names.get(code, code))
        parts.append(
            f'<path d="{d}" fill="{fill}" fill-rule="evenodd"><title>{label}</title></path>'
        )
        if nation is not None and nation.id == focus:
            focus_paths.append(d)
    parts.append("</g>")
    if focus_paths:
        parts.append(
            '<g fill="none" stroke="#000" stroke-width="14" stroke-linejoin="round">'
            + "".join(f'<path d="{d}"/>' for d in focus_paths)
            + "</g>"
        )
    for n in nations:
        if n.id != focus:
            continue
        x, y = asset.project(n.capital[0], n.capital[1])
        # a ring around the capital finds small nations that have no outline at this scale
        parts.append(
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="90" fill="none" stroke="#000" '
            f'stroke-width="16"/><circle cx="{x:.0f}" cy="{y:.0f}" r="30" fill="#000"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def map_legend(blocs: Sequence[MapBloc]) -> str:
    """A small HTML legend: one swatch (an SVG of the bloc's fill) per bloc, then unaligned."""
    items = []
    for b in [*blocs, None]:
        name = escape(b.name) if b else "unaligned"
        defs = _pattern_defs([b]) if b else ""
        items.append(
            '<span class="swatch"><svg xmlns="http://www.w3.org/2000/svg" width="16" '
            f'height="12" viewBox="0 0 80 60"><defs>{defs}</defs><rect width="80" height="60" '
            f'fill="{_fill(b)}" stroke="#555" stroke-width="4"/></svg> {name}</span>'
        )
    return '<div class="legend">' + " ".join(items) + "</div>"


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a label, a colour and a value per turn (NaN: not shown)."""

    label: str
    colour: str
    values: Sequence[float]
    bold: bool = False


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _fmt(v: float) -> str:
    if abs(v) >= 100 or float(v).is_integer():
        return f"{v:.0f}"
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) < 1 else f"{v:.1f}"


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    width: int = 640,
    height: int = 260,
    y_min: float | None = None,
) -> str:
    """A line chart over turns (x = position in ``x_labels``) with a legend under it."""
    left, right, top, bottom = 52, 28, 26, 34
    n = len(x_labels)
    finite = [float(v) for s in series for v in s.values if math.isfinite(float(v))]
    lo = min(finite, default=0.0) if y_min is None else y_min
    hi = max(finite, default=1.0)
    if hi <= lo:
        hi = lo + 1.0
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    pw, ph = width - left - right, height - top - bottom

    def px(t: int) -> float:
        return left + (pw * t / (n - 1) if n > 1 else pw / 2)

    def py(v: float) -> float:
        return top + ph * (1 - (v - lo) / (hi - lo))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img"><title>{escape(title)}</title>',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}'
        + (f" ({escape(unit)})" if unit else "")
        + "</text>",
    ]
    ticks = int(round((hi - lo) / step))
    for i in range(ticks + 1):
        v = lo + i * step
        y = py(v)
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd"/><text x="{left - 4}" y="{y + 4:.1f}" font-size="10" '
            f'text-anchor="end">{_fmt(v)}</text>'
        )
    every = max(1, math.ceil(n / 8))
    for t in range(0, n, every):
        out.append(
            f'<text x="{px(t):.1f}" y="{height - bottom + 14}" font-size="10" '
            f'text-anchor="middle">{escape(x_labels[t])}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" stroke="#555"/>'
        f'<line x1="{left}" x2="{width - right}" y1="{top + ph}" y2="{top + ph}" stroke="#555"/>'
    )
    for s_i, s in enumerate(series):
        runs: list[list[str]] = [[]]
        for t, v in enumerate(s.values):
            v = float(v)
            if math.isfinite(v):
                runs[-1].append(f"{px(t):.1f},{py(v):.1f}")
            elif runs[-1]:
                runs.append([])
        dash = DASHES[s_i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in runs:
            if len(run) == 1:
                x, y = run[0].split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{escape(s.colour)}"/>')
            elif run:
                out.append(
                    f'<polyline points="{" ".join(run)}" fill="none" '
                    f'stroke="{escape(s.colour)}" stroke-width="{3 if s.bold else 1.6}"'
                    f"{dash_attr}><title>{escape(s.label)}</title></polyline>"
                )
    out.append("</svg>")
    legend = []
    for s_i, s in enumerate(series):
        dash = DASHES[s_i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        legend.append(
            '<span class="key"><svg xmlns="http://www.w3.org/2000/svg" width="28" height="10">'
            f'<line x1="0" x2="28" y1="5" y2="5" stroke="{escape(s.colour)}" '
            f'stroke-width="{3 if s.bold else 2}"{dash_attr}/></svg> {escape(s.label)}</span>'
        )
    return (
        '<figure class="chart">'
        + "".join(out)
        + '<figcaption class="legend">'
        + " ".join(legend)
        + "</figcaption></figure>"
    )


def map_view(scenario, bloc_row) -> tuple[list[MapNation], list[MapBloc]]:
    """The printed map's nations and blocs from a Scenario and one world's ``State.bloc`` row."""
    bloc_ids = [b.id for b in scenario.blocs]
    nations = [
        MapNation(
            id=n.id,
            name=n.name,
            codes=tuple(([n.iso3] if n.iso3 else []) + list(n.map_iso3)) or (n.id,),
            capital=(float(n.capital[0]), float(n.capital[1])),
            bloc=bloc_ids[int(bloc_row[i])] if int(bloc_row[i]) >= 0 else None,
        )
        for i, n in enumerate(scenario.nations)
    ]
    blocs = [MapBloc(b.id, b.name, b.colour, b.pattern) for b in scenario.blocs]
    return nations, blocs
