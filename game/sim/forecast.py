"""The race forecast: a few hundred futures of a game in progress, played to their end.

Spec card:
    What: ``forecast(state, rules, seed, ...)`` copies a game's current State (one world,
        turn t) into F worlds and plays them to the end with the batch engine, the computer
        playing every seat, the person's included, at the game's level; it reports each
        bloc's chance to finish first, when the games end (p10, median, p90 of the turn),
        the share in which no base is built, and one seat's score and its bloc's chance.
        ``compare(state, rules, seed, base, alt, seat, ...)`` plays the same F futures twice,
        once with the seat's pending orders ``base`` for turn t and once with ``alt``
        (the computer plays every turn after), so the difference is the choice, not noise.
    World ids: a future's randomness is keyed by its world id (``engine.rng``), so a future
        that shared the game's id and seed would replay the game's own dice. Games use ids
        >= 0 (``Match``, ``simulate``, ``balance``); futures use negative ids, a block of F
        consecutive ids below -1 whose start is a hash of (seed, turn) (``future_ids``), and
        any id of the game itself is skipped. Paired futures share the block.
    Service: ``game.sim.forecast_service`` asks these in another process.
    Determinism: the same state, seed, orders, level and number of futures give the same
        figures, in this process or the service's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.ai import decide, get_difficulty
from game.ai.difficulty import DEFAULT_DIFFICULTY
from game.engine import state as st
from game.engine.rules import Rules
from game.session.orders import OfferDraft
from game.session.play import play_turn
from game.sim.balance import FinalResults
from game.sim.driver import run_in_chunks, slice_worlds
from game.sim.stats import percentiles

#: Futures a forecast plays unless told otherwise.
FUTURES = 300
#: Percentiles of the finishing turn that a forecast reports.
FINISH_QS = (10, 50, 90)


# ------------------------------------------------------------------------------ world ids


def future_ids(seed: int, turn: int, count: int, avoid: Sequence[int] = ()) -> np.ndarray:
    """(count,) negative world ids of the futures of a game at ``turn``, none in ``avoid``.

    The block starts at ``-2 - h`` with ``h`` a 62-bit hash of (seed, turn) and runs down:
    it never reaches an id >= 0, and ids of ``avoid`` (the game's own) are skipped.
    """
    digest = hashlib.blake2b(
        f"lunar-blocs forecast {int(seed)} {int(turn)}".encode(), digest_size=8
    )
    start = -2 - (int.from_bytes(digest.digest(), "little") >> 2)
    banned = {int(a) for a in avoid}
    out: list[int] = []
    wid = start
    while len(out) < count:
        if wid not in banned:
            out.append(wid)
        wid -= 1
    return np.array(out, dtype=np.int64)


def futures_of(state: st.State, ids: np.ndarray) -> st.State:
    """World 0 of ``state`` copied into ``len(ids)`` worlds with the given ids."""
    tiled = slice_worlds(state, np.zeros(len(ids), dtype=np.intp))
    return tiled.replace(world=np.asarray(ids, dtype=np.int64).copy())


# ------------------------------------------------------------------------------ a seat's orders


@dataclass(frozen=True)
class SeatOrders:
    """One seat's orders for turn t: a frozen copy of a ``session.orders.Draft`` (it crosses
    to the service's process and keys its requests), merged as the game merges a Draft.

    Attributes:
        alloc: shares over ``engine.state.CATEGORIES``.
        research: split of the research share over domains.
        mission: national mission to fund, or -1.
        answers: (offer-table slot, ``ANSWER_*``) pairs for offers to this seat.
        offers: offers to send this turn.
        leave: leave the current bloc.
        hold: turns, counting this one, that the seat keeps its split (``alloc`` and
            ``research``) and its mission (until flown), as a person's carried-over orders
            do; the computer makes every other choice after the first turn, and all of
            them after ``hold`` turns.
        own_split: False: the split is the computer's for the seat (chosen in each future,
            every turn) instead of ``alloc`` and ``research``.
    """

    alloc: tuple[float, ...]
    research: tuple[float, ...]
    mission: int = -1
    answers: tuple[tuple[int, int], ...] = ()
    offers: tuple[OfferDraft, ...] = ()
    leave: bool = False
    hold: int = 1
    own_split: bool = True

    @classmethod
    def of(cls, orders: Any) -> SeatOrders:
        """A copy of a ``session.orders.Draft`` (or of a SeatOrders)."""
        answers = orders.answers
        pairs = answers.items() if isinstance(answers, dict) else answers
        return cls(
            alloc=tuple(float(x) for x in np.asarray(orders.alloc, dtype=float)),
            research=tuple(float(x) for x in np.asarray(orders.research, dtype=float)),
            mission=int(orders.mission),
            answers=tuple(sorted((int(k), int(v)) for k, v in pairs)),
            offers=tuple(orders.offers),
            leave=bool(orders.leave),
            hold=int(getattr(orders, "hold", 1)),
            own_split=bool(getattr(orders, "own_split", True)),
        )


def kept(orders: st.Orders, state: st.State, seat: int, mine: SeatOrders) -> st.Orders:
    """``orders`` (W worlds, the computer's) with ``seat`` keeping ``mine``'s split (unless
    it is the computer's) and mission (in worlds where it has not flown yet): what a
    person's orders carried over to a later turn keep; the rest stays the computer's.
    """
    changes: dict[str, np.ndarray] = {}
    if mine.own_split:
        alloc, research = orders.alloc.copy(), orders.research.copy()
        alloc[:, seat] = np.asarray(mine.alloc, dtype=float)
        research[:, seat] = np.asarray(mine.research, dtype=float)
        changes.update(alloc=alloc, research=research)
    mission = orders.mission.copy()
    if mine.mission < 0:
        mission[:, seat] = -1
    else:
        flown = state.mission_done[:, seat, mine.mission]
        mission[~flown, seat] = mine.mission
    changes["mission"] = mission
    return dataclasses.replace(orders, **changes)


def _split_of(split: st.Orders, seat: int) -> Callable[[st.State, st.Orders], st.Orders]:
    """An overlay giving ``seat`` the budget split of ``split`` (W worlds)."""

    def overlay(s: st.State, merged: st.Orders) -> st.Orders:
        alloc, research = merged.alloc.copy(), merged.research.copy()
        alloc[:, seat] = split.alloc[:, seat]
        research[:, seat] = split.research[:, seat]
        return dataclasses.replace(merged, alloc=alloc, research=research)

    return overlay


# ------------------------------------------------------------------------------ playing


class Cancelled(Exception):
    """A forecast stopped because a newer request (or a cancel) came."""


@dataclass(frozen=True)
class _Start:
    """What the batch driver needs to play from a state (a ``Compiled`` without catalog)."""

    rules: Rules
    state: st.State
    seed: int


def play_futures(
    state: st.State,
    rules: Rules,
    seed: int,
    ids: np.ndarray,
    difficulty: str = DEFAULT_DIFFICULTY,
    seat: int = -1,
    orders: SeatOrders | None = None,
    stop: Callable[[], bool] | None = None,
) -> FinalResults:
    """Play world 0 of ``state`` as futures ``ids`` to the end; their final results.

    With ``orders``, ``seat`` plays them in the first turn and the computer every other
    seat; the seat keeps their split and mission for ``orders.hold`` turns (``kept``);
    after that the computer plays every seat. ``stop()`` is asked between turns: when it
    says so, ``Cancelled`` is raised.
    """
    level = get_difficulty(difficulty)
    futures = futures_of(state, ids)
    if stop is not None and stop():
        raise Cancelled
    if orders is not None and not bool(futures.ended.all()):
        controlled = np.ones(futures.budget.shape, dtype=bool)
        controlled[:, seat] = False
        mine = orders
        overlay = None
        if not mine.own_split:
            # the split the computer would choose for the seat in each future
            overlay = _split_of(decide(futures, rules, seed, level, ~controlled).orders, seat)

        futures = play_turn(
            futures,
            rules,
            seed,
            difficulty=level,
            controlled=controlled,
            people={seat: orders},
            overlay=overlay,
        ).state
        last = int(rules.n_turns)
        for _ in range(1, mine.hold):
            if bool(futures.ended.all()) or int(futures.turn) >= last:
                break
            if stop is not None and stop():
                raise Cancelled
            futures = play_turn(
                futures,
                rules,
                seed,
                difficulty=level,
                overlay=lambda s, computer: kept(computer, s, seat, mine),
            ).state
    final = FinalResults.like(futures)

    def keep(end: st.State, rows) -> None:
        for f in dataclasses.fields(FinalResults):
            getattr(final, f.name)[rows] = getattr(end, f.name)

    def check(_turn, _state, _events, _rows) -> None:
        if stop is not None and stop():
            raise Cancelled

    run_in_chunks(_Start(rules, futures, int(seed)), None, level.name, on_turn=check, on_chunk=keep)
    return final


# ------------------------------------------------------------------------------ figures


def _mean_se(x: np.ndarray) -> tuple[float, float]:
    """Mean of paired differences and its standard error."""
    n = x.size
    if n == 0:
        return math.nan, math.nan
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan


def _se(p: float, n: int) -> float:
    return math.sqrt(max(p * (1.0 - p), 0.0) / n) if n > 0 else math.nan


@dataclass(frozen=True)
class Forecast:
    """What the futures of a game at ``turn`` say (shares are of the ``futures`` played).

    ``finish`` and ``finish_by_bloc`` are turns (turns played when the game ends; the date
    is ``catalog.date(turn)``); NaN where no future gives one.
    """

    turn: int  # the game's turns done when the forecast was made
    futures: int
    difficulty: str
    first_id: int  # the futures' world ids run down from here
    win: np.ndarray  # (K,) share of futures each bloc finishes first
    win_se: np.ndarray  # (K,) its standard error
    finish: tuple[float, ...]  # p10, median, p90 of the turn the game ends
    finish_by_bloc: np.ndarray  # (K, 3) the same among the futures each bloc wins
    no_base: float  # share of futures in which no base is built (the end date decides)
    seat: int  # the seat whose figures follow (-1: none)
    seat_scores: np.ndarray = field(repr=False)  # (F,) the seat's final score, future by future
    seat_bloc_won: np.ndarray = field(repr=False)  # (F,) bool, its bloc at the end won
    #: (F,) the bloc that finished first, future by future (-1: none)
    winners: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def seat_score(self) -> tuple[float, float]:
        """The seat's mean final score and its standard error."""
        n = self.seat_scores.size
        if n == 0:
            return math.nan, math.nan
        sd = float(self.seat_scores.std(ddof=1)) if n > 1 else 0.0
        return float(self.seat_scores.mean()), sd / math.sqrt(n)

    @property
    def seat_score_range(self) -> tuple[float, ...]:
        """p10, median and p90 of the seat's final score."""
        return tuple(percentiles(self.seat_scores, FINISH_QS))

    @property
    def seat_win(self) -> tuple[float, float]:
        """Share of futures in which the seat's bloc (at the end) wins, and its error."""
        p = float(self.seat_bloc_won.mean()) if self.seat_bloc_won.size else math.nan
        return p, _se(p, self.seat_bloc_won.size)


def summarise(
    final: FinalResults, rules: Rules, turn: int, difficulty: str, ids: np.ndarray, seat: int
) -> Forecast:
    """The figures of a forecast from its futures' final results."""
    f = len(ids)
    k = rules.n_blocs
    wins = np.array([(final.winner == b).sum() for b in range(k)], dtype=float)
    win = wins / max(f, 1)
    by_bloc = np.array(
        [percentiles(final.end_turn[final.winner == b].astype(float), FINISH_QS) for b in range(k)]
    ).reshape(k, len(FINISH_QS))
    base = np.asarray(rules.ms_base, dtype=bool)
    built = final.done[:, base].any(axis=1) if base.any() else np.zeros(f, dtype=bool)
    if seat >= 0:
        scores = final.score[:, seat].astype(float)
        bloc = final.bloc[:, seat]
        won = (bloc >= 0) & (bloc == final.winner)
    else:
        scores, won = np.zeros(0), np.zeros(0, dtype=bool)
    return Forecast(
        turn=int(turn),
        futures=f,
        difficulty=difficulty,
        first_id=int(ids[0]) if f else 0,
        win=win,
        win_se=np.array([_se(p, f) for p in win]),
        finish=tuple(percentiles(final.end_turn.astype(float), FINISH_QS)),
        finish_by_bloc=by_bloc,
        no_base=float(1.0 - built.mean()) if f else math.nan,
        seat=int(seat),
        seat_scores=scores,
        seat_bloc_won=won,
        winners=np.asarray(final.winner, dtype=int).copy(),
    )


def forecast(
    state: st.State,
    rules: Rules,
    seed: int,
    futures: int = FUTURES,
    difficulty: str = DEFAULT_DIFFICULTY,
    seat: int = -1,
    orders: SeatOrders | None = None,
    stop: Callable[[], bool] | None = None,
) -> Forecast:
    """Play ``futures`` futures of the game at ``state`` (world 0) and sum them up.

    ``seat`` names the nation whose score and bloc are followed; with ``orders`` it plays
    them in the coming turn (otherwise the computer plays it from now on).
    """
    level = get_difficulty(difficulty).name
    ids = future_ids(seed, state.turn, futures, avoid=state.world.tolist())
    final = play_futures(state, rules, seed, ids, level, seat, orders, stop)
    return summarise(final, rules, state.turn, level, ids, seat)


class Memo:
    """The last few forecasts played, by game and inputs: the advisers weigh several
    choices against the same side (the current split, no mission), played once a turn."""

    def __init__(self, size: int = 8):
        self.size = size
        self._held: dict[bytes, Forecast] = {}

    @staticmethod
    def key(state: st.State, rules: Rules, seed: int, *inputs: Any) -> bytes:
        """A digest of the game (its state and rules) and the other inputs."""
        h = hashlib.blake2b(digest_size=16)
        h.update(pickle.dumps((state, rules), protocol=pickle.HIGHEST_PROTOCOL))
        h.update(repr((int(seed), *inputs)).encode())
        return h.digest()

    def __contains__(self, key: bytes) -> bool:
        return key in self._held

    def __getitem__(self, key: bytes) -> Forecast:
        self._held[key] = self._held.pop(key)  # the newest used goes last
        return self._held[key]

    def __setitem__(self, key: bytes, value: Forecast) -> None:
        self._held[key] = value
        while len(self._held) > self.size:
            self._held.pop(next(iter(self._held)))


@dataclass(frozen=True)
class Comparison:
    """What choosing ``alt`` instead of ``base`` does to a seat, over the same futures."""

    turn: int
    seat: int
    futures: int
    score_diff: float  # mean over futures of (score with alt - score with base)
    score_se: float  # its standard error (of the paired differences)
    win_diff: float  # change in the share of futures its bloc wins
    win_se: float
    base: Forecast
    alt: Forecast

    def bloc_diff(self, k: int) -> tuple[float, float]:
        """Change in the share of futures bloc ``k`` finishes first, and its paired error."""
        d = (self.alt.winners == k).astype(float) - (self.base.winners == k).astype(float)
        return _mean_se(d)


def compare(
    state: st.State,
    rules: Rules,
    seed: int,
    base: SeatOrders,
    alt: SeatOrders,
    seat: int,
    futures: int = FUTURES,
    difficulty: str = DEFAULT_DIFFICULTY,
    stop: Callable[[], bool] | None = None,
    memo: Memo | None = None,
) -> Comparison:
    """Paired futures with ``base`` and with ``alt`` as ``seat``'s orders for the coming turn.

    Both play the same world ids, so every draw they share is the same and the difference
    is what the choice does. Standard errors are those of the paired differences. With a
    ``memo``, a side already played for the same game and inputs is not played again.
    """

    def side(orders: SeatOrders) -> Forecast:
        if memo is None:
            return forecast(state, rules, seed, futures, difficulty, seat, orders, stop)
        key = memo.key(state, rules, seed, futures, difficulty, seat, orders)
        if key not in memo:
            memo[key] = forecast(state, rules, seed, futures, difficulty, seat, orders, stop)
        return memo[key]

    one = side(base)
    two = side(alt)
    score_diff, score_se = _mean_se(two.seat_scores - one.seat_scores)
    win_diff, win_se = _mean_se(two.seat_bloc_won.astype(float) - one.seat_bloc_won.astype(float))
    return Comparison(
        turn=int(state.turn),
        seat=int(seat),
        futures=one.futures,
        score_diff=score_diff,
        score_se=score_se,
        win_diff=win_diff,
        win_se=win_se,
        base=one,
        alt=two,
    )
