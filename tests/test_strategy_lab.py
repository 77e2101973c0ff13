"""The strategy lab (`balance --as NATION --policy NAME`) and studies as data (`--export`)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import fields

import numpy as np
import pytest

from game.ai.decide import decide
from game.cli import main
from game.engine import state as st
from game.engine.orders import check_shapes
from game.engine.step import step
from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.sim.driver import run_batch
from game.sim.export import (
    ATTEMPT_COLUMNS,
    MEMBERSHIP_COLUMNS,
    NATION_COLUMNS,
    StudyExport,
    export_history,
)
from game.sim.lab import LabResult, play_lab
from game.sim.policies import POLICIES, LabContext, get_policy, merge

SCENARIO = str(DEFAULT_SCENARIO)
TURNS = 8


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def compiled_for(scenario, worlds=6, world_ids=None):
    return compile_scenario(scenario, worlds=worlds, world_ids=world_ids)


def assert_same_result(a: LabResult, b: LabResult) -> None:
    for f in fields(LabResult):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, y, err_msg=f.name)
        else:
            assert x == y, f.name


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_same_world_ids_give_the_same_result(scenario):
    c = compiled_for(scenario)
    nga = c.catalog.nation("NGA")
    for policy in ("random", "churn"):
        first = play_lab(c, nga, policy, turns=TURNS, workers=1)
        again = play_lab(compiled_for(scenario), nga, policy, turns=TURNS, workers=1)
        assert_same_result(first, again)


def test_forked_workers_play_the_same_worlds_as_one_process(scenario):
    c = compiled_for(scenario, worlds=130)  # enough worlds for three worker pieces
    usa = c.catalog.nation("USA")
    one = play_lab(c, usa, "bloc-max", turns=4, workers=1)
    many = play_lab(c, usa, "bloc-max", turns=4, workers=3)
    assert_same_result(one, many)


def test_every_policy_plays_the_same_paired_worlds(scenario):
    c = compiled_for(scenario)
    ind = c.catalog.nation("IND")
    results = {p: play_lab(c, ind, p, turns=TURNS, workers=1) for p in POLICIES}
    for r in results.values():
        np.testing.assert_array_equal(r.world, c.state.world)
    # a policy changes the seat's game: not every policy ends with the same scores
    finals = {r.score[:, ind].round(6).tobytes() for r in results.values()}
    assert len(finals) > 1


def test_the_computer_policy_is_the_computer_playing_every_seat(scenario):
    c = compiled_for(scenario)
    seat = play_lab(c, c.catalog.nation("USA"), "computer", turns=TURNS, workers=1)
    nobody = play_lab(c, -1, "computer", turns=TURNS, workers=1)
    np.testing.assert_array_equal(seat.score, nobody.score)
    np.testing.assert_array_equal(seat.bloc, nobody.bloc)


def test_the_seat_played_at_another_level_changes_only_through_its_choices(scenario):
    c = compiled_for(scenario)
    usa = c.catalog.nation("USA")
    hard = play_lab(c, usa, "computer", "hard", "normal", turns=TURNS, workers=1)
    same = play_lab(c, usa, "computer", "hard", "hard", turns=TURNS, workers=1)
    assert hard.seat_difficulty == "normal" and same.seat_difficulty == "hard"
    assert hard.difficulty == same.difficulty == "hard"


def test_the_seat_at_another_level_does_not_wait_for_invitations_its_level_would_send(
    scenario, tmp_path
):
    # India played at hard among normal players: hard's coordinated recruiting would court
    # India on turn 1, but the normal players who really hold those seats do not. The seat
    # plans its own orders only (as a person's forecast does), so it applies to the bloc
    # it gains from instead of waiting for invitations nobody sends (before: never applied).
    c = compiled_for(scenario, worlds=24)
    india = c.catalog.nation("IND")
    export = StudyExport(c.catalog, c.rules, c.seed)
    play_lab(c, india, "computer", "normal", "hard", turns=TURNS, workers=1, export=export)
    export.write(tmp_path)
    joins = [
        r
        for r in read(tmp_path / "membership.csv")
        if r["nation"] == "IND" and r["change"] == "join"
    ]
    assert any(r["cause"].startswith("apply") for r in joins)


@pytest.mark.parametrize("policy", list(POLICIES))
def test_policy_orders_are_well_formed_and_touch_only_the_seat(scenario, policy):
    c = compiled_for(scenario, worlds=4)
    rules, seed = c.rules, c.seed
    seat = c.catalog.nation("NGA")
    state = c.state
    for _ in range(4):
        computer = decide(state, rules, seed).orders
        mine = POLICIES[policy](LabContext(state, rules, seed, seat, computer))
        orders = merge(computer, seat, mine)
        check_shapes(orders, state, rules)
        assert orders.new.active.shape == computer.new.active.shape
        alloc = orders.alloc[:, seat]
        assert np.isfinite(alloc).all() and (alloc >= 0).all()
        np.testing.assert_allclose(alloc.sum(axis=1), 1.0)
        np.testing.assert_allclose(orders.research[:, seat].sum(axis=1), 1.0)
        others = np.arange(rules.n_nations) != seat
        np.testing.assert_array_equal(orders.alloc[:, others], computer.alloc[:, others])
        np.testing.assert_array_equal(orders.leave[:, others], computer.leave[:, others])
        # answers are given only to offers made to the seat
        changed = orders.answers != computer.answers
        assert (state.offers.target[changed] == seat).all()
        # the computer's offers by other nations are kept, in their order
        kept = computer.new.active & (computer.new.sender != seat)
        assert orders.new.active.sum() >= min(kept.sum(), orders.new.active.size)
        own = orders.new.active & (orders.new.sender == seat)
        assert (orders.new.target[own] != seat).all()
        state, events = step(state, orders, rules, seed)
        # the engine refuses no new offer of the seat's as malformed (entry terms may still)
        refused = (events.code == st.EV["offer_refused"]) & (events.nation == seat)
        assert not (refused & (events.other == seat)).any()


def test_hedger_never_ends_in_a_bloc_and_churn_leaves(scenario):
    c = compiled_for(scenario)
    usa = c.catalog.nation("USA")
    hedger = play_lab(c, usa, "hedger", turns=TURNS, workers=1)
    assert (hedger.bloc[:, usa] == st.NO_BLOC).all()
    churn = play_lab(c, usa, "churn", turns=TURNS, workers=1)
    steady = play_lab(c, usa, "bloc-max", turns=TURNS, workers=1)
    assert churn.leaves.sum() > steady.leaves.sum()


def test_export_has_the_documented_columns_and_types(scenario, tmp_path):
    c = compiled_for(scenario, worlds=3)
    ex = StudyExport(c.catalog, c.rules, c.seed)
    play_lab(c, c.catalog.nation("NGA"), "churn", workers=1, export=ex)
    ex.write(tmp_path)
    cat = c.catalog
    nations = read(tmp_path / "nations.csv")
    assert tuple(nations[0]) == NATION_COLUMNS
    blocs = set(cat.bloc_ids)
    for row in nations:
        turn = int(row["turn"])
        assert row["date"] == cat.date(turn) and re.fullmatch(r"\d{4}-\d{2}", row["date"])
        assert row["nation"] in cat.nation_ids
        assert row["blocs"] == "" or set(row["blocs"].split(";")) <= blocs
        for col in ("budget", "support", "prestige", "score"):
            assert np.isfinite(float(row[col]))
    assert {int(r["turn"]) for r in nations} >= {0, 1}
    assert len([r for r in nations if r["turn"] == "0"]) == 3 * len(cat.nation_ids)
    attempts = read(tmp_path / "attempts.csv")
    assert tuple(attempts[0]) == ATTEMPT_COLUMNS
    for row in attempts:
        assert row["milestone"] in cat.milestone_ids and row["bloc"] in blocs
        assert 0.0 <= float(row["chance"]) <= 1.0 and row["success"] in ("0", "1")
    membership = read(tmp_path / "membership.csv")
    assert tuple(membership[0]) == MEMBERSHIP_COLUMNS
    causes = {r["cause"].split(":")[0] for r in membership}
    assert causes <= {"invite", "apply", "order", "switch", "event", "random"}
    assert {r["change"] for r in membership} == {"join", "leave"}  # churn does both
    # the membership log and the nations table tell the same story
    for row in membership:
        after = next(
            r
            for r in nations
            if r["world"] == row["world"]
            and r["turn"] == row["turn"]
            and r["nation"] == row["nation"]
        )
        inside = row["bloc"] in after["blocs"].split(";")
        assert inside == (row["change"] == "join") or row["cause"] == "switch"


def test_export_of_a_batch_equals_each_world_replayed_alone(scenario, tmp_path):
    ids = [3, 11, 40]
    c = compiled_for(scenario, world_ids=ids)
    ex = StudyExport(c.catalog, c.rules, c.seed)
    play_lab(c, -1, "computer", workers=1, export=ex)
    ex.write(tmp_path / "batch")
    alone = compiled_for(scenario, world_ids=[11])
    history = run_batch(alone, keep_decisions=True)
    export_history(history, tmp_path / "alone", [d.orders for d in history.decisions])
    for name in ("nations.csv", "attempts.csv", "membership.csv"):
        batch = [r for r in read(tmp_path / "batch" / name) if r["world"] == "11"]
        assert batch == read(tmp_path / "alone" / name), name
    # the score column is the engine's score of each state
    final = history.final
    last = [r for r in read(tmp_path / "alone" / "nations.csv") if int(r["turn"]) == final.turn]
    assert [float(r["score"]) for r in last] == final.score[0].tolist()


def test_balance_cli_lab_prints_both_columns_and_json(tmp_path, capsys):
    rc = main(["balance", SCENARIO, "--as", "NGA", "--policy", "bloc-max", "--worlds", "4"])
    out = capsys.readouterr().out
    assert rc == 0 and "bloc-max" in out and "computer" in out and "paired difference" in out
    rc = main(
        ["balance", SCENARIO, "--as", "NGA", "--policy", "passive", "--worlds", "3", "--json"]
        + ["--quiet", "--export", str(tmp_path / "x")]
    )
    data = json.loads(capsys.readouterr().out)
    assert rc == 0 and data["policy"]["worlds"] == 3 and "se" in data["difference"]
    assert (tmp_path / "x" / "nations.csv").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--as", "ZZZ", "--policy", "passive"], "no nation 'ZZZ'"),
        (["--as", "NGA", "--policy", "nope"], "no policy 'nope'"),
        (["--as", "NGA"], "go together"),
        (["--as", "NGA", "--policy", "tilt-research@x-3"], "window is not A-B"),
        (["--as", "NGA", "--policy", "tilt-research@4-2"], "forward"),
        (["--as", "NGA", "--policy", "churn@1-2"], "no policy 'churn@1-2'"),
    ],
)
def test_balance_cli_lab_bad_input_is_one_line(argv, message, capsys):
    rc = main(["balance", SCENARIO, "--worlds", "2", *argv])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1


def test_balance_cli_exports_a_computer_played_batch_beside_its_report(tmp_path, capsys):
    rc = main(["balance", SCENARIO, "--worlds", "2", "--quiet", "--export", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 0 and "Who wins" in out and "Study files written" in out
    worlds = {r["world"] for r in read(tmp_path / "nations.csv")}
    assert worlds == {"0", "1"}


def test_a_tilt_policy_moves_a_fifth_of_the_budget_into_its_category(scenario):
    c = compiled_for(scenario, worlds=3)
    seat = c.catalog.nation("IND")
    computer = decide(c.state, c.rules, c.seed).orders
    mine = POLICIES["tilt-research"](LabContext(c.state, c.rules, c.seed, seat, computer))
    before = computer.alloc[:, seat, st.CAT_RESEARCH]
    np.testing.assert_allclose(mine.alloc[:, st.CAT_RESEARCH], np.minimum(before + 0.2, 1.0))
    np.testing.assert_allclose(mine.alloc.sum(axis=1), 1.0)


def _seat_alloc(c, seat, name, turn):
    """The research share ``name`` gives the seat on the (1-based) ``turn``, and the computer's."""
    state = c.state.replace(turn=np.int16(turn - 1))
    computer = decide(state, c.rules, c.seed).orders
    mine = get_policy(name)(LabContext(state, c.rules, c.seed, seat, computer))
    return mine.alloc[:, st.CAT_RESEARCH], computer.alloc[:, seat, st.CAT_RESEARCH]


