"""The interface scale in settings.json: Auto or an absolute choice under ``ui_scale``; a file
from before Auto (a ``scale`` relative to the window) shows the player the size they chose;
anything else is Auto, and nothing in the file can stop the game from starting."""

from __future__ import annotations

import json

import pytest

from game.ui.settings import SCALES, Settings, load_settings, save_settings
from game.ui.stage import fit_scale


def write(tmp_path, values) -> object:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(values), "utf-8")
    return path


def drawn_before(size, relative: float) -> float:
    """What the old relative setting drew at in a window of ``size``."""
    w, h = size
    fit = max(0.75, min(w / 1280, h / 720, 3.0))
    return min(fit * relative, min(w / 852, h / 480))


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (2560, 1440), (1000, 600)])
def test_an_old_file_at_its_default_100_percent_is_auto(tmp_path, size):
    loaded = load_settings(write(tmp_path, {"scale": 1.0, "width": size[0], "height": size[1]}))
    assert loaded.scale is None and loaded.notice == ""
    assert fit_scale(size, loaded.scale)[0] == pytest.approx(drawn_before(size, 1.0), abs=0.03)


@pytest.mark.parametrize(
    ("size", "relative", "now"),
    [
        ((1280, 720), 1.25, 1.25),  # the same at the design's size
        ((1280, 720), 0.8, 0.8),
        ((1920, 1080), 0.8, 1.25),  # it drew at 120%: the nearest offered is 125%
        ((1920, 1080), 1.25, 1.75),  # it drew at 187.5%, between 175% and 200%
        ((2560, 1440), 0.9, 1.75),  # 180%
        ((1920, 1080), 2.0, 2.0),  # it drew at 225% (capped): 200% is the largest offered
    ],
)
def test_an_old_relative_scale_becomes_the_offered_scale_nearest_to_what_it_drew(
    tmp_path, size, relative, now
):
    path = write(tmp_path, {"scale": relative, "width": size[0], "height": size[1]})
    loaded = load_settings(path)
    assert loaded.scale == now and now in SCALES
    drawn, _most, capped = fit_scale(size, loaded.scale)
    assert abs(drawn - drawn_before(size, relative)) <= 0.25 + 1e-9 and not capped


@pytest.mark.parametrize(
    ("value", "scale"),
    [("auto", None), (1.5, 1.5), (2, 2.0), (0.8, 0.8), (1.3, 1.3), (9, 2.0), (-1, 0.8)],
)
def test_a_new_file_keeps_auto_or_the_choice_within_the_offered_range(tmp_path, value, scale):
    # the new key wins over an old one left beside it
    loaded = load_settings(write(tmp_path, {"ui_scale": value, "scale": 1.75}))
    assert loaded.scale == scale and loaded.notice == ""


@pytest.mark.parametrize(
    "values",
    [
        {"ui_scale": "big"},
        {"ui_scale": True},
        {"ui_scale": None},
        {"ui_scale": [1.5]},
        {"ui_scale": {"x": 1}},
        {"ui_scale": 1e308},
        {"scale": "big"},
        {"scale": False},
        {"scale": [2]},
        {"scale": 1e308, "width": "wide"},
        {"scale": 1.5, "width": 10**12},
    ],
)
def test_garbage_scales_fall_back_to_auto_or_into_range_and_never_crash(tmp_path, values):
    loaded = load_settings(write(tmp_path, values))
    assert loaded.scale is None or SCALES[0] <= loaded.scale <= SCALES[-1]
    if isinstance(values.get("ui_scale", values.get("scale")), str | bool | list | dict):
        assert loaded.scale is None
    assert fit_scale((1280, 720), loaded.scale)[0] <= 1.5


@pytest.mark.parametrize("scale", [None, 0.8, 1.75, 2.0])
def test_the_scale_is_saved_under_ui_scale_and_read_back(tmp_path, scale):
    path = tmp_path / "settings.json"
    save_settings(Settings(scale=scale), path)
    data = json.loads(path.read_text("utf-8"))
    assert data["ui_scale"] == ("auto" if scale is None else scale) and "scale" not in data
    assert load_settings(path).scale == scale
