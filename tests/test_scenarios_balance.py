"""The teaching scenarios play as designed when computers play every nation (loose guards).

The numbers measured with ``lunar-blocs balance --worlds 1000`` are in the scenarios'
comments; these bounds are wider, so that they fail only when a scenario stops teaching:
a race won by one bloc nearly always, a tutorial that runs past its last turn or has every
nation joined before the lessons begin, a classroom race decided with turns to spare.
"""

from __future__ import annotations

import numpy as np
import pytest

from game import paths
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.sim.driver import run_batch

WORLDS = 300


def play(name: str):
    compiled = compile_scenario(load_scenario(paths.SCENARIOS / name), worlds=WORLDS)
    history = run_batch(compiled, keep_events=False)
    states = history.states
    end_turn = np.full(WORLDS, len(states))  # still running at the end date: one past it
    for turn in range(len(states) - 1, 0, -1):
        end_turn[states[turn].ended & ~states[turn - 1].ended] = turn
    return compiled, states, end_turn


@pytest.fixture(scope="module")
def tutorial():
    return play("tutorial.yaml")


@pytest.fixture(scope="module")
def classroom():
    return play("classroom.yaml")


def _win_shares(states, n_blocs: int) -> list[float]:
    winner = states[-1].winner
    return [float(np.mean(winner == k)) for k in range(n_blocs)]


def test_the_tutorial_race_is_open_and_ends_in_time(tutorial):
    compiled, states, _ = tutorial
    assert max(_win_shares(states, compiled.rules.n_blocs)) <= 0.85
    base_built = (states[-1].done & compiled.rules.ms_base[None, :]).any(axis=1)
    assert np.mean(base_built) >= 0.9


def test_the_tutorial_leaves_a_swing_nation_for_the_lessons(tutorial):
    compiled, states, _ = tutorial
    unaligned = np.flatnonzero(states[0].bloc[0] < 0)
    assert len(unaligned) >= 2
    all_joined_on_turn_one = (states[1].bloc[:, unaligned] >= 0).all(axis=1)
    assert np.mean(all_joined_on_turn_one) <= 0.6


def test_the_classroom_race_stays_open_to_its_last_turns(classroom):
    compiled, states, end_turn = classroom
    assert max(_win_shares(states, compiled.rules.n_blocs)) <= 0.85
    assert np.median(end_turn) >= compiled.rules.n_turns - 3
