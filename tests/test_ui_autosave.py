"""Each game keeps its own Continue: loading a save and playing on never writes over the
autosave of a game that had gone further (found in the s6 report review, issue 10)."""

from __future__ import annotations

import pygame
from test_ui_newplayer import start_game
from ui_driver import Driver

from game.session.library import AUTOSAVE_NAME, Library
from game.session.saves import read_save


def _end_turn(d: Driver) -> None:
    """End the turn with its key, then close the turn report as a person does (Escape)."""
    from game.ui.screens.main import MainScreen

    turn = d.top.game.turn
    d.key(pygame.K_e, frames=5)
    assert d.until(lambda: not isinstance(d.top, MainScreen) or d.top.game.turn > turn)
    while not isinstance(d.top, MainScreen):
        d.key(pygame.K_ESCAPE, frames=3)
    assert d.top.game.turn == turn + 1


def _to_title(d: Driver) -> None:
    d.key(pygame.K_ESCAPE, frames=3)
    d.click_button("Quit to title")
    if not d.widgets() or "Leave" in [b.text.split()[0] for b in d.widgets()]:
        d.click_button("Leave")


def _load(d: Driver, path) -> None:
    """The Load screen: click the save's row, then Load."""
    d.click_button("Load")
    load = d.top
    row = [i for i, info in enumerate(load.saves) if info.path == path]
    assert row, f"{path.name} is not listed"
    d.click(load.list.item_list[row[0]]["button_element"].rect.center)
    assert load.index == row[0]
    d.click_button("Load  [Enter]", frames=6)


def _autosaves(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob(f"{AUTOSAVE_NAME}-*.lbsave")}


def test_playing_on_from_an_older_save_keeps_the_autosave_that_went_further(tmp_path):
    d = Driver(tmp_path)
    library = Library(tmp_path)
    # game A: one turn, a named save (Ctrl+S), two turns more (its autosave is at turn 3)
    start_game(d)
    _end_turn(d)
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    (older,) = tmp_path.glob("ilrs-2021-turn02-*.lbsave")
    _end_turn(d)
    _end_turn(d)
    a = d.top.game
    a_file = library.autosave_path(a)
    _to_title(d)
    # game B, one turn
    start_game(d, "India")
    _end_turn(d)
    kept = _autosaves(tmp_path)
    assert len(kept) == 2
    _to_title(d)

    # load A's named save of turn 2 and play a turn: a line of play of its own
    _load(d, older)
    assert d.top.game.turn == 1
    _end_turn(d)
    now = _autosaves(tmp_path)
    for name, data in kept.items():
        assert now[name] == data, f"{name} was written over"
    (new,) = set(now) - set(kept)
    assert read_save(tmp_path / new)["summary"]["detail"].startswith("turn 3")
    assert read_save(a_file)["summary"]["detail"].startswith("turn 4")  # A as it was
    # Continue offers all three games
    assert len(library.in_progress()) == 3
    # the branch keeps its own file from now on
    _end_turn(d)
    assert set(_autosaves(tmp_path)) == set(now)
    assert read_save(tmp_path / new)["summary"]["detail"].startswith("turn 4")


def test_continuing_a_game_goes_on_writing_its_own_autosave(tmp_path):
    d = Driver(tmp_path)
    start_game(d)
    _end_turn(d)
    (only,) = _autosaves(tmp_path)
    _to_title(d)
    d.click_button("Continue", frames=6)
    assert d.top.game.turn == 1
    _end_turn(d)
    assert list(_autosaves(tmp_path)) == [only]
    assert read_save(tmp_path / only)["summary"]["detail"].startswith("turn 3")


def test_an_undo_in_a_game_opened_from_its_autosave_writes_that_autosave(tmp_path):
    # the teacher's undo goes back before the autosave's turn: the game's own file, no branch
    from game.paths import DEFAULT_SCENARIO
    from game.scenario.catalog_files import scenario_info
    from game.session.match import Match

    library = Library(tmp_path)
    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"], seed=1)
    for _ in range(3):
        game.end_turn()
    path = library.autosave(game)
    again = library.read(path)
    again.rewind(2)
    assert library.autosave(again) == path
    assert list(_autosaves(tmp_path)) == [path.name]


def test_two_games_saved_at_the_same_turn_keep_both_files(tmp_path, monkeypatch):
    # the end screen's save for the debrief was named by scenario and turn only
    from game import paths
    from game.paths import DEFAULT_SCENARIO
    from game.scenario.catalog_files import scenario_info
    from game.session.match import Match

    monkeypatch.setattr(paths, "saves_dir", lambda: tmp_path)
    scenario = scenario_info(DEFAULT_SCENARIO, "shipped").scenario
    one, two = (Match(scenario, humans=[who], seed=1) for who in ("IND", "JPN"))
    for game in (one, two):
        game.end_turn()
    assert one.save() != two.save()
    assert len(list(tmp_path.glob("*.lbsave"))) == 2


def test_the_debrief_save_from_the_end_screen_is_listed_by_the_library(tmp_path):
    # the end screen saved the game for its debrief in paths.saves_dir(), not in the folder
    # the Library lists: the player never found it on the Load screen
    from pathlib import Path

    from test_victory_why import _tutorial

    from game.ui.screens.end import EndScreen
    from game.ui.screens.load import LoadScreen

    game = _tutorial(6)
    d = Driver(tmp_path)
    d.app.nav.show(game)
    d.frames(3)
    end = d.top
    assert isinstance(end, EndScreen)
    d.click_button("Debrief")
    assert end.debrief_job is not None, "no debrief was started"
    proc, _out, log = end.debrief_job
    try:
        saved = Path(proc.args[proc.args.index("debrief") + 1])  # what the debrief reads
    finally:
        proc.kill()  # the thousand worlds are not what this test is about
        proc.wait()
        log.close()
    assert saved.parent == tmp_path and saved.exists()
    assert game.game_id in saved.name
    d.click_button("Back to title")
    d.click_button("Load")
    assert isinstance(d.top, LoadScreen)
    listed = {info.path: info for info in d.top.saves}
    assert saved in listed, sorted(p.name for p in listed)
    assert not listed[saved].error
