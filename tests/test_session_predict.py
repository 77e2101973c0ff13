"""Predictions: the preview of an offer in the table is what the engine then decides, every
time; a new offer's is the engine's answer over futures of the turn before it, never the
game's own future."""

import numpy as np
import pytest

from game.engine import law
from game.engine import state as st
from game.engine.state import EV
from game.engine.utility import TERMS
from game.paths import DEFAULT_SCENARIO, SCENARIOS
from game.scenario.loader import load_scenario
from game.session.foresee import FUTURES
from game.session.match import Match
from game.session.orders import OfferDraft, offer_row

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
    """Preview ``offer``, send it and play two turns. Returns (the preview's step, the
    engine's answer in the game as played), or None where nothing was weighed."""
    seen = match.predict(sender, offer)
    if not seen.steps:  # stopped by the law
        assert not seen.allowed
        return None
    step = seen.steps[0]
    if step.by_person:  # a person answers; the advisers' view has a test of its own
        assert any("played by a person" in n for n in seen.notes)
        return None
    assert step.futures == FUTURES or step.outcome == "not sent"  # every future counted
    turn, before = int(match.state.turn), match.state
    match.draft(sender).offers.append(offer)
    match.end_turn()
    if step.outcome == "not sent" or match.over:
        return None
    row = offer_row(before, sender, offer)
    o = match.state.offers
    mine = (
        o.active[0]
        & (o.created[0] == turn)
        & (o.sender[0] == sender)
        & (o.target[0] == row["target"])
        & (o.kind[0] == row["kind"])
    )
    if not mine.any():
        return None  # the game's own turn did not send it (the futures did)
    slot = int(np.flatnonzero(mine)[-1])
    match.end_turn()
    outcome, _terms = _engine_answer(match, len(match.events) - 1, slot)
    return step, outcome


def _calibrated(pairs) -> None:
    """Over many offers, the previews' chances add up to the yeses the engine gave (within
    four standard errors of the draws), and an offer the rules stop in every future is
    hardly ever accepted in the game."""
    drawn = [(s.chance, o == "accepted") for s, o in pairs if s.drawn]
    expected = sum(p for p, _ in drawn)
    got = sum(y for _, y in drawn)
    spread = np.sqrt(sum(p * (1 - p) for p, _ in drawn))
    assert abs(got - expected) <= 4 * spread + 1, (got, expected, spread)
    stopped = [o for s, o in pairs if not s.drawn and s.refused == s.futures]
    assert sum(o == "accepted" for o in stopped) <= 0.1 * len(stopped) + 1


def test_the_preview_of_a_new_offer_is_the_engines_answer_over_futures_of_this_turn(scenario):
    """One person: every offer composed, with the orders already given this turn (budget
    shares, answers), is answered the next turn as the futures foresaw: the chances add up
    to the yeses the engine gave."""
    pairs = []
    for seed in (1, 2, 3, 4):
        match = Match(scenario, humans=["IND"], seed=seed)
        me = match.people[0]
        rng = np.random.default_rng(seed)
        for _ in range(10):
            draft = match.draft(me)
            draft.alloc = list(rng.dirichlet(np.ones(len(draft.alloc))))
            for slot in match.inbox(me):
                draft.answers[int(slot)] = st.ANSWER_ACCEPT if rng.random() < 0.5 else 0
            got = _send_and_check(match, me, _random_offer(match, me, rng))
            if got is not None:
                pairs.append(got)
            if match.over:
                break
    assert len(pairs) >= 12 and sum(s.drawn for s, _ in pairs) >= 5
    _calibrated(pairs)


