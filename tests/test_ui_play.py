"""A short game played through the UI with posted mouse and key events, then saved and loaded."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui
import pytest
from ui_driver import Driver

from game.engine import state as st
from game.paths import DEFAULT_SCENARIO

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")


def states_equal(a: st.State, b: st.State) -> bool:
    for name in st.State.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if name == "offers":
            if not all(
                np.array_equal(getattr(x, f), getattr(y, f)) for f in st.Offers.__dataclass_fields__
            ):
                return False
        elif not np.array_equal(np.asarray(x), np.asarray(y)):
            return False
    return True


def test_a_person_plays_saves_quits_and_loads_back_the_same_game(tmp_path):
    from game.ui.screens.main import MainScreen
    from game.ui.screens.nation_picker import NationPicker
    from game.ui.screens.scenario_picker import ScenarioPicker

    d = Driver(tmp_path)
    d.click_button("New game")
    assert isinstance(d.top, ScenarioPicker)
    d.key(pygame.K_RETURN)
    assert isinstance(d.top, NationPicker)
    d.click_button("Start game")
    assert isinstance(d.top, MainScreen)
    main = d.top
    game = main.game

    # Budget: push the research slider up with its arrow button; the shares stay at 100%.
    before = list(main.pane.percent)
    for _ in range(3):
        d.click(main.pane.sliders[2].right_button.rect.center)
    assert main.pane.percent[2] > before[2]
    assert sum(main.pane.percent) == 100
    assert abs(sum(main.draft.alloc) - 1.0) < 1e-9

    # Offers: a technology transfer to someone, with a funding sweetener, then send.
    d.key(pygame.K_2)
    main = d.top
    d.choose(main.pane.kind_menu, "Technology transfer")
    main = d.top
    d.click(main.pane.sweeteners["funds"].right_button.rect.center)
    assert main.pane.compose.funds > 0
    assert main.pane.prediction is not None and main.pane.prediction.reasons
    d.click_button("Send offer")
    assert len(game.draft(main.player).offers) == 1

    # Inbox: answer the first offer made to us.
    d.key(pygame.K_3)
    slots = game.open_offers(target=d.top.player)
    if slots:
        d.click_button("Reject")
        assert game.draft(d.top.player).answers.get(slots[0]) == st.ANSWER_REJECT

    # End the turn three times (the report opens after each and Enter closes it).
    for turn in range(1, 4):
        d.key(pygame.K_e, frames=4)
        assert game.turn == turn
        d.key(pygame.K_RETURN)
        assert isinstance(d.top, MainScreen)
    played = game.state

    # Save from the keyboard, quit to the title through the menu, load it back.
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    assert any(p.name != "autosave.lbsave" for p in tmp_path.glob("*.lbsave"))
    d.key(pygame.K_ESCAPE)
    d.click_button("Quit to title")
    assert len(d.app.stack) == 1
    d.click_button("Load game")
    rows = [r for r in d.top.saves if r.path.stem != "autosave"]
    d.top.index = d.top.saves.index(rows[0])
    d.click_button("Load")
    assert isinstance(d.top, MainScreen)
    assert d.top.game is not game
    assert states_equal(d.top.game.state, played)


def test_continue_resumes_the_autosave(tmp_path):
    from game.ui.screens.main import MainScreen

    d = Driver(tmp_path)
    d.key(pygame.K_n)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_e, frames=4)
    d.key(pygame.K_RETURN)
    turn = d.top.game.turn
    d.key(pygame.K_ESCAPE)
    d.click_button("Quit to title")
    d.key(pygame.K_c)
    assert isinstance(d.top, MainScreen)
    assert d.top.game.turn == turn


def test_hot_seat_hands_over_between_people_and_hides_the_last_ones_screen(tmp_path):
    from game.ui.screens.handover import HandoverScreen
    from game.ui.screens.main import MainScreen

    d = Driver(tmp_path)
    d.key(pygame.K_n)
    d.key(pygame.K_RETURN)
    d.click_button("Add players (hot-seat)")  # the highlighted nation stays a person's
    for name in ("China", "India"):
        d.click_button(name)  # the row in the list of nations
        d.click_button(f"{name}: computer")  # make it a person's
    assert len(d.top.people) == 3
    d.click_button("Start game")
    assert isinstance(d.top, HandoverScreen)
    seen = []
    for _ in range(3):
        assert isinstance(d.top, HandoverScreen)
        d.key(pygame.K_ESCAPE)  # Esc must not skip the hand-over
        assert isinstance(d.top, HandoverScreen)
        d.key(pygame.K_RETURN, frames=4)
        if not isinstance(d.top, MainScreen):
            d.key(pygame.K_RETURN)  # the turn report
        seen.append(d.top.player)
        d.key(pygame.K_e, frames=4)
    assert len(set(seen)) == 3
    assert d.top.game.turn == 1
    assert isinstance(d.top, HandoverScreen) and d.top.player == seen[0]
    assert pygame_gui is not None


def test_the_tutorial_plays_to_its_end_screen_from_the_keyboard(tmp_path):
    from game.paths import SCENARIOS
    from game.ui.screens.end import EndScreen

    tutorial = SCENARIOS / "tutorial.yaml"
    if not tutorial.exists():
        pytest.skip("no tutorial scenario")
    d = Driver(tmp_path)
    game = d.play_to_the_end(tutorial)
    assert game.over
    assert isinstance(d.top, EndScreen)
    assert not d.app.errors
    d.key(pygame.K_RETURN)
    assert len(d.app.stack) == 1


def test_resizing_the_window_and_changing_the_scale_rebuild_the_screen(tmp_path):
    from game.ui.screens.main import MainScreen

    d = Driver(tmp_path)
    d.key(pygame.K_n)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)
    assert isinstance(d.top, MainScreen)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1920, h=1080, size=(1920, 1080)))
    d.frames(2)
    assert d.app.size == (1920, 1080)
    assert d.top.map_rect.w > 1000 and d.app.scale == 1.5
    d.app.settings.scale = 1.3
    d.app.settings.high_contrast = True
    d.app.apply_settings()
    d.frames(2)
    assert isinstance(d.top, MainScreen) and d.top.end_button.alive()


def test_the_default_scenario_plays_to_its_end_screen_as_a_small_nation(tmp_path):
    from game.paths import DEFAULT_SCENARIO
    from game.ui.screens.end import EndScreen
    from game.ui.screens.nation_picker import NationPicker

    d = Driver(tmp_path)
    d.key(pygame.K_n)
    rows = [e.path for e in d.top.entries]
    for _ in range(rows.index(DEFAULT_SCENARIO)):
        d.key(pygame.K_DOWN, frames=1)
    d.key(pygame.K_RETURN)
    assert isinstance(d.top, NationPicker)
    ids = [n.id for n in d.top.nations]
    start, nigeria = d.top.index, ids.index("NGA")
    for _ in range(nigeria - start):
        d.key(pygame.K_DOWN, frames=1)
    assert d.top.people == ["NGA"]  # the nation walked to is the one played
    d.key(pygame.K_RETURN)
    game = d.top.game
    assert [game.catalog.nation_ids[i] for i in game.people] == ["NGA"]
    for _ in range(game.n_turns + 1):
        if isinstance(d.top, EndScreen):
            break
        d.key(pygame.K_e, frames=2)
        d.key(pygame.K_RETURN, frames=2)
    assert game.over
    assert isinstance(d.top, EndScreen)
    assert not d.app.errors
