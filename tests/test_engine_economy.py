"""The economy's rules: paced milestones, early work, successors in the same turn, refunds,
participation by turns served, reserves that meet crises, the tie between two bases, and
contributions in kind (research, diplomacy, a reserve that makes good a failure)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from engine_vocab import make_world

from game.engine import law
from game.engine import state as st
from game.engine.ledger import Ledger
from game.engine.rules import Constants
from game.engine.step import step

C = Constants()


# ------------------------------------------------------------------ the law, on its own


def test_progress_has_diminishing_returns_up_to_twice_the_capacity():
    cap = np.array([[10.0]])
    money = np.array([0.0, 5.0, 10.0, 20.0, 30.0])[:, None]
    got = law.paced_progress(money, cap)[:, 0]
    assert got[0] == 0.0
    # each further dollar buys less, and nothing beyond 2 A: at most A a turn
    assert np.all(np.diff(got[:4]) > 0)
    assert got[1] / 5.0 > got[2] / 10.0 > got[3] / 20.0
    assert got[2] == pytest.approx(7.5)  # at the capacity's pace: three quarters
    assert got[3] == got[4] == pytest.approx(10.0)


def test_a_milestone_asks_for_the_top_pace_and_finishes_when_its_money_allows():
    cap = np.full((1, 4), 8.0)
    remaining = np.array([[0.0, 2.0, 7.9, 30.0]])
    want = law.top_pace_money(remaining, cap)
    assert (law.paced_progress(want, cap) >= np.minimum(remaining, 8.0) - 1e-12).all()
    assert want[0, 3] == pytest.approx(16.0)  # more than a turn's work: 2 A at most
    # at the top pace (x = 2 L) the work takes L / A of the turn; more money is no faster
    # than the pace allows, less takes longer
    assert law.finish_share(np.array([4.0]), np.array([2.0]), 8.0)[0] == pytest.approx(0.25)
    slower = law.finish_share(np.array([3.0]), np.array([2.0]), 8.0)[0]
    assert 0.25 < slower <= 1.0


def test_capacity_is_the_cost_spread_over_min_years():
    c = Constants(min_years=2.0)
    assert law.milestone_capacity(np.array([40.0]), 0.5, c)[0] == pytest.approx(10.0)


def test_the_pool_is_split_in_proportion_to_capacity_and_leftovers_move_on():
    cap = np.array([[10.0, 30.0]])
    even = law.pace_split(np.array([8.0]), np.array([[100.0, 100.0]]), cap)
    assert even[0] == pytest.approx([2.0, 6.0])
    # the first wants only 1: the rest goes to the second, nothing is lost
    short = law.pace_split(np.array([8.0]), np.array([[1.0, 100.0]]), cap)
    assert short[0] == pytest.approx([1.0, 7.0])
    # nobody wants more than 3 in all: 5 is left unused
    full = law.pace_split(np.array([8.0]), np.array([[1.0, 2.0]]), cap)
    assert full.sum() == pytest.approx(3.0)


def _chain(costs, progress, money, turn_years=1.0, succeed=None, done_before=None, **constants):
    """One turn of ``law.programme_rounds`` for a chain of milestones (each requires the one
    before) in one world, from ``done_before`` (default: none done); ``succeed`` (milestone ->
    bool per attempt, in order; default all succeed); ``money`` None: all they ask.
    Returns (progress, done, money left, end shares, attempts made)."""
    c = dataclasses.replace(C, **constants)
    m = len(costs)
    idx = np.arange(m)
    prereq = np.zeros((m, m), bool)
    for i in range(1, m):
        prereq[i, i - 1] = True
    prog = np.array([progress], float)
    done = np.zeros((1, m), bool) if done_before is None else np.array([done_before], bool)
    tries = []
    plan = {k: list(v) for k, v in (succeed or {}).items()}

    def attempt(full):
        for i in np.flatnonzero(full[0]):
            tries.append(int(i))
            ok = plan.get(int(i), [True]).pop(0) if plan.get(int(i)) else True
            if ok:
                done[0, i] = True
            else:
                prog[0, i] -= c.failure_progress_loss * prog[0, i]

    left, _, _, end = law.programme_rounds(
        None if money is None else np.array([money], float),
        done,
        prog,
        idx,
        prereq,
        np.array(costs, float),
        np.ones((1, m)),
        turn_years,
        c,
        attempt,
    )
    return prog[0], done[0], left, end[0], tries


def test_the_open_milestone_is_paid_before_work_prepared_early():
    # short of money: all of it goes to the milestone the next one waits for
    prog, done, _, _, _ = _chain([10.0, 10.0], [2.0, 0.0], 3.0, min_years=1.0, prework=0.5)
    assert prog[0] > 2.0 and prog[1] == 0.0 and not done.any()
    # enough: the open one is finished and the rest goes on to the next one
    prog, done, _, _, _ = _chain([10.0, 10.0], [2.0, 0.0], 40.0, min_years=1.0, prework=0.5)
    assert done[0] and prog[1] > 0.0


def test_a_milestone_an_attempt_opens_at_the_turns_start_is_worked_for_the_whole_turn():
    # the first is paid all but a sliver: it is attempted at once and succeeds, and the
    # second is worked as an open milestone from then on with the turn's money (before, the
    # money went to early work at the top pace, up to the early-work limit, and none was
    # left when the milestone opened: the turn's length decided how long it lay idle)
    costs, money = [10.0, 10.0], 9.0
    prog, done, _, end, _ = _chain(costs, [9.999, 0.0], money, min_years=1.0, prework=0.5)
    assert done[0] and not done[1]
    x = money - 0.001  # the money left after the sliver, spread over the whole turn
    assert prog[1] == pytest.approx(law.paced_progress(x, costs[1]), rel=1e-3)
    assert prog[1] > 0.5 * costs[1] + 1.0
    assert end[1] == pytest.approx(1.0)


def test_a_failure_is_rebuilt_before_early_work_takes_the_money():
    # the first fails at the turn's start: the money rebuilds it and it is attempted again
    # in the turn, rather than going to early work on the second
    costs = [10.0, 10.0]
    prog, done, _, _, tries = _chain(
        costs, [9.999, 0.0], 12.0, succeed={0: [False, True]}, min_years=1.0, prework=0.5
    )
    assert tries[:2] == [0, 0]
    assert done[0]


def test_a_chain_paced_by_min_years_ends_on_the_same_date_at_any_turn_length():
    # three milestones at the top pace with money to spare: yearly turns and two-year turns
    # finish the chain at the same date (each takes min_years, the next starts when it ends)
    costs = [10.0, 10.0, 10.0]

    def finish(turn_years):
        prog, done = [0.0, 0.0, 0.0], np.zeros(3, bool)
        for turn in range(20):
            p, done, _, end, _ = _chain(
                costs, prog, None, turn_years, done_before=done, min_years=2.0, prework=0.0
            )
            prog = list(p)
            if done.all():
                return (turn + end[2]) * turn_years
        return None

    assert finish(1.0) == pytest.approx(6.0, abs=1e-6)
    assert finish(2.0) == pytest.approx(finish(1.0), abs=1e-6)


def test_participation_is_counted_in_turns_served():
    members = np.array([[True, True, False]])
    tenure = np.array([[9, 0, 20]])
    share = law.participation(members, tenure)
    assert share[0] == pytest.approx([10 / 11, 1 / 11, 0.0])


def test_the_reserve_buys_back_a_budget_cut_at_crisis_years_of_it():
    c = Constants(crisis_cover=1.0, crisis_years=2.0)
    cut = np.array([1.0, 1.0, 1.0])
    paid = law.crisis_cover(cut, np.array([5.0, 1.0, 0.0]), c)
    assert paid == pytest.approx([2.0, 1.0, 0.0])
    assert law.crisis_relief(paid, cut, c) == pytest.approx([1.0, 0.5, 0.0])
    half = Constants(crisis_cover=0.5, crisis_years=2.0)
    assert law.crisis_relief(law.crisis_cover(cut, np.full(3, 5.0), half), cut, half) == (
        pytest.approx([0.5, 0.5, 0.5])
    )


# ------------------------------------------------------------------ the rules, in a turn


def _all_in(w, nation="USA"):
    w.spend(nation, bloc=1.0)


def test_money_beyond_a_milestones_pace_is_refunded_and_no_contribution():
    slow = make_world(min_years=20.0, prework=0.0)  # a slow programme cannot take much
    _all_in(slow)
    book = Ledger()
    slow.state, _ = step(slow.state, slow.orders(), slow.rules, slow.seed, ledger=book)
    usa, k = slow.n("USA"), slow.b("artemis")
    back = book.rows[("reserve", "refund", k)][0, usa]
    paid = slow.state.spent[0, usa, 0]
    assert back > 0.5 * paid
    assert slow.state.contributed[0, usa, k] == pytest.approx(
        paid - back + slow.rules.constants.in_kind_credit * slow.state.spent[0, usa, 2]
    )


def test_a_faster_pace_turns_the_same_money_into_more_progress():
    progress = []
    for years in (4.0, 1.0):
        w = make_world(min_years=years, prework=0.0)
        _all_in(w)
        w.end_turn()
        progress.append(w.state.progress[0].sum())
    assert progress[1] > progress[0]


def test_the_economy_asks_the_law_for_progress(monkeypatch):
    w = make_world()
    before = w.state
    _all_in(w)
    orders = w.orders()
    normal, _ = step(before, orders, w.rules, w.seed)
    # the rule lives in the law's programme module, where the turn's rounds look it up
    monkeypatch.setattr(law.programme, "paced_progress", lambda x, cap: np.zeros(np.shape(x)))
    stopped, _ = step(before, orders, w.rules, w.seed)
    assert normal.progress.sum() > 0
    assert stopped.progress.sum() == 0


def test_the_programme_asks_the_law_for_diplomacys_relief(monkeypatch):
    w = make_world()
    before = w.state
    w.spend("USA", bloc=0.9, diplomacy=0.1)
    w.spend("JPN", bloc=0.9, diplomacy=0.1)
    orders = w.orders()
    normal, _ = step(before, orders, w.rules, w.seed)
    monkeypatch.setattr(  # bloc_factors, in the law's programme module, asks it
        law.programme,
        "diplomacy_relief",
        lambda d, p, years, c: np.zeros(np.broadcast(d, p).shape),
    )
    plain, _ = step(before, orders, w.rules, w.seed)
    assert normal.progress.sum() > plain.progress.sum()


def test_a_successor_is_worked_in_the_turn_its_prerequisite_completes():
    # the robotic lander and the flyby are all but done: they finish early in the turn, and
    # the landing they open takes the money left, for the rest of the turn
    w = make_world(max_success=1.0, min_success=1.0, prework=0.0)
    m = w.catalog.index["milestone"]
    progress = w.state.progress.copy()
    for name in ("robotic", "flyby"):
        progress[:, m[name]] = 0.99 * w.rules.ms_cost[m[name]]
    w.state = dataclasses.replace(w.state, progress=progress)
    _all_in(w)
    w.spend("JPN", bloc=1.0)
    w.end_turn()
    assert w.state.done[0, m["robotic"]] and w.state.done[0, m["flyby"]]
    assert w.state.progress[0, m["landing"]] > 0


def _used_and_demand(w):
    """What a bloc's pool used in one turn (paid less refunds) and what the law said it could
    use (``pool_demand`` at the turn's own efficiency, read from the ledger)."""
    k = w.b("artemis")
    before = w.state
    book = Ledger()
    w.state, _ = step(before, w.orders(), w.rules, w.seed, ledger=book)
    paid = book.blocs["paid"][0] * before.member[0, :, k]
    back = book.rows.get(("reserve", "refund", k), np.zeros((1, paid.size)))[0]
    idx = w.rules.ms_of_bloc[k]
    eff = book.blocs["efficiency"][:, idx]
    demand = law.pool_demand(
        before.done,
        before.progress,
        idx,
        w.rules.ms_prereq[idx],
        w.rules.ms_cost[idx],
        eff,
        w.rules.turn_years,
        w.rules.constants,
    )
    assert back.sum() > 0 or paid.sum() <= demand[0]  # flush: the rest was refunded
    return float(paid.sum() - back.sum()), float(demand[0])


def test_the_pool_demand_is_what_a_flush_bloc_uses_when_every_attempt_succeeds():
    # more money than the pace can use, and successors opened within the turn (every attempt
    # succeeds): the programme uses exactly what the law says it can, the rest is refunded
    w = make_world(max_success=1.0, min_success=1.0, min_years=1.0)
    m = w.catalog.index["milestone"]
    progress = w.state.progress.copy()
    for name in ("robotic", "flyby"):
        progress[:, m[name]] = 0.9 * w.rules.ms_cost[m[name]]
    w.state = dataclasses.replace(w.state, progress=progress, budget=10.0 * w.state.budget)
    for _ in range(3):
        _all_in(w)
        w.spend("JPN", bloc=1.0)
        done_before = w.state.done.sum()
        used, demand = _used_and_demand(w)
        assert used == pytest.approx(demand, rel=1e-9)
        assert w.state.pool[0, w.b("artemis")] > used  # more was paid in than used
    assert w.state.done.sum() > done_before  # a completion opened successors on the way


def test_the_phase_and_the_pool_demand_play_one_rule(monkeypatch):
    # the rounds of a turn are written once (law.programme_rounds): a programme that asks for
    # less at the top pace changes what the phase uses and what the law says it can use alike
    calls = []
    rounds = law.programme_rounds

    def counted(*args, **kw):
        calls.append(args[0] is None)  # None: asked by pool_demand
        return rounds(*args, **kw)

    pace = law.pace_want
    # the phase asks ``law.programme_rounds``, pool_demand its own module's (the same function)
    monkeypatch.setattr(law, "programme_rounds", counted)
    monkeypatch.setattr(law.programme, "programme_rounds", counted)
    monkeypatch.setattr(
        law.programme, "pace_want", lambda left, room, eff: 0.6 * pace(left, room, eff)
    )
    w = make_world(max_success=1.0, min_success=1.0, min_years=1.0)
    w.state = dataclasses.replace(w.state, budget=10.0 * w.state.budget)
    _all_in(w)
    w.spend("JPN", bloc=1.0)
    used, demand = _used_and_demand(w)
    assert used == pytest.approx(demand, rel=1e-9)
    assert True in calls and False in calls  # the phase played it, pool_demand asked it


def test_a_bloc_short_of_money_uses_it_all_below_the_pool_demand():
    w = make_world(min_years=2.0, prework=0.0)
    w.spend("USA", bloc=0.05, research=0.95)
    w.spend("JPN", bloc=0.05, research=0.95)
    used, demand = _used_and_demand(w)
    assert used < demand


def test_reserves_meet_an_events_budget_cut_first():
    budgets = {}
    for cover in (0.0, 1.0):
        w = make_world(crisis_cover=cover, crisis_years=1.0)
        rus = w.n("RUS")
        while not w.state.event_fired[0, 0]:
            w.spend("RUS", bloc=0.2, reserve=0.8)  # a nation that saves
            book = Ledger()
            before = w.state
            w.state, _ = step(before, w.orders(), w.rules, w.seed, ledger=book)
        budgets[cover] = (w.state, book)
    (plain, _), (covered, book) = budgets[0.0], budgets[1.0]
    assert covered.budget[0, rus] > plain.budget[0, rus]
    # what the reserve paid is booked under the event, and it bought back the cut
    paid = -book.rows[("reserve", "event", 0)][0, rus]
    cut = covered.budget[0, rus] - plain.budget[0, rus]
    assert paid > 0
    assert paid == pytest.approx(cut * 1.0)  # one year of the cut annuls it


def test_the_first_base_completed_within_a_turn_wins():
    # both bases are completed in the same turn; the ILRS's needs less of its turn's pace,
    # so it is done first and wins, although the Artemis Accords are listed first
    w = make_world(max_success=1.0, min_success=1.0, prework=0.0)
    m = w.catalog.index["milestone"]
    art, ilrs = m["base"], m["ilrs-base"]
    cost = w.rules.ms_cost
    done = w.state.done.copy()
    done[:, :] = True
    done[:, [art, ilrs]] = False
    progress = np.where(done, cost, 0.0)
    progress[:, art] = cost[art] * 0.97
    progress[:, ilrs] = cost[ilrs] * 0.995
    w.state = dataclasses.replace(w.state, done=done, progress=progress)
    for nation in ("USA", "JPN", "CHN", "RUS"):
        w.spend(nation, bloc=1.0)
    w.end_turn()
    assert w.state.done[0, art] and w.state.done[0, ilrs]
    assert w.state.winner[0] == w.b("ilrs")


def test_a_milestone_is_prepared_early_up_to_prework_of_its_cost():
    # a slow pace: the open milestones cannot use the whole pool, the rest prepares the next
    w = make_world(prework=0.25, min_years=6.0)
    m = w.catalog.index["milestone"]
    _all_in(w)
    w.end_turn()
    landing = w.state.progress[0, m["landing"]]
    assert not w.state.done[0, m["robotic"]] or not w.state.done[0, m["flyby"]]
    assert 0 < landing <= 0.25 * w.rules.ms_cost[m["landing"]] + 1e-9
    assert w.state.progress[0, m["base"]] == 0  # two steps ahead: not yet


# ------------------------------------------------------------------ contributions in kind


def test_research_is_worth_the_money_its_lift_saves_shared_by_who_did_it():
    c = Constants(research_synergy=1.5)
    research = np.array([[2.0, 0.0, 0.0], [1.5, 0.5, 0.0]])
    none = np.zeros((2, 3))
    value = law.in_kind_value(
        research, none, np.array([10.0, 10.0]), np.array([10.0, 5.0]), 1.0, 1.0, c
    )
    # lift 1 + 1.5 x 2 / 12 = 1.25 on the 10 used: worth 2.5; on 5 used (the rest refunded): 1.25
    assert value[0] == pytest.approx([2.5, 0.0, 0.0])
    assert value[1] == pytest.approx([1.25 * 0.75, 1.25 * 0.25, 0.0])


def test_diplomacy_is_worth_the_coordination_it_saves():
    c = Constants(coordination_cost=0.1, diplomacy_relief=0.6, diplomacy_need=0.05)
    diplomacy = np.array([[0.0, 0.1, 0.0]])
    value = law.in_kind_value(
        np.zeros((1, 3)), diplomacy, np.array([10.0]), np.array([10.0]), 3.0, 1.0, c
    )
    # three partners need 0.1 for half the relief: coordination 0.8 without relief,
    # 1 - 0.1 x 0.7 x 2 = 0.86 with: 10 x 0.06 / 0.8
    assert value[0] == pytest.approx([0.0, 0.75, 0.0])
    # a bloc of one pays no coordination cost: there diplomacy saves nothing
    alone = law.in_kind_value(
        np.zeros((1, 3)), diplomacy, np.array([10.0]), np.array([10.0]), 1.0, 1.0, c
    )
    assert alone[0] == pytest.approx([0.0, 0.0, 0.0])


def test_the_first_research_dollar_is_worth_more_than_the_last():
    c = Constants(research_synergy=1.5)
    r = np.array([[0.01], [1.0], [5.0]])
    value = law.in_kind_value(r, np.zeros_like(r), np.full(3, 10.0), np.full(3, 10.0), 1.0, 1.0, c)
    per_dollar = value[:, 0] / r[:, 0]
    assert per_dollar[0] > per_dollar[1] > per_dollar[2]
    assert per_dollar[0] == pytest.approx(1.5, rel=0.01)  # research_synergy at the margin


def _one_turn(w):
    book = Ledger()
    before = w.state.contributed.copy()
    w.state, _ = step(w.state, w.orders(), w.rules, w.seed, ledger=book)
    return book, w.state.contributed - before


def test_a_members_contribution_is_its_money_used_plus_its_in_kind_value():
    w = make_world()
    w.spend("USA", bloc=0.6, research=0.2, diplomacy=0.2)
    w.spend("JPN", bloc=0.4, research=0.4, diplomacy=0.2)
    book, gained = _one_turn(w)
    s, k, c = w.state, w.b("artemis"), w.rules.constants
    members = s.member[:, :, k]
    paid = np.where(members, s.spent[:, :, st.CAT_BLOC], 0.0)
    back = book.rows.get(("reserve", "refund", k), np.zeros_like(paid))
    value = law.in_kind_value(
        law.matched_research(s.spent, members, paid),
        np.where(members, s.spent[:, :, st.CAT_DIPLOMACY], 0.0),
        paid.sum(axis=1),
        paid.sum(axis=1) - back.sum(axis=1),
        book.blocs["partners"][:, k],
        w.rules.turn_years,
        c,
    )
    assert value[0, w.n("JPN")] > 0 and value[0, w.n("USA")] > 0
    assert gained[0, :, k] == pytest.approx((paid - back + c.in_kind_credit * value)[0])


def test_research_beyond_what_a_member_pays_in_brings_its_bloc_nothing():
    w = make_world()
    w.spend("JPN", research=1.0)  # the engine raises its bloc share to the charter minimum
    _book, gained = _one_turn(w)
    s, k, jpn = w.state, w.b("artemis"), w.n("JPN")
    matched = law.matched_research(s.spent, s.member[:, :, k], s.spent[:, :, st.CAT_BLOC])
    assert matched[0, jpn] == pytest.approx(s.spent[0, jpn, st.CAT_BLOC])
    assert matched[0, jpn] < s.spent[0, jpn, st.CAT_RESEARCH]


def test_what_a_reserve_pays_to_make_good_a_failure_counts_as_contribution():
    robotic = make_world().catalog.index["milestone"]["robotic"]
    w = make_world(max_success=0.05, min_success=0.0, reserve_cover=1.0, in_kind_credit=0.0)
    for _ in range(10):
        book = Ledger()
        before = w.state.contributed.copy()
        w.state, events = step(w.state, w.orders(), w.rules, w.seed, ledger=book)
        absorbed = book.rows.get(("reserve", "absorbed", robotic))
        if absorbed is not None and absorbed.any():
            k = w.b("artemis")
            members = w.state.member[:, :, k]
            paid = np.where(members, w.state.spent[:, :, st.CAT_BLOC], 0.0)
            back = book.rows.get(("reserve", "refund", k), np.zeros_like(paid))
            gained = w.state.contributed[:, :, k] - before[:, :, k]
            # the bill is a negative reserve row: what left the reserve went into the programme
            assert gained[0] == pytest.approx((paid - back - absorbed)[0])
            return
    pytest.fail("no failure made good with a 5% success chance")


# ------------------------------------------------------------------ absorptive capacity


def test_a_member_takes_in_spill_over_in_proportion_to_its_research_share():
    c = Constants(absorptive_share=0.2)
    money = np.array([[10.0, 10.0, 10.0, 0.5, 0.0]])
    research = np.array([[0.0, 1.0, 5.0, 0.05, 0.0]])
    # none, half of the share, more than the share; a small budget learns as well; no money
    assert law.absorption(research, money, c)[0] == pytest.approx([0.0, 0.5, 1.0, 0.5, 0.0])
    off = Constants(absorptive_share=0.0)
    assert law.absorption(research, money, off)[0] == pytest.approx([1.0] * 5)


def _spill(research_share: float, **constants) -> float:
    """Japan's spill-over in one turn of the small scenario (Artemis with the USA), with
    ``research_share`` of its money in research and the rest in the bloc."""
    w = make_world(**constants)
    w.spend("JPN", research=research_share, bloc=1.0 - research_share)
    book = Ledger()
    w.state, _ = step(w.state, w.orders(), w.rules, w.seed, ledger=book)
    return float(book.rows[("tech", "spill_over", w.b("artemis"))][0, w.n("JPN")].sum())


def test_spill_over_needs_the_members_own_research():
    full = _spill(0.5)
    assert full > 0
    assert _spill(0.0) == 0.0
    assert _spill(0.075, absorptive_share=0.15) == pytest.approx(full / 2, rel=0.05)
    # the rule off: a member with no research takes in everything, as before rules v10
    assert _spill(0.0, absorptive_share=0.0) == pytest.approx(full, rel=0.05)
