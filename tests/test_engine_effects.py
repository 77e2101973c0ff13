"""Every typed event effect, fired on its date in a small fixture world (engine_effects.yaml)."""

from __future__ import annotations

import numpy as np
import pytest
from engine_vocab import FIXTURES, assert_in_bloc, make_world

from game.engine import state as st
from game.engine.phases.events import EFFECTS
from game.engine.state import EV
from game.scenario import models

EFFECTS_WORLD = FIXTURES / "engine_effects.yaml"


def fired(world, events, event_id):
    e = world.catalog.index["scripted"][event_id]
    return bool(((events.code == EV["scripted_event"]) & (events.item == e)).any())


@pytest.fixture
def w():
    return make_world(EFFECTS_WORLD)


def test_every_effect_type_of_the_format_has_an_engine_function():
    declared = set()
    for model in models.Effect.__args__[0].__args__:
        declared.update(model.model_fields["type"].annotation.__args__)
    assert declared == set(EFFECTS)


def test_budget_support_prestige_tech_and_relations_effects(w):
    d, c = w.n("DDD"), w.n("CCC")
    base_rel = w.rules.base_relations[d, c]
    events = w.end_turn()
    assert fired(w, events, "budget-up")
    r = w.rules
    support0 = r.support0[d]
    # the yearly rate compounded over the half-year turn, then the event's factor and addition
    grown = (
        r.budget0[d]
        * (1 + r.growth[d] + r.constants.support_elasticity * (support0 - 0.5)) ** r.turn_years
    )
    assert r.turn_years == 0.5
    assert w.state.budget[0, d] == pytest.approx(grown * 2.0 + 1.0)
    assert w.state.prestige[0, d] == pytest.approx(7.0)
    assert w.state.support[0, d] > support0 + 0.15
    assert w.state.tech[0, d, 1] >= 0.5
    assert w.state.relations[0, d, c] < base_rel - 0.4
    assert w.state.relations[0, c, d] == w.state.relations[0, d, c]


def test_a_pair_forbidden_while_together_splits_the_smaller_budget_out(w):
    w.end_turn()
    events = w.end_turn()
    assert fired(w, events, "ban")
    a, b = w.n("AAA"), w.n("BBB")
    assert w.state.forbidden[0, a, b] and w.state.forbidden[0, b, a]
    assert_in_bloc(w, "AAA", "west")
    assert_in_bloc(w, "BBB", None)
    left = (events.code == EV["left"]) & (events.nation == b)
    assert left.any()


def test_charter_and_progress_effects(w):
    w.run(2)
    events = w.end_turn()
    assert fired(w, events, "charter")
    west, east = w.b("west"), w.b("east")
    assert w.state.sharing[0, west] == pytest.approx(0.9)
    assert w.state.contribution[0, west] == pytest.approx(0.25)
    lander = w.catalog.milestone("e-lander")
    assert w.state.progress[0, lander] >= 25.0 or w.state.done[0, lander]
    assert w.state.contribution[0, east] == pytest.approx(0.1)


def test_force_membership_then_block_membership(w):
    w.run(3)
    events = w.end_turn()
    assert fired(w, events, "join-east")
    assert_in_bloc(w, "DDD", "east")
    events = w.end_turn()
    assert fired(w, events, "block-east")
    assert_in_bloc(w, "DDD", None)
    assert w.state.blocked[0, w.n("DDD"), w.b("east")]
    # a blocked nation cannot come back through an offer
    w.play_by_hand("DDD")
    w.offer("invite", "CCC", "DDD", bloc="east")
    w.end_turn()
    w.answer("CCC", "DDD")
    events = w.end_turn()
    assert_in_bloc(w, "DDD", None)
    assert ((events.code == EV["offer_refused"]) & (events.other == w.n("DDD"))).any()


def test_add_offer_effect_puts_the_scenario_offer_in_the_table(w):
    w.play_by_hand("DDD")
    w.run(5)
    events = w.end_turn()
    assert fired(w, events, "offer-west")
    of = w.state.offers
    row = of.active[0] & (of.origin[0] == st.ORIGIN_EVENT)
    assert row.sum() == 1
    slot = np.flatnonzero(row)[0]
    assert of.sender[0, slot] == w.n("AAA") and of.target[0, slot] == w.n("DDD")
    assert of.seats[0, slot] == 1
    assert w.catalog.offer_ids[of.source[0, slot]] == "west-calls"
    w.answer("AAA", "DDD")
    w.spend("AAA", bloc=0.5, reserve=0.5)  # the seat is paid from the sender's reserve
    w.end_turn()
    assert_in_bloc(w, "DDD", "west")
    assert w.state.seats[0, w.n("DDD")] == 1


def test_expel_and_allow_pair(w):
    w.run(6)
    events = w.end_turn()
    assert fired(w, events, "expel-b")
    assert_in_bloc(w, "AAA", None)
    assert not w.state.forbidden[0, w.n("AAA"), w.n("BBB")]
    assert w.state.leader[0, w.b("west")] in (-1, *np.flatnonzero(w.state.bloc[0] == w.b("west")))


def test_each_scripted_event_fires_once_only(w):
    counts = np.zeros(w.rules.n_scripted, dtype=int)
    for _ in range(w.rules.n_turns):
        events = w.end_turn()
        hits = events.item[events.code == EV["scripted_event"]]
        np.add.at(counts, hits, 1)
        if w.state.ended[0]:
            break
    assert counts.max() == 1
