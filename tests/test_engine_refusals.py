"""Every refused offer carries the law's reason in the Events record (issue 10, finding 1):
a screen says the rule from ``Events.reason``, never from the offer's kind or slot."""

from __future__ import annotations

import numpy as np
from engine_vocab import assert_in_bloc, make_world

from game.engine.law import Refusal
from game.engine.state import EV
from game.text.words import REFUSAL_WORDS, event_sentence


def refusals(w, events, sender: str) -> list[Refusal]:
    rows = (events.code == EV["offer_refused"]) & (events.nation == w.n(sender))
    return [Refusal(int(x)) for x in events.reason[rows]]


def test_every_refusal_code_has_words():
    assert set(Refusal) - {Refusal.OK} == set(REFUSAL_WORDS)


def test_a_refused_offer_records_its_rule_and_keeps_its_slot_as_item():
    # Brazil's mean technology is below the ILRS entry minimum
    w = make_world().play_by_hand("CHN")
    w.offer("apply", "BRA", bloc="ilrs")
    w.end_turn()
    slot = int(
        np.flatnonzero(w.state.offers.active[0] & (w.state.offers.sender[0] == w.n("BRA")))[0]
    )
    w.answer("BRA", "CHN", accept=True)
    events = w.end_turn()
    assert refusals(w, events, "BRA") == [Refusal.TECH_BELOW_ENTRY]
    row = int(np.flatnonzero(events.code == EV["offer_refused"])[0])
    assert events.item[row] == slot
    said = event_sentence(w.catalog, events, row)
    assert said.endswith(f"refused by the rules: {REFUSAL_WORDS[Refusal.TECH_BELOW_ENTRY]}.")
    assert_in_bloc(w, "BRA", None)


def test_only_refused_rows_carry_a_reason():
    w = make_world()
    events = w.run(3)
    for ev in events:
        other = ev.code != EV["offer_refused"]
        assert (ev.reason[other] == 0).all()
        assert (ev.reason[~other] != 0).all()


def test_an_offer_the_reserve_cannot_pay_is_refused_as_unaffordable():
    w = make_world().play_by_hand("BRA")
    w.offer("launch_seat", "USA", "BRA", seats=2)
    w.end_turn()
    w.answer("USA", "BRA")
    w.spend("USA", bloc=1.0)
    events = w.end_turn()
    assert refusals(w, events, "USA") == [Refusal.CANNOT_AFFORD]


def test_offers_beyond_the_per_nation_limit_are_refused_as_over_the_limit():
    w = make_world(max_offers_per_nation=2)
    for target in ("IND", "CHN", "BRA", "RUS"):
        w.offer("funding", "USA", target, funds=0.1)
    events = w.end_turn()
    rows = (events.code == EV["offer_refused"]) & (events.nation == w.n("USA"))
    why = dict(zip(events.other[rows].tolist(), events.reason[rows].tolist(), strict=True))
    assert why == {w.n("CHN"): Refusal.FORBIDDEN_PAIR, w.n("RUS"): Refusal.OFFER_LIMIT}


def test_a_second_membership_accepted_the_same_turn_is_refused_as_joined_elsewhere():
    w = make_world().play_by_hand("IND")
    w.offer("invite", "CHN", "IND", bloc="ilrs")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.end_turn()
    w.answer("CHN", "IND")
    w.answer("USA", "IND")
    events = w.end_turn()
    joined = int(w.state.bloc[0, w.n("IND")])
    loser = "CHN" if joined == w.b("artemis") else "USA"
    # (the scenario's own opening invitation from the loser is refused the same way)
    assert set(refusals(w, events, loser)) == {Refusal.JOINED_ELSEWHERE}


def test_an_offer_with_no_term_is_refused_as_malformed():
    w = make_world()
    w.offer("funding", "USA", "IND", funds=0.1, turns=0)
    events = w.end_turn()
    assert refusals(w, events, "USA") == [Refusal.MALFORMED]


def test_a_membership_offer_set_aside_for_another_is_not_called_refused_by_the_rules():
    # India applies to the Artemis Accords and accepts the US invitation to them in the
    # same turn: one admits it, the other is set aside, not "refused by the rules"
    w = make_world().play_by_hand("IND", "USA")
    w.offer("invite", "USA", "IND", bloc="artemis")
    w.offer("apply", "IND", bloc="artemis")
    w.end_turn()
    w.answer("USA", "IND", accept=True)
    w.answer("IND", "USA", accept=True)
    events = w.end_turn()
    assert_in_bloc(w, "IND", "artemis")
    rows = np.flatnonzero(
        (events.code == EV["offer_refused"]) & (events.reason == Refusal.JOINED_ELSEWHERE)
    )
    assert rows.size == 1
    said = event_sentence(w.catalog, events, int(rows[0]))
    assert "was set aside: " in said and "refused by the rules" not in said
