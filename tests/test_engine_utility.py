"""The acceptance utility: its terms add up, and each pulls the way the rules say."""

from __future__ import annotations

import numpy as np
import pytest
from engine_vocab import DEFAULT, make_world

from game.engine import state as st
from game.engine.utility import TERMS, Context, explain, landscape_size, offer_utility

T = {name: i for i, name in enumerate(TERMS)}
INVITE, APPLY, FUNDING = st.KIND["invite"], st.KIND["apply"], st.KIND["funding"]


def invite(w, sender, target, bloc, **sweeteners):
    return offer_utility(
        w.state,
        w.rules,
        np.array([[INVITE]]),
        np.array([[w.n(sender)]]),
        np.array([[w.n(target)]]),
        np.array([[w.b(bloc)]]),
        **sweeteners,
    )


def test_terms_add_up_to_the_utility():
    w = make_world(path=DEFAULT, worlds=2)
    n = w.rules.n_nations
    kinds = np.array([[INVITE, APPLY, FUNDING]] * 2)
    util, terms = offer_utility(
        w.state,
        w.rules,
        kinds,
        np.array([[0, 5, 0]] * 2),
        np.array([[n - 1, 0, 7]] * 2),
        np.array([[0, 0, -1]] * 2),
        funds=0.5,
        taste=np.full((2, 3), 0.1),
    )
    assert util.shape == (2, 3) and terms.shape == (2, 3, len(TERMS))
    assert np.allclose(terms.sum(axis=-1), util)
    assert (terms[..., T["taste"]] == 0.1).all()


def test_sweeteners_make_an_offer_more_attractive():
    w = make_world()
    plain, _ = invite(w, "USA", "IND", "artemis")
    sweet, terms = invite(w, "USA", "IND", "artemis", funds=1.0, seats=2, tech=0.5)
    assert sweet[0, 0] > plain[0, 0]
    assert (
        terms[0, 0, T["funds"]] > 0 and terms[0, 0, T["seats"]] > 0 and terms[0, 0, T["tech"]] > 0
    )


def test_better_relations_with_a_bloc_raise_the_affinity_term():
    w = make_world()
    _, before = invite(w, "USA", "IND", "artemis")
    rel = w.state.relations.copy()
    i, u = w.n("IND"), w.n("USA")
    rel[:, i, u] = rel[:, u, i] = 0.9
    w.state = w.state.replace(relations=rel)
    _, after = invite(w, "USA", "IND", "artemis")
    assert after[0, 0, T["affinity"]] > before[0, 0, T["affinity"]] + 0.3
    # the big member weighs more: the USA's budget dwarfs Japan's
    rel[:, i, u] = rel[:, u, i] = w.rules.base_relations[i, u]
    j = w.n("JPN")
    rel[:, i, j] = rel[:, j, i] = 0.9
    w.state = w.state.replace(relations=rel)
    _, via_japan = invite(w, "USA", "IND", "artemis")
    assert via_japan[0, 0, T["affinity"]] < after[0, 0, T["affinity"]]


def test_a_second_membership_costs_the_switching_cost_times_the_charters_binding():
    w = make_world()
    _, terms = invite(w, "CHN", "JPN", "ilrs")
    k = w.b("ilrs")
    assert terms[0, 0, T["switching"]] == -w.rules.constants.switching_cost * w.rules.binding[k]
    _, free = invite(w, "CHN", "IND", "ilrs")
    assert free[0, 0, T["switching"]] == 0


def test_a_members_value_of_staying_carries_no_second_membership():
    # The AI values staying in a bloc as an invitation to that bloc: being in it already is
    # no extra commitment, or every member of a binding charter would leave at its review.
    w = make_world()
    _, stay = invite(w, "CHN", "RUS", "ilrs")
    assert stay[0, 0, T["switching"]] == 0


