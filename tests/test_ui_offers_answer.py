"""The Offers tab's right panel (issue 10): the other side's chance, every one of its reasons
and the advisers' sentences all show, none over another nor cut, at 1280x720 up to 150% and
on larger windows; where the panel is too short for the player's side as well, a button
shows it in the same place. Driven as a person would: the tab and the buttons clicked."""

from __future__ import annotations

import os

import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

SHOTS = os.environ.get("LUNAR_BLOCS_SHOTS", "/tmp/s8-polish")


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def spy_on(monkeypatch, module, name: str, seen: list[str]) -> None:
    real = getattr(module, name)

    def spy(surface, text, *args, **kwargs):
        seen.append(str(text))
        return real(surface, text, *args, **kwargs)

    monkeypatch.setattr(module, name, spy)


@pytest.mark.parametrize(
    ("size", "scale"),
    [
        ((1280, 720), 1.0),
        ((1280, 720), 1.25),
        ((1280, 720), 1.5),
        ((1920, 1080), 1.5),
        ((1920, 1080), 2.0),
    ],
)
def test_every_reason_and_the_advice_show_whole_beside_the_chance(
    tmp_path, default, monkeypatch, size, scale
):
    from game.session.match import Match
    from game.sim.forecast_service import InlineForecasts
    from game.ui import panels

    d = Driver(tmp_path, size=size, scale=scale)
    d.app.forecasts = InlineForecasts  # the advisers answer at once
    game = Match(default.scenario, humans=["IND"], scenario_path=default.path)
    d.app.nav.show(game)
    d.frames(3)
    d.click(d.top.tab_buttons["offers"].rect.center)
    tab = d.top.pane
    assert d.top.tab == "offers" and tab.prediction is not None and tab.prediction.reasons

    def advice():
        return d.top.advise(f"sending it to {tab.target_name()}", offer=tab.compose, rather="not")

    assert d.until(lambda: not any("computing" in text for text, _tone in advice()), cap=120)
    advice = advice()
    seen: list[str] = []
    spy_on(monkeypatch, panels, "draw_text", seen)
    spy_on(monkeypatch, panels, "draw_lines", seen)
    d.frames(1)
    cut = {text for _rect, text in d.app.cuts}
    for label, _value in tab.prediction.reasons:
        assert label in seen, f"the reason {label!r} is not shown: {seen}"
        assert label not in cut
    for text, tone in advice:
        if tone != "muted":  # the fine print may end in "…" (whole on hover)
            assert text in seen and text not in cut, f"{text!r} is not shown whole"
    os.makedirs(SHOTS, exist_ok=True)
    pygame.image.save(d.app.window, f"{SHOTS}/offers-answer-{size[0]}-{scale}.png")
    monkeypatch.undo()
    # the player's side: beside the answer, or a click on its button away; at the default
    # size and on large windows both sides show at once (the advisers beside Send offer)
    if scale == 1.0 or size != (1280, 720) and scale <= 1.5:
        assert tab.views_left is None and tab.advice_rect() is not None
    if tab.views_left is not None:
        d.click_button("Your side")
        tab = d.top.pane
        assert tab.right_view == "side"
        pygame.image.save(d.app.window, f"{SHOTS}/offers-side-{size[0]}-{scale}.png")
    panel = tab.sides_panel
    assert panel.total > 0 and panel.room >= min(3, panel.total)
    assert d.top.right_rect.contains(panel.rect)
    if tab.views_left is not None:
        d.click_button("Answer")
        assert d.top.pane.right_view == "answer"
