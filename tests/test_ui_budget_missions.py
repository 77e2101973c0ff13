"""The Budget tab's national missions at the larger scales (issue 10): every mission is seen
with its cost, turns, odds and prestige, each row tall enough for its words, no scroll box,
and chosen by a click where it is drawn. Driven as a person would."""

from __future__ import annotations

import os

import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.ui import theme as th

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

SHOTS = os.environ.get("LUNAR_BLOCS_SHOTS", "/tmp/s8-polish")
LARGER = [
    ((1280, 720), 1.25),
    ((1280, 720), 1.5),
    ((1920, 1080), None),
    ((1920, 1080), 1.75),
    ((1920, 1080), 2.0),
    ((2560, 1440), 2.0),
]


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


@pytest.mark.parametrize(("size", "scale"), LARGER)
def test_every_national_mission_is_seen_with_its_numbers_and_chosen_by_a_click(
    tmp_path, default, size, scale
):
    from game.session.match import Match

    d = Driver(tmp_path, size=size, scale=scale)
    game = Match(default.scenario, humans=["IND"], scenario_path=default.path)
    d.app.nav.show(game)
    d.frames(3)
    d.click_button("Missions")
    tab = d.top.pane
    assert tab.view == "missions"
    lines = tab.plan.lines
    panel = d.top.right_rect
    names = list(game.catalog.mission_names)
    assert len(lines) == len(names) + 1  # every mission and "none", none scrolled away
    tall = th.font(d.app.s(13)).get_height()
    for line in lines:
        assert panel.contains(line.rect), line
        assert line.rect.h >= tall, f"a row {line.rect.h} px high for {tall} px words"
    os.makedirs(SHOTS, exist_ok=True)
    pygame.image.save(d.app.window, f"{SHOTS}/budget-missions-{size[0]}-{scale}.png")
    # the last row, clicked where it is drawn, chooses it (its numbers: one share to pay it)
    last = lines[-1]
    d.click(last.rect.center)
    assert d.top.draft.mission == last.index or d.app.toast
