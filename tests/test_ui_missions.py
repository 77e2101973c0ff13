"""Every national mission on screen at once, and chosen by a click on its row (issue 10
item 5), driven as a person would: clicks where the toggle and the rows are drawn."""

from __future__ import annotations

import os

import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.session.plan import mission_plan

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def missions_view(tmp_path, default, size, scale, nation="IND"):
    d = Driver(tmp_path, size=size, scale=scale)
    game = Match(default.scenario, humans=[nation], scenario_path=default.path, seed=3)
    d.app.nav.show(game)
    d.frames(3)
    host = d.top
    d.click(host.tab_buttons["budget"].rect.center)
    assert host.tab == "budget"
    d.click(d.button("Missions").rect.center)
    tab = d.top.tabs["budget"]
    assert tab.view == "missions"
    return d, tab


def shot(d: Driver, name: str) -> None:
    """Keep a screenshot to look at when LUNAR_BLOCS_SHOTS names a folder."""
    folder = os.environ.get("LUNAR_BLOCS_SHOTS")
    if folder:
        pygame.image.save(d.app.window, os.path.join(folder, f"{name}.png"))


@pytest.mark.parametrize(
    "size,scale", [((1280, 720), 1.0), ((1280, 720), 1.25), ((1920, 1080), None)]
)
def test_every_mission_row_is_on_screen_and_a_click_chooses_it(tmp_path, default, size, scale):
    d, tab = missions_view(tmp_path, default, size, scale)
    host = d.top
    game = host.game
    # the drop-downs give the whole panel to the list
    assert tab.focus_menu is None and tab.mission_menu is None
    spend, rows = tab.plan.rows()
    assert spend == game.spending(host.player, tab.percent[1] / 100)
    assert rows == mission_plan(game, host.player, spend if spend > 0 else None)
    names = game.catalog.mission_names
    lines = tab.plan.lines
    assert [line.index for line in lines] == [-1, *range(len(names))]
    window = d.app.window.get_rect()
    for line in lines:
        assert window.contains(line.rect) and host.right_rect.contains(line.rect), line
        assert line.rect.h >= host.s(16), line  # a legible line each, not a sliver
    for a, b in zip(lines, lines[1:], strict=False):
        assert a.rect.bottom <= b.rect.top
    # a click on an open mission other than the chosen one makes it the draft's mission
    pick = next(
        line for line in lines[1:] if not line.row.closed and line.index != host.draft.mission
    )
    move_to_draw = pick.rect.center
    d.move(move_to_draw)
    d.frames(2)
    shot(d, f"budget-missions-{size[0]}x{size[1]}-{int((scale or 0) * 100)}")
    d.click(move_to_draw)
    assert host.draft.mission == pick.index
    # a closed mission is refused: the choice stays
    closed = [line for line in lines[1:] if line.row.closed]
    for line in closed:
        d.click(line.rect.center)
        assert host.draft.mission == pick.index
    # the "none" row clears it
    d.click(lines[0].rect.center)
    assert host.draft.mission == -1
    # back in the plan view the drop-down shows the row's choice
    d.click(lines[1 + pick.index].rect.center)
    d.click(d.button("Plan").rect.center)
    assert tab.view == "plan" and tab.mission_menu is not None
    selected = tab.mission_menu.selected_option
    assert (selected[0] if isinstance(selected, tuple) else selected) == names[pick.index]
