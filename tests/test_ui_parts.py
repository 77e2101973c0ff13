"""The UI's small parts: budget shares, settings files, the scenario list, news, saves."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.ui.screens.main import rebalance
from game.ui.settings import Settings, load_settings, save_settings

shares = st.lists(st.integers(0, 100), min_size=5, max_size=5).filter(lambda v: sum(v) > 0)


@settings(max_examples=200, deadline=None)
@given(values=shares, changed=st.integers(0, 4), new=st.integers(-20, 140))
def test_budget_shares_always_sum_to_100_with_the_moved_one_kept(values, changed, new):
    total = sum(values)
    start = [round(v * 100 / total) for v in values]
    start[0] += 100 - sum(start)
    if start[0] < 0:
        return
    out = rebalance(start, changed, new)
    assert sum(out) == 100
    assert all(v >= 0 for v in out)
    assert out[changed] == max(0, min(100, new))


def test_settings_survive_a_damaged_file(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text(json.dumps({"scale": 99, "difficulty": "godlike", "sound": "yes"}), "utf-8")
    loaded = load_settings(path)
    assert (
        loaded.scale == 2.0 and loaded.difficulty == "normal" and loaded.sound is Settings().sound
    )
    save_settings(Settings(scale=1.3, high_contrast=True), path)
    assert load_settings(path).projector


def test_settings_take_no_switch_for_a_number_nor_a_number_for_a_switch(tmp_path):
    # bool is an int in Python; a file saying ``"width": true`` must not give a 1-pixel window
    path = tmp_path / "settings.json"
    values = {"width": True, "volume": False, "scale": True, "sound": 1, "fullscreen": 0}
    path.write_text(json.dumps(values), "utf-8")
    loaded = load_settings(path)
    default = Settings()
    assert (loaded.width, loaded.volume, loaded.scale) == (default.width, default.volume, None)
    assert loaded.sound is default.sound and loaded.fullscreen is default.fullscreen


def test_a_broken_scenario_is_listed_with_its_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {id: x}\nnations: 3\n", encoding="utf-8")
    item = scenario_info(bad, "user")
    assert not item.ok and item.errors
    assert all(str(p) for p in item.errors)


@pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")
def test_a_damaged_save_is_refused_and_changes_nothing(tmp_path):
    from game.session.library import GameError, Library
    from game.session.match import Match

    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"])
    game.end_turn()
    services = Library(tmp_path)
    path = services.save_new(game)
    assert services.read(path).turn == game.turn
    path.write_text(path.read_text("utf-8").replace('"seed"', '"sEed"'), "utf-8")
    with pytest.raises(GameError, match="checksum"):
        services.read(path)
    foreign = tmp_path / "foreign.lbsave"
    foreign.write_text("hello", "utf-8")
    with pytest.raises(GameError):
        services.read(foreign)


@pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")
def test_every_event_of_a_played_game_reads_as_a_sentence():
    from game.session.match import Match
    from game.ui.news import news

    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"])
    lines = 0
    for _ in range(6):
        game.end_turn()
        items = news(game, game.events[-1], game.people[0])
        assert all(item.text and item.text[0].isupper() for item in items)
        lines += len(items)
    assert lines > 0


def test_a_news_reason_too_long_for_its_line_wraps_under_itself():
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.ui import theme as th
    from game.ui.news import NewsItem
    from game.ui.report import news_lines
    from game.ui.richtext import ScrollText

    pygame.init()
    why = "relations with the bloc +0.6, technology gained +0.2, contribution owed −0.2, " * 3
    lines = news_lines([NewsItem("Belarus joined the station.", False, "good", why=why)])
    column = ScrollText(pygame.Rect(0, 0, 320, 400), lines, 1.0, th.colours(False))
    # the bullet, the item, then the reason's lines, every one starting at its indent
    reason = [x for image, x, y in column.images[2:]]
    assert len(reason) > 1 and set(reason) == {18}
