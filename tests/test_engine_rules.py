"""Rule tests for the turn engine, one rule each, named after the rule (docs/rules.md)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from engine_vocab import DEFAULT, assert_blocs, assert_in_bloc, make_world, with_exclusive

from game.engine import law
from game.engine import state as st
from game.engine.ledger import Ledger
from game.engine.phases.victory import score_parts
from game.engine.state import EV
from game.engine.step import step
from game.engine.utility import TERMS


def codes(world, events, w=0):
    return [st.EVENT_CODES[c] for c in events.code[events.world == world.state.world[w]]]


# --------------------------------------------------------------------------- offers


def test_accepted_invitation_makes_the_target_a_member():
    w = make_world().play_by_hand("IND")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.end_turn()
    w.answer("USA", "IND", accept=True)
    events = w.end_turn()
    assert "joined" in codes(w, events)
    assert_in_bloc(w, "IND", "artemis")


def test_rejected_invitation_leaves_the_target_outside():
    w = make_world().play_by_hand("IND")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.end_turn()
    w.answer("USA", "IND", accept=False)
    events = w.end_turn()
    assert "offer_rejected" in codes(w, events)
    assert_in_bloc(w, "IND", None)


def test_invitation_expires_after_its_term():
    w = make_world().play_by_hand("IND")
    w.offer("invite", "USA", "IND", bloc="artemis", turns=2)
    w.end_turn()  # made on turn 0: answerable on turns 1 and 2
    first = w.end_turn()
    assert "offer_expired" not in codes(w, first) or not _expired_from(w, first, "USA", "IND")
    second = w.end_turn()
    assert _expired_from(w, second, "USA", "IND")
    of = w.state.offers
    assert not (of.active & (of.sender == w.n("USA")) & (of.target == w.n("IND"))).any()
    assert_in_bloc(w, "IND", None)


def _expired_from(w, events, sender, target):
    rows = (events.code == EV["offer_expired"]) & (events.nation == w.n(sender))
    return bool((rows & (events.other == w.n(target))).any())


def test_only_the_target_answers_an_offer():
    # India's own answer is what counts when India plays by hand, even against its utility
    w = make_world().play_by_hand("IND")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.end_turn()
    w.answer("USA", "IND", accept=True)
    w.end_turn()
    assert_in_bloc(w, "IND", "artemis")
    # and an answer to an offer made to a nation the engine plays is ignored: it decides
    w2 = make_world().play_by_hand("USA")
    w2.offer("invite", "USA", "BRA", bloc="artemis")
    w2.end_turn()
    o = w2.orders()
    forced = np.where(w2.state.offers.active, st.ANSWER_REJECT, st.ANSWER_NONE).astype(np.int8)
    events = w2.end_turn(o.replace(answers=forced))
    decided = (events.nation == w2.n("USA")) & (events.other == w2.n("BRA"))
    decided &= np.isin(events.code, [EV["offer_accepted"], EV["offer_rejected"]])
    assert decided.sum() == 1
    row = np.flatnonzero(decided)[0]
    accepted = events.code[row] == EV["offer_accepted"]
    assert accepted == (events.terms[row].sum() > w2.rules.constants.accept_threshold)


def test_every_offer_decision_carries_its_utility_terms():
    w = make_world()
    events = w.end_turn()
    decisions = np.isin(events.code, [EV["offer_accepted"], EV["offer_rejected"]])
    assert decisions.any()
    assert events.terms.shape == (events.n_rows, len(TERMS))
    assert (np.abs(events.terms[decisions]).sum(axis=1) > 0).all()


def test_forbidden_pair_never_share_a_bloc():
    w = make_world().play_by_hand("USA", "CHN")
    w.leave("USA")
    w.end_turn()
    assert_in_bloc(w, "USA", None)
    w.offer("invite", "CHN", "USA", bloc="ilrs")
    events = w.end_turn()
    assert "offer_refused" in codes(w, events)
    w.offer("apply", "USA", bloc="ilrs")
    w.end_turn()
    w.answer("USA", "CHN", accept=True)
    w.end_turn()
    assert_in_bloc(w, "USA", None)


def test_a_pair_made_forbidden_while_together_splits_the_smaller_out():
    w = make_world().play_by_hand("IND", "USA")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.end_turn()
    w.answer("USA", "IND")
    w.end_turn()
    assert_in_bloc(w, "IND", "artemis")
    # activate a forbidden pair USA-IND through the effect registry
    from game.engine.phases import events as ev_phase
    from game.engine.rules import Effect
    from game.engine.turn import Turn

    rules = w.rules
    pairs = np.vstack([rules.fp_nations, [[w.n("USA"), w.n("IND")]]])
    w.compiled = type(w.compiled)(
        rules=_replace_rules(rules, fp_nations=pairs),
        state=w.state,
        catalog=w.catalog,
        seed=w.seed,
    )
    t = Turn(w.state, w.orders(), w.rules, w.seed, len(TERMS))
    none = np.zeros(w.rules.n_nations, dtype=bool)
    ev_phase.EFFECTS["forbid_pair"](t, Effect("forbid_pair", none, none, pair=1), None, t.running)
    assert t.bloc[0, w.n("IND")] == st.NO_BLOC
    assert t.bloc[0, w.n("USA")] == w.b("artemis")


def _replace_rules(rules, **changes):
    import dataclasses

    return dataclasses.replace(rules, **changes)


def test_applications_go_to_the_bloc_leader():
    w = make_world().play_by_hand("CHN")
    w.offer("apply", "IND", "BRA", bloc="ilrs")  # the target named is ignored
    w.end_turn()
    of = w.state.offers
    row = of.active & (of.sender == w.n("IND")) & (of.kind == st.KIND["apply"])
    assert row.sum() == 1
    assert of.target[row][0] == w.n("CHN")
    w.answer("IND", "CHN", accept=True)
    w.end_turn()
    assert_in_bloc(w, "IND", "ilrs")


def test_entry_conditions_refuse_a_weak_applicant():
    # Brazil's mean technology (0.03) is below the ILRS entry minimum (0.05)
    w = make_world().play_by_hand("CHN")
    w.offer("apply", "BRA", bloc="ilrs")
    w.end_turn()
    w.answer("BRA", "CHN", accept=True)
    events = w.end_turn()
    assert "offer_refused" in codes(w, events)
    assert_in_bloc(w, "BRA", None)


def _two_invitations(first: str, sweetened: str):
    """India, played by hand, accepts invitations from CHN (ILRS) and USA (Artemis).

    ``first`` is the inviter whose offer enters the table first; ``sweetened`` adds seats.
    """
    w = make_world().play_by_hand("IND")
    offers = {"CHN": "ilrs", "USA": "artemis"}
    for sender in sorted(offers, key=lambda x: x != first):
        extra = {"seats": 3, "payload": 3} if sender == sweetened else {}
        w.offer("invite", sender, "IND", bloc=offers[sender], **extra)
    w.end_turn()
    w.answer("CHN", "IND")
    w.answer("USA", "IND")
    # the sweetener is paid from the sender's reserve when accepted: bank enough for it
    w.spend(sweetened, reserve=1.0)
    return w, w.end_turn()


@pytest.mark.parametrize("sweetened", ["CHN", "USA"])
def test_a_nation_with_two_invitations_joins_the_one_it_values_most(sweetened):
    w, events = _two_invitations(first="CHN", sweetened=sweetened)
    rows = (events.nation == w.n(sweetened)) | (events.nation == w.n("CHN"))
    rows &= events.other == w.n("IND")
    rows &= np.isin(events.code, [EV["offer_accepted"], EV["offer_refused"]])
    value = events.terms[rows].sum(axis=1) - events.terms[rows, TERMS.index("taste")]
    best = events.bloc[rows][np.argmax(value)]
    assert best == w.b({"CHN": "ilrs", "USA": "artemis"}[sweetened])
    assert w.state.bloc[0, w.n("IND")] == best
    assert "offer_refused" in codes(w, events)  # the other invitation


@pytest.mark.parametrize("sweetened", ["CHN", "USA"])
def test_the_order_of_offers_in_the_table_does_not_decide_membership(sweetened):
    a, _ = _two_invitations(first="CHN", sweetened=sweetened)
    b, _ = _two_invitations(first="USA", sweetened=sweetened)
    assert a.state.bloc[0, a.n("IND")] == b.state.bloc[0, b.n("IND")]
    assert_in_bloc(a, "IND", {"CHN": "ilrs", "USA": "artemis"}[sweetened])


def test_leaving_a_bloc_costs_relations_with_former_partners():
    w = make_world().play_by_hand("JPN")
    before = w.state.relations[0, w.n("JPN"), w.n("USA")]
    w.leave("JPN")
    events = w.end_turn()
    assert "left" in codes(w, events)
    assert_in_bloc(w, "JPN", None)
    after = w.state.relations[0, w.n("JPN"), w.n("USA")]
    assert after < before - 0.5 * w.rules.constants.leave_penalty


def test_a_leader_who_leaves_hands_the_bloc_to_its_largest_member():
    w = make_world()
    w.leave("USA")
    w.end_turn()
    assert w.state.leader[0, w.b("artemis")] == w.n("JPN")


def test_new_offers_beyond_the_per_nation_limit_are_refused():
    w = make_world(max_offers_per_nation=2)
    for target in ("IND", "CHN", "BRA", "RUS"):
        w.offer("funding", "USA", target, funds=0.1)
    events = w.end_turn()
    refused = (events.code == EV["offer_refused"]) & (events.nation == w.n("USA"))
    # CHN (forbidden pair, which does not count) and RUS (the third valid one)
    assert sorted(events.other[refused]) == sorted([w.n("CHN"), w.n("RUS")])


def test_a_full_offer_table_refuses_new_offers():
    w = make_world()
    of = w.state.offers
    full = of.replace(
        active=np.ones_like(of.active),
        kind=np.full_like(of.kind, st.KIND["funding"]),
        sender=np.full_like(of.sender, w.n("JPN")),
        target=np.full_like(of.target, w.n("BRA")),
        expires=np.full_like(of.expires, 99),
    )
    w.state = w.state.replace(offers=full)
    w.play_by_hand("BRA")
    w.offer("funding", "USA", "IND", funds=0.1)
    events = w.end_turn()
    refused = (events.code == EV["offer_refused"]) & (events.nation == w.n("USA"))
    assert refused.sum() == 1
    assert w.state.offers.active.all()
    assert not (w.state.offers.sender == w.n("USA")).any()


# --------------------------------------------------------------------------- deals


def test_tech_transfer_deal_closes_the_gap_to_the_sender():
    plain = make_world().play_by_hand("BRA")
    dealt = make_world().play_by_hand("BRA")
    dealt.offer("tech_transfer", "USA", "BRA", tech=0.4)
    for w in (plain, dealt):
        w.end_turn()
    dealt.answer("USA", "BRA")
    dealt.spend("USA", bloc=0.5, reserve=0.5)
    plain.end_turn()
    dealt.end_turn()
    assert dealt.state.deal_tech[0, dealt.n("USA"), dealt.n("BRA")] == np.float32(0.4)
    for w in (plain, dealt):
        w.run(2)
    gain = dealt.state.tech[0, dealt.n("BRA")] - plain.state.tech[0, plain.n("BRA")]
    assert (gain > 0.01).all()


def test_a_deal_lapses_after_deal_turns():
    w = make_world(deal_turns=2).play_by_hand("BRA")
    w.offer("funding", "USA", "BRA", funds=0.5)
    w.end_turn()
    w.answer("USA", "BRA")
    w.end_turn()  # accepted on turn 1: holds to turn 3
    assert w.state.deal_funds[0, w.n("USA"), w.n("BRA")] == 0.5
    w.run(2)
    assert w.state.deal_funds[0, w.n("USA"), w.n("BRA")] == 0.5
    w.end_turn()
    assert w.state.deal_funds[0, w.n("USA"), w.n("BRA")] == 0.0


def test_funding_deal_moves_money_from_sender_to_target():
    w = make_world().play_by_hand("BRA")
    w.offer("funding", "USA", "BRA", funds=0.4)
    w.end_turn()
    w.answer("USA", "BRA")
    w.end_turn()
    before = w.state
    w.end_turn()
    spent = w.state.spent[0, w.n("BRA")].sum()
    # the turn's income is the budget summed over the turn (compounded in calendar time)
    grown = w.state.budget[0, w.n("BRA")] / before.budget[0, w.n("BRA")]
    years = w.rules.turn_years
    income = before.budget[0, w.n("BRA")] * (grown - 1) / np.log(grown ** (1 / years))
    assert spent == pytest.approx(income + before.reserve[0, w.n("BRA")] + 0.4 * 0.5)


def test_seats_offered_are_held_by_the_target():
    w = make_world().play_by_hand("BRA")
    w.offer("launch_seat", "USA", "BRA", seats=2)
    w.end_turn()
    w.answer("USA", "BRA")
    w.end_turn()
    assert w.state.seats[0, w.n("BRA")] == 2


# --------------------------------------------------------------------------- budgets


def test_orders_are_honoured_as_given():
    w = make_world()
    w.spend("IND", research=0.5, diplomacy=0.2, reserve=0.3)
    w.end_turn()
    spent = w.state.spent[0, w.n("IND")]
    assert spent / spent.sum() == pytest.approx([0.0, 0.0, 0.5, 0.2, 0.3])


def test_members_pay_at_least_the_charter_contribution():
    w = make_world()
    w.spend("JPN", research=1.0)
    w.end_turn()
    spent = w.state.spent[0, w.n("JPN")]
    share = spent[st.CAT_BLOC] / spent.sum()
    assert share == pytest.approx(w.state.contribution[0, w.b("artemis")])
    assert spent[st.CAT_RESEARCH] / spent.sum() == pytest.approx(1 - share)


def test_outsiders_bank_their_bloc_share():
    w = make_world()
    w.spend("IND", bloc=0.5, research=0.5)
    w.end_turn()
    spent = w.state.spent[0, w.n("IND")]
    assert spent[st.CAT_BLOC] == 0
    assert w.state.reserve[0, w.n("IND")] == pytest.approx(spent[st.CAT_RESERVE])
    assert spent[st.CAT_RESERVE] == pytest.approx(0.5 * spent.sum())


def test_an_outsider_that_joins_pays_its_pledged_bloc_share_into_the_programme_that_turn():
    w = make_world().play_by_hand("IND")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.end_turn()
    ind, k = w.n("IND"), w.b("artemis")
    before = w.state
    w.spend("IND", bloc=0.4, research=0.6)
    w.answer("USA", "IND", accept=True)
    book = Ledger()
    new, _ = step(before, w.orders(), w.rules, w.seed, ledger=book)
    assert new.member[0, ind, k]
    spent = new.spent[0, ind]
    assert spent[st.CAT_BLOC] == pytest.approx(0.4 * spent.sum())  # from the turn it joins
    # counted as paid in (with the research a member brings in kind)
    paid_in = new.contributed[0, ind, k] - before.contributed[0, ind, k]
    assert paid_in >= spent[st.CAT_BLOC] - 1e-9
    assert spent[st.CAT_RESERVE] == pytest.approx(0.0, abs=1e-12)
    # the ledger says where the reserve's banked share went, under the bloc joined
    causes, table = book.table("reserve")
    pledged = table[0, ind, causes.index(("pledged", k))]
    assert pledged == pytest.approx(-spent[st.CAT_BLOC])
    # the same pledge with the invitation declined stays banked in the reserve
    w.answer("USA", "IND", accept=False)
    w.spend("IND", bloc=0.4, research=0.6)
    out, _ = step(before, w.orders(), w.rules, w.seed)
    assert not out.member[0, ind].any()
    assert out.spent[0, ind, st.CAT_BLOC] == 0
    assert out.spent[0, ind, st.CAT_RESERVE] == pytest.approx(0.4 * out.spent[0, ind].sum())


def test_budgets_grow_with_support():
    w = make_world()
    w.end_turn()
    usa, rus = w.n("USA"), w.n("RUS")
    r = w.rules
    for n, support in ((usa, 0.6), (rus, 0.4)):
        rate = r.growth[n] + r.constants.support_elasticity * (support - 0.5)
        # a yearly rate compounded over the turn's share of a year
        assert w.state.budget[0, n] == pytest.approx(r.budget0[n] * (1 + rate) ** r.turn_years)


# --------------------------------------------------------------------------- research


def test_research_has_diminishing_returns():
    w = make_world()
    w.end_turn()
    gained = w.state.tech[0] - w.history[0][0].tech[0]
    # India (low levels) gains more per dollar than Japan (higher levels) in launch
    ind, jpn = w.n("IND"), w.n("JPN")
    assert gained[ind].sum() > 0
    assert gained[jpn, 0] >= 0


def test_bloc_sharing_pulls_members_toward_the_best_member():
    w = make_world(research_efficiency=0.0)
    w.end_turn()
    before, after = w.history[0][0].tech[0], w.state.tech[0]
    jpn, usa = w.n("JPN"), w.n("USA")
    assert (after[jpn] >= before[jpn]).all()
    assert after[jpn, 0] > before[jpn, 0]  # launch: USA 0.9 > JPN 0.6
    assert after[usa, 0] == before[usa, 0]  # the best member gains nothing from sharing
    ind = w.n("IND")
    assert (after[ind] == before[ind]).all()


# --------------------------------------------------------------------------- programmes


def test_milestones_open_in_prerequisite_order():
    w = make_world(prework=0.5)
    landing = w.catalog.index["milestone"]["landing"]
    robotic = w.catalog.index["milestone"]["robotic"]
    cost = w.rules.ms_cost[landing]
    for _ in range(8):
        w.end_turn()
        s = w.state
        if not s.done[0, robotic]:
            # prepared early, never beyond prework of its cost, never attempted
            assert s.progress[0, landing] <= 0.5 * cost + 1e-9
            assert not s.done[0, landing]
    assert w.state.done[0, robotic]


def test_without_prework_a_milestone_waits_for_its_prerequisites():
    w = make_world(prework=0.0)
    landing = w.catalog.index["milestone"]["landing"]
    robotic = w.catalog.index["milestone"]["robotic"]
    for _ in range(8):
        w.end_turn()
        if not w.state.done[0, robotic]:
            assert w.state.progress[0, landing] == 0


def test_completed_milestone_shares_prestige_among_members():
    w = make_world(participation_share=1.0)
    robotic = w.catalog.index["milestone"]["robotic"]
    for _ in range(10):
        events = w.end_turn()
        hit = (events.code == EV["milestone_success"]) & (events.item == robotic)
        if hit.any():
            gained = w.state.prestige[0] - w.history[-1][0].prestige[0]
            usa, jpn = w.n("USA"), w.n("JPN")
            failed = ((events.code == EV["milestone_failure"]) & (events.bloc == 0)).sum()
            seat = w.rules.constants.seat_prestige * w.state.seats[0, jpn] * w.rules.turn_years
            assert gained[usa] == pytest.approx(gained[jpn] - seat)
            # research speeds the programme: another milestone may succeed in the same turn
            won = events.value[(events.code == EV["milestone_success"]) & (events.bloc == 0)]
            assert gained[usa] + gained[jpn] - seat == pytest.approx(won.sum() - 3.0 * failed)
            return
    pytest.fail("the robotic lander never succeeded")


def test_a_failed_attempt_loses_part_of_the_progress_and_the_rest_of_the_turn_rebuilds():
    w = make_world(max_success=0.05, min_success=0.0, reserve_cover=0.0)
    robotic = w.catalog.index["milestone"]["robotic"]
    for _ in range(10):
        before = w.state
        book = Ledger()
        w.state, events = step(before, w.orders(), w.rules, w.seed, ledger=book)
        hit = (events.code == EV["milestone_failure"]) & (events.item == robotic)
        if hit.any():
            cost = w.rules.ms_cost[robotic]
            assert events.value[hit][0] == pytest.approx(cost * 0.4)
            assert book.blocs["lost"][0, robotic] == pytest.approx(cost * 0.4)
            # the pool's money made what it made; the failure took 40% of the cost away;
            # what the turn had left went into rebuilding (worked includes that)
            worked = book.blocs["worked"][0, robotic]
            assert w.state.progress[0, robotic] == pytest.approx(
                before.progress[0, robotic] + worked - cost * 0.4
            )
            assert w.state.progress[0, robotic] >= cost * 0.6 - 1e-9  # rebuilt, if time was left
            assert w.state.failures[0, robotic] >= 1
            return
        w.history.append((before, None, events))
    pytest.fail("no failure with a 5% success chance")


def test_money_a_failed_milestone_can_use_is_not_refunded():
    """A failed attempt is rebuilt with the pool's money in the same turn: only what the pace
    limit cannot use goes back to the members (was: everything left, and the turn's report
    said the pool made no progress)."""
    # no early work: the money the open milestones leave is what the turn has left
    w = make_world(max_success=0.0, min_success=0.0, reserve_cover=0.0, prework=0.0)
    robotic = w.catalog.index["milestone"]["robotic"]
    k = w.b("artemis")
    cost = w.rules.ms_cost[robotic]
    progress = w.state.progress.copy()
    progress[:, robotic] = cost * 0.95  # attempted early in the turn
    w.state = dataclasses.replace(w.state, progress=progress)
    w.spend("USA", bloc=0.9, reserve=0.1)
    w.spend("JPN", bloc=0.9, reserve=0.1)
    book = Ledger()
    w.state, events = step(w.state, w.orders(), w.rules, w.seed, ledger=book)
    assert ((events.code == EV["milestone_failure"]) & (events.item == robotic)).any()
    used = book.blocs["used"][0, k]
    refunded = float(book.rows[("reserve", "refund", k)][0].sum())
    assert used + refunded == pytest.approx(w.state.pool[0, k])
    # rebuilding after the failure took money: more progress than the 5% that was left
    assert book.blocs["worked"][0, robotic] > cost * 0.05 + 1e-6
    assert w.state.progress[0, robotic] > cost * 0.95 * 0.6 + 1e-6


def test_completing_the_base_wins_and_freezes_the_world():
    w = make_world()
    base = w.catalog.index["milestone"]["base"]
    s = w.state
    done = s.done.copy()
    progress = s.progress.copy()
    for m in np.flatnonzero(w.rules.ms_bloc == w.b("artemis")):
        if m != base:
            done[:, m] = True
            progress[:, m] = w.rules.ms_cost[m]
    progress[:, base] = w.rules.ms_cost[base] - 1e-6
    w.state = s.replace(done=done, progress=progress)
    w.compiled = type(w.compiled)(
        rules=w.rules.with_constants(max_success=1.0, min_success=1.0),
        state=w.state,
        catalog=w.catalog,
        seed=w.seed,
    )
    events = w.end_turn()
    assert "victory" in codes(w, events)
    assert w.state.ended[0] and w.state.winner[0] == w.b("artemis")
    assert w.state.end_turn[0] == 1
    frozen = w.state
    later = w.end_turn()
    assert later.n_rows == 0
    for name in ("budget", "tech", "relations", "bloc", "progress", "prestige"):
        assert np.array_equal(getattr(frozen, name), getattr(w.state, name))


def test_at_the_end_date_the_highest_scoring_bloc_wins():
    w = make_world(path=DEFAULT)
    events = None
    for _ in range(w.rules.n_turns):
        events = w.end_turn()
        if w.state.ended[0]:
            break
    assert w.state.ended[0]
    if w.state.end_turn[0] == w.rules.n_turns and not _base_done(w):
        assert w.state.winner[0] == np.argmax(w.state.bloc_score[0])
    assert "game_over" in codes(w, events)


def _base_done(w):
    return bool((w.state.done[0] & w.rules.ms_base).any())


def test_national_mission_succeeds_and_adds_prestige():
    w = make_world(max_success=1.0, min_success=1.0)
    orbiter = w.catalog.index["mission"]["orbiter"]
    w.spend("IND", missions=0.5, research=0.5)
    for _ in range(2):
        w.spend("IND", missions=0.5, research=0.5)
        o = w.orders()
        mission = o.mission.copy()
        mission[:, w.n("IND")] = orbiter
        events = w.end_turn(o.replace(mission=mission))
    assert "mission_success" in codes(w, events)
    assert w.state.mission_done[0, w.n("IND"), orbiter]


# --------------------------------------------------------------------------- events


def test_scripted_event_fires_on_its_date():
    w = make_world()
    sanctions = w.catalog.index["scripted"]["sanctions"]
    fired_on = None
    for turn in range(4):
        events = w.end_turn()
        hit = (events.code == EV["scripted_event"]) & (events.item == sanctions)
        if hit.any():
            fired_on = turn
            rus = w.n("RUS")
            before = w.history[-1][0]
            assert w.state.relations[0, rus, w.n("USA")] < before.relations[0, rus, w.n("USA")]
    assert w.catalog.date(fired_on) == "2022-03"
    assert w.state.event_fired[0, sanctions]


def test_condition_event_fires_when_its_condition_first_holds():
    w = make_world().play_by_hand("IND", "BRA")
    grows = w.catalog.index["scripted"]["ilrs-grows"]
    w.end_turn()
    assert not w.state.event_fired[0, grows]
    w.answer("CHN", "IND")
    events = w.end_turn()
    assert_in_bloc(w, "IND", "ilrs")
    assert ((events.code == EV["scripted_event"]) & (events.item == grows)).any()
    w.leave("IND")
    w.end_turn()
    w.offer("invite", "CHN", "IND", bloc="ilrs")
    w.end_turn()
    w.answer("CHN", "IND")
    events = w.end_turn()
    assert not ((events.code == EV["scripted_event"]) & (events.item == grows)).any()


def test_random_events_strike_about_as_often_as_their_probability():
    w = make_world(worlds=400)
    events = w.run(5)
    failure = w.catalog.index["random"]["launch-failure"]
    hits = sum(int(((e.code == EV["random_event"]) & (e.item == failure)).sum()) for e in events)
    expected = 400 * 5 * w.rules.n_nations * w.rules.rn_prob[failure]
    assert 0.7 * expected < hits < 1.3 * expected


# --------------------------------------------------------------------------- sweeteners


def test_an_offer_carries_no_more_than_the_laws_sweetener_limits():
    w = make_world().play_by_hand("BRA")
    w.offer("launch_seat", "USA", "BRA", seats=10, payload=10, tech=1.0)
    w.end_turn()
    limits = law.sweetener_limits(w.rules.constants)
    slot = np.flatnonzero(w.state.offers.active[0] & (w.state.offers.target[0] == w.n("BRA")))
    assert w.state.offers.seats[0, slot].max() == limits["seats"]
    assert w.state.offers.payload[0, slot].max() == limits["payload"]
    assert w.state.offers.tech[0, slot].max() == limits["tech"]


def test_sweeteners_are_paid_from_the_senders_reserve_when_accepted():
    w = make_world().play_by_hand("BRA")
    w.offer("launch_seat", "USA", "BRA", seats=2)
    w.end_turn()
    w.answer("USA", "BRA")
    w.spend("USA", bloc=0.5, reserve=0.5)
    book = Ledger()
    after, _ = step(w.state, w.orders(), w.rules, w.seed, ledger=book)
    paid = book.rows[("reserve", "sweeteners", -1)][0, w.n("USA")]
    assert paid == pytest.approx(-2 * w.rules.constants.seat_price)
    assert after.seats[0, w.n("BRA")] == 2


def test_a_sender_whose_reserve_cannot_pay_sees_its_offer_refused():
    w = make_world().play_by_hand("BRA")
    w.offer("launch_seat", "USA", "BRA", seats=2)
    w.end_turn()
    w.answer("USA", "BRA")
    w.spend("USA", bloc=1.0)
    events = w.end_turn()
    refused = w.events_named(events, "offer_refused")
    assert len(refused) and w.state.seats[0, w.n("BRA")] == 0


def test_what_a_member_received_lapses_when_it_leaves():
    w = make_world().play_by_hand("BRA")
    w.offer("invite", "USA", "BRA", bloc="artemis", seats=1)
    w.offer("funding", "USA", "BRA", funds=0.3)
    w.end_turn()
    w.answer("USA", "BRA")
    w.spend("USA", bloc=0.5, reserve=0.5)
    w.end_turn()
    assert_in_bloc(w, "BRA", "artemis")
    assert w.state.seats[0, w.n("BRA")] == 1
    assert w.state.deal_funds[0, w.n("USA"), w.n("BRA")] > 0
    w.leave("BRA")
    w.end_turn()
    assert w.state.seats[0, w.n("BRA")] == 0
    assert w.state.deal_funds[0, w.n("USA"), w.n("BRA")] == 0


def test_an_invitation_is_weighed_for_its_charters_accession_turns():
    w = make_world().play_by_hand("BRA")
    k = w.b("artemis")
    rules = w.rules
    slow = dataclasses.replace(rules, accession_turns=np.full(rules.n_blocs, 3, np.int16))
    w.compiled = dataclasses.replace(w.compiled, rules=slow)
    w.offer("invite", "USA", "BRA", bloc="artemis")
    w.end_turn()
    for _ in range(2):
        w.answer("USA", "BRA")
        w.end_turn()
        assert w.state.bloc[0, w.n("BRA")] != k
    w.answer("USA", "BRA")
    w.end_turn()
    assert_in_bloc(w, "BRA", "artemis")


def test_the_winners_bonus_counts_time_in_the_bloc():
    w = make_world()
    k = w.b("artemis")
    w.run(4)
    s = w.state
    usa, bra = w.n("USA"), w.n("BRA")
    bloc, member, since = s.bloc.copy(), s.member.copy(), s.since.copy()
    bloc[0, bra], member[0, bra, k], since[0, bra, k] = k, True, 3
    tenure = s.tenure.copy()
    tenure[0, bra, k] = 1  # joined for the last of four turns
    late = s.replace(
        bloc=bloc, member=member, since=since, tenure=tenure, winner=np.array([k], np.int16)
    )
    parts, _ = score_parts(late, w.rules)
    bonus = w.rules.constants.winner_bonus
    assert parts["winner"][0, usa] == pytest.approx(bonus)
    assert parts["winner"][0, bra] == pytest.approx(bonus / 4)


def _first_failure(w, milestone):
    for _ in range(10):
        w.spend("USA", bloc=0.6, reserve=0.4)
        w.spend("JPN", bloc=0.6, reserve=0.4)
        events = w.end_turn()
        hit = (events.code == EV["milestone_failure"]) & (events.item == milestone)
        if hit.any():
            return events
    pytest.fail("no failure with a 5% success chance")


def test_members_reserves_make_good_a_failed_attempt():
    robotic = make_world().catalog.index["milestone"]["robotic"]
    plain = make_world(max_success=0.05, min_success=0.0, reserve_cover=0.0)
    covered = make_world(max_success=0.05, min_success=0.0, reserve_cover=1.0)
    plain_events = _first_failure(plain, robotic)
    events = _first_failure(covered, robotic)
    assert len(plain.history) == len(covered.history)  # the same draws: the same turn fails
    cost = covered.rules.ms_cost[robotic]

    def lost(ev):
        return ev.value[(ev.code == EV["milestone_failure"]) & (ev.item == robotic)][0]

    assert lost(plain_events) == pytest.approx(cost * 0.4)
    assert lost(events) < lost(plain_events) - 1e-6
    assert covered.state.progress[0, robotic] > plain.state.progress[0, robotic] + 1e-6
    members = [covered.n("USA"), covered.n("JPN")]
    paid = plain.state.reserve[0, members].sum() - covered.state.reserve[0, members].sum()
    assert paid > 0


def test_absorbed_loss_is_paid_in_proportion_to_reserves_and_never_beyond_them():
    c = make_world().rules.constants
    bill = law.absorbed(np.array([3.0, 30.0]), np.array([[4.0, 2.0, 0.0], [4.0, 2.0, 0.0]]), c)
    assert bill[0] == pytest.approx([2.0, 1.0, 0.0])
    assert bill[1] == pytest.approx([4.0, 2.0, 0.0])


def test_members_research_lifts_their_blocs_efficiency():
    c = make_world(research_synergy=1.5).rules.constants
    lift = law.research_lift(np.array([0.0, 1.0, 5.0]), np.array([5.0, 5.0, 5.0]), c)
    assert lift == pytest.approx([1.0, 1.25, 1.75])
    # a sixth of the money in research is the best split when the synergy is 1.5
    total = 6.0
    r = np.linspace(0.0, total, 601)
    progress = (total - r) * law.research_lift(r, total - r, c)
    assert r[np.argmax(progress)] == pytest.approx(total / 6, abs=0.02)


def test_members_diplomacy_lowers_the_coordination_cost():
    c = make_world(coordination_cost=0.1, diplomacy_relief=0.6, diplomacy_need=0.05).rules.constants
    # three partners in one-year turns need 0.05 x 2 = 0.1 a turn to have half the relief
    without = law.coordination(3.0, c, law.diplomacy_relief(0.0, 3.0, 1.0, c))
    with_ = law.coordination(3.0, c, law.diplomacy_relief(0.1, 3.0, 1.0, c))
    assert without == pytest.approx(0.8)
    assert with_ == pytest.approx(1 - 0.1 * (1 - 0.3) * 2)


def test_diplomacys_need_grows_with_the_partners_not_the_hardware():
    c = make_world(diplomacy_relief=0.6, diplomacy_need=0.05).rules.constants
    few, many = law.diplomacy_relief(0.1, np.array([3.0, 9.0]), 1.0, c)
    assert few == pytest.approx(0.3) and many == pytest.approx(0.6 * 0.1 / 0.5)
    # a half-year turn needs half a year's diplomacy for the same relief
    assert law.diplomacy_relief(0.05, 3.0, 0.5, c) == pytest.approx(0.3)
    # a bloc of one has nobody to keep in step
    assert law.diplomacy_relief(5.0, 1.0, 1.0, c) == 0.0


# --------------------------------------------------------------------------- several blocs


def _join(w, sender, nation, bloc):
    w.offer("invite", sender, nation, bloc=bloc)
    w.end_turn()
    w.answer(sender, nation)
    return w.end_turn()


def test_joining_a_non_exclusive_bloc_keeps_the_other_membership():
    w = with_exclusive(make_world().play_by_hand("IND"), artemis=False)
    _join(w, "CHN", "IND", "ilrs")
    events = _join(w, "USA", "IND", "artemis")
    assert "left" not in codes(w, events)
    assert_blocs(w, "IND", "ilrs", "artemis")


def test_an_exclusive_bloc_may_be_joined_while_in_a_non_exclusive_one():
    w = with_exclusive(make_world().play_by_hand("JPN"), artemis=False)
    _join(w, "CHN", "JPN", "ilrs")
    assert_blocs(w, "JPN", "artemis", "ilrs")


def test_an_exclusive_bloc_refuses_a_member_of_another_exclusive_bloc():
    w = make_world().play_by_hand("JPN")  # both charters exclusive by default
    code = law.offer_refusal(
        w.state, w.rules, 0, st.KIND["invite"], w.n("CHN"), w.n("JPN"), w.b("ilrs")
    )
    assert code == law.Refusal.EXCLUSIVE
    events = _join(w, "CHN", "JPN", "ilrs")
    assert "offer_refused" in codes(w, events)
    assert_blocs(w, "JPN", "artemis")


def test_leaving_the_main_bloc_keeps_the_others():
    w = with_exclusive(make_world().play_by_hand("IND"), artemis=False)
    _join(w, "CHN", "IND", "ilrs")
    _join(w, "USA", "IND", "artemis")
    w.leave("IND")
    events = w.end_turn()
    left = events.bloc[(events.code == EV["left"]) & (events.nation == w.n("IND"))]
    assert left.tolist() == [w.b("ilrs")]
    assert_blocs(w, "IND", "artemis")


def test_a_nation_in_two_blocs_pays_each_minimum_and_the_rest_to_its_main_bloc():
    # in-kind value aside (its own tests are in test_engine_economy): the money alone
    w = with_exclusive(make_world(in_kind_credit=0.0).play_by_hand("IND"), artemis=False)
    _join(w, "CHN", "IND", "ilrs")
    _join(w, "USA", "IND", "artemis")
    ind, art, ilrs = w.n("IND"), w.b("artemis"), w.b("ilrs")
    before = w.state.contributed[0, ind].copy()
    w.spend("IND", bloc=0.5, research=0.5)
    w.end_turn()
    s = w.state
    money = s.spent[0, ind].sum()
    paid = s.contributed[0, ind] - before
    to_art = s.contribution[0, art] * money
    to_ilrs = 0.5 * money - to_art
    assert paid[art] == pytest.approx(to_art)
    assert paid[ilrs] == pytest.approx(to_ilrs)


def test_a_nation_in_two_blocs_scores_in_both_and_shares_the_winners_bonus():
    w = with_exclusive(make_world().play_by_hand("IND"), artemis=False)
    _join(w, "CHN", "IND", "ilrs")
    _join(w, "USA", "IND", "artemis")
    w.run(2)
    s = w.state
    ind, art = w.n("IND"), w.b("artemis")
    assert (s.tenure[0, ind] > 0).all()
    won = s.replace(winner=np.array([art], np.int16))
    parts, _ = score_parts(won, w.rules)
    share = s.tenure[0, ind, art] / s.tenure[0, :, art].max()
    # a hedge: the bonus counts only the part of what IND brought its blocs that went here
    committed = s.contributed[0, ind, art] / s.contributed[0, ind].sum()
    assert 0 < committed < 1
    bonus = w.rules.constants.winner_bonus
    assert parts["winner"][0, ind] == pytest.approx(bonus * share * committed)
    assert parts["winner"][0, ind] > 0


def test_the_winners_bonus_counts_commitment_what_was_brought_to_the_winner():
    contributed = np.array([[[9.0, 1.0], [0.0, 0.0], [0.0, 0.0]]])
    tenure = np.array([[[4, 4], [3, 1], [0, 0]]], np.int16)
    share = law.commitment(contributed, tenure, np.array([[1, 1, -1]]))
    # a tenth of its money went to bloc 1; a nation that brought nothing anywhere is weighed
    # by turns served; one in no bloc has none
    assert share[0] == pytest.approx([0.1, 0.25, 0.0])
    assert law.commitment(contributed, tenure, np.array([[0, 0, 0]]))[0, 0] == pytest.approx(0.9)


def test_the_score_asks_the_law_for_commitment(monkeypatch):
    w = make_world()
    w.run(2)
    won = w.state.replace(winner=np.array([w.b("artemis")], np.int16))
    orders = w.orders()
    normal, _ = step(won, orders, w.rules, w.seed)
    monkeypatch.setattr(law, "commitment", lambda c, t, b: np.zeros(np.shape(b)))
    none, _ = step(won, orders, w.rules, w.seed)
    usa = w.n("USA")
    assert normal.score[0, usa] - none.score[0, usa] == pytest.approx(
        w.rules.constants.winner_bonus
    )