@pytest.mark.parametrize(
    "name, tilted, plain",
    [
        ("tilt-research@3-5", (3, 4, 5), (1, 2, 6, 9)),
        ("tilt-research@4", (4,), (3, 5)),
        ("tilt-research@6-", (6, 7, 30), (1, 5)),
    ],
)
def test_a_windowed_tilt_tilts_on_its_turns_only(scenario, name, tilted, plain):
    c = compiled_for(scenario, worlds=2)
    seat = c.catalog.nation("IND")
    for turn in tilted:
        mine, theirs = _seat_alloc(c, seat, name, turn)
        np.testing.assert_allclose(mine, np.minimum(theirs + 0.2, 1.0))
    for turn in plain:
        mine, theirs = _seat_alloc(c, seat, name, turn)
        np.testing.assert_allclose(mine, theirs)


def test_a_windowed_tilt_plays_the_computers_worlds_outside_its_window(scenario):
    c = compiled_for(scenario, worlds=4)
    ind = c.catalog.nation("IND")
    late = play_lab(c, ind, "tilt-diplomacy@7-", turns=6, workers=1)
    base = play_lab(c, ind, "computer", turns=6, workers=1)
    np.testing.assert_array_equal(late.score, base.score)
    early = play_lab(c, ind, "tilt-diplomacy@1-6", turns=6, workers=1)
    assert not np.array_equal(early.score, base.score)


