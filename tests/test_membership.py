"""What a membership is worth: the score's parts the AI asks, the value of staying, and a
sharp level that plays its seat for its score (issue 9)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from game.ai.difficulty import get_difficulty
from game.ai.diplomacy import _staying, plan_diplomacy
from game.ai.judge import AIContext
from game.ai.membership import membership_stake
from game.engine.phases.victory import contribution_points, score_parts, winner_points
from game.engine.utility import TERMS
from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.session.play import play_turn
from game.sim.lab import _carry_offers
from game.sim.policies import SeatOrders

T = {name: i for i, name in enumerate(TERMS)}


@pytest.fixture(scope="module")
def compiled():
    return compile_scenario(load_scenario(str(DEFAULT_SCENARIO)), worlds=8)


@pytest.fixture(scope="module")
def mid_game(compiled):
    """The batch after six turns at normal: members, deals and contributions to weigh."""
    state = compiled.state
    for _ in range(6):
        state = play_turn(state, compiled.rules, compiled.seed, difficulty="normal").state
    return state


def test_the_score_parts_the_ai_asks_are_the_rulebooks_formulas(compiled):
    c = compiled.rules.constants
    # contribution: score_contribution x sum over blocs of (paid / total) x progress
    got = contribution_points(np.array([1.0, 3.0]), np.array([4.0, 4.0]), np.array([0.5, 1.0]), c)
    assert got == pytest.approx(c.score_contribution * (0.25 * 0.5 + 0.75 * 1.0))
    # winner: winner_bonus x tenure share x commitment, for a member of the winning bloc
    assert winner_points(True, 0.5, 0.8, c) == pytest.approx(c.winner_bonus * 0.4)
    assert winner_points(False, 0.5, 0.8, c) == 0.0


def test_the_score_is_made_of_those_parts(compiled, mid_game):
    parts, _ = score_parts(mid_game, compiled.rules)
    assert np.isfinite(parts["contribution"]).all() and (parts["contribution"] >= 0).all()
    assert (parts["contribution"] > 0).any()  # members who paid into a bloc score for it


def test_joining_early_is_worth_more_than_joining_late(compiled):
    s, rules = compiled.state, compiled.rules
    nga = compiled.catalog.nation("NGA")
    rows = (np.zeros(2, dtype=np.intp), np.full(2, nga), np.arange(2))
    early = membership_stake(s, rules, *rows)
    # two turns before the end, the founders have served and paid their charter all along
    t = rules.n_turns - 2
    served = (s.member * t).astype(s.tenure.dtype)
    dues = s.contribution[:, None, :] * s.budget[:, :, None] * rules.turn_years
    then = dataclasses.replace(s, turn=t, tenure=served, contributed=s.member * dues * t)
    late = membership_stake(then, rules, *rows)
    assert (early > late).all()
    over = membership_stake(dataclasses.replace(s, turn=rules.n_turns), rules, *rows)
    assert (over == 0).all()  # no turn left: nothing to gain


def test_staying_does_not_weigh_the_sovereignty_already_ratified(compiled, mid_game):
    rules = compiled.rules
    review = (mid_game.bloc >= 0) & (mid_game.leader[:, 0][:, None] != np.arange(rules.n_nations))
    value, terms = _staying(mid_game, rules, AIContext(mid_game, rules), review)
    assert terms.shape == (int(review.sum()), len(TERMS))
    assert (terms[:, T["sovereignty"]] == 0).all()
    np.testing.assert_allclose(value[review], terms.sum(axis=1))
    assert (value[~review] == 0).all()


def test_staying_counts_the_funds_partners_still_pay(compiled, mid_game):
    rules = compiled.rules
    s = mid_game
    w, n = np.nonzero((s.bloc >= 0) & ~np.isin(np.arange(rules.n_nations), s.leader))
    w, n = int(w[0]), int(n[0])
    partner = int(s.leader[w, s.bloc[w, n]])
    review = np.zeros(s.bloc.shape, dtype=bool)
    review[w, n] = True
    ctx = AIContext(s, rules)
    before, _ = _staying(s, rules, ctx, review)
    funds, until = s.deal_funds.copy(), s.deal_until.copy()
    funds[w, partner, n] += 0.5 * s.budget[w, n]
    until[w, partner, n] = s.turn + 3
    paid = dataclasses.replace(s, deal_funds=funds, deal_until=until)
    after, terms = _staying(paid, rules, AIContext(paid, rules), review)
    assert after[w, n] > before[w, n]
    assert terms[0, T["funds"]] > 0


def test_a_sharp_member_does_not_leave_a_membership_its_score_gains_from(compiled, mid_game):
    rules, s = compiled.rules, mid_game
    controlled = np.ones(s.bloc.shape, dtype=bool)
    # a level that finds every membership wanting: without stakes every reviewer leaves
    restless = dataclasses.replace(get_difficulty("hard"), leave_below=1e9, score_stakes=False)
    plain = plan_diplomacy(s, rules, restless, controlled, compiled.seed)
    assert plain.leave.any()
    sharp = dataclasses.replace(restless, score_stakes=True)
    kept = plan_diplomacy(s, rules, sharp, controlled, compiled.seed)
    assert not (kept.leave & ~plain.leave).any()
    lw, ln = np.nonzero(plain.leave)
    stake = membership_stake(s, rules, lw, ln, s.bloc[lw, ln])
    np.testing.assert_array_equal(kept.leave[lw, ln], stake <= 0)


def test_a_seat_at_another_level_keeps_its_own_levels_offers():
    # the seat's two offers sit in slots 1 and 3 of its own level's table
    w, p = 2, 4
    active = np.zeros((w, p), dtype=bool)
    active[0, [1, 3]] = True
    table = SimpleNamespace(
        **{
            name: np.arange(w * p).reshape(w, p).astype(float)
            for name in ("kind", "sender", "target", "bloc", "funds", "tech")
        },
        seats=np.zeros((w, p), dtype=np.int8),
        payload=np.zeros((w, p), dtype=np.int8),
        turns=np.full((w, p), 2, dtype=np.int16),
        active=active,
    )
    from game.engine.orders import empty_new_offers

    mine = SeatOrders(
        alloc=np.zeros((w, 5)),
        research=np.zeros((w, 5)),
        mission=np.full(w, -1),
        leave=np.zeros(w, dtype=bool),
        auto=np.ones(w, dtype=bool),
        answers=np.zeros((w, 3), dtype=np.int8),
        keep=active.copy(),
        new=empty_new_offers(w, 0),
    )
    out = _carry_offers(mine, table)
    assert not out.keep.any()  # nothing kept by slot in the other nations' table
    assert out.new.active.tolist() == [[True, True], [False, False]]
    assert out.new.target[0].tolist() == [1.0, 3.0]  # in their order, with their terms


def test_a_sharp_nation_applies_for_its_score_only_where_it_would_accept_an_invitation(
    compiled, mid_game, monkeypatch
):
    # the stake weighs the score; the temperament (its people's view of the bloc, the loss of
    # sovereignty) still has its say: hard applies only where it would say yes to the bloc
    import game.ai.diplomacy as dip

    rules, s = compiled.rules, mid_game
    controlled = s.bloc < 0  # the unaligned weigh applications; nobody recruits them
    monkeypatch.setattr(dip, "membership_stake", lambda st_, r_, w_, n_, k_: np.full(len(w_), 1e3))
    plain_utility = dip.utility_at

    def applicants(averse: np.ndarray) -> np.ndarray:
        def utility(state, rules_, ctx, mask, kind, sender, target, k, **kw):
            u, terms = plain_utility(state, rules_, ctx, mask, kind, sender, target, k, **kw)
            if kind == dip.INVITE:  # how each prospect would take the bloc's invitation
                u = np.where(averse[np.broadcast_to(target, u.shape)], u - 1e3, u)
            return u, terms

        monkeypatch.setattr(dip, "utility_at", utility)
        plan = plan_diplomacy(s, rules, get_difficulty("hard"), controlled, compiled.seed)
        new = plan.new
        out = np.zeros(s.bloc.shape, dtype=bool)
        wi, slot = np.nonzero(new.active & (new.kind == dip.APPLY))
        out[wi, new.sender[wi, slot]] = True
        return out

    none = np.zeros(s.bloc.shape[1], dtype=bool)
    eager = applicants(none)
    assert eager.any()  # the stake alone moves them
    averse = eager.any(axis=0)
    assert not (applicants(averse) & averse[None, :]).any()  # not into a bloc they would refuse