def test_bandwagoners_lean_to_the_stronger_bloc_and_balancers_away():
    w = make_world()
    ctx = Context(w.state, w.rules)
    artemis, ilrs = w.b("artemis"), w.b("ilrs")
    assert ctx.lead[0, artemis] > 0 > ctx.lead[0, ilrs]  # the USA's budget
    _, ind = invite(w, "USA", "IND", "artemis")  # bandwagon +0.6
    _, bra = invite(w, "USA", "BRA", "artemis")  # bandwagon -0.5
    assert ind[0, 0, T["momentum"]] > 0 > bra[0, 0, T["momentum"]]


def test_explain_names_the_largest_terms_first():
    terms = np.zeros(len(TERMS))
    terms[T["affinity"]] = -0.4
    terms[T["seats"]] = 0.2
    terms[T["taste"]] = 0.05
    words = explain(terms, top=2)
    assert words == [("relations with the bloc", -0.4), ("seats and payload", 0.2)]


def test_engine_decisions_follow_the_logged_utility():
    w = make_world(path=DEFAULT, worlds=4, noise=0.0)
    # the scenario opens with no invitation on the table: send some, answered next turn
    for nation in ("IND", "BRA", "KOR", "NGA", "FRA"):
        w.offer("invite", "USA", nation, bloc="artemis")
        w.offer("invite", "CHN", nation, bloc="ilrs")
    w.end_turn()
    of = w.state.offers
    predicted, _ = offer_utility(
        w.state,
        w.rules,
        of.kind,
        of.sender,
        of.target,
        of.bloc,
        of.funds,
        of.tech,
        of.seats,
        of.payload,
    )
    events = w.end_turn()
    decided = np.isin(events.code, [st.EV["offer_accepted"], st.EV["offer_rejected"]])
    assert decided.any()
    threshold = w.rules.constants.accept_threshold
    for row in np.flatnonzero(decided):
        logged = events.terms[row]
        assert logged[T["taste"]] == 0.0
        assert (events.code[row] == st.EV["offer_accepted"]) == (logged.sum() > threshold)
        # a prediction made at the start of the turn is close (budgets grow before diplomacy)
        world = int(np.flatnonzero(w.history[0][0].world == events.world[row])[0])
        assert abs(predicted[world, events.item[row]] - logged.sum()) < 0.05


def _with_relation(w, a, b, value):
    rel = w.state.relations.copy()
    i, j = w.n(a), w.n(b)
    rel[:, i, j] = rel[:, j, i] = value
    w.state = w.state.replace(relations=rel)


def test_standing_opposite_a_rival_raises_the_affinity_of_a_bloc():
    w = make_world()
    _with_relation(w, "IND", "CHN", 0.0)
    _, before = invite(w, "USA", "IND", "artemis")
    _with_relation(w, "IND", "CHN", -0.8)
    _, after = invite(w, "USA", "IND", "artemis")
    assert after[0, 0, T["affinity"]] > before[0, 0, T["affinity"]] + 0.05


def test_a_rival_inside_the_bloc_lowers_its_affinity():
    w = make_world()
    _with_relation(w, "IND", "JPN", 0.5)
    _, before = invite(w, "USA", "IND", "artemis")
    _with_relation(w, "IND", "JPN", -0.8)
    _, after = invite(w, "USA", "IND", "artemis")
    assert after[0, 0, T["affinity"]] < before[0, 0, T["affinity"]] - 0.05


def test_without_opposition_only_the_bloc_joined_counts():
    w = make_world(opposition_weight=0.0)
    _with_relation(w, "IND", "CHN", 0.0)
    _, before = invite(w, "USA", "IND", "artemis")
    _with_relation(w, "IND", "CHN", -0.8)
    _, after = invite(w, "USA", "IND", "artemis")
    assert after[0, 0, T["affinity"]] == before[0, 0, T["affinity"]]


def test_size_in_the_landscape_is_concave_in_the_budget():
    c = make_world(landscape_size_exponent=0.5).rules.constants
    assert landscape_size(np.array([1.0, 100.0]), c) == pytest.approx([1.0, 10.0])


