"""Nothing a player reads is cut silently (issue 10, s6 findings left for s7): the advisers'
fine print on the Offers tab, the Inbox list's rows and the turn report's foot message each
either fit or end in "…" and show whole when the mouse rests on them. Driven as a person
would: clicks on the tabs, then the mouse moved to the pixel where the cut text is drawn."""

from __future__ import annotations

import pygame
import pytest
from test_ui_budget_advice import InProcess
from test_ui_fit import invited, main_at, shot
from test_ui_offers_law import drawn_texts
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.ui import stage

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

FINE_PRINT = "paired futures, the same world ids both ways"


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def words(text: str) -> list[str]:
    return text.replace("…", " ").split()


def hover_text(d: Driver, monkeypatch, pos: tuple[int, int]) -> str:
    """Rest the mouse at ``pos``; the words of the hover card the stage draws there."""
    seen: list[str] = []
    real = stage.draw_tooltip

    def spy(surface, lines, *args, **kwargs):
        seen.extend(lines)
        return real(surface, lines, *args, **kwargs)

    monkeypatch.setattr(stage, "draw_tooltip", spy)
    d.move(pos)
    d.frames(2)
    monkeypatch.undo()
    return " ".join(seen)


def assert_whole_or_marked(d: Driver, monkeypatch, said: list[str], text: str) -> None:
    """``text`` is drawn whole, or a drawn line ends in "…" and hovering a cut line holding
    it shows it whole."""
    cuts = [(rect, whole) for rect, whole in d.app.cuts if text in whole]
    if not cuts:
        drawn = " ".join(said)
        assert text in drawn, said
        return
    assert any(line.endswith("…") for line in said), said
    rect, whole = cuts[-1]
    assert " ".join(words(whole)) in " ".join(words(hover_text(d, monkeypatch, rect.center)))


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_advisers_fine_print_on_the_offers_tab_fits_or_ends_in_an_ellipsis(
    tmp_path, default, monkeypatch, scale
):
    # the "(12 paired futures, the same world ids both ways; ...)" line was left out whole
    # when the panel was short, at 100% and 150%
    d = Driver(tmp_path, size=(1280, 720), scale=scale)
    service = InProcess()
    d.app.forecasts = lambda: service
    d.app.nav.show(Match(default.scenario, humans=["IND"], scenario_path=default.path, seed=3))
    d.frames(3)
    d.click(d.top.tab_buttons["offers"].rect.center)
    assert d.top.tab == "offers"
    tab = d.top.tabs["offers"]
    assert tab.prediction is not None and tab.prediction.allowed  # advisers weigh sending it

    def weighed() -> bool:
        d.frames(1)
        return any("paired futures" in whole for _r, whole in d.app.cuts) or any(
            "paired futures" in line for line in drawn_texts(d, monkeypatch)
        )

    assert d.until(weighed, cap=60), "the advisers' fine print is neither drawn nor marked"
    said = drawn_texts(d, monkeypatch)
    # the advisers speak beside Send offer where the compose panel has room, else under the
    # answer in the right panel
    panel = d.top.right_rect if tab.advice_rect() is None else d.top.left_rect
    assert_whole_or_marked(d, monkeypatch, said, FINE_PRINT)
    assert all(panel.contains(r) for r, w in d.app.cuts if FINE_PRINT in w)
    shot(d, f"offers-fine-print-{int(scale * 100)}")


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_a_cut_inbox_row_shows_whole_on_hover(tmp_path, default, monkeypatch, scale):
    d = invited(tmp_path, default, (1280, 720), scale, refused=True)
    inbox = d.top.pane
    (slot,) = inbox.mail()
    whole = inbox.inbox_row(slot)
    (row,) = inbox.inbox_list.item_list_container.elements
    assert row.text.endswith("…") and row.text != whole  # the row is cut at this width
    d.move((d.top.right_rect.x + 4, d.top.right_rect.y + 4))
    d.frames(2)
    assert whole not in hover_text(d, monkeypatch, d.app.window.get_rect().topleft)
    shown = hover_text(d, monkeypatch, row.rect.center)
    assert " ".join(words(whole)) in " ".join(words(shown)), shown
    shot(d, f"inbox-row-hover-{int(scale * 100)}")


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_turn_reports_foot_message_shows_whole_on_hover(tmp_path, default, monkeypatch, scale):
    from game.ui.screens.turn_report import TurnReportScreen

    d = main_at(tmp_path, default, (1280, 720), scale, "IND")
    d.key(pygame.K_e, frames=4)
    assert d.until(lambda: isinstance(d.top, TurnReportScreen))
    message = (
        "Autosave failed: the disk at /home/player/.local/share/lunar-blocs is full; free "
        "some room and save from the menu, or this turn is lost when the game is closed. "
        "The last autosave that was written is from the turn before; the Library lists it "
        "under this game's name, with the date of the turn it holds."
    )
    d.app.notify(message, error=True, seconds=30)
    d.frames(2)
    report = d.top
    box = report.message_rect
    assert box is not None and report.box.contains(box)
    assert all(not box.colliderect(column.rect) for column in report.columns)
    assert not box.colliderect(d.button("Continue").rect)
    said = drawn_texts(d, monkeypatch)
    assert_whole_or_marked(d, monkeypatch, said, message)
    cut = [r for r, whole in d.app.cuts if whole == message]
    assert cut, "at this width the message is cut"
    shown = hover_text(d, monkeypatch, cut[-1].center)
    assert " ".join(words(message)) in " ".join(words(shown)), shown
    shot(d, f"report-message-hover-{int(scale * 100)}")
