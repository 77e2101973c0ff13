"""`lunar-blocs simulate`: a whole computer-played game, the same every time."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.sim.account import game_json
from game.sim.driver import run_batch

SCENARIO = str(DEFAULT_SCENARIO)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_prints_the_same_game_twice(capsys):
    code, first, err = run_cli(capsys, "simulate", SCENARIO, "--seed", "7")
    assert code == 0, err
    _, second, _ = run_cli(capsys, "simulate", SCENARIO, "--seed", "7")
    assert first == second
    assert "Result:" in first and "Nation scores:" in first
    assert "2021-03 (turn 1)" in first
    assert "United States" in first
    assert " joined " in first  # membership changes are told, with their reasons
    _, other, _ = run_cli(capsys, "simulate", SCENARIO, "--seed", "8")
    assert other != first


def test_simulate_stops_after_the_turns_asked(capsys):
    code, out, _ = run_cli(capsys, "simulate", SCENARIO, "--seed", "1", "--turns", "3")
    assert code == 0
    assert "(turn 3)" in out and "(turn 4)" not in out
    assert "the game was stopped at turn 3" in out


def test_simulate_json_holds_every_turn(capsys):
    code, out, _ = run_cli(capsys, "simulate", SCENARIO, "--seed", "3", "--turns", "4", "--json")
    assert code == 0
    data = json.loads(out)
    assert [t["turn"] for t in data["turns"]] == [0, 1, 2, 3, 4]
    turn = data["turns"][1]
    usa = turn["nations"]["USA"]
    assert set(usa) >= {"bloc", "budget", "support", "prestige", "tech"}
    assert usa["bloc"] == "artemis"
    assert set(turn["blocs"]) == {"artemis", "ilrs"}
    progress = turn["blocs"]["ilrs"]["milestones"]
    assert all(0 <= m["progress"] <= 1 for m in progress.values())
    assert all("code" in e and "reasons" in e for e in turn["events"])


def test_world_7_alone_equals_world_7_of_a_batch(capsys):
    code, out, _ = run_cli(capsys, "simulate", SCENARIO, "--seed", "99", "--world", "7", "--json")
    assert code == 0
    alone = json.loads(out)
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=64, seed=99)
    batch = run_batch(compiled, None, "normal", keep_ledgers=True)
    from_batch = json.loads(json.dumps(game_json(batch, 7), ensure_ascii=False))
    assert alone["world"] == 7
    assert alone == from_batch


@pytest.mark.parametrize("level", ["easy", "hard"])
def test_simulate_plays_every_level(capsys, level):
    code, out, _ = run_cli(capsys, "simulate", SCENARIO, "--turns", "4", "--difficulty", level)
    assert code == 0 and f"({level})" in out


def test_a_missing_file_is_one_clear_line(capsys, tmp_path):
    code, out, err = run_cli(capsys, "simulate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert err.strip().count("\n") == 0 and "no such scenario file" in err
    assert "Traceback" not in err


def test_a_broken_scenario_lists_its_problems(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nmeta: {id: x}\nnations: []\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", str(bad))
    assert code == 1
    assert "bad.yaml:" in err and "Traceback" not in err


def test_bad_arguments_are_refused_in_words(capsys):
    code, _, err = run_cli(capsys, "simulate", SCENARIO, "--turns", "-1")
    assert code == 2 and "--turns" in err


def test_simulate_json_ledger_rows_add_up_to_each_figures_change(tmp_path):
    import json as _json
    import subprocess
    import sys as _sys
    from pathlib import Path as _Path

    root = _Path(__file__).parent.parent
    out = subprocess.run(
        [_sys.executable, "-m", "game", "simulate", str(root / "scenarios" / "classroom.yaml")]
        + ["--json", "--turns", "8", "--seed", "4"],
        capture_output=True,
        text=True,
        cwd=root,
        env={**__import__("os").environ, "LUNAR_BLOCS_HOME": str(tmp_path)},
        check=True,
    )
    game = _json.loads(out.stdout)
    turns = game["turns"]
    assert "ledger" not in turns[0]
    checked = 0
    for prev, cur in zip(turns, turns[1:], strict=False):
        assert cur["ledger"], cur["turn"]
        sums: dict[tuple[str, str], float] = {}
        for row in cur["ledger"]:
            assert set(row) == {"nation", "quantity", "cause", "amount"}
            assert set(row["cause"]) == {"kind", "id"}
            key = (row["nation"], row["quantity"])
            sums[key] = sums.get(key, 0.0) + row["amount"]
        for nid, nation in cur["nations"].items():
            # every bloc it is in, the main one (first joined) first
            assert nation["blocs"][:1] == ([nation["bloc"]] if nation["bloc"] else [])
            figures = {q: nation[q] for q in ("budget", "support", "prestige", "reserve")}
            figures.update({f"tech.{d}": v for d, v in nation["tech"].items()})
            for q, new in figures.items():
                p = prev["nations"][nid]
                old = p["tech"][q[5:]] if q.startswith("tech.") else p[q]
                total = sums.get((nid, q), 0.0)
                assert abs(total - (new - old)) <= 1e-9 * max(1.0, abs(old), abs(new)), (nid, q)
                checked += 1
    assert checked > 100
