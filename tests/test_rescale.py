"""A lesson that fits the clock: scenarios rescaled to a number of turns."""

from __future__ import annotations

import numpy as np
import pytest

from game import paths
from game.cli import main
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.scenario.rescale import plan, rescale, turn_count
from game.session.match import Match
from game.sim.driver import run_batch


@pytest.fixture(scope="module")
def classroom():
    return load_scenario(paths.SCENARIOS / "classroom.yaml")


@pytest.fixture(scope="module")
def ilrs():
    return load_scenario(paths.SCENARIOS / "ilrs-2021.yaml")


def test_a_length_that_divides_the_calendar_keeps_it(classroom):
    short = rescale(classroom, 6)
    assert (short.meta.start, short.meta.end) == (classroom.meta.start, classroom.meta.end)
    assert short.meta.turn_months == 24 and turn_count(short) == 6
    assert compile_scenario(short).rules.n_turns == 6
    # the money and the programmes are the scenario's own: a year pays as before
    assert short.nations == classroom.nations
    assert [b.program for b in short.blocs] == [b.program for b in classroom.blocs]
    dates = [e.date for e in classroom.events.scripted]
    assert [e.date for e in short.events.scripted] == dates


def test_rules_that_count_in_turns_are_converted_to_the_new_turn_length(classroom):
    short = rescale(classroom, 6)  # turns twice as long
    old, new = classroom.constants, short.constants
    assert new.drift.partner_warming == pytest.approx(2 * old.drift.partner_warming)
    assert 1 - new.drift.reversion == pytest.approx((1 - old.drift.reversion) ** 2)
    assert 1 - new.drift.support_reversion == pytest.approx((1 - old.drift.support_reversion) ** 2)
    assert new.diplomacy.deal_turns == round(old.diplomacy.deal_turns / 2)
    assert [o.turns for o in short.offers] == [max(1, round(o.turns / 2)) for o in classroom.offers]
    assert [b.charter.accession_turns for b in short.blocs] == [
        max(1, round(b.charter.accession_turns / 2)) for b in classroom.blocs
    ]
    for before, after in zip(classroom.events.random, short.events.random, strict=True):
        assert 1 - after.probability == pytest.approx((1 - before.probability) ** 2)


def test_a_scenario_already_that_long_comes_back_unchanged(classroom):
    assert rescale(classroom, 12) is classroom
    once = rescale(classroom, 9)
    assert rescale(once, 9) == once


def test_when_the_calendar_must_shrink_time_is_compressed_as_a_whole(ilrs):
    turns = 8  # 180 months do not split into 8 whole-month turns
    months, f, c = plan(ilrs, turns)
    assert months == 22 and c == pytest.approx(176 / 180)
    short = rescale(ilrs, turns)
    assert short.meta.end == "2035-11" and turn_count(short) == turns
    cost = [m.cost for b in ilrs.blocs for m in b.program]
    assert [m.cost for b in short.blocs for m in b.program] == pytest.approx(np.multiply(cost, c))
    assert short.nations[0].growth == pytest.approx(ilrs.nations[0].growth / c)
    eff = short.constants.research.efficiency
    assert eff == pytest.approx(ilrs.constants.research.efficiency / c)
    # a dated event keeps its place in the game
    for before, after in zip(ilrs.events.scripted, short.events.scripted, strict=True):
        if before.date is not None:
            assert after.date <= before.date


def test_the_shipped_lesson_versions_are_the_classroom_race_in_fewer_turns(classroom):
    for name, turns in (("classroom-50min.yaml", 6), ("classroom-90min.yaml", 9)):
        lesson = load_scenario(paths.SCENARIOS / name)
        assert lesson.meta.length == turns and turn_count(lesson) == turns
        assert lesson.meta.end == classroom.meta.end
        assert lesson.model_copy(update={"meta": classroom.meta}) != classroom  # rules converted
        assert rescale(classroom, turns).constants == lesson.constants


def test_a_rescaled_lesson_still_builds_a_base_in_most_worlds():
    worlds = 120
    lesson = load_scenario(paths.SCENARIOS / "classroom-50min.yaml")
    compiled = compile_scenario(lesson, worlds=worlds)
    history = run_batch(compiled, keep_events=False)
    final = history.states[-1]
    base = compiled.rules.ms_base
    built = final.done[:, base].any(axis=1)
    assert built.mean() > 0.75
    winners = np.bincount(final.winner[final.winner >= 0], minlength=compiled.rules.n_blocs)
    assert winners.min() / worlds > 0.25  # neither bloc wins nearly always


def test_a_save_of_a_rescaled_lesson_reopens(tmp_path):
    lesson = load_scenario(paths.SCENARIOS / "classroom-50min.yaml")
    match = Match(lesson, humans=["EUR", "IND"], seed=5)
    match.end_turn()
    match.end_turn()
    again = Match.load(match.save(tmp_path / "lesson.lbsave"))
    assert again.hashes == match.hashes and again.rules.n_turns == 6


def test_play_refuses_a_length_out_of_range_in_one_line(capsys):
    assert main(["play", "classroom", "--length", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "lunar-blocs play: --length must be from 1 to 200 turns"
    assert main(["play", "--length", "6"]) == 2
    assert "needs a scenario" in capsys.readouterr().err
