"""A person's orders join the computer's the same way in one world and in a batch."""

import dataclasses

import numpy as np
import pytest

from game.ai import decide
from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.session.orders import Draft, OfferDraft, merge_orders
from game.session.play import play_turn
from game.sim.driver import slice_worlds


def _world(record, w: int):
    """World ``w`` of an Orders record (every array has the world axis first)."""
    values = {}
    for f in dataclasses.fields(record):
        v = getattr(record, f.name)
        values[f.name] = _world(v, w) if dataclasses.is_dataclass(v) else v[w : w + 1]
    return type(record)(**values)


def _arrays(record, prefix=""):
    for f in dataclasses.fields(record):
        v = getattr(record, f.name)
        if dataclasses.is_dataclass(v):
            yield from _arrays(v, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}", v


@pytest.fixture(scope="module")
def batch():
    comp = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=4, seed=5)
    state = comp.state
    for _ in range(3):  # the worlds part ways: blocs, leaders and offer tables differ
        state = play_turn(state, comp.rules, comp.seed).state
    return comp, state


def test_a_batch_merge_is_each_world_merged_alone(batch):
    comp, state = batch
    cat = comp.catalog
    india, japan = cat.nation("IND"), cat.nation("JPN")
    computer = decide(state, comp.rules, comp.seed, "hard").orders
    open_slots = np.flatnonzero(state.offers.active.any(axis=0))
    people = {
        india: Draft(
            alloc=[3.0, 1.0, 1.0, 0.0, -1.0],  # not normalised: the merge shares it out
            research=[1.0] * comp.rules.n_domains,
            mission=-1,
            answers={int(k): st.ANSWER_ACCEPT for k in open_slots},
            offers=[OfferDraft("apply", bloc=0), OfferDraft("funding", target=japan, funds=0.3)],
        ),
        japan: Draft(
            alloc=[0.2] * 5,
            research=[1.0] * comp.rules.n_domains,
            offers=[OfferDraft("invite", target=india)],
            leave=True,
        ),
    }
    merged = merge_orders(state, computer, people)
    for w in range(state.n_worlds):
        alone = merge_orders(slice_worlds(state, np.array([w])), _world(computer, w), people)
        for (name, a), (_, b) in zip(_arrays(alone), _arrays(_world(merged, w)), strict=True):
            assert np.array_equal(a, b), (w, name)
    # the people's offers lead the table, the computer's follow in their order
    assert merged.new.active[:, :3].all()
    assert (merged.new.sender[:, :2] == india).all() and (merged.new.sender[:, 2] == japan).all()
    assert (merged.new.target[:, 0] == state.leader[:, 0]).all()
    assert (merged.new.bloc[:, 2] == state.bloc[:, japan]).all()
    assert not merged.auto[:, [india, japan]].any()
    assert np.allclose(merged.alloc[:, india], [0.6, 0.2, 0.2, 0.0, 0.0])
