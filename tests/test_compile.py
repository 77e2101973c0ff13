"""Compiling scenarios: rules tables, the initial state and the catalog of names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from engine_vocab import DEFAULT, SMALL, scenario

from game.engine import state as st
from game.engine.invariants import check_invariants
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario

SHIPPED = sorted((Path(__file__).parent.parent / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_compiles_to_a_valid_state(path):
    compiled = compile_scenario(load_scenario(path), worlds=2)
    check_invariants(compiled.state, compiled.rules)
    assert compiled.rules.n_turns >= 1
    assert compiled.catalog.date(0) == compiled.catalog.scenario.meta.start


def test_the_default_scenario_runs_from_march_2021_for_thirty_turns():
    c = compile_scenario(scenario(DEFAULT))
    assert c.catalog.date(0) == "2021-03"
    assert c.rules.n_turns == 30
    assert c.catalog.date(c.rules.n_turns) == c.catalog.scenario.meta.end


def test_relations_come_from_alignment_distance_with_overrides():
    c = compile_scenario(scenario(SMALL))
    rel = c.rules.base_relations
    n = c.catalog.nation
    assert np.array_equal(rel, rel.T)
    assert (np.diag(rel) == 1).all()
    # USA [0.8, 0.6] and JPN [0.6, 0.4]: distance 0.283
    assert rel[n("USA"), n("JPN")] == pytest.approx(1 - np.hypot(0.2, 0.2), abs=1e-6)
    # CHN [-0.7, -0.5] is far from the USA
    assert rel[n("USA"), n("CHN")] == pytest.approx(1 - np.hypot(1.5, 1.1), abs=1e-6)
    # the scenario's explicit relation wins over the derived one
    assert rel[n("USA"), n("RUS")] == pytest.approx(-0.4)
    assert np.array_equal(c.state.relations[0], rel)


def test_blocs_start_with_their_members_and_leader():
    c = compile_scenario(scenario(SMALL))
    bloc = c.state.bloc[0]
    n, b = c.catalog.nation, c.catalog.bloc
    assert bloc[n("USA")] == bloc[n("JPN")] == b("artemis")
    assert bloc[n("CHN")] == bloc[n("RUS")] == b("ilrs")
    assert bloc[n("IND")] == bloc[n("BRA")] == st.NO_BLOC
    assert c.state.leader[0, b("ilrs")] == n("CHN")


def test_an_offer_to_all_reaches_every_eligible_nation_once():
    c = compile_scenario(scenario(SMALL))
    of = c.state.offers
    src = c.catalog.offer_ids.index("ilrs-open")
    rows = of.active[0] & (of.source[0] == src)
    targets = sorted(c.catalog.nation_ids[i] for i in of.target[0][rows])
    # not the sender, not members (RUS), not the USA (forbidden with China)
    assert targets == ["BRA", "IND", "JPN"]
    assert (of.expires[0][rows] == 2).all()  # turns: 3 -> answerable on turns 0, 1, 2
    assert (of.origin[0][rows] == st.ORIGIN_SCENARIO).all()


def test_forbidden_pairs_start_symmetric():
    c = compile_scenario(scenario(SMALL))
    n = c.catalog.nation
    f = c.state.forbidden[0]
    assert f[n("USA"), n("CHN")] and f[n("CHN"), n("USA")]
    assert f.sum() == 2


def test_milestone_prerequisites_become_a_matrix_within_each_bloc():
    c = compile_scenario(scenario(SMALL))
    m = c.catalog.milestone
    pre = c.rules.ms_prereq
    assert pre[m("landing"), m("robotic")] and pre[m("landing"), m("flyby")]
    assert pre[m("ilrs-landing"), m("ce-robotic")]
    assert not pre[m("robotic")].any()
    assert c.rules.ms_base[m("base")] and c.rules.ms_base[m("ilrs-base")]


def test_scripted_dates_become_turns():
    c = compile_scenario(scenario(SMALL))
    e = c.catalog.index["scripted"]["sanctions"]
    assert c.catalog.date(int(c.rules.sc_turn[e])) == "2022-03"
    grows = c.catalog.index["scripted"]["ilrs-grows"]
    assert c.rules.sc_turn[grows] == -1 and c.rules.sc_cond[grows] >= 0


def test_world_ids_key_the_worlds():
    c = compile_scenario(scenario(SMALL), world_ids=[7, 3, 11], seed=5)
    assert list(c.state.world) == [7, 3, 11]
    assert c.seed == 5
    assert c.state.budget.shape == (3, c.rules.n_nations)
    default = compile_scenario(scenario(SMALL), worlds=4)
    assert list(default.state.world) == [0, 1, 2, 3]
    assert default.seed == scenario(SMALL).meta.seed


def test_scenario_constants_reach_the_rules():
    c = compile_scenario(scenario(DEFAULT))
    sc = c.catalog.scenario.constants
    k = c.rules.constants
    assert k.noise == sc.diplomacy.noise
    assert k.research_efficiency == sc.research.efficiency
    assert k.relations_reversion == sc.drift.reversion
    assert k.score_prestige == sc.scoring.prestige


def test_compiled_arrays_are_not_shared_between_worlds():
    c = compile_scenario(scenario(SMALL), worlds=2)
    for name in ("budget", "relations", "tech", "bloc"):
        arr = getattr(c.state, name)
        assert arr.flags.writeable and arr.flags.c_contiguous
        assert not np.shares_memory(arr, c.rules.base_relations)


def test_every_effect_model_compiles():
    from game.scenario import models
    from game.scenario.compile import _EFFECT_FIELDS

    assert set(models.Effect.__args__[0].__args__) == set(_EFFECT_FIELDS)
