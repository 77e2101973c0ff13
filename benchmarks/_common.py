"""Shared helpers of the benchmarks: the default scenario, clocks and memory."""

from __future__ import annotations

import resource
import statistics
import time

from game.paths import DEFAULT_SCENARIO
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario


def compiled(worlds: int = 1, seed: int = 2021, world_ids=None):
    """The default scenario compiled for a batch of worlds."""
    return compile_scenario(
        load_scenario(DEFAULT_SCENARIO), worlds=worlds, seed=seed, world_ids=world_ids
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def peak_rss_children_mb() -> float:
    """Peak resident memory of the largest finished child process, in MB (0 without any)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


def median_ms(samples: list[float]) -> float:
    """Median of durations in seconds, in milliseconds."""
    return 1000.0 * statistics.median(samples)


def clock() -> float:
    return time.perf_counter()
