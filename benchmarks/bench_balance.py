"""`balance` of the default scenario, 10,000 worlds to the end date (target < 10 s, < 2 GB).

Run: ``python benchmarks/bench_balance.py [--worlds 10000]``. Runs what ``lunar-blocs balance``
runs (compile, one batch with computer players, the study and its report) in this process and
reports wall time, the AI's and the engine's shares, and peak resident memory.
"""

from __future__ import annotations

import argparse

from _common import clock, compiled, peak_rss_mb

import game.sim.driver as driver
from game.sim.balance import BalanceStudy, format_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=10_000)
    parser.add_argument("--difficulty", default="normal")
    parser.add_argument("--chunk", type=int, default=driver.CHUNK, help="worlds per chunk")
    args = parser.parse_args()
    spent = {"ai": 0.0, "engine": 0.0}
    decide, step = driver.decide, driver.step

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += clock() - t0

        return wrapper

    driver.decide, driver.step = timed("ai", decide), timed("engine", step)
    t0 = clock()
    comp = compiled(worlds=args.worlds)
    t1 = clock()
    study = BalanceStudy(comp)
    turns = driver.run_in_chunks(
        comp, None, args.difficulty, chunk=args.chunk, on_turn=study.observe, on_chunk=study.record
    )
    study.finish(None, args.difficulty)
    t2 = clock()
    report = format_report(study)
    t3 = clock()
    print(
        f"worlds             {args.worlds:,} x {turns} turns ({args.difficulty}), "
        f"chunks of {args.chunk:,}"
    )
    print(f"total              {t3 - t0:6.2f} s   (target < 10 s)")
    print(f"  compile          {t1 - t0:6.2f} s")
    print(
        f"  batch            {t2 - t1:6.2f} s  (AI {spent['ai']:.2f} s, engine {spent['engine']:.2f} s)"
    )
    print(f"  report           {t3 - t2:6.2f} s")
    print(f"world-turns/s      {args.worlds * turns / (t2 - t1):,.0f}")
    print(f"peak memory        {peak_rss_mb():6.0f} MB (target < 2048 MB)")
    print(f"report lines       {len(report)}")


if __name__ == "__main__":
    main()
