"""The forecast service: ``game.sim.forecast`` questions answered in another process.

Spec card:
    What: ``ForecastService`` answers requests in another process (multiprocessing, 'spawn':
        forking a process that runs SDL's threads is unsafe), never blocks the caller
        (``request`` queues, ``poll`` looks), drops a request's work as soon as a newer
        request or ``cancel`` comes, and tags every result with its request and the game's
        turn it was computed for. ``InlineForecasts`` answers the same questions in the
        caller (for tools and tests that must draw the same pixels every run).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.ai import get_difficulty
from game.ai.difficulty import DEFAULT_DIFFICULTY
from game.engine import state as st
from game.engine.rules import Rules
from game.sim.driver import slice_worlds
from game.sim.forecast import (
    FUTURES,
    Cancelled,
    Comparison,
    Forecast,
    Memo,
    SeatOrders,
    compare,
    forecast,
)


@dataclass(frozen=True)
class ForecastRequest:
    """A question for the forecast process: a forecast, or a comparison when ``alt`` is set."""

    id: int
    turn: int
    rules: Rules
    state: st.State  # the game's current state (world 0 is read)
    seed: int
    difficulty: str = DEFAULT_DIFFICULTY
    futures: int = FUTURES
    seat: int = -1
    base: SeatOrders | None = None
    alt: SeatOrders | None = None


@dataclass(frozen=True)
class ForecastResult:
    """An answer, tagged with its request and the game's turn it was computed for."""

    id: int
    turn: int
    forecast: Forecast | None = None
    comparison: Comparison | None = None
    error: str | None = None  # one line, when the forecast could not be made


def answer(
    job: ForecastRequest, stop: Callable[[], bool] | None = None, memo: Memo | None = None
) -> ForecastResult:
    """Work out one request (what the service's process does with it)."""
    args = (job.state, job.rules, job.seed)
    if job.alt is not None:
        if job.base is None or job.seat < 0:
            return ForecastResult(
                job.id, job.turn, error="a comparison needs a seat and two orders"
            )
        both = compare(*args, job.base, job.alt, job.seat, job.futures, job.difficulty, stop, memo)
        return ForecastResult(job.id, job.turn, comparison=both)
    one = forecast(*args, job.futures, job.difficulty, job.seat, job.base, stop)
    return ForecastResult(job.id, job.turn, forecast=one)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"the forecast failed: {text[:200]}"


def _serve(requests, results, current) -> None:
    """The forecast process: answer the newest request, drop the ones overtaken."""
    memo = Memo()
    while True:
        job = requests.get()
        while job is not None:
            try:  # a newer request waiting makes this one stale
                job = requests.get_nowait()
            except queue.Empty:
                break
        if job is None:
            return
        if job.id != current.value:
            continue
        mine = job.id

        def overtaken(mine: int = mine) -> bool:
            return current.value != mine

        try:
            out = answer(job, stop=overtaken, memo=memo)
        except Cancelled:
            continue
        except Exception as exc:  # one line back to the game; the process keeps serving
            out = ForecastResult(job.id, job.turn, error=_one_line(exc))
        results.put(out)


