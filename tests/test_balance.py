"""`lunar-blocs balance`: the Monte-Carlo report, its statistics, and the default scenario."""

from __future__ import annotations

import csv
from dataclasses import fields

import numpy as np
import pytest

from game.cli import main
from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.sim.balance import BalanceStudy, FinalResults, format_report, play_study
from game.sim.driver import run_batch, run_in_chunks
from game.sim.stats import percentiles, text_histogram, wilson

SCENARIO = str(DEFAULT_SCENARIO)


def test_wilson_interval_matches_known_values():
    lo, hi = wilson(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4) and hi == pytest.approx(0.5962, abs=1e-4)
    lo, hi = wilson(0, 2000)
    assert lo == 0.0 and hi == pytest.approx(0.00192, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_percentiles_are_observed_values():
    values = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=float)
    assert percentiles(values, [0, 50, 100]) == [1.0, 3.0, 9.0]


def test_histogram_scales_bars_to_the_largest_count():
    rows = text_histogram(["2029", "2030"], [10, 20], width=10)
    assert rows[1].count("#") == 10 and rows[0].count("#") == 5
    assert "(33.3%)" in rows[0]


def test_balance_prints_a_report_and_writes_csv(capsys, tmp_path):
    out_csv = tmp_path / "worlds.csv"
    code = main(["balance", SCENARIO, "--worlds", "40", "--seed", "4", "--csv", str(out_csv)])
    out, err = capsys.readouterr()
    assert code == 0, err
    for heading in (
        "Who wins (95% confidence interval)",
        "When the game ends",
        "Where each nation ends",
        "Mean final scores of the blocs",
        "Warnings",
    ):
        assert heading in out
    assert "Artemis Accords" in out and "India" in out
    assert "40 worlds" in err or "40/" in err or "%" in err  # the progress bar went to stderr
    with open(out_csv, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 40
    assert {r["winner"] for r in rows} <= {"artemis", "ilrs", ""}
    assert "bloc_IND" in rows[0]


def test_balance_refuses_bad_arguments(capsys, tmp_path):
    assert main(["balance", SCENARIO, "--worlds", "0"]) == 2
    assert "--worlds" in capsys.readouterr().err
    assert main(["balance", str(tmp_path / "missing.yaml")]) == 1
    err = capsys.readouterr().err
    assert "no such scenario file" in err and "Traceback" not in err


def test_warnings_name_a_dominant_bloc_and_a_loner():
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=10, seed=1)
    study = BalanceStudy(compiled)
    history = run_batch(compiled, 2, "normal", keep_states=False, on_turn=study.observe)
    final = history.final
    loner = compiled.catalog.nation("NGA")
    rigged = final.replace(winner=np.zeros_like(final.winner))
    study.ever_in[:, loner, :] = False
    study.finish(rigged, "normal")
    warnings = study.warnings()
    assert "Artemis Accords wins 100.0% of worlds" in warnings
    assert "Nigeria never joins anything" in warnings
    assert any("wins only 0.0%" in w for w in warnings)
    assert "Warnings" in "\n".join(format_report(study))


def test_default_scenario_is_balanced_over_1000_worlds():
    """Acceptance: neither bloc wins more than 85% of computer-played worlds; both recruit."""
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=1000, seed=2021)
    study = BalanceStudy(compiled)
    history = run_batch(
        compiled, None, "normal", keep_states=False, keep_events=False, on_turn=study.observe
    )
    study.finish(history.final, "normal")
    wins = study.wins()
    shares = wins[:-1] / 1000
    assert shares.max() <= 0.85, f"win shares {shares}"
    start = compiled.state.bloc[0]
    for k in range(compiled.rules.n_blocs):
        gained = (study.ever_in[:, :, k] & (start != k)[None, :]).any(axis=1)
        assert gained.mean() > 0.5, f"bloc {k} gains members in {gained.mean():.0%} of worlds"


def test_chunks_give_the_same_worlds_as_one_batch():
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=20, seed=8)
    whole = run_batch(compiled, 8, "normal", keep_states=False, keep_events=False).final
    study = BalanceStudy(compiled)
    run_in_chunks(compiled, 8, "normal", chunk=7, on_turn=study.observe, on_chunk=study.record)
    for name in ("winner", "end_turn", "bloc", "score", "bloc_score", "done"):
        assert np.array_equal(getattr(study.final, name), getattr(whole, name)), name


def test_chunks_that_drop_ended_worlds_give_the_same_worlds_as_one_batch():
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=24, seed=9)
    whole = run_batch(compiled, None, "normal", keep_states=False, keep_events=False).final
    study = BalanceStudy(compiled)
    run_in_chunks(compiled, None, "normal", chunk=10, on_turn=study.observe, on_chunk=study.record)
    assert whole.ended.all()
    for name in ("winner", "end_turn", "bloc", "score", "bloc_score", "done"):
        assert np.array_equal(getattr(study.final, name), getattr(whole, name)), name


def test_a_study_is_the_same_with_any_number_of_worker_processes():
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=130, seed=4)
    alone = play_study(compiled, 12, "normal", workers=1)
    shared = play_study(compiled, 12, "normal", workers=2, chunk=50)
    assert np.array_equal(alone.ever_in, shared.ever_in)
    assert np.array_equal(alone.ms_turn, shared.ms_turn)
    for f in fields(FinalResults):
        assert np.array_equal(getattr(alone.final, f.name), getattr(shared.final, f.name)), f.name
    assert format_report(alone) == format_report(shared)
