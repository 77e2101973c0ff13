"""Defects a new player met in a real window (Xvfb, 1280x720), each held headless."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from ui_driver import Driver

from game.ui import theme as th
from game.ui.screens import base
from game.ui.widgets import fit


def start_game(d: Driver, nation: str | None = None):
    """New game on the default scenario as a person starts it: the default nation, or
    ``nation`` (by name) stepped to with the Down key."""
    from game.ui.screens.main import MainScreen

    d.click_button("New game")
    d.key(pygame.K_RETURN)
    if nation is not None:
        picker = d.top
        for _ in range(len(picker.list.item_list)):
            if picker.nations[picker.index].name == nation:
                break
            d.key(pygame.K_DOWN, frames=1)
    d.click_button("Start game")
    assert isinstance(d.top, MainScreen)
    return d.top


def drawn_texts(d: Driver, monkeypatch) -> list[tuple[str, int, bool, int | None]]:
    """Every line the screens draw in one frame: (text, pixel size, bold, width)."""
    seen: list[tuple[str, int, bool, int | None]] = []
    real = base.draw_text

    def spy(surface, text, pos, size, colour, bold=False, anchor="topleft", width=None):
        seen.append((str(text), size, bold, width))
        return real(surface, text, pos, size, colour, bold, anchor, width)

    monkeypatch.setattr(base, "draw_text", spy)
    d.frames(1)
    monkeypatch.undo()
    return seen


@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.25), ((1280, 720), 1.5)]
)
def test_the_hint_beside_the_tabs_is_never_cut_mid_word(tmp_path, monkeypatch, size, scale):
    # at 1280x720 the hint read "Selected: you · click th…"
    d = Driver(tmp_path, size=size, scale=scale)
    start_game(d)
    hints = [t for t in drawn_texts(d, monkeypatch) if t[0].startswith("Selected:")]
    for text, px, bold, width in hints:
        assert fit(text, th.font(px, bold), width) == text, text


def _side(score: float, won: float):
    """One side of a comparison, the shape of ``sim.forecast.Forecast`` the advisers read."""
    from types import SimpleNamespace

    return SimpleNamespace(seat_score=(score, 0.3), seat_win=(won, 0.01), difficulty="normal")


def _advice(what, **_kw):
    from types import SimpleNamespace

    from game.ui.screens.main.outlook import advice_lines

    # the shape the forecast process returns; its figures don't matter to the layout
    answer = SimpleNamespace(
        score_diff=0.1,
        score_se=0.3,
        win_diff=0.003,
        win_se=0.003,
        futures=300,
        base=_side(88.0, 0.41),
        alt=_side(88.1, 0.413),
    )
    return advice_lines(what, answer, rather="not sending it")


def _computing(what, **_kw):
    from game.ui.screens.main.outlook import advice_lines

    return advice_lines(what, None)  # the two lines shown while the futures are played


@pytest.mark.parametrize("advice", [_advice, _computing])
@pytest.mark.parametrize(
    ("size", "scale", "nation"),
    [
        ((1280, 720), 1.0, None),
        ((1280, 720), 1.25, None),
        ((1280, 720), 1.5, None),
        ((1920, 1080), None, None),
        ((1280, 720), 1.0, "India"),
        ((1280, 720), 1.15, "India"),
    ],
)
def test_the_offers_answer_panel_draws_no_line_over_another(
    tmp_path, monkeypatch, size, scale, nation, advice
):
    # at 1280x720 the advisers' lines were drawn over the chance of yes and its heading, and
    # (India's first offer) over the second line of the answer's summary
    from game.ui import panels

    d = Driver(tmp_path, size=size, scale=scale)
    main = start_game(d, nation)
    assert nation is None or main.game.name(main.player) == nation
    monkeypatch.setattr(main, "advise", advice)
    d.click(main.tab_buttons["offers"].rect.center, frames=4)
    assert main.tab == "offers"
    drawn: list[pygame.Rect] = []
    texts: list[str] = []
    real = panels.draw_text

    def spy(surface, text, pos, *args, **kwargs):
        rect = real(surface, text, pos, *args, **kwargs)
        if main.right_rect.contains(rect) and str(text).strip():
            drawn.append(rect)
            texts.append(str(text))
        return rect

    monkeypatch.setattr(panels, "draw_text", spy)
    d.frames(1)
    assert len(drawn) >= 4
    # and every line whole inside its panel (at 115% the advisers' last line was cut in half)
    theirs, _mine = main.pane.split_right(advice("sending it"))
    answer = [r for r in drawn if r.colliderect(theirs)]
    assert all(theirs.contains(r) for r in answer), (theirs, answer)
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            assert not a.colliderect(b), (a, b)
    # an adviser's sentence is shown whole or not at all ("(300 paired futures … no clear")
    fine_print = "".join(t for t in texts if "paired futures" in t or t.endswith(")"))
    assert not fine_print or fine_print.rstrip().endswith(")"), texts


@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.5), ((1920, 1080), None)]
)
def test_the_scenario_list_shows_every_title_whole_or_with_an_ellipsis(tmp_path, size, scale):
    # "2. Classroom (50 minutes): The Race for the Lunar South" was clipped at the list's edge
    from game.ui.screens.scenario_picker import ScenarioPicker

    d = Driver(tmp_path, size=size, scale=scale)
    d.click_button("New game")
    picker = d.top
    assert isinstance(picker, ScenarioPicker)
    shown = [item for item in picker.list.item_list if item.get("button_element")]
    assert shown
    for item in shown:
        button = item["button_element"]
        text_w = button.font.size(item["text"])[0]
        assert text_w <= button.rect.w - 2 * 8, item["text"]
    # a click on a shortened row still chooses its scenario
    last = shown[-1]["button_element"]
    d.click(last.rect.center)
    assert picker.index == len(shown) - 1


def test_the_turn_report_says_how_far_a_national_mission_is_paid():
    # India put $200 M into a Lunar orbiter and the report said nothing of where it went
    from game.engine import state as st
    from game.paths import DEFAULT_SCENARIO
    from game.scenario.catalog_files import scenario_info
    from game.session.match import Match
    from game.text.words import money
    from game.ui.report import changes_lines

    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"])
    me = game.people[0]
    names = game.catalog.mission_names
    q = max(range(len(names)), key=lambda m: float(game.rules.mis_cost[m]))  # a long one
    draft = game.draft(me)
    draft.mission = q
    alloc = [0.0, 0.0, 0.4, 0.05, 0.05]
    alloc[st.CAT_MISSIONS] = 0.5
    draft.alloc = alloc
    game.end_turn()
    paid = float(game.state.mission_progress[0, me, q])
    assert 0 < paid < float(game.rules.mis_cost[q])
    texts = [line.text for line in changes_lines(game, me)]
    # in the top bar's units (a first payment of millions is not "$0.50 B")
    assert any(t.startswith(f"{names[q]}: {money(paid)} of ") for t in texts), texts


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.25)])
def test_the_race_forecast_line_keeps_its_median_date(tmp_path, monkeypatch, size, scale):
    # at 125% it read "Artemis finishes first in 57% of futures, median 2032-…"
    from types import SimpleNamespace

    from game.ui.screens.main import outlook

    d = Driver(tmp_path, size=size, scale=scale)
    main = start_game(d)
    race = SimpleNamespace(win=np.array([0.57, 0.43]), finish_by_bloc=[(0, 20.0, 0), (0, 22.0, 0)])
    monkeypatch.setattr(main.outlook, "race", race)
    monkeypatch.setattr(main.outlook, "ready", lambda: True)
    full = outlook.leader_line(main.game, race)
    median = full.rsplit(" ", 1)[1]
    lines = [t for t in drawn_texts(d, monkeypatch) if "first in" in t[0]]
    assert lines
    for text, px, bold, width in lines:
        assert fit(text, th.font(px, bold), width) == text and text.endswith(median), text


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.15)])
def test_the_moon_panel_names_each_blocs_current_milestone(tmp_path, monkeypatch, size, scale):
    # at 115% the panel kept its picture and dropped the milestone being paid for and its odds
    from game.ui.render import text

    drawn: list[str] = []
    real = text.draw

    def spy(surface, label, *args, **kwargs):
        drawn.append(str(label))
        return real(surface, label, *args, **kwargs)

    monkeypatch.setattr(text, "draw", spy)  # before the panel is first drawn (it is cached)
    d = Driver(tmp_path, size=size, scale=scale)
    main = start_game(d)
    d.frames(1)
    game = main.game
    for k in range(len(game.catalog.bloc_ids)):
        idx = [int(m) for m in game.rules.ms_of_bloc[k] if not game.state.done[0, int(m)]]
        name = game.catalog.milestone_names[idx[0]]
        assert any(name[:12] in t for t in drawn), (name, drawn)
    assert any("odds" in t for t in drawn)


@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.15), ((1920, 1080), None)]
)
def test_the_title_subtitle_is_never_cut(tmp_path, monkeypatch, size, scale):
    # at 115% on 1280x720 it read "... permanent base on the Moo…"
    from game.ui.screens.title import SUBTITLE

    d = Driver(tmp_path, size=size, scale=scale)
    seen = drawn_texts(d, monkeypatch)
    parts = [t for t in seen if t[0] and t[0] in SUBTITLE]
    assert " ".join(t[0] for t in parts) == SUBTITLE
    for text, px, bold, width in parts:
        assert fit(text, th.font(px, bold), width) == text, text


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.15)])
def test_the_continue_list_keeps_each_rows_turn_and_time_whole(tmp_path, size, scale):
    # "2. Autosave · Tutorial: Your First Moon Race: Aurora Union · game over … saved 18:2"
    from game.paths import DEFAULT_SCENARIO, SCENARIOS
    from game.scenario.catalog_files import scenario_info
    from game.session.library import Library
    from game.session.match import Match
    from game.ui.screens.load import LoadScreen

    # two games in progress (a finished one is not listed under Continue), one with a long title
    for path, who in ((DEFAULT_SCENARIO, "IND"), (SCENARIOS / "tutorial.yaml", "AUR")):
        game = Match(scenario_info(path, "shipped").scenario, humans=[who])
        for _ in range(3 if who == "AUR" else 1):
            game.end_turn()
        assert not game.over
        Library(folder=tmp_path).autosave(game)
    d = Driver(tmp_path, size=size, scale=scale)
    d.click_button("Continue")
    load = d.top
    assert isinstance(load, LoadScreen) and len(load.saves) == 2
    for item in load.list.item_list:
        button = item["button_element"]
        assert button.font.size(item["text"])[0] <= button.rect.w - 2 * 8, item["text"]
        assert "·  saved " in item["text"] and not item["text"].endswith("…"), item["text"]
    d.click(load.list.item_list[1]["button_element"].rect.center)
    assert load.index == 1


def test_an_adviser_line_is_coloured_only_for_a_clear_difference():
    # "−1.7% ± 1.3%" was drawn red above "no clear difference beyond their spread"
    from types import SimpleNamespace

    from game.ui.screens.main.outlook import advice_lines

    def tones(score, win):
        answer = SimpleNamespace(
            score_diff=score,
            score_se=1.0,
            win_diff=win,
            win_se=0.013,
            futures=300,
            base=_side(80.0, 0.5),
            alt=_side(80.0 + score, 0.5 + win),
        )
        lines = advice_lines("accepting it", answer)
        return [tone for _text, tone in lines[:2]], "no clear difference" in lines[2][0]

    assert tones(1.0, -0.017) == (["text", "text"], True)
    assert tones(2.5, -0.03) == (["good", "bad"], False)
