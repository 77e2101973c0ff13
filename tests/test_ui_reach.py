"""Issue 10's player-facing blockers, each driven as a person would: clicks where things are
drawn, keys through the event queue, at the window sizes and scales the game supports."""

from __future__ import annotations

import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

SIZES = [
    ((1280, 720), 1.0),
    ((1280, 720), 1.5),
    ((1920, 1080), 2.0),
    ((2560, 1440), 1.0),
    ((2560, 1440), None),
]


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def playing(tmp_path, default, nation="IND", size=(1280, 720), scale=1.0) -> Driver:
    """A driver on the main screen of a fresh default game, ``nation`` played by a person."""
    from game.session.match import Match

    d = Driver(tmp_path, size=size, scale=scale)
    game = Match(default.scenario, humans=[nation], scenario_path=default.path)
    d.app.nav.show(game)
    d.frames(3)
    return d


def assert_all_drawn(d: Driver, menu) -> dict[str, pygame.Rect]:
    drawn = d.open_menu(menu)
    options = [text for text, _ in menu.options_list]
    window = d.app.window.get_rect()
    assert all(window.contains(rect) for rect in drawn.values())
    assert sorted(drawn) == sorted(options), f"options not on screen: {set(options) - set(drawn)}"
    return drawn


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_every_mission_and_focus_is_drawn_on_screen_and_chosen_by_a_click(
    tmp_path, default, size, scale
):
    d = playing(tmp_path, default, size=size, scale=scale)
    main = d.top
    names = list(main.game.catalog.mission_names)
    assert_all_drawn(d, main.pane.mission_menu)
    d.close_menu(main.pane.mission_menu)
    for q, name in enumerate(names):
        d.choose(d.top.pane.mission_menu, name)
        assert d.top.draft.mission == q or d.app.toast, name
    assert_all_drawn(d, d.top.pane.focus_menu)
    d.close_menu(d.top.pane.focus_menu)
    d.choose(d.top.pane.focus_menu, "robotics")
    split = d.top.draft.research
    assert split.index(max(split)) == list(main.game.catalog.domain_ids).index("robotics")


@pytest.mark.parametrize(("size", "scale"), SIZES[:3])
def test_the_other_drop_downs_open_inside_the_window(tmp_path, default, size, scale):
    from game.ui.screens.settings import SettingsScreen

    d = playing(tmp_path, default, size=size, scale=scale)
    d.key(pygame.K_2)
    assert_all_drawn(d, d.top.pane.kind_menu)
    d.close_menu(d.top.pane.kind_menu)
    # Thirty-odd nations scroll; what is drawn lies inside the window, and the list too.
    drawn = d.open_menu(d.top.pane.target_menu)
    shown = d.top.pane.target_menu.current_state.options_selection_list
    assert drawn and d.app.window.get_rect().contains(shown.rect)
    d.close_menu(d.top.pane.target_menu)
    d.key(pygame.K_6)
    assert_all_drawn(d, d.top.pane.chart_menu)
    d.close_menu(d.top.pane.chart_menu)
    d.app.push(SettingsScreen(d.app))
    d.frames(2)
    assert_all_drawn(d, d.top.scale_menu)
    d.close_menu(d.top.scale_menu)
    assert_all_drawn(d, d.top.diff_menu)


def test_the_nation_clicked_in_the_picker_is_the_one_played(tmp_path):
    from game.ui.screens.main import MainScreen
    from game.ui.screens.nation_picker import NationPicker

    d = Driver(tmp_path)
    d.click_button("New game")
    d.key(pygame.K_RETURN)
    assert isinstance(d.top, NationPicker)
    d.click_button("India")
    d.click_button("Start game")
    assert isinstance(d.top, MainScreen)
    assert d.top.game.catalog.nation_ids[d.top.player] == "IND"


def test_a_held_return_does_not_start_the_game_from_the_nation_picker(tmp_path):
    from game.ui.screens.main import MainScreen
    from game.ui.screens.nation_picker import NationPicker

    d = Driver(tmp_path)
    d.click_button("New game")
    down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r")
    pygame.event.post(down)
    d.frames(3)
    assert isinstance(d.top, NationPicker)
    for _ in range(5):  # the operating system's key repeat while Return stays down
        pygame.event.post(down)
        d.frames(2)
    assert isinstance(d.top, NationPicker)
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_RETURN, mod=0))
    d.frames(1)
    d.key(pygame.K_RETURN)  # a fresh press does start it
    assert isinstance(d.top, MainScreen)


def test_enter_sends_the_offer_being_composed(tmp_path, default):
    d = playing(tmp_path, default)
    d.key(pygame.K_2)
    d.choose(d.top.pane.kind_menu, "Technology transfer")
    assert "[Enter]" in d.top.pane.send_button.text
    # a transfer of some strength: an offer that carries nothing is not sent (the law)
    d.click(d.top.pane.sweeteners["tech"].right_button.rect.center, frames=6)
    before = len(d.top.draft.offers)
    d.key(pygame.K_RETURN)
    assert len(d.top.draft.offers) == before + 1


