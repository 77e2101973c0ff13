"""The race forecast: futures of a game in progress, on world ids that are never the game's."""

import dataclasses
import os
import time

import numpy as np
import pytest

from game.ai import decide
from game.engine import rng
from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.session.orders import OfferDraft, merge_orders
from game.sim import forecast as fc
from game.sim import forecast_service as fs

#: Futures per test forecast: enough to differ from a coin, few enough to be quick.
F = 40
#: A deadline for the service that only a broken service reaches (no timing is asserted).
PATIENCE = 300.0


@pytest.fixture(scope="module")
def match():
    m = Match(load_scenario(DEFAULT_SCENARIO), humans=["IND"], seed=7, world=5)
    for _ in range(3):
        m.end_turn()
    return m


@pytest.fixture(scope="module")
def india(match):
    return match.catalog.nation("IND")


def _mission_choice(match, seat):
    """The seat's draft, and the same draft flying its first open mission with half the money."""
    draft = fc.SeatOrders.of(match.draft(seat))
    q = int(np.flatnonzero(match.rules.mis_open[seat] & ~match.state.mission_done[0, seat])[0])
    return draft, dataclasses.replace(draft, mission=q, alloc=(0.0, 0.5, 0.4, 0.05, 0.05))


def test_future_ids_are_negative_and_skip_the_games_own():
    ids = fc.future_ids(2021, 4, 50)
    assert (ids < 0).all() and len(set(ids.tolist())) == 50
    skipped = fc.future_ids(2021, 4, 50, avoid=[int(ids[3])])
    assert int(ids[3]) not in skipped.tolist() and len(skipped) == 50
    assert not np.array_equal(fc.future_ids(2021, 5, 50), ids)  # a turn has a block of its own


def test_the_futures_never_draw_with_the_games_world_id(match, india, monkeypatch):
    seen = set()
    bits = rng.bits

    def spy(seed, world, turn, phase, index):
        seen.update(np.unique(np.asarray(world)).tolist())
        return bits(seed, world, turn, phase, index)

    monkeypatch.setattr(rng, "bits", spy)
    base, alt = _mission_choice(match, india)
    fc.compare(match.state, match.rules, match.seed, base, alt, india, futures=8)
    assert seen, "the futures drew no random numbers"
    assert 5 not in seen and all(w < 0 for w in seen)


def test_a_forecast_sums_up_its_futures(match, india):
    f = fc.forecast(match.state, match.rules, match.seed, F, match.difficulty, seat=india)
    assert f.turn == match.turn and f.futures == F and f.first_id < 0
    assert f.win.sum() == pytest.approx(1.0)  # every future ends with a winner
    assert f.finish[0] <= f.finish[1] <= f.finish[2] <= match.rules.n_turns
    assert f.finish[0] > match.turn
    assert 0.0 <= f.no_base <= 1.0
    assert f.seat_scores.shape == (F,) and f.seat_score[1] > 0
    assert 0.0 <= f.seat_win[0] <= 1.0


def test_the_same_inputs_give_the_same_forecast(match, india):
    a = fc.forecast(match.state, match.rules, match.seed, F, match.difficulty, seat=india)
    b = fc.forecast(match.state, match.rules, match.seed, F, match.difficulty, seat=india)
    assert np.array_equal(a.win, b.win) and a.finish == b.finish
    assert np.array_equal(a.seat_scores, b.seat_scores)


def test_paired_futures_of_identical_orders_differ_by_exactly_nothing(match, india):
    draft = fc.SeatOrders.of(match.draft(india))
    same = fc.compare(match.state, match.rules, match.seed, draft, draft, india, futures=F)
    assert same.score_diff == 0.0 and same.win_diff == 0.0 and same.score_se == 0.0


def test_a_different_choice_shows_as_a_difference_with_its_error(match, india):
    base, alt = _mission_choice(match, india)
    c = fc.compare(match.state, match.rules, match.seed, base, alt, india, futures=F)
    assert c.score_diff != 0.0 and c.score_se > 0.0
    assert c.base.first_id == c.alt.first_id  # the same futures, once with each choice


def test_the_seats_offer_and_answers_go_in_first_as_in_a_game(match, india):
    futures = fc.futures_of(match.state, fc.future_ids(match.seed, match.turn, 3))
    d = decide(futures, match.rules, match.seed, match.difficulty)
    slot = 0
    mine = dataclasses.replace(
        fc.SeatOrders.of(match.draft(india)),
        offers=(OfferDraft("apply", bloc=0),),
        answers=((slot, st.ANSWER_ACCEPT),),
    )
    orders = merge_orders(futures, d.orders, {india: mine})
    assert orders.new.active[:, 0].all() and (orders.new.sender[:, 0] == india).all()
    assert (orders.new.target[:, 0] == futures.leader[:, 0]).all()
    assert not orders.auto[:, india].any()
    to_me = futures.offers.target[:, slot] == india
    assert (orders.answers[to_me, slot] == st.ANSWER_ACCEPT).all()
    kept = d.orders.new.active.sum(axis=1)
    assert (orders.new.active.sum(axis=1) == np.minimum(kept + 1, orders.new.active.shape[1])).all()


def _wait(service):
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        out = service.poll()
        if out is not None:
            return out
        time.sleep(0.05)
    raise AssertionError("the forecast service gave no answer")


def test_the_service_answers_in_another_process_without_blocking(match, india):
    with fs.ForecastService() as service:
        assert service.poll() is None  # nothing asked, nothing to wait for
        rid = service.request(
            match.state, match.rules, match.seed, futures=F, seat=india, difficulty="normal"
        )
        assert service.busy
        out = _wait(service)
        assert service._process.pid != os.getpid()
    assert out.id == rid and out.turn == match.turn and out.error is None
    here = fc.forecast(match.state, match.rules, match.seed, F, "normal", seat=india)
    assert np.array_equal(out.forecast.win, here.win)
    assert np.array_equal(out.forecast.seat_scores, here.seat_scores)


def test_a_newer_request_overtakes_an_older_one_and_a_comparison_comes_back(match, india):
    base, alt = _mission_choice(match, india)
    with fs.ForecastService() as service:
        service.request(match.state, match.rules, match.seed, futures=F, seat=india)
        rid = service.request(
            match.state, match.rules, match.seed, futures=F, seat=india, base=base, alt=alt
        )
        out = _wait(service)
        assert out.id == rid and out.comparison is not None
        here = fc.compare(match.state, match.rules, match.seed, base, alt, india, F)
        assert out.comparison.score_diff == here.score_diff
        service.request(match.state, match.rules, match.seed, futures=F)
        service.cancel()
        assert not service.busy and service.poll() is None


def test_a_request_that_cannot_be_answered_comes_back_as_one_line(match):
    draft = fc.SeatOrders.of(match.draft(0))
    with fs.ForecastService() as service:
        service.request(match.state, match.rules, match.seed, futures=4, base=draft, alt=draft)
        out = _wait(service)
    assert out.forecast is None and out.comparison is None
    assert out.error and "\n" not in out.error
