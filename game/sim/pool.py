"""Pieces of a batch played in forked worker processes: what the balance study and the
strategy lab share.

Spec card:
    What: ``play_pieces(shared, play, jobs, workers)`` returns ``play(shared, job)`` for every
        job, in job order. ``shared`` (the compiled batch) is inherited by forked workers, so
        nothing big is pickled; only the jobs and the results cross between processes.
    Where it cannot fork (no ``fork`` start method, no semaphores, SDL running in this
        process) the pieces play here, one after the other, with the same results: a world's
        game does not depend on its piece or its process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

#: What every forked worker reads: (shared, play) of the ``play_pieces`` call under way.
_SHARED: tuple[Any, Callable[[Any, Any], Any]] | None = None


def default_workers() -> int:
    """Processor cores this process may use (1 where worker processes cannot be forked)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def play_pieces(
    shared: Any,
    play: Callable[[Any, Any], Any],
    jobs: Sequence[Any],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """``play(shared, job)`` for each of ``jobs`` (results in job order), in up to ``workers``
    forked processes; ``progress(done, total)`` as pieces finish.

    ``play`` must be a module-level function whose module is imported before the fork: a
    forked worker that imported a module could wait forever on an import lock another
    thread of the parent held at fork time.
    """
    global _SHARED
    results: list[Any] = [None] * len(jobs)
    _SHARED = (shared, play)
    pool = _fork_pool(workers) if workers > 1 else None
    try:
        if pool is None:
            for i, job in enumerate(jobs):
                results[i] = play(shared, job)
                if progress is not None:
                    progress(i + 1, len(jobs))
        else:
            with _closing(pool):
                numbered = list(enumerate(jobs))
                for done, (i, out) in enumerate(pool.imap_unordered(_worker, numbered)):
                    results[i] = out
                    if progress is not None:
                        progress(done + 1, len(jobs))
    finally:
        _SHARED = None
    return results


def _worker(item: tuple[int, Any]) -> tuple[int, Any]:
    i, job = item
    assert _SHARED is not None  # set by play_pieces before the fork
    shared, play = _SHARED
    return i, play(shared, job)


def _fork_pool(workers: int):
    """A pool of forked worker processes, or None where the system cannot make one.

    None too while SDL runs in this process: it has threads of its own (timers, audio), and a
    fork taken while one of them holds a lock leaves the child waiting on it forever (seen in
    the test suite). The batch then plays here, with the same results.
    """
    if _sdl_running():
        return None
    try:
        return multiprocessing.get_context("fork").Pool(workers)
    except (OSError, ValueError):  # no fork, no semaphores (/dev/shm), too many processes
        return None


def _sdl_running() -> bool:
    """Whether pygame has started SDL (and so its threads) in this process."""
    pygame = sys.modules.get("pygame")
    if pygame is None:
        return False
    parts = (pygame, getattr(pygame, "display", None), getattr(pygame, "mixer", None))
    return any(bool(getattr(part, "get_init", lambda: False)()) for part in parts)


@contextlib.contextmanager
def _closing(pool):
    """Use ``pool``, then let its workers finish and exit; terminate them only on an error.

    ``Pool.__exit__`` terminates the workers with SIGTERM, which a process that has set a
    SIGTERM handler (SDL does, once a display has been opened) passes on to its forked
    workers: they live on and the parent waits for them forever.
    """
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()
