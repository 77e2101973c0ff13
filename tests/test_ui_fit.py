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
