"""The race forecast: futures per second, and 300 futures of the default scenario from turn 1.

Run: ``python benchmarks/bench_forecast.py [--futures 300] [--repeat 5]``. Plays a game of the
default scenario (India played by a person who keeps the draft) for one turn, then times
``game.sim.forecast.forecast`` (F futures to the end), ``compare`` (2 x F paired futures)
and the ``ForecastService`` (the first answer includes starting the spawned process; the
caller's ``request`` and ``poll`` are timed too, since they run inside a frame). The same is
done from the middle of the game (turn 12) for scale.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np
from _common import clock, median_ms

from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.sim import forecast as fc
from game.sim import forecast_service as fs


def timed(fn, repeat: int) -> tuple[list[float], object]:
    samples, out = [], None
    for _ in range(repeat):
        t0 = clock()
        out = fn()
        samples.append(clock() - t0)
    return samples, out


def measure(match: Match, seat: int, futures: int, repeat: int) -> None:
    s, r, seed = match.state, match.rules, match.seed
    samples, f = timed(lambda: fc.forecast(s, r, seed, futures, match.difficulty, seat), repeat)
    ms = median_ms(samples)
    print(
        f"  turn {match.turn}: {futures} futures in {ms:.0f} ms (median of {repeat}), "
        f"{futures / (ms / 1000):.0f} futures/s; finish p10/p50/p90 turns {f.finish}"
    )
    draft = fc.SeatOrders.of(match.draft(seat))
    open_ = np.flatnonzero(r.mis_open[seat] & ~s.mission_done[0, seat])
    alt = dataclasses.replace(draft, mission=int(open_[0]), alloc=(0.0, 0.5, 0.4, 0.05, 0.05))
    samples, c = timed(lambda: fc.compare(s, r, seed, draft, alt, seat, futures), repeat)
    print(
        f"  compare, 2 x {futures} paired futures: {median_ms(samples):.0f} ms; "
        f"score {c.score_diff:+.2f} +- {c.score_se:.2f}, win {c.win_diff:+.3f} +- {c.win_se:.3f}"
    )


def service(match: Match, seat: int, futures: int) -> None:
    with fs.ForecastService() as svc:
        for label in ("first (starts the process)", "second"):
            t0 = clock()
            svc.request(match.state, match.rules, match.seed, futures=futures, seat=seat)
            asked = clock() - t0
            polls = []
            while True:
                t1 = clock()
                out = svc.poll()
                polls.append(clock() - t1)
                if out is not None:
                    break
                time.sleep(0.005)
            total = clock() - t0
            print(
                f"  service, {label}: answer after {total * 1000:.0f} ms; request() "
                f"{asked * 1e6:.0f} us, poll() median {median_ms(polls) * 1000:.0f} us, "
                f"max {max(polls) * 1e6:.0f} us over {len(polls)} polls"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--futures", type=int, default=fc.FUTURES)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    match = Match(load_scenario(DEFAULT_SCENARIO), humans=["IND"], seed=2021)
    seat = match.catalog.nation("IND")
    match.end_turn()
    print(f"default scenario, {match.rules.n_nations} nations, level {match.difficulty}")
    measure(match, seat, args.futures, args.repeat)
    service(match, seat, args.futures)
    while match.turn < 12 and not match.over:
        match.end_turn()
    measure(match, seat, args.futures, args.repeat)


if __name__ == "__main__":
    main()
