"""Messages (the stage's toast), issue 10 polish: a message stays inside the window, leaves
nothing behind once it fades, and one raised by End Turn is seen on the turn report. Driven
as a person would: keys and the mouse at the pixels where things are drawn."""

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


def shot(d: Driver, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    pygame.image.save(d.app.window, os.path.join(SHOTS, f"{name}.png"))


def playing(tmp_path, default, size=(1280, 720), scale=1.0, game_id=None) -> Driver:
    from game.session.match import Match

    d = Driver(tmp_path, size=size, scale=scale)
    extra = {"game_id": game_id} if game_id else {}
    game = Match(default.scenario, humans=["IND"], scenario_path=default.path, **extra)
    d.app.nav.show(game)
    d.frames(3)
    return d


def test_a_faded_message_leaves_no_box_behind_for_hover_and_clicks(tmp_path, default, monkeypatch):
    from game.ui import stage

    d = playing(tmp_path, default, scale=1.5)
    main = d.top
    # The Budget tab's heading is drawn shortened ("…"); hovering it shows it whole.
    heading = next(r for r, text in d.app.cuts if text.startswith("SPEND THIS TURN"))
    offers = main.tab_buttons["offers"].rect
    # a screen that puts its messages there (the main screen's own place is the map's foot)
    monkeypatch.setattr(main, "toast_anchor", lambda: (heading.centerx, heading.bottom))
    d.app.notify("Saved as india-turn02.lunar", seconds=0.2)
    d.frames(2)
    old = d.app.toast_rect
    assert old is not None and old.colliderect(heading)
    shot(d, "toast-over-heading")
    d.frames(20)  # a third of a second: the message is gone
    assert d.app.toast is None
    assert d.app.toast_rect is None, "a faded message must leave no box for hit tests"
    tips: list[list[str]] = []
    real = stage.draw_tooltip
    monkeypatch.setattr(
        stage,
        "draw_tooltip",
        lambda s, lines, *a, **k: tips.append(lines) or real(s, lines, *a, **k),
    )
    spot = old.clip(heading).center
    d.move(spot)
    d.frames(2)
    assert tips and "SUM TO 100%" in " ".join(tips[-1]), "the whole heading shows on hover"
    shot(d, "toast-faded-hover")
    # and a click where the message was does what it says (the tab under it opens)
    monkeypatch.setattr(main, "toast_anchor", lambda: offers.center)
    d.app.notify("Offer to Japan queued: it goes out at End Turn.", seconds=0.2)
    d.frames(20)
    d.click(offers.center)
    assert d.top.tab == "offers"


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 2.0)])
def test_a_long_message_stays_inside_the_window(tmp_path, default, size, scale):
    from game.ui import theme as th

    d = playing(tmp_path, default, size=size, scale=scale)
    window = d.app.window.get_rect()
    d.app.notify("Offer to the United States queued: it goes out at End Turn, with every term")
    d.frames(2)
    assert window.contains(d.app.toast_rect), "centred on the map's foot it ran off the left"
    shot(d, f"toast-long-{size[0]}-{scale}")
    d.app.notify("The turn could not be resolved because the disk is full " * 6, error=True)
    d.frames(2)
    box = d.app.toast_rect
    line = th.font(d.app.s(15), True).get_linesize()
    assert window.contains(box) and box.h <= 3 * line + d.app.s(16) + 2
    shot(d, f"toast-wrapped-{size[0]}-{scale}")


def test_a_message_raised_by_end_turn_is_seen_on_the_report(tmp_path, default):
    from game.session.match import Match
    from game.ui.screens.turn_report import TurnReportScreen

    # An autosave of this game id that went two turns further: this game branches from it,
    # so End Turn's autosave keeps that one and says so (a message raised just before the
    # report opens).
    d = playing(tmp_path, default, game_id="branch")
    other = Match(default.scenario, humans=["IND"], scenario_path=default.path, game_id="branch")
    other.end_turn()
    other.end_turn()
    d.app.services.autosave(other)
    d.key(pygame.K_e, frames=4)
    assert d.until(lambda: isinstance(d.top, TurnReportScreen))
    d.frames(2)
    report = d.top
    assert report.message is not None and "earlier save" in report.message[0]
    assert report.message_rect is not None and report.box.contains(report.message_rect)
    shot(d, "report-end-turn-message")
