"""Draw the map, Moon panel and charts headlessly into PNGs, and time them (dev tool).

Usage::

    python tools/render_demo.py [--out DIR] [--scenario FILE]

Writes ``map.png``, ``moon.png``, ``chart.png``, composite ``main-1280x720.png`` and
``main-1920x1080-s1.5.png`` (how the main screen's own drawing looks at both sizes), the
light and projector themes, and a small/odd-size sheet, into DIR (default
``/tmp/lunar-blocs-render``). Prints per-frame timings. The game state shown is made up
from the scenario (a mid-game position), so this runs before the engine is finished.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.ui.render import palette, text  # noqa: E402
from game.ui.render.charts import ChartView, LineChart, Series  # noqa: E402
from game.ui.render.map import MapBloc, MapLink, MapNation, MapView, WorldMap  # noqa: E402
from game.ui.render.moon import MilestoneView, MoonPanel, MoonView, TrackView  # noqa: E402

#: A made-up mid-game position: who has joined whom by spring 2026.
JOINED = {
    "KOR": "artemis",
    "BRA": "artemis",
    "FRA": "artemis",
    "DEU": "artemis",
    "NZL": "artemis",
    "ISR": "artemis",
    "POL": "artemis",
    "ESP": "artemis",
    "PAK": "ilrs",
    "VEN": "ilrs",
    "BLR": "ilrs",
    "AZE": "ilrs",
    "EGY": "ilrs",
    "ZAF": "ilrs",
    "THA": "ilrs",
}
DONE = {"art-i", "art-clps", "art-ii", "ilrs-ce6", "ilrs-ce7"}
PROGRESS = {"art-gateway": 0.62, "ilrs-ce8": 0.35}
FAILURES = {"art-gateway": 1}


def load(path: Path):
    from game.scenario.loader import load_scenario

    return load_scenario(path)


def map_view(sc, player: str = "IND", selected: str | None = "SAU") -> MapView:
    member = {}
    for b in sc.blocs:
        for m in [b.leader, *b.members]:
            member[m] = b.id
    member.update(JOINED)
    nations = tuple(
        MapNation(
            n.id,
            n.name,
            (n.capital[0], n.capital[1]),
            tuple([n.iso3] if n.iso3 else []) + tuple(n.map_iso3),
            member.get(n.id),
        )
        for n in sc.nations
    )
    blocs = tuple(
        MapBloc(b.id, b.name, b.colour, b.pattern, b.short or b.id, b.leader) for b in sc.blocs
    )
    leader = {b.id: b.leader for b in sc.blocs}
    links = [
        MapLink(n.id, leader[n.bloc], "bloc", n.bloc)
        for n in nations
        if n.bloc and n.id != leader[n.bloc]
    ]
    links += [
        MapLink("IND", "JPN", "deal"),
        MapLink("FRA", "IND", "deal"),
        MapLink("CHN", "IND", "offer", "ilrs"),
        MapLink("USA", "IND", "offer", "artemis"),
    ]
    return MapView(nations, blocs, tuple(links), player=player, selected=selected)


def moon_view(sc, player_bloc: str | None = None) -> MoonView:
    tracks = []
    counts = {
        b.id: len({b.leader, *b.members}) + sum(v == b.id for v in JOINED.values())
        for b in sc.blocs
    }
    for b in sc.blocs:
        ms = tuple(
            MilestoneView(
                m.id,
                m.name,
                progress=1.0 if m.id in DONE else PROGRESS.get(m.id, 0.0),
                odds=min(0.97, m.success),
                done=m.id in DONE,
                failures=FAILURES.get(m.id, 0),
                crewed=m.crewed,
                base=m.base,
            )
            for m in b.program
        )
        tracks.append(
            TrackView(
                b.id,
                b.name,
                b.short or b.id,
                b.colour,
                b.pattern,
                ms,
                counts[b.id],
                player=b.id == player_bloc,
            )
        )
    return MoonView(tuple(tracks), date="Spring 2026 · turn 11/30")


def chart_view(sc, highlight: str | None = "India") -> ChartView:
    turns = 11
    names = ["United States", "China", "Russia", "India", "Japan", "France"]
    series = []
    for k, name in enumerate(names):
        base = [40, 30, 18, 8, 12, 10][k]
        vals = tuple(
            base + (k + 2) * i * 0.9 + 4 * math.sin(i * 0.7 + k) - (6 if (k == 2 and i > 5) else 0)
            for i in range(turns)
        )
        series.append(Series(name, vals))
    months = [2021 * 12 + 2 + 6 * i for i in range(30)]
    labels = tuple(f"{m // 12}-{m % 12 + 1:02d}" for m in months)
    return ChartView(
        "Prestige",
        tuple(series),
        labels,
        x_count=30,
        y_label="points",
        highlight=highlight,
        now=turns - 1,
    )


def bloc_chart(sc) -> ChartView:
    labels = tuple(f"{(2021 * 12 + 2 + 6 * i) // 12}" for i in range(30))
    art = tuple(float(v) for v in (9, 9, 10, 12, 13, 14, 15, 15, 16, 17, 17))
    ilrs = tuple(float(v) for v in (2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9))
    return ChartView(
        "Bloc members",
        (Series("Artemis", art, sc.blocs[0].colour), Series("ILRS", ilrs, sc.blocs[1].colour)),
        labels,
        x_count=30,
    )


def compose(size, scale, sc, theme=palette.DARK, wm=None, moon=None, chart=None):
    """A main-screen-like arrangement of the three renderers (the UI helper owns the real one)."""
    w, h = size
    surf = pygame.Surface(size)
    surf.fill(theme.background)
    pad = round(8 * scale)
    top = round(52 * scale)
    moon_w = round(w * 0.33)
    map_rect = pygame.Rect(pad, top, w - moon_w - 3 * pad, round(h * 0.62) - top)
    moon_rect = pygame.Rect(map_rect.right + pad, top, moon_w, h - top - pad)
    chart_rect = pygame.Rect(pad, map_rect.bottom + pad, map_rect.w, h - map_rect.bottom - 2 * pad)
    for r in (map_rect, moon_rect, chart_rect):
        pygame.draw.rect(surf, theme.panel, r.inflate(2, 2), border_radius=round(6 * scale))
        pygame.draw.rect(surf, theme.panel_edge, r.inflate(2, 2), 1, border_radius=round(6 * scale))
    text.draw(
        surf, "LUNAR BLOCS", (pad * 2, top // 2), 22 * scale, theme.text, "bold", anchor="midleft"
    )
    wm = wm or WorldMap(theme)
    wm.layout(map_rect, scale)
    wm.set_view(map_view(sc))
    wm.hovered = "BRA"
    moon = moon or MoonPanel(theme)
    chart = chart or LineChart(theme)
    timings = []
    mv, cv = moon_view(sc, "artemis"), chart_view(sc)
    for _ in range(3):
        wm.draw(surf)
        moon.draw(surf, moon_rect, mv, scale)
        chart.draw(surf, chart_rect, cv, scale)
    for i in range(200):
        t0 = time.perf_counter()
        wm.hovered = ("BRA", "FRA", None, "SGP")[i % 4] if i % 50 == 0 else wm.hovered
        wm.draw(surf)
        moon.draw(surf, moon_rect, mv, scale)
        chart.draw(surf, chart_rect, cv, scale)
        timings.append((time.perf_counter() - t0) * 1000)
    return surf, timings, (wm, map_rect, moon_rect, chart_rect)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the game's drawings to PNGs.")
    parser.add_argument("--out", type=Path, default=Path("/tmp/lunar-blocs-render"))
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pygame.init()
    sc = load(args.scenario)

    for (w, h), scale, name in (
        ((1280, 720), 1.0, "main-1280x720"),
        ((1920, 1080), 1.5, "main-1920x1080-s1.5"),
        ((1280, 720), 1.0, "main-light"),
        ((1920, 1080), 2.0, "main-projector-s2"),
    ):
        theme = {"main-light": palette.LIGHT, "main-projector-s2": palette.PROJECTOR}.get(
            name, palette.DARK
        )
        surf, timings, _ = compose((w, h), scale, sc, theme)
        pygame.image.save(surf, args.out / f"{name}.png")
        print(
            f"{name}: map+moon+chart per frame median {statistics.median(timings):.2f} ms, "
            f"p95 {sorted(timings)[int(len(timings) * 0.95)]:.2f} ms"
        )

    # Each renderer alone, with the costs that matter.
    surf = pygame.Surface((900, 470))
    wm = WorldMap()
    wm.layout(pygame.Rect(0, 0, 900, 470))
    view = map_view(sc)
    t0 = time.perf_counter()
    wm.set_view(view)
    wm.draw(surf)
    first = (time.perf_counter() - t0) * 1000
    previews, sharp = [], []
    for factor in (1.25, 1.25, 0.8, 0.8) * 5:
        t0 = time.perf_counter()
        wm.zoom_by(factor)
        wm.draw(surf)
        previews.append((time.perf_counter() - t0) * 1000)
        wm.settle()
        t0 = time.perf_counter()
        wm.draw(surf)
        sharp.append((time.perf_counter() - t0) * 1000)
    wm.reset_view()
    wm.draw(surf)
    frames = []
    for i in range(300):
        t0 = time.perf_counter()
        wm.hover((450 + (i % 40) * 5, 200))
        wm.draw(surf)
        frames.append((time.perf_counter() - t0) * 1000)
    picks = []
    for i in range(300):
        t0 = time.perf_counter()
        wm.nation_at((i * 3 % 900, (i * 7) % 470))
        picks.append((time.perf_counter() - t0) * 1000)
    wm.hovered = "FRA"
    wm.draw(surf)
    pygame.image.save(surf, args.out / "map.png")
    print(
        f"map 900x470: first render {first:.1f} ms, wheel-zoom preview frame median "
        f"{statistics.median(previews):.1f} ms, sharp re-render once settled median "
        f"{statistics.median(sharp):.1f} ms, "
        f"frame with hover picking median {statistics.median(frames):.2f} ms, "
        f"pick median {statistics.median(picks) * 1000:.0f} µs"
    )

    wm.zoom_by(3.0, wm.screen_pos(45, 10))
    wm.draw(surf)
    pygame.image.save(surf, args.out / "map-zoom-europe.png")

    for size, scale in (((420, 560), 1.0), ((620, 900), 1.5), ((300, 260), 1.0), ((840, 980), 2.0)):
        s = pygame.Surface(size)
        s.fill(palette.DARK.panel)
        MoonPanel().draw(s, s.get_rect(), moon_view(sc, "ilrs"), scale)
        pygame.image.save(s, args.out / f"moon-{size[0]}x{size[1]}-s{scale}.png")
    late = MoonView(
        tuple(
            TrackView(
                tr.id,
                tr.name,
                tr.short,
                tr.colour,
                tr.pattern,
                tuple(
                    MilestoneView(
                        m.id,
                        m.name,
                        progress=1.0 if i < k else 0.5,
                        odds=m.odds,
                        done=i < k,
                        failures=int(i == k),
                        crewed=m.crewed,
                        base=m.base,
                    )
                    for i, m in enumerate(tr.milestones)
                ),
                tr.members,
            )
            for tr, k in zip(moon_view(sc).tracks, (7, 4), strict=True)
        ),
        date="Autumn 2034 · turn 28/30",
    )
    s = pygame.Surface((460, 600))
    MoonPanel().draw(s, s.get_rect(), late, 1.0)
    pygame.image.save(s, args.out / "moon-late-game.png")
    for size, scale, view in (
        ((640, 300), 1.0, chart_view(sc)),
        ((420, 220), 1.0, bloc_chart(sc)),
        ((960, 450), 1.5, chart_view(sc, None)),
    ):
        s = pygame.Surface(size)
        s.fill(palette.DARK.panel)
        LineChart().draw(s, s.get_rect(), view, scale)
        pygame.image.save(s, args.out / f"chart-{size[0]}x{size[1]}-s{scale}.png")
    print(f"wrote PNGs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