def test_escape_on_the_title_asks_before_quitting(tmp_path):
    from game.ui.screens.confirm import ConfirmScreen
    from game.ui.screens.title import TitleScreen

    d = Driver(tmp_path)
    d.key(pygame.K_ESCAPE)
    assert d.app.running and isinstance(d.top, ConfirmScreen)
    d.key(pygame.K_ESCAPE)  # Esc again: stay
    assert d.app.running and isinstance(d.top, TitleScreen)
    d.key(pygame.K_ESCAPE)
    d.click_button("Quit")
    assert not d.app.running


def test_choosing_a_mission_already_flown_says_why_it_cannot(tmp_path, default):
    d = playing(tmp_path, default)
    main = d.top
    q = 0
    main.game.state.mission_done[0, main.player, q] = True  # as if flown in an earlier turn
    d.choose(main.pane.mission_menu, main.game.catalog.mission_names[q])
    assert d.top.draft.mission != q
    assert d.app.toast and "already flown" in d.app.toast[0]


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 2.0), ((1600, 900), 2.0)])
def test_a_scale_the_window_cannot_hold_is_capped_and_settings_says_why(
    tmp_path, default, size, scale
):
    from game.ui.screens.settings import SettingsScreen

    d = playing(tmp_path, default, size=size, scale=scale)
    main = d.top
    w, h = size
    assert d.app.scale_capped
    # The map and the Moon panel keep a real share of the window; the top bar its height.
    assert main.map_rect.h >= h // 4 and main.moon_rect.w >= w // 5
    assert main.end_button.rect.right <= w and main.end_button.rect.bottom <= main.top_rect.bottom
    d.app.push(SettingsScreen(d.app))
    d.frames(2)
    assert "capped" in d.top.scale_note() and f"{w}x{h}" in d.top.scale_note()


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 2.0)])
def test_settings_done_covers_no_row(tmp_path, size, scale):
    from game.ui.screens.settings import SettingsScreen

    d = Driver(tmp_path, size=size, scale=scale)
    d.app.push(SettingsScreen(d.app))
    d.frames(2)
    done = d.button("Done")
    others = [b for b in d.widgets() if b is not done]
    labels = d.widgets(pygame_gui_label())
    assert all(not done.rect.colliderect(w.rect) for w in others + labels)
    assert d.app.window.get_rect().contains(done.rect)


def pygame_gui_label():
    import pygame_gui

    return pygame_gui.elements.UILabel


def test_page_down_in_the_turn_report_scrolls_the_long_column(tmp_path, default):
    from game.ui.screens.turn_report import TurnReportScreen

    d = playing(tmp_path, default)
    for _ in range(3):
        d.key(pygame.K_e, frames=3)
        if isinstance(d.top, TurnReportScreen):
            break
    report = d.top
    assert isinstance(report, TurnReportScreen)
    longest = max(report.columns, key=lambda c: c.max_offset)
    if not longest.max_offset:
        pytest.skip("this turn's report fits without scrolling")
    d.move((2, 2))  # the mouse over neither column
    d.key(pygame.K_PAGEDOWN)
    assert longest.offset > 0


def test_messages_do_not_cover_the_tabs_text(tmp_path, default):
    d = playing(tmp_path, default)
    d.key(pygame.K_3)
    d.app.notify("A message long enough to reach across the middle of the window, as they do")
    d.frames(1)
    main = d.top
    assert not d.app.toast_rect.colliderect(main.left_rect)
    assert not d.app.toast_rect.colliderect(main.right_rect)


def test_names_and_money_read_as_a_person_writes_them():
    from game.ui.widgets import money, possessive

    assert possessive("United States") == "United States'"
    assert possessive("India") == "India's"
    assert money(0.045) == "$45 M"
    assert money(1.9, "yr") == "$1.90 B/yr"
    assert money(42.0) == "$42.0 B"


def test_closing_the_window_asks_when_this_turns_orders_are_unsaved(tmp_path, default):
    d = playing(tmp_path, default, "IND")
    main = d.top
    d.app.close_window()
    assert not d.app.running  # nothing changed: it just closes
    d = playing(tmp_path, default, "IND")
    main = d.top
    main.game.draft(main.player).alloc = [0.1, 0.1, 0.4, 0.2, 0.2]
    d.app.close_window()
    assert d.app.running and d.top.title == "Confirm"
    d.key(pygame.K_RETURN)  # the safe choice comes first: stay
    d.frames(2)
    assert d.app.running and d.top is main
    d.app.close_window()
    d.app.close_window()  # asked again, and insisted
    assert not d.app.running


def test_continue_offers_each_game_in_progress_by_name(tmp_path, default):
    from game.session.library import Library
    from game.session.match import Match

    library = Library(tmp_path)
    for nation in ("IND", "BRA"):
        match = Match(default.scenario, humans=[nation], seed=3)
        match.end_turn()
        library.autosave(match)  # a new game never writes over the other's autosave
    d = Driver(tmp_path)
    assert "2 games in progress" in d.top.continue_text
    d.key(pygame.K_c)
    assert d.top.title == "Load" and len(d.top.saves) == 2
    assert sorted(s.title.split(": ")[-1] for s in d.top.saves) == ["Brazil", "India"]
    d.key(pygame.K_RETURN)
    d.frames(3)
    assert d.top.title == "Main"
