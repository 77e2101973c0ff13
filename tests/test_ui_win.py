"""How to win, on screen (issue 10, items 2 and 3): the Goals tab, the SCORE tooltip, the race
forecast from the forecast process, advisers that compare paired futures, the end screen's
score parts. Driven as a person would, through the pixels where things are drawn."""

from __future__ import annotations

import time

import numpy as np
import pygame
from ui_driver import Driver

from game.engine import state as st
from game.engine.phases.victory import SCORE_PARTS, objectives_met, score_breakdown
from game.sim import forecast as fc
from game.sim import forecast_service as fs
from game.ui.screens.end import outcome_lines
from game.ui.screens.main.objectives import objective_rows, score_lines
from game.ui.screens.main.outlook import COMPUTING, Outlook, leader_line


def start(tmp_path) -> tuple[Driver, object]:
    d = Driver(tmp_path)
    d.click_button("New game")
    d.key(pygame.K_RETURN)
    d.click_button("Start game")
    return d, d.top


def wait(d: Driver, check, cap: int = 1200) -> bool:
    """Frames until ``check()`` (the forecast process answers in its own time)."""
    for _ in range(cap):
        if check():
            return True
        d.frames()
        time.sleep(0.05)
    return bool(check())


def test_the_goals_tab_lists_each_objective_as_the_engine_counts_it(tmp_path):
    d, main = start(tmp_path)
    try:
        d.click(main.tab_buttons["goals"].rect.center)
        assert main.tab == "goals"
        game, me = main.game, main.player
        rows = objective_rows(game, me)
        mine = np.nonzero(np.asarray(game.rules.obj_nation) == me)[0]
        assert [r["text"] for r in rows] == [game.catalog.objective_texts[j] for j in mine]
        met = np.asarray(objectives_met(game.state, game.rules))[0, mine]
        assert [r["met"] for r in rows] == [bool(m) for m in met]
        earned = sum(r["points"] for r in rows if r["met"])
        parts = score_breakdown(game.state, game.rules).parts
        assert earned == float(parts["objectives"][0, me])
        assert all(0.0 <= r["done"] <= 1.0 for r in rows)
        assert main.tab_buttons["goals"].text == f"Goals {int(met.sum())}/{len(rows)}"
    finally:
        main.outlook.close()


def test_hovering_score_shows_its_parts_adding_up_to_the_score(tmp_path):
    d, main = start(tmp_path)
    try:
        spot = main.top_hits["Score"].center
        below = pygame.Rect(spot[0] - 100, spot[1], 200, 150)  # the tooltip opens here
        before = pygame.surfarray.array3d(d.app.window.subsurface(below)).copy()
        d.move(spot)
        d.frames(2)
        after = pygame.surfarray.array3d(d.app.window.subsurface(below))
        assert (before != after).any(axis=2).sum() > 2000
        game, me = main.game, main.player
        lines = score_lines(game, me)
        values = [float(line.rsplit(": ", 1)[1]) for line in lines[1 : 1 + len(SCORE_PARTS)]]
        assert abs(sum(values) - float(game.state.score[0, me])) < 0.06 * len(values)
        assert lines[1 + len(SCORE_PARTS)] == f"Total: {float(game.state.score[0, me]):.1f}"
        assert "Winning bonus" in lines[-2]
    finally:
        main.outlook.close()


def test_the_race_forecast_comes_from_the_process_and_equals_one_made_here(tmp_path):
    d, main = start(tmp_path)
    try:
        assert main.outlook.race is None and COMPUTING in main.outlook.race_line()
        assert wait(d, lambda: main.outlook.race is not None)
        game = main.game
        here = fc.forecast(
            game.state, game.rules, game.seed, fc.FUTURES, game.difficulty, main.player
        )
        there = main.outlook.race
        assert np.array_equal(there.win, here.win)
        assert np.array_equal(there.seat_scores, here.seat_scores)
        assert main.outlook.race_line() == leader_line(game, here)
        assert "finishes first in" in main.outlook.race_line()
        # the line under the Moon panel opens the Goals tab
        d.click(main.forecast_rect.center)
        assert main.tab == "goals"
    finally:
        main.outlook.close()


class OldAnswers:
    """A forecast service whose every answer was computed for turn ``turn`` (a double)."""

    def __init__(self, answer: fs.ForecastResult):
        self.answer = answer
        self.asked: list[int] = []

    def start(self) -> None:
        pass

    def request(self, state, rules, seed, **kw) -> int:
        self.asked.append(int(state.turn))
        return len(self.asked)

    def poll(self):
        return self.answer

    def close(self) -> None:
        pass


def test_an_answer_for_another_turn_is_never_shown(tmp_path):
    d, main = start(tmp_path)
    main.outlook.close()
    game = main.game
    old = fc.forecast(game.state, game.rules, game.seed, 20, game.difficulty, main.player)
    stale = fs.ForecastResult(id=1, turn=game.turn + 5, forecast=old)
    service = OldAnswers(stale)
    outlook = Outlook(game, main.player, service)
    outlook.start()
    for _ in range(5):
        outlook.poll()
    assert outlook.race is None
    assert COMPUTING in outlook.race_line()
    assert set(service.asked) == {game.turn}  # asked again, for the game's own turn


def test_the_inbox_advisers_weigh_accepting_against_rejecting_over_paired_futures(tmp_path):
    d, main = start(tmp_path)
    main.end_turn()
    d.frames(3)
    while type(d.top).__name__ != "MainScreen":
        d.key(pygame.K_RETURN)
    main = d.top
    try:
        game, me = main.game, main.player
        inbox = game.open_offers(target=me)
        assert inbox, "the default game's first turn brings offers to the United States"
        d.click(main.tab_buttons["inbox"].rect.center)
        assert main.tab == "inbox"
        assert wait(d, lambda: len(main.outlook.advice) > 0)
        (comparison,) = main.outlook.advice.values()
        slot = inbox[0]
        draft = game.draft(me)
        base = fc.SeatOrders.of(draft)
        reject = base.__class__(**{**base.__dict__, "answers": ((slot, st.ANSWER_REJECT),)})
        accept = base.__class__(**{**base.__dict__, "answers": ((slot, st.ANSWER_ACCEPT),)})
        here = fc.compare(
            game.state, game.rules, game.seed, reject, accept, me, fc.FUTURES, game.difficulty
        )
        assert comparison.score_diff == here.score_diff
        assert comparison.win_diff == here.win_diff
        lines = main.advise("x", answers={slot: st.ANSWER_ACCEPT}, instead={slot: st.ANSWER_REJECT})
        assert "your final score" in lines[0][0] and "±" in lines[0][0]
    finally:
        main.outlook.close()


def test_the_end_screen_gives_every_nation_its_score_part_by_part(tmp_path):
    d, main = start(tmp_path)
    main.outlook.close()
    game = main.game
    texts = [line.text for line in outcome_lines(game)]
    parts = score_breakdown(game.state, game.rules).parts
    for i in range(game.n):
        prestige = f"prestige {float(parts['prestige'][0, i]):.1f}"
        bonus = f"winning bonus {float(parts['winner'][0, i]):.1f}"
        assert any(prestige in t and bonus in t for t in texts)