def test_the_balance_cli_takes_a_windowed_tilt(capsys):
    rc = main(["balance", SCENARIO, "--as", "NGA", "--policy", "tilt-reserve@2-3", "--worlds", "2"])
    out = capsys.readouterr().out
    assert rc == 0 and "tilt-reserve@2-3" in out and "paired difference" in out


def test_a_cut_policy_moves_a_fifth_of_the_budget_out_into_the_others(scenario):
    c = compiled_for(scenario, worlds=3)
    seat = c.catalog.nation("IND")
    computer = decide(c.state, c.rules, c.seed).orders
    mine = get_policy("cut-research")(LabContext(c.state, c.rules, c.seed, seat, computer))
    theirs = computer.alloc[:, seat] / computer.alloc[:, seat].sum(axis=1, keepdims=True)
    moved = np.minimum(theirs[:, st.CAT_RESEARCH], 0.2)
    np.testing.assert_allclose(mine.alloc[:, st.CAT_RESEARCH], theirs[:, st.CAT_RESEARCH] - moved)
    np.testing.assert_allclose(mine.alloc.sum(axis=1), 1.0)
    # the others keep the computer's proportions among themselves
    others = np.delete(mine.alloc, st.CAT_RESEARCH, axis=1)
    before = np.delete(theirs, st.CAT_RESEARCH, axis=1)
    np.testing.assert_allclose(
        others / others.sum(axis=1, keepdims=True), before / before.sum(axis=1, keepdims=True)
    )


