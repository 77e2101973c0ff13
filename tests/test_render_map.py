"""The world map: asset, picking, colours by bloc, markers, zoom/pan, odd sizes (headless)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from game.scenario.models import Scenario
from game.ui.render import palette
from game.ui.render.map import (
    MAP_PATH,
    MapBloc,
    MapLink,
    MapNation,
    MapView,
    WorldMap,
    load_asset,
)

BLUE, ORANGE = (0, 114, 178), (213, 94, 0)
BLOCS = (
    MapBloc("artemis", "Artemis Accords", "#0072B2", "solid", "Artemis", "USA"),
    MapBloc("ilrs", "ILRS", "#D55E00", "hatch", "ILRS", "CHN"),
)


def nations(fra_bloc: str | None = None) -> tuple[MapNation, ...]:
    return (
        MapNation("USA", "United States", (38.9, -77.04), ("USA",), "artemis"),
        MapNation("CHN", "China", (39.9, 116.4), ("CHN",), "ilrs"),
        MapNation("FRA", "France", (48.86, 2.35), ("FRA",), fra_bloc),
        MapNation("SGP", "Singapore", (1.29, 103.85), ("SGP",), "artemis"),
        MapNation("BHR", "Bahrain", (26.23, 50.59), (), None),
    )


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


def make_map(size=(900, 470), fra_bloc=None, **view) -> tuple[WorldMap, pygame.Surface]:
    wm = WorldMap()
    wm.layout(pygame.Rect(10, 20, *size))
    wm.set_view(MapView(nations(fra_bloc), BLOCS, **view))
    surf = pygame.Surface((size[0] + 20, size[1] + 40))
    wm.draw(surf)
    return wm, surf


def test_asset_is_compact_and_handles_natural_earth_quirks():
    assert MAP_PATH.stat().st_size < 150 * 1024
    asset = load_asset()
    assert len(asset.codes) > 170
    # ISO_A3 is -99 for these in Natural Earth: they must still be keyed properly.
    for code in ("FRA", "NOR", "KOS", "SOL", "CYN"):
        assert code in asset.index
    assert "ATA" not in asset.index, "Antarctica is cropped"
    assert asset.holes[asset.index["ZAF"]], "South Africa keeps Lesotho as a hole"
    assert "SGP" not in asset.index, "microstates are absent at 1:110m"


def test_picking_returns_the_nation_under_a_point_inside_its_outline():
    wm, _ = make_map()
    assert wm.nation_at(wm.screen_pos(46.5, 2.5)) == "FRA"
    assert wm.nation_at(wm.screen_pos(39.0, -100.0)) == "USA"
    assert wm.nation_at(wm.screen_pos(35.0, 105.0)) == "CHN"
    assert wm.nation_at(wm.screen_pos(0.0, -140.0)) is None, "open ocean"
    assert wm.nation_at(wm.screen_pos(-23.0, 134.0)) is None, "Australia is not in this scenario"
    assert wm.country_name(wm.screen_pos(-23.0, 134.0)) == "Australia"
    assert wm.nation_at((0, 0)) is None, "outside the map's rect"


def test_nations_without_an_outline_are_pickable_markers_at_their_capital():
    wm, _ = make_map()
    assert wm.nation_at(wm.screen_pos(1.29, 103.85)) == "SGP"
    assert wm.nation_at(wm.screen_pos(26.23, 50.59)) == "BHR"


def test_country_colour_follows_bloc_membership():
    probe = (46.0, 2.0)
    wm, surf = make_map()
    x, y = wm.screen_pos(*probe)
    unaligned = tuple(surf.get_at((x, y)))[:3]
    assert unaligned == palette.DARK.land_unaligned
    wm.set_view(MapView(nations("artemis"), BLOCS))
    wm.draw(surf)
    assert tuple(surf.get_at((x, y)))[:3] == BLUE
    # A bloc drawn with a pattern shows both its colour and the pattern's strokes.
    wm.set_view(MapView(nations("ilrs"), BLOCS))
    wm.draw(surf)
    x0, y0 = wm.screen_pos(47.0, 1.0)
    patch = {tuple(surf.get_at((x0 + dx, y0 + dy)))[:3] for dx in range(8) for dy in range(8)}
    assert ORANGE in patch and len(patch) > 1


def test_hover_selection_player_and_links_draw_over_the_base():
    wm, plain = make_map()
    before = pygame.image.tobytes(plain, "RGB")
    wm.hovered = "FRA"
    wm.set_view(
        MapView(
            nations(),
            BLOCS,
            links=(MapLink("FRA", "USA", "deal"), MapLink("CHN", "FRA", "offer", "ilrs")),
            player="FRA",
            selected="USA",
        )
    )
    wm.draw(plain)
    assert pygame.image.tobytes(plain, "RGB") != before
    x, y = wm.screen_pos(39.0, -100.0)
    # The selected nation gets an outline in the selection colour somewhere on its border.
    rect = pygame.Rect(wm.rect)
    colours = {
        tuple(plain.get_at((px, py)))[:3]
        for px in range(rect.x, rect.right, 2)
        for py in range(y - 60, y + 60, 2)
    }
    assert palette.DARK.selected in colours


def test_zoom_keeps_the_point_under_the_mouse_and_is_clamped():
    wm, surf = make_map()
    paris = wm.screen_pos(48.86, 2.35)
    wm.zoom_by(2.0, paris)
    after = wm.screen_pos(48.86, 2.35)
    assert abs(after[0] - paris[0]) <= 1 and abs(after[1] - paris[1]) <= 1
    wm.zoom_by(1000.0)
    assert wm.zoom == 8.0
    wm.pan_by(10**6, 10**6)
    wm.draw(surf)
    assert wm.nation_at(wm.screen_pos(48.86, 2.35)) in (None, "FRA")
    wm.reset_view()
    assert wm.zoom == 1.0
    wm.focus("FRA", zoom=4.0)
    centre = wm.screen_pos(48.86, 2.35)
    assert wm.rect.collidepoint(centre)
    assert wm.nation_at(wm.screen_pos(46.5, 2.5)) == "FRA"


def test_a_click_selects_and_a_drag_pans_without_selecting():
    wm, surf = make_map()
    pos = wm.screen_pos(46.5, 2.5)
    ev = pygame.event.Event
    assert wm.handle_event(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)) is None
    click = wm.handle_event(ev(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    assert click is not None and click.nation == "FRA"
    wm.zoom_by(2.0)
    centre = wm.centre
    wm.handle_event(ev(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    wm.handle_event(
        ev(pygame.MOUSEMOTION, pos=(pos[0] + 40, pos[1] + 10), rel=(40, 10), buttons=(1, 0, 0))
    )
    assert wm.dragging
    wm.draw(surf)
    assert (
        wm.handle_event(ev(pygame.MOUSEBUTTONUP, button=1, pos=(pos[0] + 40, pos[1] + 10))) is None
    )
    assert wm.centre != centre


@pytest.mark.parametrize(
    "rect,scale",
    [
        ((0, 0, 0, 0), 1.0),
        ((5, 5, 1, 1), 1.0),
        ((0, 0, 3, 400), 2.0),
        ((0, 0, 2400, 90), 3.0),
        ((-50, -50, 300, 200), 0.5),
    ],
)
def test_odd_sizes_and_scales_do_not_fail(rect, scale):
    wm = WorldMap(palette.PROJECTOR)
    wm.layout(pygame.Rect(rect), scale)
    wm.set_view(
        MapView(nations("ilrs"), BLOCS, (MapLink("FRA", "CHN", "bloc", "ilrs"),), "FRA", "SGP")
    )
    surf = pygame.Surface((320, 240))
    wm.draw(surf)
    wm.hover((2, 2))
    wm.zoom_by(3.0)
    wm.draw(surf)
    wm.nation_at((1, 1))


def test_view_from_engine_state_has_colours_links_and_offers():
    sc = Scenario.model_validate(
        {
            "meta": {"id": "t", "title": "T", "start": "2021-03", "end": "2022-03"},
            "nations": [
                {"id": "USA", "name": "USA", "iso3": "USA", "capital": [38.9, -77.0], "budget": 20},
                {
                    "id": "JPN",
                    "name": "Japan",
                    "iso3": "JPN",
                    "capital": [35.7, 139.7],
                    "budget": 2,
                },
                {"id": "IND", "name": "India", "iso3": "IND", "capital": [28.6, 77.2], "budget": 2},
            ],
            "blocs": [
                {
                    "id": "art",
                    "name": "Artemis",
                    "colour": "#0072B2",
                    "leader": "USA",
                    "members": ["USA", "JPN"],
                    "program": [{"id": "m", "name": "M", "cost": 1.0}],
                }
            ],
        }
    )
    n = 3
    deal = np.zeros((1, n, n))
    deal[0, 1, 2] = 0.2
    state = SimpleNamespace(
        bloc=np.array([[0, 0, -1]]),
        deal_tech=deal,
        deal_funds=np.zeros((1, n, n)),
        offers=SimpleNamespace(
            active=np.array([[True, False]]),
            sender=np.array([[0, 0]]),
            target=np.array([[2, 1]]),
            bloc=np.array([[0, -1]]),
        ),
    )
    view = MapView.from_state(sc, state, player="IND")
    assert [nn.bloc for nn in view.nations] == ["art", "art", None]
    kinds = {(lk.a, lk.b, lk.kind) for lk in view.links}
    assert ("JPN", "USA", "bloc") in kinds
    assert ("JPN", "IND", "deal") in kinds
    assert ("USA", "IND", "offer") in kinds
    wm = WorldMap()
    wm.layout(pygame.Rect(0, 0, 640, 300))
    wm.set_view(view)
    surf = pygame.Surface((640, 300))
    wm.draw(surf)
    assert wm.nation_at(wm.screen_pos(22.0, 79.0)) == "IND"


def test_links_take_the_short_way_round_and_wrap_at_the_date_line():
    wm, _ = make_map()
    washington, tokyo, paris = (38.9, -77.04), (35.68, 139.69), (48.86, 2.35)
    across_pacific = wm._link_runs(washington, tokyo)
    assert len(across_pacific) == 2, "one run leaves each side of the map"
    xs = [p[0] for run in across_pacific for p in run]
    assert min(xs) < wm.to_local(*wm.asset.project(*washington))[0]
    assert max(xs) > wm.to_local(*wm.asset.project(*tokyo))[0]
    (atlantic,) = wm._link_runs(washington, paris)
    assert atlantic[0] == pytest.approx(wm.to_local(*wm.asset.project(*washington)))
    assert atlantic[-1] == pytest.approx(wm.to_local(*wm.asset.project(*paris)))
    assert wm._link_runs(paris, paris) == []


def test_wheel_zoom_previews_the_last_render_until_it_settles():
    wm, surf = make_map()
    first = wm._base
    wm.zoom_by(1.25, wm.rect.center)
    wm.draw(surf)
    assert wm._base is first, "mid-zoom frames scale the last render instead of redrawing"
    wm.settle()
    wm.draw(surf)
    assert wm._base is not first and wm._base_scale == pytest.approx(wm.scale)
    assert wm.nation_at(wm.screen_pos(46.5, 2.5)) == "FRA"


def test_the_wheel_zooms_around_the_mouse():
    wm, _ = make_map()
    # Without a window SDL cannot move the mouse: put the map under wherever it is.
    mx, my = pygame.mouse.get_pos()
    wm.layout(pygame.Rect(mx - 10, my - 10, 400, 200))
    wm.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, precise_x=0.0, precise_y=2.0))
    assert wm.zoom == pytest.approx(1.25**2)
    wm.handle_event(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-9, precise_x=0.0, precise_y=-9.0))
    assert wm.zoom >= 1.0
