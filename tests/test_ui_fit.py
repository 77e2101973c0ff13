"""Scale and clipping (issue 10, s6): every screen holds at 1280x720 up to 150%, nothing is
cut silently (a text that does not fit ends in "…" and shows whole on hover), and the small
widget findings of the real-window playthrough. Driven as a person would: clicks and keys
at the pixels where things are drawn."""

from __future__ import annotations

import os

import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info

LONG_TEXT = (
    "China writes at length: the International Lunar Research Station needs India's "
    "landers, India's scientists and India's launch sites, and it promises a shared "
    "south-polar base, joint sample return and seats on the first crewed landing, with "
    "every partner's flag on the habitat and a say in where the next module goes."
)


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO)


def shot(d: Driver, name: str) -> None:
    """Keep a screenshot to look at when LUNAR_BLOCS_SHOTS names a folder."""
    folder = os.environ.get("LUNAR_BLOCS_SHOTS")
    if folder:
        pygame.image.save(d.app.window, os.path.join(folder, f"{name}.png"))


def invited(tmp_path, default, size, scale, refused: bool):
    """India, with China's long-worded invitation into the ILRS in its inbox (one whose
    entry India does not meet when ``refused``)."""
    from game.scenario.models import Scenario
    from game.session.match import Match

    data = default.scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["offers"] = [
        {
            "id": "ilrs-to-india",
            "kind": "invite",
            "sender": "CHN",
            "to": ["IND"],
            "bloc": "ilrs",
            "text": LONG_TEXT,
        }
    ]
    if refused:
        for bloc in data["blocs"]:
            if bloc["id"] == "ilrs":
                bloc["charter"]["entry"]["min_relations"] = 0.99
    d = Driver(tmp_path, size=size, scale=scale)
    d.app.nav.show(Match(Scenario.model_validate(data), humans=["IND"]))
    d.frames(2)
    d.click(d.top.tab_buttons["inbox"].rect.center)
    assert d.top.tab == "inbox"
    return d


@pytest.mark.parametrize("refused", [False, True])
@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.25), ((1280, 720), 1.5)])
def test_an_offers_reasons_stay_above_the_answer_buttons_and_end_in_an_ellipsis(
    tmp_path, default, size, scale, refused
):
    d = invited(tmp_path, default, size, scale, refused)
    main = d.top
    accept = d.button("Accept")
    panel = main.right_rect
    d.move((panel.x + 4, panel.y + 4))  # nowhere near a text
    d.frames(3)
    inside = [r for r in main.text_drawn if panel.contains(r)]
    assert inside, "the offer's terms are drawn in the right panel"
    assert all(r.bottom <= accept.rect.top for r in inside), "no text under the buttons"
    # the scenario's long words do not fit: their last line ends in "…", never cut silently
    cut = [(r, whole) for r, whole in d.app.cuts if panel.contains(r)]
    assert any(whole == LONG_TEXT for _r, whole in cut)
    # hovering the shortened line shows the whole text
    rect = next(r for r, whole in cut if whole == LONG_TEXT)
    before = d.app.window.copy()
    d.move(rect.center)
    d.frames(3)
    tip_drawn = d.app.window.get_at((rect.centerx + d.app.s(30), rect.centery + d.app.s(30)))
    assert tip_drawn != before.get_at((rect.centerx + d.app.s(30), rect.centery + d.app.s(30)))
    shot(d, f"inbox-reasons-{int(scale * 100)}-{'refused' if refused else 'open'}")


def main_at(tmp_path, default, size, scale, nation="USA"):
    from game.session.match import Match

    d = Driver(tmp_path, size=size, scale=scale)
    d.app.nav.show(Match(default.scenario, humans=[nation], scenario_path=default.path, seed=3))
    d.frames(3)
    return d


def test_125_is_offered_and_150_is_not_capped_at_1280x720(tmp_path):
    d = Driver(tmp_path)
    d.click_button("Settings")
    settings = d.top
    d.choose(settings.scale_menu, "125%")
    assert d.app.scale == 1.25 and not d.app.scale_capped
    d.choose(d.top.scale_menu, "150%")
    assert d.app.scale == 1.5 and not d.app.scale_capped
    note = d.top.scale_note()
    assert "capped" not in note and "150%" in note
    shot(d, "settings-150")


@pytest.mark.parametrize(
    ("size", "scale"),
    [((1280, 720), 1.25), ((1280, 720), 1.5), ((1920, 1080), 1.5), ((2560, 1440), 1.5)],
)
@pytest.mark.parametrize("nation", ["USA", "IND"])
def test_the_main_screen_holds_whole_at_every_offered_scale(
    tmp_path, default, size, scale, nation
):
    d = main_at(tmp_path, default, size, scale, nation)
    main = d.top
    w, h = size
    assert not d.app.scale_capped
    # the top bar: every figure whole (nothing shortened with "…"), the buttons inside it
    assert [whole for r, whole in d.app.cuts if main.top_rect.colliderect(r)] == []
    buttons = [main.end_button, d.button("Menu"), main.help_button]
    assert all(main.top_rect.contains(b.rect) for b in buttons)
    assert max(r.right for r in main.text_drawn if main.top_rect.contains(r)) < min(
        b.rect.x for b in buttons
    )
    # the Moon panel shows every bloc's track (at 150% the second bloc went)
    blocs = {bloc for _rect, bloc, _ms in main.moon._nodes}
    assert blocs == set(main.game.catalog.bloc_ids)
    # map, tabs and panels keep their room
    assert main.map_rect.h >= h // 4 and main.moon_rect.w >= w // 5
    tabs = [b.rect for b in main.tab_buttons.values()]
    assert all(d.app.window.get_rect().contains(r) for r in tabs)
    assert all(not a.colliderect(b) for i, a in enumerate(tabs) for b in tabs[i + 1 :])
    shot(d, f"main-{nation}-{w}-{int(scale * 100)}")


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_the_title_screen_keeps_its_title_and_menu_in_the_window(tmp_path, scale):
    from game.ui.render import text as rtext

    d = Driver(tmp_path, scale=scale)
    title = d.top
    with rtext.watching(d.app.window) as drawn:
        title.draw(d.app.window)
    window = d.app.window.get_rect()
    assert all(window.contains(r) for r in drawn), "every text inside the window"
    assert all(not a.colliderect(b) for i, a in enumerate(drawn) for b in drawn[i + 1 :])
    buttons = [b.rect for b in d.widgets()]
    assert all(window.contains(r) for r in buttons)
    assert all(not t.colliderect(b) for t in drawn for b in buttons), "no text under a button"
    shot(d, f"title-{int(scale * 100)}")
