"""`balance` of the default scenario, 10,000 worlds to the end date (target < 10 s, < 2 GB).

Run: ``python benchmarks/bench_balance.py [--worlds 10000] [--workers N]``. Runs what
``lunar-blocs balance`` runs (compile, the batch with computer players on every core through
``game.sim.balance.play_study``, the report) and reports wall time and peak resident memory.
With ``--workers 1`` everything runs in this process and the AI's and the engine's shares
are measured too.
"""

from __future__ import annotations

import argparse

from _common import clock, compiled, peak_rss_children_mb, peak_rss_mb

import game.session.play as play
import game.sim.driver as driver
from game.sim.balance import format_report, play_study
from game.sim.pool import default_workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=10_000)
    parser.add_argument("--difficulty", default="normal")
    parser.add_argument("--chunk", type=int, default=driver.CHUNK, help="worlds per chunk")
    parser.add_argument("--workers", type=int, default=default_workers(), help="processes")
    args = parser.parse_args()
    spent = {"ai": 0.0, "engine": 0.0}
    # every batch turn is ``session.play.play_turn``: the AI's ``decide``, then ``step``
    decide, step = play.decide, play.step

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += clock() - t0

        return wrapper

    if args.workers == 1:
        play.decide, play.step = timed("ai", decide), timed("engine", step)
    t0 = clock()
    comp = compiled(worlds=args.worlds)
    t1 = clock()
    study = play_study(comp, None, args.difficulty, chunk=args.chunk, workers=args.workers)
    t2 = clock()
    report = format_report(study)
    t3 = clock()
    turns = study.turns
    print(
        f"worlds             {args.worlds:,} x {turns} turns ({args.difficulty}), "
        f"chunks of at most {args.chunk:,}, {args.workers} worker(s)"
    )
    print(f"total              {t3 - t0:6.2f} s   (target < 10 s)")
    print(f"  compile          {t1 - t0:6.2f} s")
    split = (
        f"(AI {spent['ai']:.2f} s, engine {spent['engine']:.2f} s)"
        if args.workers == 1
        else "(AI and engine shares: run with --workers 1)"
    )
    print(f"  batch            {t2 - t1:6.2f} s  {split}")
    print(f"  report           {t3 - t2:6.2f} s")
    print(f"world-turns/s      {args.worlds * turns / (t2 - t1):,.0f} (up to the last turn played)")
    children = peak_rss_children_mb()
    total = peak_rss_mb() + args.workers * children if args.workers > 1 else peak_rss_mb()
    print(
        f"peak memory        {total:6.0f} MB at most (this process {peak_rss_mb():.0f} MB, "
        f"largest worker {children:.0f} MB; target < 2048 MB)"
    )
    print(f"report lines       {len(report)}")


if __name__ == "__main__":
    main()
