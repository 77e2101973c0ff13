"""Batch against a loop of single worlds (target >= 50x), and world-turns per second by W.

Run: ``python benchmarks/bench_batch.py [--turns 10] [--loop 100]``. Plays the same worlds
(ids 0..L-1) once as L separate W = 1 games and once as one batch, computer players
included, then measures throughput for W = 1, 100, 1,000 and 10,000, for 10,000 worlds in
chunks in one process, and for what ``balance`` does (chunks on every core).
"""

from __future__ import annotations

import argparse

from _common import clock, compiled

from game.sim.balance import play_study
from game.sim.driver import CHUNK, run_batch, run_in_chunks
from game.sim.pool import default_workers


def throughput(worlds: int, turns: int, repeat: int = 1) -> float:
    """World-turns per second of one batch of ``worlds`` worlds (best of ``repeat``)."""
    best = 0.0
    for _ in range(repeat):
        comp = compiled(worlds=worlds)
        t0 = clock()
        h = run_batch(comp, turns, "normal", keep_states=False, keep_events=False)
        best = max(best, worlds * h.turns_played / (clock() - t0))
    return best


def chunked_throughput(worlds: int, turns: int) -> float:
    """World-turns per second of ``worlds`` worlds played in chunks (what ``balance`` does)."""
    comp = compiled(worlds=worlds)
    t0 = clock()
    played = run_in_chunks(comp, turns, "normal")
    return worlds * played / (clock() - t0)


def study_throughput(worlds: int, turns: int) -> float:
    """World-turns per second of ``worlds`` worlds in a balance study on every core."""
    comp = compiled(worlds=worlds)
    t0 = clock()
    played = play_study(comp, turns, "normal").turns
    return worlds * played / (clock() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--loop", type=int, default=100, help="worlds played one by one")
    args = parser.parse_args()
    singles = [compiled(world_ids=[w]) for w in range(args.loop)]
    t0 = clock()
    for comp in singles:
        run_batch(comp, args.turns, "normal", keep_states=False, keep_events=False)
    loop_rate = args.loop * args.turns / (clock() - t0)
    batch_rate = throughput(args.loop, args.turns)
    big_rate = throughput(10_000, args.turns)
    chunk_rate = chunked_throughput(10_000, args.turns)
    study_rate = study_throughput(10_000, args.turns)
    print(f"{args.loop} worlds x {args.turns} turns, computer players included")
    print(f"  loop of W = 1     {loop_rate:12,.0f} world-turns/s")
    print(
        f"  one batch         {batch_rate:12,.0f} world-turns/s  ({batch_rate / loop_rate:5.1f}x)"
    )
    print(
        f"  batch W = 10,000  {big_rate:12,.0f} world-turns/s  ({big_rate / loop_rate:5.1f}x, target >= 50x)"
    )
    print(
        f"  10,000 in chunks  {chunk_rate:12,.0f} world-turns/s  "
        f"({chunk_rate / loop_rate:5.1f}x, chunks of {CHUNK:,})"
    )
    print(
        f"  10,000 on {default_workers()} core(s) {study_rate:10,.0f} world-turns/s  "
        f"({study_rate / loop_rate:5.1f}x, ``balance``)"
    )
    print("world-turns per second by batch size (one batch)")
    for w in (1, 100, 1_000, 10_000):
        rate = big_rate if w == 10_000 else throughput(w, args.turns, repeat=2 if w < 10_000 else 1)
        print(f"  W = {w:>6,}  {rate:12,.0f}")


if __name__ == "__main__":
    main()