class ForecastService:
    """Forecasts and comparisons worked out in another process; nothing here blocks.

    ``request(...)`` sends a question and returns its id at once (a newer request or
    ``cancel()`` drops the older one's work); ``poll()`` returns the answer to the newest
    request once it is there, else None. The process starts with the first request; if it
    cannot start, ``poll()`` answers with an error line.
    """

    def __init__(self, context: str = "spawn"):
        self._method = context
        self._process: Any = None
        self._requests: Any = None
        self._results: Any = None
        self._current: Any = None
        self._last = 0
        self._pending: ForecastRequest | None = None
        self._failure: str | None = None

    def start(self) -> None:
        """Start the process now (a screen can call this when it opens: starting it takes
        tens of milliseconds in the caller, which the first ``request`` would otherwise pay).
        """
        if self._process is None and self._failure is None:
            try:
                self._start()
            except (OSError, ValueError, ImportError) as exc:
                self._failure = f"the forecast process could not start: {exc}"

    def _start(self) -> None:
        ctx: Any = multiprocessing.get_context(self._method)
        self._requests, self._results = ctx.Queue(), ctx.Queue()
        # Exiting must never wait to finish writing a request: a worker busy writing its
        # answer (a pipe the game no longer reads at exit) would never read it, and the
        # queue's exit hook would wait for that write for ever. A question lost at exit is
        # of no use to anyone.
        self._requests.cancel_join_thread()
        self._current = ctx.Value("q", 0, lock=False)
        self._process = ctx.Process(
            target=_serve,
            args=(self._requests, self._results, self._current),
            name="lunar-blocs-forecast",
            daemon=True,
        )
        self._process.start()

    def request(
        self,
        state: st.State,
        rules: Rules,
        seed: int,
        *,
        difficulty: str = DEFAULT_DIFFICULTY,
        futures: int = FUTURES,
        seat: int = -1,
        base: Any = None,
        alt: Any = None,
    ) -> int:
        """Ask for a forecast (or, with ``alt``, a comparison of ``base`` and ``alt``)."""
        job = self._job(state, rules, seed, difficulty, futures, seat, base, alt)
        self._send(job)
        return job.id

    def _send(self, job: ForecastRequest) -> None:
        """Hand ``job`` to the process (it becomes the one whose answer ``poll`` waits for)."""
        self._pending = job
        self.start()
        if self._failure is None:
            self._current.value = job.id
            self._requests.put(job)

    def _job(self, state, rules, seed, difficulty, futures, seat, base, alt) -> ForecastRequest:
        """The next request, frozen: the game may change while it is worked on."""
        self._last += 1
        return ForecastRequest(
            id=self._last,
            turn=int(state.turn),
            rules=rules,
            state=slice_worlds(state, slice(0, 1)),
            seed=int(seed),
            difficulty=get_difficulty(difficulty).name,
            futures=int(futures),
            seat=int(seat),
            base=None if base is None else SeatOrders.of(base),
            alt=None if alt is None else SeatOrders.of(alt),
        )

    def poll(self) -> ForecastResult | None:
        """The answer to the newest request if it has come (older answers are dropped)."""
        job = self._pending
        if job is None:
            return None
        if self._failure is not None:
            self._pending = None
            return ForecastResult(job.id, job.turn, error=self._failure)
        while True:
            try:
                out = self._results.get_nowait()
            except queue.Empty:
                break
            if out.id == job.id:
                self._pending = None
                return out
        if not self._process.is_alive():
            self._failure = "the forecast process stopped"
            return self.poll()
        return None

    @property
    def busy(self) -> bool:
        """Whether a request is still being worked on."""
        return self._pending is not None

    def cancel(self) -> None:
        """Drop the work on the current request (its answer will not come)."""
        self._pending = None
        if self._current is not None:
            self._current.value = 0

    def close(self) -> None:
        """Stop the process (at once if it does not stop by itself)."""
        self.cancel()
        if self._process is None:
            return
        with contextlib.suppress(OSError, ValueError):  # the queue may be broken already
            self._requests.put(None)
        self._process.join(timeout=2.0)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=2.0)
        self._process = None
        # A request still being written when the process stopped would keep the queue's
        # writer thread blocked on a pipe nobody reads, and the queue's finaliser waits for
        # that thread: the caller would hang when the queue is collected. Closing our end
        # lets the write fail and the thread end; nothing waits for it.
        for q in (self._requests, self._results):
            with contextlib.suppress(OSError, ValueError):
                q.cancel_join_thread()
                q.close()

    def __enter__(self) -> ForecastService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InlineForecasts(ForecastService):
    """The same questions answered in the caller, when asked: for tools and tests that must
    draw the same pixels on every run (``tools/screenshots.py``). A frame that asks waits for
    the answer, so the game itself never uses it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._memo = Memo()
        self._answer: ForecastResult | None = None

    def start(self) -> None:
        """Nothing to start: no process."""

    def _send(self, job: ForecastRequest) -> None:
        try:
            self._answer = answer(job, memo=self._memo)
        except Exception as exc:  # one line, as the process would send it
            self._answer = ForecastResult(job.id, job.turn, error=_one_line(exc))
        self._pending = job

    def poll(self) -> ForecastResult | None:
        if self._pending is None:
            return None
        self._pending = None
        return self._answer

    def cancel(self) -> None:
        self._pending = None

    def close(self) -> None:
        self.cancel()
