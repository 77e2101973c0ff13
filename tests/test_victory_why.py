"""Why the winner won, said from the engine's record (issue 10, s6 review): on the tutorial's
last turn two blocs completed a base and the report only said who won."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.engine import state as st
from game.engine.phases.victory import WIN_RULES
from game.paths import SCENARIOS
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.text.words import event_sentence, victory_why
from game.ui.report import happened_lines
from game.ui.screens.end import outcome_lines

TUTORIAL = SCENARIOS / "tutorial.yaml"
pytestmark = pytest.mark.skipif(not TUTORIAL.exists(), reason="no tutorial")


def _tutorial(seed: int) -> Match:
    """The tutorial played to its end as Aurora Union, 60% to the bloc programme."""
    game = Match(scenario_info(TUTORIAL, "shipped").scenario, humans=["AUR"], seed=seed)
    while not game.over:
        game.draft(game.people[0]).alloc = [0.6, 0.0, 0.3, 0.1, 0.0]
        game.end_turn()
    return game


def test_two_bases_in_the_last_turn_the_first_completed_wins_and_the_report_says_so():
    # seed 6: Horizon and Jade both complete Lunar outpost in the last turn
    game = _tutorial(6)
    book = game.ledgers[-1].blocs
    at = book["base_at"][0]
    assert WIN_RULES[int(book["won_by"][0])] == "base_first"
    assert np.isfinite(at).sum() == 2
    winner = int(game.state.winner[0])
    assert winner == int(np.nanargmin(at))  # the first base completed in the turn
    names = game.catalog.bloc_names
    why = victory_why(game.catalog, game.ledgers[-1], game.rules)
    loser = 1 - winner
    assert f"{names[winner]}'s at {at[winner] * 100:.0f}%" in why
    assert f"{names[loser]}'s at {at[loser] * 100:.0f}%" in why
    assert why.endswith(f"the first base completed wins, and {names[winner]}'s was first.")
    texts = [line.text for line in happened_lines(game, game.people[0])]
    won = next(i for i, t in enumerate(texts) if t.endswith("and wins."))
    assert texts[won].startswith(names[winner]) and texts[won + 1] == f"why: {why}"
    assert outcome_lines(game)[1].text == why


def test_a_base_completed_alone_is_said_to_be_the_only_one_and_the_failed_attempt_named():
    game = _tutorial(16)  # Jade's attempt at its base fails in the turn Horizon's succeeds
    book = game.ledgers[-1].blocs
    assert WIN_RULES[int(book["won_by"][0])] == "base_alone"
    names = game.catalog.bloc_names
    winner = int(game.state.winner[0])
    loser = 1 - winner
    # the other bloc's base: attempted this turn, as the ledger booked it, and not completed
    (base,) = np.flatnonzero(game.rules.ms_base & (game.rules.ms_bloc == loser))
    assert book["attempted"][0, base] and not np.isfinite(book["base_at"][0, loser])
    ev = game.events[-1]
    assert ((ev.code == st.EV["milestone_failure"]) & (ev.bloc == loser)).any()  # the news
    chance = book["chance"][0, base] * 100
    why = victory_why(game.catalog, game.ledgers[-1], game.rules)
    assert why == (
        f"{names[winner]} was the only bloc to complete its base. {names[loser]}'s attempt at "
        f"its base, {game.catalog.milestone_names[base]}, failed (chance {chance:.0f}%)."
    )
    # said where the player reads why the winner won: the report and the end screen
    texts = [line.text for line in happened_lines(game, game.people[0])]
    assert f"why: {why}" in texts
    assert outcome_lines(game)[1].text == why


def test_the_end_screen_of_the_tutorial_played_to_its_end_says_why_the_winner_won(
    tmp_path, monkeypatch
):
    from ui_driver import Driver

    from game.ui import richtext
    from game.ui.screens.end import EndScreen

    laid_out: list[str] = []
    real = richtext.wrap

    def spy(text, *args, **kwargs):
        laid_out.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(richtext, "wrap", spy)
    d = Driver(tmp_path)
    game = d.play_to_the_end(TUTORIAL)
    assert isinstance(d.top, EndScreen)
    d.frames(2)
    why = victory_why(game.catalog, game.ledgers[-1], game.rules)
    assert why and why in laid_out
    pygame.image.save(d.app.window, str(tmp_path / "end.png"))


def _events(rows: list[tuple[str, int, int]]) -> st.Events:
    """A turn's log of milestone rows (code, bloc, milestone) in world 0."""
    n = len(rows)
    return st.Events(
        world=np.zeros(n, np.int64),
        code=np.array([st.EV[c] for c, _, _ in rows], np.int16),
        nation=np.full(n, -1, np.int16),
        other=np.full(n, -1, np.int16),
        bloc=np.array([k for _, k, _ in rows], np.int16),
        item=np.array([m for _, _, m in rows], np.int32),
        value=np.array([3.0] * n),
        terms=np.zeros((n, 1)),
        reason=np.zeros(n, np.int8),
    )


def test_a_milestone_that_failed_then_succeeded_in_one_turn_says_it_was_tried_twice():
    catalog = Match(scenario_info(TUTORIAL, "shipped").scenario).catalog
    ev = _events([("milestone_failure", 0, 1), ("milestone_success", 0, 1)])
    name = catalog.milestone_names[1]
    failed, completed = (event_sentence(catalog, ev, r) for r in range(2))
    assert failed.endswith("; a second attempt later in the turn succeeded.")
    assert f"completed {name} on a second attempt this turn" in completed
    once = _events([("milestone_failure", 0, 1), ("milestone_success", 1, 1)])
    assert "second" not in event_sentence(catalog, once, 0)
    assert "second" not in event_sentence(catalog, once, 1)
