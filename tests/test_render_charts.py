"""Charts: ticks, series drawn with their colours, highlight, legend picking, odd input."""

from __future__ import annotations

import math

import numpy as np
import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui.render import palette
from game.ui.render.charts import ChartView, LineChart, Series, nice_ticks

LABELS = tuple(f"{2021 + i // 2}-{3 if i % 2 == 0 else 9:02d}" for i in range(30))


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


def draw(view: ChartView, size=(640, 300), scale=1.0):
    surf = pygame.Surface(size)
    chart = LineChart()
    chart.draw(surf, surf.get_rect(), view, scale)
    return surf, chart


def pixels_of(surf, rect, colour, tol=10) -> int:
    arr = pygame.surfarray.pixels3d(surf)[rect.x : rect.right, rect.y : rect.bottom].astype(int)
    return int((np.abs(arr - np.array(colour)).sum(axis=2) <= tol).sum())


def test_each_series_is_drawn_in_its_colour_inside_the_plot():
    a = Series("Artemis", tuple(float(v) for v in range(9, 20)), "#0072B2")
    b = Series("ILRS", tuple(float(v) for v in range(2, 13)), "#D55E00")
    surf, chart = draw(ChartView("Bloc members", (a, b), LABELS, x_count=30))
    plot = chart.plot_rect
    assert plot.w > 400 and plot.h > 150
    assert pixels_of(surf, plot, (0, 114, 178)) > 40
    assert pixels_of(surf, plot, (213, 94, 0)) > 40


def test_highlight_dims_the_others_and_the_legend_is_clickable():
    series = tuple(Series(f"S{i}", tuple(float(i + j) for j in range(12))) for i in range(4))
    plain, _ = draw(ChartView("Prestige", series, LABELS))
    lit, chart = draw(ChartView("Prestige", series, LABELS, highlight="S2"))
    assert pygame.image.tobytes(plain, "RGB") != pygame.image.tobytes(lit, "RGB")
    found = {chart.series_at((x, y)) for x in range(0, 640, 3) for y in range(0, 80, 3)} - {None}
    assert found == {"S0", "S1", "S2", "S3"}


def test_series_styles_differ_beyond_colour():
    chart = LineChart()
    styles = [chart._style(i, Series(f"s{i}", ())) for i in range(5)]
    assert len({s[1] for s in styles}) == 5, "distinct dash styles"
    assert len({s[2] for s in styles}) == 5, "distinct markers"


@pytest.mark.parametrize(
    "series",
    [
        (),
        (Series("empty", ()),),
        (Series("one", (3.0,)),),
        (Series("flat", (5.0,) * 10),),
        (Series("gaps", (1.0, math.nan, 3.0, math.inf, 2.0)),),
        (Series("huge", (1e9, -1e9)),),
    ],
)
@pytest.mark.parametrize("size,scale", [((1, 1), 1.0), ((90, 60), 1.0), ((640, 300), 2.0)])
def test_odd_input_does_not_fail(series, size, scale):
    draw(ChartView("Odd", series, LABELS[:3], percent=True), size, scale)


@settings(max_examples=60, deadline=None)
@given(
    lo=st.floats(-1e6, 1e6, allow_nan=False),
    span=st.floats(1e-6, 1e6, allow_nan=False),
    target=st.integers(2, 8),
)
def test_nice_ticks_cover_the_range_in_even_steps(lo, span, target):
    ticks = nice_ticks(lo, lo + span, target)
    assert ticks[0] <= lo + 1e-9 * max(1.0, abs(lo)) and ticks[-1] >= lo + span - 1e-6 * span
    steps = np.diff(ticks)
    assert np.all(steps > 0) and np.allclose(steps, steps[0], rtol=1e-6)
    assert len(ticks) <= 50


def test_palette_is_colour_blind_safe_and_patterns_exist():
    assert len(set(palette.BLOC_COLOURS)) == len(palette.BLOC_COLOURS)
    for pattern in palette.PATTERNS:
        tile = palette.pattern_tile(pattern, (255, 255, 255), 1.0)
        assert tile.get_width() >= 4
    assert palette.to_rgb("#0072B2") == (0, 114, 178)
    for theme in palette.THEMES.values():
        assert palette.contrast(theme.text, theme.panel) >= 7.0
        assert palette.contrast(theme.text_dim, theme.panel) >= 4.5


def test_value_at_finds_the_nearest_point_and_now_is_marked():
    series = (Series("Prestige", (10.0, 20.0, 30.0, 40.0), "#0072B2"),)
    view = ChartView("Prestige", series, LABELS, x_count=12, now=3)
    surf, chart = draw(view)
    plot = chart.plot_rect
    x = plot.x + 3 / 11 * plot.w
    hit = chart.value_at((round(x), plot.y + 5))
    assert hit is None or hit[1] == 3
    found = {
        chart.value_at((round(plot.x + j / 11 * plot.w), yy))
        for j in range(4)
        for yy in range(plot.y, plot.bottom, 2)
    } - {None}
    assert {(lb, j) for lb, j, _ in found} == {("Prestige", j) for j in range(4)}
    assert all(v == 10.0 * (j + 1) for _, j, v in found)
    # The "now" marker and the end label are drawn beside the last point.
    dim = palette.DARK.text_dim
    column = {tuple(surf.get_at((round(x), yy)))[:3] for yy in range(plot.y, plot.bottom)}
    assert dim in column
