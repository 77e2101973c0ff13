"""The Moon panel: tracks and the base picture draw, grow with milestones, survive odd sizes."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from game.scenario.models import Scenario
from game.ui.render.moon import MilestoneView, MoonPanel, MoonView, TrackView, structure_kind

BLUE, ORANGE = (0, 114, 178), (213, 94, 0)
NAMES = (
    "Uncrewed test flight",
    "Commercial robotic landers (CLPS)",
    "Crewed landing",
    "Resource-use test",
    "Surface habitat",
    "Permanent crewed base",
)


def track(bloc: str, colour, done: int, progress: float = 0.4, failures: int = 0) -> TrackView:
    ms = tuple(
        MilestoneView(
            f"{bloc}-{i}",
            name,
            progress=1.0 if i < done else (progress if i == done else 0.0),
            odds=0.8,
            done=i < done,
            failures=failures if i == done else 0,
            crewed="Crewed" in name,
            base=i == len(NAMES) - 1,
        )
        for i, name in enumerate(NAMES)
    )
    return TrackView(bloc, bloc.title(), bloc.upper()[:6], colour, "hatch", ms, 5)


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


def render(view: MoonView, size=(420, 560), scale=1.0) -> tuple[pygame.Surface, MoonPanel]:
    surf = pygame.Surface(size)
    panel = MoonPanel()
    panel.draw(surf, surf.get_rect(), view, scale)
    return surf, panel


def count_near(surf: pygame.Surface, rect: pygame.Rect, colour, tol=8) -> int:
    arr = pygame.surfarray.pixels3d(surf)[rect.x : rect.right, rect.y : rect.bottom].astype(int)
    return int((np.abs(arr - np.array(colour)).sum(axis=2) <= tol).sum())


def test_panel_draws_the_picture_and_each_track():
    surf, panel = render(
        MoonView((track("artemis", BLUE, 3), track("ilrs", ORANGE, 2, failures=1)))
    )
    w, h = surf.get_size()
    top = pygame.Rect(0, 40, w, 150)
    arr = pygame.surfarray.array3d(surf)[top.x : top.right, top.y : top.bottom]
    assert len(np.unique(arr.reshape(-1, 3), axis=0)) > 30, "the base picture is drawn"
    bottom = pygame.Rect(0, h // 2, w, h // 2)
    assert count_near(surf, bottom, BLUE) > 50 and count_near(surf, bottom, ORANGE) > 50
    hit = None
    for x in range(0, w, 2):
        for y in range(h // 2, h, 2):
            hit = panel.milestone_at((x, y))
            if hit:
                break
        if hit:
            break
    assert hit is not None and hit[0] in ("artemis", "ilrs")


def test_the_base_grows_as_milestones_complete():
    scene = pygame.Rect(10, 40, 400, 200)
    early, _ = render(MoonView((track("artemis", BLUE, 0, 0.0),)))
    late, _ = render(MoonView((track("artemis", BLUE, 6),)))
    assert count_near(late, scene, BLUE, 30) > count_near(early, scene, BLUE, 30) + 20


def test_structure_kinds_follow_milestone_names():
    kinds = [structure_kind(m, i) for i, m in enumerate(track("x", BLUE, 0).milestones)]
    assert kinds == ["orbiter", "probe", "lander", "isru", "habitat", "dome"]


@pytest.mark.parametrize(
    "size,scale,blocs",
    [
        ((1, 1), 1.0, 2),
        ((60, 40), 1.0, 2),
        ((300, 260), 1.0, 2),
        ((420, 560), 2.0, 2),
        ((2000, 120), 1.0, 3),
        ((640, 1000), 1.5, 8),
        ((300, 300), 0.5, 0),
    ],
)
def test_odd_sizes_scales_and_bloc_counts_do_not_fail(size, scale, blocs):
    tracks = tuple(
        track(f"b{k}", (40 * k % 255, 120, 200), k % 7, 0.5, k % 2) for k in range(blocs)
    )
    surf, panel = render(MoonView(tracks, date="2030-09"), size, scale)
    panel.milestone_at((0, 0))


def test_view_from_engine_state():
    sc = Scenario.model_validate(
        {
            "meta": {"id": "t", "title": "T", "start": "2021-03", "end": "2022-03"},
            "nations": [
                {"id": "A", "name": "A", "capital": [0.0, 0.0], "budget": 1},
                {"id": "B", "name": "B", "capital": [10.0, 10.0], "budget": 1},
            ],
            "blocs": [
                {
                    "id": "one",
                    "name": "One",
                    "colour": "#0072B2",
                    "leader": "A",
                    "program": [
                        {"id": "m1", "name": "Lander", "cost": 2.0},
                        {"id": "m2", "name": "Base", "cost": 4.0, "base": True, "crewed": True},
                    ],
                },
                {
                    "id": "two",
                    "name": "Two",
                    "colour": "#D55E00",
                    "leader": "B",
                    "program": [{"id": "n1", "name": "Probe", "cost": 1.0}],
                },
            ],
        }
    )
    state = SimpleNamespace(
        bloc=np.array([[0, 1]]),
        progress=np.array([[2.0, 1.0, 0.25]]),
        done=np.array([[True, False, False]]),
        failures=np.array([[0, 1, 0]]),
    )
    view = MoonView.from_state(sc, state, player_bloc="two", odds={"m2": 0.6})
    one, two = view.tracks
    assert one.current == 1 and one.milestones[1].progress == 0.25
    assert one.milestones[1].odds == 0.6 and one.milestones[1].failures == 1
    assert two.player and two.milestones[0].progress == 0.25
    render(view)