def test_leaving_one_of_two_blocs_keeps_the_partners_of_the_other():
    # Staying in the ILRS, for a nation also in the Accords, is worth only what leaving would
    # move: the ILRS members it shares no other bloc with, from beside it to opposite it.
    w = make_world()
    member = w.state.member.copy()
    j, ilrs, artemis = w.n("JPN"), w.b("ilrs"), w.b("artemis")
    member[:, j, ilrs] = True
    w.state = w.state.replace(member=member)
    _with_relation(w, "JPN", "CHN", 0.5)
    _with_relation(w, "JPN", "RUS", 0.5)
    ctx = Context(w.state, w.rules)
    one = np.array([0])
    staying = ctx.staying_affinity(one, np.array([j]), np.array([ilrs]))
    c, s = w.rules.constants, w.state
    size = landscape_size(s.budget[0], c)
    aligned = np.where(s.bloc[0] >= 0, size, 0.0)
    moved = sum(size[w.n(x)] * s.relations[0, j, w.n(x)] for x in ("CHN", "RUS"))
    want = (1 + c.opposition_weight) * moved / (aligned.sum() - aligned[j])
    assert staying == pytest.approx(want)
    # in no other bloc, leaving goes back to unaligned: the whole landscape of the bloc
    usa = w.n("USA")
    alone = ctx.staying_affinity(one, np.array([usa]), np.array([artemis]))
    assert alone == pytest.approx(ctx.affinity[0, usa, artemis])


def test_a_second_membership_weighs_only_the_new_partners():
    # Japan, in the Accords, invited into the ILRS: joining keeps its Accords partners beside
    # it, so only the ILRS's members cross from opposite it to beside it.
    w = make_world()
    j = w.n("JPN")
    _with_relation(w, "JPN", "CHN", 0.5)
    _with_relation(w, "JPN", "RUS", 0.3)
    _, terms = invite(w, "CHN", "JPN", "ilrs")
    c, s = w.rules.constants, w.state
    size = landscape_size(s.budget[0], c)
    aligned = np.where(s.bloc[0] >= 0, size, 0.0)
    moved = sum(size[w.n(x)] * s.relations[0, j, w.n(x)] for x in ("CHN", "RUS"))
    want = c.affinity_weight * (1 + c.opposition_weight) * moved / (aligned.sum() - aligned[j])
    assert terms[0, 0, T["affinity"]] == pytest.approx(want) and want > 0
    # how much it likes the partners it keeps does not enter: they stay beside it
    _with_relation(w, "JPN", "USA", -0.5)
    _, again = invite(w, "CHN", "JPN", "ilrs")
    assert again[0, 0, T["affinity"]] == pytest.approx(terms[0, 0, T["affinity"]])


def test_joining_a_second_bloc_gains_what_leaving_it_would_lose():
    # the landscape is one: the gain of joining the ILRS from the Accords is the loss of
    # leaving it again back to the Accords alone
    w = make_world()
    j, ilrs = w.n("JPN"), w.b("ilrs")
    _with_relation(w, "JPN", "CHN", 0.4)
    one, who, k = np.array([0]), np.array([j]), np.array([ilrs])
    joining = Context(w.state, w.rules).joining_affinity(one, who, k)
    member = w.state.member.copy()
    member[:, j, ilrs] = True
    w.state = w.state.replace(member=member)
    staying = Context(w.state, w.rules).staying_affinity(one, who, k)
    assert joining == pytest.approx(staying)
    # from unaligned, joining is the whole landscape of the bloc (``affinity``)
    ind = w.n("IND")
    fresh = make_world()
    ctx = Context(fresh.state, fresh.rules)
    assert ctx.joining_affinity(one, np.array([ind]), k) == pytest.approx(
        ctx.affinity[0, ind, ilrs]
    )
