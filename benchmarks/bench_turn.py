"""One turn of the default scenario, W = 1, computer players included (target: median < 5 ms).

Run: ``python benchmarks/bench_turn.py [--games 5]``. Times decide + step on every turn of a
few computer-played games (different seeds), and reports the AI and the engine apart.
"""

from __future__ import annotations

import argparse
import statistics

from _common import clock, compiled

from game.ai import decide
from game.engine import step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=5)
    args = parser.parse_args()
    ai, engine, total = [], [], []
    for seed in range(args.games):
        comp = compiled(worlds=1, seed=seed)
        state, rules = comp.state, comp.rules
        decide(state, rules, seed)  # warm caches (the AI's view of the rules)
        while not bool(state.ended[0]) and state.turn < rules.n_turns:
            t0 = clock()
            decision = decide(state, rules, seed)
            t1 = clock()
            state, _ = step(state, decision.orders, rules, seed)
            t2 = clock()
            ai.append(t1 - t0)
            engine.append(t2 - t1)
            total.append(t2 - t0)
    q = statistics.quantiles(total, n=10)
    print(f"turns timed        {len(total)} ({args.games} games, W = 1)")
    print(f"turn, median       {1000 * statistics.median(total):6.2f} ms   (target < 5 ms)")
    print(f"turn, p90          {1000 * q[-1]:6.2f} ms")
    print(f"  AI (decide)      {1000 * statistics.median(ai):6.2f} ms median")
    print(f"  engine (step)    {1000 * statistics.median(engine):6.2f} ms median")


if __name__ == "__main__":
    main()
