"""The ledger's cost: a computer-played batch of the default scenario with and without it.

Run: ``python benchmarks/bench_ledger.py [--worlds 1000]``. Plays the same batch twice through
``game.sim.driver.run_batch`` (states and events not kept), once asking for every turn's
Ledger, and reports both wall times; a study that asks for no ledger pays nothing for it.
"""

from __future__ import annotations

import argparse
import time

from _common import compiled

from game.sim.driver import run_batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=1000)
    args = parser.parse_args()
    batch = compiled(args.worlds)
    times = {}
    for keep in (False, True, False, True):
        start = time.perf_counter()
        run_batch(batch, None, "normal", keep_states=False, keep_events=False, keep_ledgers=keep)
        times.setdefault(keep, []).append(time.perf_counter() - start)
    plain, booked = min(times[False]), min(times[True])
    print(
        f"{args.worlds} worlds to the end date: without ledger {plain:.2f} s, with {booked:.2f} s"
    )
    print(f"ledger cost: +{(booked / plain - 1) * 100:.0f}% of the batch")


if __name__ == "__main__":
    main()
