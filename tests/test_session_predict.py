"""Exact predictions: the preview of an offer is what the engine then decides, every time."""

import numpy as np
import pytest

from game.engine import law
from game.engine import state as st
from game.engine.state import EV
from game.engine.utility import TERMS
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.session.orders import OfferDraft

KINDS = ("tech_transfer", "funding", "launch_seat", "payload_slot", "invite", "apply")
ANSWERS = {EV["offer_accepted"]: "accepted", EV["offer_rejected"]: "rejected"}
ANSWERS[EV["offer_refused"]] = "refused"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


def _random_offer(match, sender, rng) -> OfferDraft:
    kind = KINDS[rng.integers(len(KINDS))]
    others = [i for i in range(match.n) if i != sender]
    return OfferDraft(
        kind,
        target=int(rng.choice(others)),
        bloc=int(rng.integers(match.rules.n_blocs)),
        funds=float(rng.choice([0.0, 0.1, 0.5])),
        tech=float(rng.choice([0.0, 0.2])),
        seats=int(rng.integers(2)),
        payload=int(rng.integers(2)),
    )


def _engine_answer(match, index: int, slot: int):
    """The engine's answer to table ``slot`` in turn ``index`` (0-based) as played."""
    events = match.events[index]
    rows = np.flatnonzero(np.isin(events.code, list(ANSWERS)) & (events.item == slot))
    if not len(rows):
        return "open", None
    row = int(rows[0])
    return ANSWERS[int(events.code[row])], events.terms[row]


def _agrees(match, step, index: int) -> None:
    """``step`` (foreseen) is what turn ``index`` of ``match`` (as played) decided."""
    outcome, terms = _engine_answer(match, index, step.slot)
    assert step.outcome == outcome or (step.outcome, outcome) == ("expired", "open")
    if terms is not None:
        mine = np.array(terms, dtype=np.float64)
        mine[TERMS.index("taste")] = 0.0
        assert np.array_equal(mine, step.terms)  # the very utility the engine used
    if step.drawn:
        value = np.array([step.terms.sum()])
        assert step.chance == law.accept_probability(value, match.rules.constants)[0]
    else:
        assert step.chance == (1.0 if outcome == "accepted" else 0.0)


def _send_and_check(match, sender, offer):
    """Preview ``offer``, send it, play two turns, and hold the preview to the engine."""
    seen = match.predict(sender, offer)
    if not seen.steps:  # stopped by the law
        assert not seen.allowed
        return None
    step = seen.steps[0]
    if step.by_person:  # a person answers; the advisers' view has a test of its own
        assert any("played by a person" in n for n in seen.notes)
        return None
    match.draft(sender).offers.append(offer)
    match.end_turn()
    if step.outcome == "not sent":
        return None
    placed = match.state.offers
    assert placed.sender[0, step.slot] == sender and placed.created[0, step.slot] == step.turn - 1
    if match.over:
        return None
    match.end_turn()
    _agrees(match, step, len(match.events) - 1)
    return step


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_preview_of_an_offer_is_what_the_engine_decides(scenario, seed):
    """One person: every offer composed, with the orders already given this turn (budget
    shares, answers), is answered the next turn exactly as foreseen."""
    match = Match(scenario, humans=["IND"], seed=seed)
    me = match.people[0]
    rng = np.random.default_rng(seed)
    checked = drawn = 0
    for _ in range(10):
        draft = match.draft(me)
        draft.alloc = list(rng.dirichlet(np.ones(len(draft.alloc))))
        for slot in match.inbox(me):
            draft.answers[int(slot)] = st.ANSWER_ACCEPT if rng.random() < 0.5 else 0
        offer = _random_offer(match, me, rng)
        step = _send_and_check(match, me, offer)
        if step is not None:
            checked += 1
            drawn += step.drawn
        if match.over:
            break
    assert checked >= 5 and drawn >= 1


def test_people_still_to_play_count_as_giving_no_orders_and_the_preview_says_so(scenario):
    match = Match(scenario, humans=["IND", "BRA", "ZAF"], seed=4)
    first = match.people[0]
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(8):
        offer = _random_offer(match, first, rng)
        seen = match.predict(first, offer)
        if seen.steps and seen.steps[0].outcome != "not sent":
            assert any("Brazil" in n and "not played" in n for n in seen.notes)
        checked += _send_and_check(match, first, offer) is not None  # the others: no orders
        if match.over:
            break
    assert checked >= 3


def test_the_preview_of_an_offer_in_the_table_is_this_turns_answer(scenario):
    match = Match(scenario, humans=["IND"], seed=5)
    me = match.people[0]
    checked = 0
    for _ in range(12):
        open_ = [int(s) for s in match.outbox(me)]
        foreseen = {slot: match.predict_slot(slot).steps[0] for slot in open_}
        if not open_:
            japan = match.catalog.nation("JPN")
            match.draft(me).offers.append(OfferDraft("tech_transfer", japan, tech=0.2))
        match.end_turn()
        for step in foreseen.values():
            _agrees(match, step, len(match.events) - 1)
            checked += 1
        if match.over:
            break
    assert checked >= 3


@pytest.mark.parametrize("kind", ["tech_transfer", "funding"])
def test_an_offer_to_a_person_is_weighed_as_the_engine_would_answer_for_them(scenario, kind):
    """The person answers; the preview is the engine's own weighing had it answered for
    them, the same when the offer is composed and when it waits in their inbox."""
    match = Match(scenario, humans=["IND", "JPN"], seed=6)
    india, japan = match.catalog.nation("IND"), match.catalog.nation("JPN")
    offer = OfferDraft(kind, target=japan, tech=0.2 if kind == "tech_transfer" else 0.0)
    if kind == "funding":
        offer.funds = 0.2
    seen = match.predict(india, offer)
    assert any("Japan is played by a person" in n for n in seen.notes)
    step = seen.steps[0]
    assert step.by_person and step.drawn and step.outcome in ("accepted", "rejected")
    value = np.array([step.terms.sum()])
    assert seen.chance == law.accept_probability(value, match.rules.constants)[0]
    match.draft(india).offers.append(offer)
    match.end_turn()  # Japan gives no orders, as the preview counted
    assert step.slot in [int(s) for s in match.inbox(japan)]
    later = match.predict_slot(step.slot)
    again = later.steps[0]
    assert again.by_person and again.outcome == step.outcome
    assert np.array_equal(again.terms, step.terms) and later.chance == seen.chance
    assert later.reasons == seen.reasons


def test_a_sweetener_the_reserve_cannot_pay_is_named_as_the_reason():
    """The reserve is checked inside the answer phase; the preview names that reason, not a
    generic "the rules decide against it"."""
    from game.engine.law import Refusal
    from game.paths import DEFAULT_SCENARIO
    from game.scenario.loader import load_scenario
    from game.session.match import Match
    from game.session.orders import OfferDraft
    from game.text.words import refusal_words

    match = Match(load_scenario(DEFAULT_SCENARIO), humans=["USA"])
    japan = match.catalog.nation("JPN")
    seen = match.predict(match.people[0], OfferDraft("launch_seat", japan, seats=3))
    usa = match.people[0]
    assert refusal_words(Refusal.CANNOT_AFFORD, match.catalog, usa, viewer=usa) in seen.summary
    assert "your reserve" in seen.summary
    assert "the rules decide against it" not in seen.summary
