"""Properties of the engine: invariants under arbitrary orders, determinism, batch consistency."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
from engine_vocab import DEFAULT, make_world, random_orders, scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from game.engine import default_orders, step
from game.engine import state as st
from game.engine.invariants import check_invariants, check_transition
from game.scenario.compile import compile_scenario


def state_arrays(state: st.State) -> dict[str, np.ndarray]:
    out = {
        f.name: getattr(state, f.name) for f in fields(st.State) if f.name not in ("offers", "turn")
    }
    out.update({"offers." + f.name: getattr(state.offers, f.name) for f in fields(st.Offers)})
    return out


def take_world(state: st.State, i: int) -> st.State:
    """World position i of a batch, as a batch of one."""

    def cut(x):
        return x[i : i + 1] if isinstance(x, np.ndarray) else x

    values = {f.name: cut(getattr(state, f.name)) for f in fields(st.State) if f.name != "offers"}
    offers = st.Offers(**{f.name: cut(getattr(state.offers, f.name)) for f in fields(st.Offers)})
    return st.State(offers=offers, **values)


def take_orders(orders: st.Orders, i: int) -> st.Orders:
    new = st.NewOffers(
        **{f.name: getattr(orders.new, f.name)[i : i + 1] for f in fields(st.NewOffers)}
    )
    values = {
        f.name: getattr(orders, f.name)[i : i + 1] for f in fields(st.Orders) if f.name != "new"
    }
    return st.Orders(new=new, **values)


def assert_same_state(a: st.State, b: st.State, where: str) -> None:
    assert a.turn == b.turn
    for name, value in state_arrays(a).items():
        other = state_arrays(b)[name]
        assert value.dtype == other.dtype, f"{where}: {name} dtype differs"
        assert np.array_equal(value, other), f"{where}: {name} differs"


def world_events(events: st.Events, world_id: int) -> dict[str, np.ndarray]:
    rows = events.world == world_id
    return {f.name: getattr(events, f.name)[rows] for f in fields(st.Events)}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=hs.integers(0, 2**32 - 1), turns=hs.integers(1, 12))
def test_invariants_hold_after_every_step_under_any_orders(seed, turns):
    w = make_world(worlds=3, seed=seed % 1000)
    gen = np.random.default_rng(seed)
    for _ in range(turns):
        w.end_turn(random_orders(w.state, w.rules, gen))  # end_turn checks every invariant


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=hs.integers(0, 2**32 - 1))
def test_invariants_hold_on_the_default_scenario_under_any_orders(seed):
    w = make_world(path=DEFAULT, worlds=2, seed=seed % 977)
    gen = np.random.default_rng(seed)
    for _ in range(10):
        w.end_turn(random_orders(w.state, w.rules, gen))


def test_step_never_changes_its_inputs():
    w = make_world(worlds=2)
    gen = np.random.default_rng(3)
    for _ in range(4):
        orders = random_orders(w.state, w.rules, gen)
        before = {k: v.copy() for k, v in state_arrays(w.state).items()}
        orders_before = [
            getattr(orders, f.name).copy()
            for f in fields(st.Orders)
            if f.name not in ("new", "injected")  # injected: a tuple of frozen records
        ]
        state = w.state
        w.end_turn(orders)
        for name, value in state_arrays(state).items():
            assert np.array_equal(value, before[name]), f"step changed its input {name}"
        after = [
            getattr(orders, f.name) for f in fields(st.Orders) if f.name not in ("new", "injected")
        ]
        assert all(np.array_equal(a, b) for a, b in zip(after, orders_before, strict=True))


def test_two_runs_with_the_same_seed_and_orders_are_equal_every_turn():
    a = make_world(path=DEFAULT, worlds=2, seed=5)
    b = make_world(path=DEFAULT, worlds=2, seed=5)
    gen_a, gen_b = np.random.default_rng(9), np.random.default_rng(9)
    for turn in range(12):
        ea = a.end_turn(random_orders(a.state, a.rules, gen_a))
        eb = b.end_turn(random_orders(b.state, b.rules, gen_b))
        assert_same_state(a.state, b.state, f"turn {turn}")
        for f in fields(st.Events):
            assert np.array_equal(getattr(ea, f.name), getattr(eb, f.name))


def test_a_different_seed_gives_a_different_game():
    a = make_world(path=DEFAULT, seed=1)
    b = make_world(path=DEFAULT, seed=2)
    a.run(10)
    b.run(10)
    assert not np.array_equal(a.state.prestige, b.state.prestige)


def test_every_world_of_a_batch_equals_the_same_world_alone():
    sc = scenario(DEFAULT)
    ids = np.arange(64) * 7 + 3
    batch = compile_scenario(sc, world_ids=ids, seed=42)
    rules = batch.rules
    gen = np.random.default_rng(1)
    state = batch.state
    orders_log, states, events_log = [], [state], []
    for turn in range(rules.n_turns):
        orders = random_orders(state, rules, gen) if turn % 2 else default_orders(state, rules)
        state, events = step(state, orders, rules, batch.seed)
        orders_log.append(orders)
        states.append(state)
        events_log.append(events)
    for i in (0, 1, 17, 40, 63):
        alone = compile_scenario(sc, world_ids=[ids[i]], seed=42).state
        assert_same_state(alone, take_world(states[0], i), f"world {ids[i]} start")
        for turn, orders in enumerate(orders_log):
            alone, events = step(alone, take_orders(orders, i), rules, batch.seed)
            assert_same_state(alone, take_world(states[turn + 1], i), f"world {ids[i]} turn {turn}")
            mine, theirs = world_events(events, ids[i]), world_events(events_log[turn], ids[i])
            for name in mine:
                assert np.array_equal(mine[name], theirs[name]), f"turn {turn}: events.{name}"


def test_check_invariants_reports_a_broken_state():
    import pytest

    from game.engine.invariants import InvariantError

    w = make_world()
    bad = w.state.replace(support=w.state.support + 2.0)
    with pytest.raises(InvariantError, match="support"):
        check_invariants(bad, w.rules)
    s = w.state
    done = s.done.copy()
    done[0, 0] = True
    progress = s.progress.copy()
    progress[0, 0] = w.rules.ms_cost[0]
    finished = s.replace(done=done, progress=progress)
    w.state = finished
    w.end_turn()
    undone = w.state.replace(done=s.done, turn=w.state.turn + 1)
    with pytest.raises(InvariantError, match="undone"):
        check_transition(w.state, undone, w.rules)


def test_affinity_rows_equal_the_full_table_bit_for_bit():
    from game.engine.utility import Context, affinity

    w = make_world(path=DEFAULT, worlds=3)
    w.run(3)
    s, rules = w.state, w.rules
    table = affinity(s, rules)
    wi, nation, k = np.nonzero(np.ones_like(table, dtype=bool))
    rows = Context(s, rules).affinity_of(wi[:2], nation[:2], k[:2])
    assert np.array_equal(rows, table[wi[:2], nation[:2], k[:2]])
    few = np.array([0, 2]), np.array([5, 7]), np.array([1, 0])
    assert np.array_equal(Context(s, rules).affinity_of(*few), table[few])


def test_orders_of_the_wrong_shape_are_refused_with_a_clear_message():
    import pytest

    w = make_world(worlds=2)
    o = default_orders(w.state, w.rules)
    with pytest.raises(ValueError, match=r"Orders.alloc has shape \(1, 6, 5\)"):
        step(w.state, o.replace(alloc=o.alloc[:1]), w.rules, w.seed)


def test_a_mostly_finished_batch_gives_the_same_worlds_as_a_full_one():
    # once half the worlds have ended the engine resolves only the others (compaction)
    sc = scenario(DEFAULT)
    batch = compile_scenario(sc, worlds=80, seed=3)
    rules, state = batch.rules, batch.state
    gen = np.random.default_rng(4)
    for _ in range(3):
        state, _ = step(state, random_orders(state, rules, gen), rules, batch.seed)
    over = np.arange(80) % 5 != 0  # 64 of 80 worlds are over
    state = state.replace(
        ended=over,
        winner=np.where(over, 0, -1).astype(np.int16),
        end_turn=np.where(over, state.turn, -1).astype(np.int16),
    )
    orders = random_orders(state, rules, gen)
    after, events = step(state, orders, rules, batch.seed)
    check_invariants(after, rules)
    for i in (0, 1, 5, 40, 75):
        alone, alone_events = step(take_world(state, i), take_orders(orders, i), rules, batch.seed)
        assert_same_state(alone, take_world(after, i), f"world {i}")
        theirs = world_events(events, int(state.world[i]))
        for name, value in world_events(alone_events, int(state.world[i])).items():
            assert np.array_equal(value, theirs[name]), f"world {i}: events.{name}"
    assert not world_events(events, 1)["code"].size  # ended worlds log nothing


def _deep_copy(state: st.State) -> st.State:
    values = {f.name: getattr(state, f.name) for f in fields(st.State) if f.name != "offers"}
    values = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in values.items()}
    offers = st.Offers(**{f.name: getattr(state.offers, f.name).copy() for f in fields(st.Offers)})
    return st.State(offers=offers, **values)


def test_a_donated_state_gives_the_same_turn_as_a_kept_one():
    # donation lets the engine edit the input in place: same results, ended worlds untouched
    sc = scenario(DEFAULT)
    batch = compile_scenario(sc, worlds=12, seed=5)
    rules = batch.rules
    gen = np.random.default_rng(6)
    state = _deep_copy(batch.state)
    for turn in range(6):
        if turn == 3:
            over = np.arange(12) % 4 == 1  # a few worlds end: their rows must stay as they were
            state = state.replace(
                ended=over,
                winner=np.where(over, 1, -1).astype(np.int16),
                end_turn=np.where(over, state.turn, -1).astype(np.int16),
            )
        orders = random_orders(state, rules, gen)
        kept, kept_events = step(state, orders, rules, batch.seed)
        given_up = _deep_copy(state)
        donated, donated_events = step(given_up, orders, rules, batch.seed, donate=True)
        assert_same_state(donated, kept, f"turn {turn}")
        for f in fields(st.Events):
            assert np.array_equal(getattr(donated_events, f.name), getattr(kept_events, f.name))
        state = kept
