"""Screenshots of every screen: each is drawn (not blank) and its key regions hold something."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.paths import DEFAULT_SCENARIO

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

EXPECTED = {
    "title",
    "scenarios",
    "scenario-broken",
    "nations",
    "main",
    "report",
    "main-budget",
    "main-offers",
    "main-inbox",
    "main-news",
    "main-relations",
    "main-charts",
    "menu",
    "load",
    "settings",
    "help",
    "handover",
    "end",
}


def busy(surface: pygame.Surface, rect: pygame.Rect) -> float:
    """Share of pixels in ``rect`` that differ from the region's most common colour."""
    pixels = pygame.surfarray.array3d(surface.subsurface(rect)).reshape(-1, 3)
    packed = (pixels[:, 0].astype(np.int64) << 16) | (pixels[:, 1] << 8) | pixels[:, 2]
    _values, counts = np.unique(packed, return_counts=True)
    return 1.0 - counts.max() / packed.size


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    from game.session.library import Library
    from game.ui.app import App
    from game.ui.gallery import scenes
    from game.ui.settings import Settings

    # The gallery writes a broken user scenario: keep it out of the other tests' user folder.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LUNAR_BLOCS_HOME", str(tmp_path_factory.mktemp("home")))
        app = App(Settings(), size=(1280, 720), persist_settings=False)
        app.services = Library(tmp_path_factory.mktemp("saves"))
        app.open_window()
        taken = {}
        for name, screen in scenes(app):
            taken[name] = (app.window.copy(), screen)
    assert not app.errors
    return taken


def test_every_screen_is_shot(shots):
    assert set(shots) >= EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_screen_is_not_blank(shots, name):
    surface, _screen = shots[name]
    assert busy(surface, surface.get_rect()) > 0.05


def test_main_screen_regions_are_drawn(shots):
    surface, main = shots["main"]
    for rect in (main.map_rect, main.moon_rect, main.top_rect, main.left_rect, main.right_rect):
        assert busy(surface, rect) > 0.02, rect
    # The map shows the blocs' colours.
    pixels = pygame.surfarray.array3d(surface.subsurface(main.map_rect)).reshape(-1, 3)
    for k in range(len(main.game.catalog.bloc_ids)):
        colour = np.array(main.game.bloc_colour(k))
        assert (np.abs(pixels - colour).sum(axis=1) < 30).sum() > 200


def test_hand_over_shows_nothing_of_the_game(shots):
    from game.ui import theme
    from game.ui.widgets import starfield

    surface, screen = shots["handover"]
    w, h = surface.get_size()
    # Outside the centre column (moon, text, button) there is only the empty starfield.
    sky = starfield((w, h), theme.DARK)
    for side in (pygame.Rect(0, 0, w // 4, h), pygame.Rect(w * 3 // 4, 0, w // 4, h)):
        shown = pygame.surfarray.array3d(surface.subsurface(side))
        empty = pygame.surfarray.array3d(sky.subsurface(side))
        assert np.array_equal(shown, empty)
    assert screen.game.name(screen.player) in screen.go.text


def test_labels_fit_their_widgets(shots):
    import pygame_gui

    for name, (_surface, screen) in shots.items():
        if screen.root is None:
            continue
        for widget in screen.root.elements:
            if isinstance(widget, pygame_gui.elements.UIButton) and widget.text:
                font = widget.font
                assert font.size(widget.text)[0] <= widget.rect.w, (name, widget.text)