def test_join_first_open_jumps_to_the_bloc_whose_base_opens():
    # where both blocs are exclusive (the tutorial), it applied without leaving: the
    # application was refused and the jump it stands for was never made
    c = compile_scenario(load_scenario("scenarios/tutorial.yaml"), worlds=2, seed=3)
    rules, seed = c.rules, c.seed
    assert rules.exclusive.all()
    # a member of one bloc, and every milestone of the other but its base done
    seat = int(
        np.flatnonzero(
            c.state.member[0, :, 1] & (c.state.leader[0, 1] != np.arange(rules.n_nations))
        )[0]
    )
    ours = rules.ms_bloc == 0
    done = c.state.done.copy()
    done[:, ours & ~rules.ms_base] = True
    state = c.state.replace(done=done)
    computer = decide(state, rules, seed).orders
    mine = POLICIES["join-first-open"](LabContext(state, rules, seed, seat, computer))
    assert mine.leave.all()  # quits the bloc it cannot hold beside the other
    apply = mine.new.active & (mine.new.kind == st.KIND["apply"])
    assert apply.all() and (mine.new.bloc[apply] == 0).all()
    # before a base opens it plays as the computer
    plain = POLICIES["join-first-open"](LabContext(c.state, rules, seed, seat, computer))
    assert not plain.new.active.any()
    np.testing.assert_array_equal(plain.leave, computer.leave[:, seat])


def test_both_blocs_applies_to_a_bloc_it_may_hold_beside_its_own_once():
    c = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=2, seed=3)
    rules, seed, state = c.rules, c.seed, c.state
    assert not rules.exclusive.any()  # the shipped scenario's blocs may be held together
    seat = c.catalog.nation("ARE")
    ours = np.flatnonzero(state.member[0, seat])
    other = [k for k in range(rules.n_blocs) if k not in ours][0]
    computer = decide(state, rules, seed).orders
    mine = POLICIES["both-blocs"](LabContext(state, rules, seed, seat, computer))
    apply = mine.new.active & (mine.new.kind == st.KIND["apply"])
    assert apply.any(axis=1).all() and (mine.new.bloc[apply] == other).all()
    assert (mine.new.target[apply] == state.leader[0, other]).all()
    # not again while its application is open
    after, _ = step(state, merge(computer, seat, mine), rules, seed)
    again = POLICIES["both-blocs"](LabContext(after, rules, seed, seat, computer))
    assert not (again.new.active & (again.new.kind == st.KIND["apply"])).any()
    # nor where the law would refuse it: both blocs exclusive (the tutorial)
    t = compile_scenario(load_scenario("scenarios/tutorial.yaml"), worlds=2, seed=3)
    seat_t = int(np.flatnonzero(t.state.member[0].any(axis=1))[0])
    plain = decide(t.state, t.rules, t.seed).orders
    none = POLICIES["both-blocs"](LabContext(t.state, t.rules, t.seed, seat_t, plain))
    assert not (none.new.active & (none.new.kind == st.KIND["apply"])).any()
