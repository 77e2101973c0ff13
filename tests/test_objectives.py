"""How to win, read from the engine: objectives' progress, the score's parts, missions' outlook."""

import numpy as np
import pytest

from game.engine import law
from game.engine import state as st
from game.engine.outlook import mission_outlook
from game.engine.phases import victory
from game.engine.rules import OBJ
from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.sim.driver import run_batch


@pytest.fixture(scope="module")
def history():

    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=6, seed=3)
    return run_batch(compiled)


def test_the_objectives_points_earned_are_the_objectives_part_of_the_score(history):
    rules = history.compiled.rules
    for state in history.states[::4] + [history.final]:
        p = victory.objective_progress(state, rules)
        parts, _ = victory.score_parts(state, rules)
        per_nation = np.zeros_like(parts["objectives"])
        np.add.at(per_nation, (slice(None), p.nation), p.earned)
        assert np.allclose(per_nation, parts["objectives"])
        assert np.array_equal(p.met, victory.objectives_met(state, rules))


def test_a_threshold_objective_is_met_when_its_value_meets_its_threshold(history):
    rules = history.compiled.rules
    for state in history.states[1::5]:
        p = victory.objective_progress(state, rules)
        for kind, (_, comparison) in law.OBJECTIVE_THRESHOLDS.items():
            cols = p.kind == OBJ[kind]
            meets = law.meets(comparison, p.value[:, cols], p.threshold[cols])
            if kind == "contribution_share_at_least":  # and only as a member of the bloc
                inside = state.bloc[:, p.nation[cols]] == rules.obj_bloc[cols]
                meets &= inside
            assert np.array_equal(meets, p.met[:, cols]), kind


def test_a_yes_or_no_objective_reads_one_when_met_and_a_milestone_its_share_done(history):
    rules = history.compiled.rules
    state = history.states[10]
    p = victory.objective_progress(state, rules)
    yes_no = np.isin(p.kind, [OBJ[k] for k in ("in_bloc", "not_in_bloc", "unaligned", "bloc_wins")])
    assert np.array_equal(p.value[:, yes_no] == 1.0, p.met[:, yes_no])
    ms = p.kind == OBJ["milestone_done"]
    assert ms.any()
    assert ((p.value[:, ms] >= 0) & (p.value[:, ms] <= 1)).all()
    assert np.array_equal(p.value[:, ms] == 1.0, p.met[:, ms])
    assert (p.threshold[yes_no | ms] == 1.0).all()


def test_the_score_parts_add_up_to_the_score_the_engine_keeps_at_every_turn(history):
    rules = history.compiled.rules
    for state in history.states[1:]:
        b = victory.score_breakdown(state, rules)
        total = sum(b.parts[name] for name in victory.SCORE_PARTS)
        assert np.allclose(total, state.score) and np.array_equal(b.total, state.score)


def test_the_winning_bonus_is_at_stake_until_a_bloc_wins_and_then_counted(history):
    rules = history.compiled.rules
    bonus = rules.constants.winner_bonus
    start = victory.score_breakdown(history.states[1], rules)
    assert start.winner_bonus == bonus
    first = history.states[1]
    members = first.bloc >= 0
    share = victory.tenure_share_in(first, first.bloc)
    assert np.allclose(start.at_stake[members], bonus * share[members])
    assert (start.at_stake[~members] == 0).all() and (start.at_stake[members] > 0).any()
    end = victory.score_breakdown(history.final, rules)
    assert (end.at_stake == 0).all()
    final = history.final
    winners = final.bloc == final.winner[:, None]
    counted = end.parts["winner"][winners]
    # time served, times the share of what it brought its blocs that went to the winner
    commitment = victory.winner_commitment(final)
    assert np.allclose(counted, (bonus * victory.tenure_share(final) * commitment)[winners])
    assert (counted > 0).all() and (counted <= bonus).all()


@pytest.fixture()
def match():
    return Match(load_scenario(DEFAULT_SCENARIO), humans=["IND"], seed=5)


def _fly(match, seat, q, share=0.6):
    h = match.draft(seat)
    h.alloc = np.array([0.0, share, 0.9 - share, 0.05, 0.05])
    h.mission = q
    return match.end_turn({seat: h})


def test_a_mission_grows_at_the_outlooks_efficiency_and_its_duration_follows(match):
    seat = match.catalog.nation("IND")
    view = mission_outlook(match.state, match.rules)
    q = int(np.flatnonzero(view.closed[0, seat] == law.MissionClosed.OPEN)[-1])
    assert view.efficiency[0, seat, q] < 1.0  # the hardest mission: technology matters
    _fly(match, seat, q)
    spent = match.state.spent[0, seat, st.CAT_MISSIONS]
    made = match.state.mission_progress[0, seat, q]
    per_turn = np.full((1, match.rules.n_nations), spent)
    # the phase runs after the turn's research: the outlook read after the turn has its tech
    after = mission_outlook(match.state, match.rules, per_turn=per_turn)
    assert spent > 0 and made == pytest.approx(spent * after.efficiency[0, seat, q])
    assert after.invested[0, seat, q] == made
    expected = np.ceil((after.cost[q] - made) / (spent * after.efficiency[0, seat, q]) - 1e-9)
    assert after.turns[0, seat, q] == expected > 0
    assert after.turns_at(np.zeros((1, match.rules.n_nations)))[0, seat, q] == np.inf


def test_a_mission_not_offered_or_flown_is_closed_and_gets_no_money(match):
    rules = match.rules
    seat = match.catalog.nation("IND")
    view = mission_outlook(match.state, rules)
    not_offered = ~rules.mis_open
    assert np.array_equal(view.closed[0] == law.MissionClosed.NOT_OFFERED, not_offered)
    cheapest = int(np.argmin(np.where(rules.mis_open[seat], rules.mis_cost, np.inf)))
    for _ in range(6):
        if match.state.mission_done[0, seat, cheapest]:
            break
        _fly(match, seat, cheapest, share=0.9)
    assert match.state.mission_done[0, seat, cheapest], "the cheapest mission never flew"
    view = mission_outlook(match.state, rules)
    assert view.closed[0, seat, cheapest] == law.MissionClosed.FLOWN
    _fly(match, seat, cheapest, share=0.9)  # chosen again: the orders phase funds nothing
    assert match.state.spent[0, seat, st.CAT_MISSIONS] == 0.0
    none = np.full((1, rules.n_nations), -1)
    assert (
        law.mission_closed(rules, match.state.mission_done, none)
        == law.MissionClosed.NO_SUCH_MISSION
    ).all()


def test_a_missions_odds_and_growth_are_the_engines(match):
    rules, c = match.rules, match.rules.constants
    view = mission_outlook(match.state, rules)
    assert ((view.chance >= c.min_success) & (view.chance <= c.max_success)).all()
    # a nation short of the technology a mission needs has lower odds than the scenario's base
    short = view.shortfall > 0
    assert short.any()
    assert (
        view.chance[short] <= np.broadcast_to(rules.mis_success, view.chance.shape)[short]
    ).all()
    assert np.array_equal(view.grows > 0, rules.mis_req > 0)
    assert np.array_equal(view.prestige, rules.mis_prestige)