def test_the_preview_of_a_new_offer_never_reads_the_games_own_future(scenario):
    """The turn before the answer is played in worlds of their own: the same game in another
    world (other draws to come) gets the very same preview, while its own turn goes
    differently."""
    here = Match(scenario, humans=["USA"], seed=7)
    there = Match(scenario, humans=["USA"], seed=7, world=12345)
    usa = here.people[0]
    for code in ("IND", "NGA", "BRA", "ZAF", "TUR", "PAK"):
        offer = OfferDraft("invite", here.catalog.nation(code), funds=0.3)
        a, b = here.predict(usa, offer), there.predict(usa, offer)
        assert a.chance == b.chance and a.summary == b.summary
        assert np.array_equal(a.steps[0].terms, b.steps[0].terms)
    here.end_turn()
    there.end_turn()
    assert not np.array_equal(here.state.relations, there.state.relations)


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
    alloc = np.zeros(len(match.draft(india).alloc))
    alloc[st.CAT_RESEARCH] = alloc[st.CAT_RESERVE] = 0.5  # a reserve that pays the price
    match.draft(india).alloc = list(alloc)
    seen = match.predict(india, offer)
    assert any("Japan is played by a person" in n for n in seen.notes)
    step = seen.steps[0]
    assert step.by_person and step.drawn and step.outcome in ("accepted", "rejected")
    assert 0.0 < seen.chance < 1.0 and step.futures == FUTURES
    match.draft(india).offers.append(offer)
    match.end_turn()  # Japan gives no orders, as the preview counted
    assert step.slot in [int(s) for s in match.inbox(japan)]
    later = match.predict_slot(step.slot)
    again = later.steps[0]
    # composed, it was weighed over futures of the turn before the answer; in the inbox, on
    # that turn as it went (the game's own draws): the same reasons, close in size
    assert again.by_person and again.drawn and again.futures == 0
    value = np.array([again.terms.sum()])
    assert later.chance == law.accept_probability(value, match.rules.constants)[0]
    assert {r for r, _ in later.reasons} == {r for r, _ in seen.reasons}
    assert abs(later.chance - seen.chance) < 0.15


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


def test_a_refusal_that_holds_now_is_said_plainly_and_one_the_turn_may_bring_with_its_odds(
    scenario,
):
    """A standing ban stops an offer in every future and is said as a fact of now; where
    only the coming turn may stop it, the preview counts the futures in which it does."""
    match = Match(scenario, humans=["GBR"], seed=2)
    uk = match.people[0]
    banned = match.predict(uk, OfferDraft("invite", match.catalog.nation("CHN")))
    assert not banned.allowed and banned.steps[0].refused == FUTURES
    assert "cannot accept when the answer comes:" in banned.summary
    assert "futures" not in banned.summary
    step = banned.steps[0]
    assert step.refusal == law.Refusal.BARRED_BY_MEMBER
    # the tutorial's Meridia weighs another bloc's invitation this turn: in some futures it
    # joins that bloc first, and the preview counts them, never reading the game's own draw
    tutorial = load_scenario(SCENARIOS / "tutorial.yaml")
    match = Match(tutorial, humans=[tutorial.nations[0].id], seed=5)
    meridia = next(i for i in range(match.n) if match.name(i) == "Meridia")
    seen = match.predict(match.people[0], OfferDraft("invite", meridia))
    step = seen.steps[0]
    assert seen.allowed and 0 < step.refused < step.futures == FUTURES
    assert f"In {step.refused} of {FUTURES} futures of this turn Meridia cannot accept" in (
        seen.summary
    )
    assert seen.chance <= 1 - step.refused / FUTURES


def test_an_application_weighed_over_several_turns_is_foreseen_at_its_answer(scenario):
    # the ILRS weighs a membership two turns: the preview played only the coming turn, said
    # "no answer comes in time" and the screen would not send the application at all
    match = Match(scenario, humans=["NGA"], seed=3)
    me = match.catalog.nation("NGA")
    slow = int(np.argmax(match.rules.accession_turns))
    wait = int(match.rules.accession_turns[slow])
    assert wait >= 2, "the shipped scenario has a bloc that weighs applications over turns"
    seen = match.predict(me, OfferDraft("apply", bloc=slow))
    assert seen.allowed and 0.0 < seen.chance < 1.0, seen.summary
    step = seen.steps[0]
    assert step.outcome in ("accepted", "rejected") and step.drawn
    assert step.turn == int(match.state.turn) + wait  # answered when its weighing ends
    assert "no answer comes in time" not in seen.summary
