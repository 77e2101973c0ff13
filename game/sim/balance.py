"""A Monte-Carlo balance study: what a designer needs to know from thousands of worlds.

Spec card:
    Reads: the compiled batch (start state), every turn's state as the batch runs
        (``observe``), and the final state (``finish``).
    Keeps: per world and nation whether it was ever in each bloc, the turn each milestone was
        first completed, and the final winner, end turn, blocs and scores: a few small arrays,
        so 10,000 worlds cost a few megabytes.
    Plays: ``play_study`` runs the batch in chunks of worlds, on every processor core (worker
        processes forked from this one, each folding its chunks into a study of its own);
        a world's game does not depend on its chunk or its process, so the report is the
        same with any number of workers.
    Reports: each bloc's win probability with a 95% Wilson interval; the distribution of
        finishing dates; where each nation ends up; mean final scores; warnings (a bloc that
        wins nearly always or almost never, a nation that never joins anything, a bloc that
        never gains a member, a base or milestone never completed, games that end early).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from game.ai.decide import decide
from game.ai.difficulty import DEFAULT_DIFFICULTY, get_difficulty
from game.engine.phases.victory import objectives_met
from game.engine.state import EV, NO_BLOC, State
from game.session.play import play_turn
from game.sim.driver import CHUNK, last_turn, run_in_chunks, slice_worlds
from game.sim.export import StudyExport
from game.sim.policies import POLICIES, LabContext, merge
from game.sim.stats import percentiles, text_histogram, wilson

#: A bloc winning more than this share of worlds is reported as dominant.
DOMINANT = 0.85
#: A bloc winning less than this share is reported as hopeless.
HOPELESS = 0.05


@dataclass
class FinalResults:
    """The end of every world: the few State fields a report reads, filled chunk by chunk."""

    winner: np.ndarray  # (W,)
    end_turn: np.ndarray  # (W,)
    bloc: np.ndarray  # (W, N)
    score: np.ndarray  # (W, N)
    bloc_score: np.ndarray  # (W, K)
    done: np.ndarray  # (W, M)

    @classmethod
    def like(cls, state: State) -> FinalResults:
        return cls(*(np.zeros_like(getattr(state, f.name)) for f in fields(cls)))


class BalanceStudy:
    """Folds a batch into the figures of the balance report."""

    def __init__(self, compiled):
        self.compiled = compiled
        self.catalog = compiled.catalog
        self.rules = compiled.rules
        s0 = compiled.state
        self.start_bloc = s0.bloc.copy()
        self.world = s0.world.copy()
        k = self.rules.n_blocs
        self.ever_in = s0.bloc[:, :, None] == np.arange(k)[None, None, :]
        self.ms_turn = np.where(s0.done, 0, -1).astype(np.int32)
        self.turns = 0
        self.difficulty = ""
        self.final = FinalResults.like(s0)

    @property
    def n_worlds(self) -> int:
        return int(self.start_bloc.shape[0])

    def observe(self, turn: int, state: State, events=None, rows: slice = slice(None)) -> None:
        """Fold in the state after ``turn`` of the worlds at ``rows`` (all by default)."""
        k = self.rules.n_blocs
        self.ever_in[rows] |= state.bloc[:, :, None] == np.arange(k)[None, None, :]
        ms = self.ms_turn[rows]
        self.ms_turn[rows] = np.where((ms < 0) & state.done, turn, ms)
        self.turns = max(self.turns, turn)

    def record(self, final: State, rows: slice = slice(None)) -> None:
        """Record the final state of the worlds at ``rows``."""
        for f in fields(FinalResults):
            getattr(self.final, f.name)[rows] = getattr(final, f.name)
        self.turns = max(self.turns, int(final.turn))

    def finish(self, final: State | None, difficulty: str) -> None:
        """Record the final state of every world (None: already recorded chunk by chunk)."""
        if final is not None:
            self.record(final)
        self.difficulty = difficulty

    def absorb(self, rows: slice, part: tuple) -> None:
        """Take in the study arrays of the worlds at ``rows`` played elsewhere."""
        ever_in, ms_turn, final, turns = part
        self.ever_in[rows] = ever_in
        self.ms_turn[rows] = ms_turn
        for f in fields(FinalResults):
            getattr(self.final, f.name)[rows] = getattr(final, f.name)
        self.turns = max(self.turns, int(turns))

    # ------------------------------------------------------------------ figures

    def wins(self) -> np.ndarray:
        """(K + 1,) worlds won by each bloc, then worlds with no winner."""
        k = self.rules.n_blocs
        winner = self.final.winner.astype(np.int64)
        return np.bincount(np.where(winner >= 0, winner, k), minlength=k + 1)

    def base_built(self) -> np.ndarray:
        """(W,) bool: the game ended because a bloc completed its base."""
        base = np.asarray(self.rules.ms_base, dtype=bool)
        return (self.final.done & base[None, :]).any(axis=1) & (self.final.winner >= 0)

    def end_share(self) -> np.ndarray:
        """(N, K + 1) share of worlds in which each nation ends in each bloc (last: none)."""
        k = self.rules.n_blocs
        b = self.final.bloc.astype(np.int64)
        b = np.where(b == NO_BLOC, k, b)
        n = b.shape[1]
        counts = np.zeros((n, k + 1))
        for col in range(k + 1):
            counts[:, col] = (b == col).sum(axis=0)
        return counts / max(self.n_worlds, 1)

    def warnings(self) -> list[str]:
        """What a designer should look at, in words."""
        cat = self.catalog
        out = []
        w = self.n_worlds
        wins = self.wins()
        k = self.rules.n_blocs
        for b in range(k):
            share = wins[b] / w
            if share > DOMINANT:
                out.append(f"{cat.bloc_names[b]} wins {100 * share:.1f}% of worlds")
            elif share < HOPELESS and k > 1:
                out.append(f"{cat.bloc_names[b]} wins only {100 * share:.1f}% of worlds")
        start_free = (self.start_bloc == NO_BLOC).all(axis=0)
        joined = self.ever_in.any(axis=2)
        for i in np.flatnonzero(start_free & ~joined.any(axis=0)):
            out.append(f"{cat.nation_names[i]} never joins anything")
        for b in range(k):
            start = (self.start_bloc == b).sum(axis=1)
            end = (self.final.bloc == b).sum(axis=1)
            ever_new = (self.ever_in[:, :, b] & (self.start_bloc != b)).any(axis=1)
            if not ever_new.any():
                out.append(f"{cat.bloc_names[b]} never gains a member")
            elif (end <= start).mean() > 0.9:
                out.append(
                    f"{cat.bloc_names[b]} ends no bigger than it started in "
                    f"{100 * (end <= start).mean():.0f}% of worlds"
                )
        base = np.asarray(self.rules.ms_base, dtype=bool)
        if base.any() and not (self.final.done & base).any():
            out.append("no bloc ever completes its base")
        for m in np.flatnonzero(~(self.ms_turn >= 0).any(axis=0)):
            out.append(
                f"{cat.bloc_names[int(self.rules.ms_bloc[m])]}: milestone "
                f"'{cat.milestone_names[m]}' is never completed"
            )
        ended = self.final.end_turn[self.final.end_turn >= 0]
        if ended.size and self.turns:
            median = percentiles(ended.astype(float), [50])[0]
            if median < self.rules.n_turns / 2:
                out.append(
                    f"half of the games end by {cat.date(int(median))} "
                    f"(turn {int(median)} of {self.rules.n_turns}): the race may be too short"
                )
        return out


def default_workers() -> int:
    """Processor cores this process may use (1 where worker processes cannot be forked)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def play_study(
    compiled,
    turns: int | None = None,
    difficulty: str = DEFAULT_DIFFICULTY,
    *,
    chunk: int = CHUNK,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BalanceStudy:
    """Play every world of ``compiled`` with computer players and fold them into a study.

    Args:
        compiled: a ``compile_scenario`` result.
        turns, difficulty: as for ``game.sim.driver.run_batch``.
        chunk: at most this many worlds are played together.
        workers: processes to play in (None: one per core; 1: this process only).
        progress: ``progress(done, total)`` as pieces of the batch finish.
    """
    study = BalanceStudy(compiled)
    total = study.n_worlds
    workers = default_workers() if workers is None else max(1, int(workers))
    workers = min(workers, -(-total // 64))  # a small batch is not worth a process
    # pieces of equal size, as many for every worker, and a few of them so that progress
    # shows (but not so small that per-turn overheads dominate)
    chunk = max(1, int(chunk))
    per_worker = max(-(-total // (workers * chunk)), min(4, -(-total // (workers * MIN_PIECE))))
    pieces = workers * per_worker
    size = -(-total // pieces)
    bounds = [(a, min(a + size, total)) for a in range(0, total, size)]
    if progress is not None:
        progress(0, len(bounds))
    global _SHARED
    _SHARED = compiled  # forked workers inherit it: nothing big is pickled
    pool = _fork_pool(workers) if workers > 1 else None
    if pool is None:
        _SHARED = None
        for done, (a, b) in enumerate(bounds):
            study.absorb(slice(a, b), _play_piece(compiled, a, b, turns, difficulty))
            if progress is not None:
                progress(done + 1, len(bounds))
    else:
        try:
            with _closing(pool):
                jobs = [(a, b, turns, difficulty) for a, b in bounds]
                for done, (a, b, part) in enumerate(pool.imap_unordered(_worker, jobs)):
                    study.absorb(slice(a, b), part)
                    if progress is not None:
                        progress(done + 1, len(bounds))
        finally:
            _SHARED = None
    study.finish(None, difficulty)
    return study


#: Worlds below which a batch is not split further for the sake of the progress bar.
MIN_PIECE = 1000
_SHARED = None  # the compiled batch, for forked workers


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


def _worker(job) -> tuple[int, int, tuple]:
    a, b, turns, difficulty = job
    return a, b, _play_piece(_SHARED, a, b, turns, difficulty)


def _play_piece(compiled, a: int, b: int, turns, difficulty) -> tuple:
    """The study arrays of worlds a..b, played in this process."""
    sub = dataclasses.replace(compiled, state=slice_worlds(compiled.state, slice(a, b)))
    part = BalanceStudy(sub)
    run_in_chunks(sub, turns, difficulty, chunk=b - a, on_turn=part.observe, on_chunk=part.record)
    return part.ever_in, part.ms_turn, part.final, part.turns


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def format_report(study: BalanceStudy) -> list[str]:
    """The balance report as lines of text."""
    cat, rules = study.catalog, study.rules
    final = study.final
    w = study.n_worlds
    k = rules.n_blocs
    title = cat.scenario.meta.title
    lines = [
        f"Balance of {title!r}: {w:,} worlds, seed {study.compiled.seed}, "
        f"computer players ({study.difficulty}), {study.turns} turns "
        f"({cat.date(0)} to {cat.date(study.turns)})",
        "",
        "Who wins (95% confidence interval)",
    ]
    wins = study.wins()
    built = study.base_built()
    width = max(len(x) for x in [*cat.bloc_names, "no winner"])
    for b in range(k + 1):
        name = cat.bloc_names[b] if b < k else "no winner"
        if b == k and wins[b] == 0:
            continue
        lo, hi = wilson(int(wins[b]), w)
        extra = ""
        if b < k:
            by_base = int((built & (final.winner == b)).sum())
            extra = f"   base built in {_pct(by_base / w).strip()} of worlds"
        lines.append(
            f"  {name:<{width}}  {_pct(wins[b] / w)}  [{_pct(lo).strip()}, {_pct(hi).strip()}]{extra}"
        )

    lines += ["", "When the game ends"]
    end = final.end_turn.astype(np.int64)
    finished = end[built]
    if finished.size:
        qs = (5, 25, 50, 75, 95)
        ps = percentiles(finished.astype(float), qs)
        lines.append(
            "  base built: "
            + ", ".join(f"p{q} {cat.date(int(v))}" for q, v in zip(qs, ps, strict=True))
        )
    lines.append(
        f"  base built in {_pct(built.mean()).strip()} of worlds; "
        f"{_pct(1 - built.mean()).strip()} go to the end date ({cat.date(rules.n_turns)})"
    )
    if finished.size:
        years = np.array([int(cat.date(int(t))[:4]) for t in finished])
        first, last = int(years.min()), int(years.max())
        labels = [str(y) for y in range(first, last + 1)]
        counts = [int((years == y).sum()) for y in range(first, last + 1)]
        lines += ["  " + row for row in text_histogram(labels, counts, width=36, total=w)]

    lines += ["", "Where each nation ends (% of worlds)"]
    share = study.end_share()
    cols = [*cat.bloc_short, "none"]
    nat_w = max(len(x) for x in cat.nation_names)
    head = f"  {'nation':<{nat_w}}  {'start':<9}" + "".join(f"{c[:9]:>10}" for c in cols)
    lines.append(head + f"{'score':>9}")
    mean_score = final.score.mean(axis=0)
    for i, name in enumerate(cat.nation_names):
        b0 = int(study.start_bloc[0, i])
        start = cat.bloc_short[b0] if b0 >= 0 else "-"
        row = f"  {name:<{nat_w}}  {start[:9]:<9}" + "".join(f"{100 * v:9.1f}%" for v in share[i])
        lines.append(row + f"{mean_score[i]:9.1f}")

    lines += ["", "Mean final scores of the blocs"]
    members = [(final.bloc == b).sum(axis=1) for b in range(k)]
    for b in range(k):
        lines.append(
            f"  {cat.bloc_names[b]:<{width}}  score {final.bloc_score[:, b].mean():7.2f}, "
            f"members {members[b].mean():5.1f} (start {(study.start_bloc[0] == b).sum()}), "
            f"milestones {final.done[:, rules.ms_of_bloc[b]].sum(axis=1).mean():4.1f}"
            f"/{len(rules.ms_of_bloc[b])}"
        )

    warnings = study.warnings()
    lines += ["", "Warnings" if warnings else "Warnings: none"]
    lines += [f"  ! {x}" for x in warnings]
    return lines


def write_csv(study: BalanceStudy, path: str) -> None:
    """Per-world results: winner, end, base, bloc scores, each nation's bloc and score."""
    cat, final = study.catalog, study.final
    built = study.base_built()
    header = ["world", "winner", "end_turn", "end_date", "base_built"]
    header += [f"score_{b}" for b in cat.bloc_ids]
    header += [f"bloc_{n}" for n in cat.nation_ids]
    header += [f"score_{n}" for n in cat.nation_ids]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for w in range(study.n_worlds):
            winner = int(final.winner[w])
            end = int(final.end_turn[w])
            row = [
                int(study.world[w]),
                cat.bloc_ids[winner] if winner >= 0 else "",
                end,
                cat.date(end) if end >= 0 else "",
                int(built[w]),
            ]
            row += [f"{v:.4f}" for v in final.bloc_score[w]]
            row += [cat.bloc_ids[b] if b >= 0 else "" for b in final.bloc[w]]
            row += [f"{v:.3f}" for v in final.score[w]]
            out.writerow(row)


# ---------------------------------------------------------------------- the strategy lab


@dataclass
class LabResult:
    """One policy's play of one seat over a batch of worlds (per world, in world-id order)."""

    policy: str
    seat: int  # -1: every nation played by the computer
    difficulty: str  # the other nations' level
    seat_difficulty: str  # the level the computer plays the seat at (policy ``computer``)
    world: np.ndarray  # (W,)
    score: np.ndarray  # (W, N) final scores
    bloc: np.ndarray  # (W, N) final blocs
    start_bloc: np.ndarray  # (W, N)
    winner: np.ndarray  # (W,)
    end_turn: np.ndarray  # (W,)
    base_built: np.ndarray  # (W,) bool
    objectives: np.ndarray  # (W, J) bool: objectives met at the end
    leading_at: np.ndarray  # (W,) bloc with the highest bloc score after turn ``PREDICT_TURN``
    size: np.ndarray  # (W, T + 1, K) members of each bloc after each turn (0: start)
    first_join: np.ndarray  # (W, N) turn a nation first joined a bloc it did not start in, -1
    leaves: np.ndarray  # (W,) nations that left a bloc during the game

    @property
    def seat_won(self) -> np.ndarray:
        """(W,) bool: the seat ended in the winning bloc."""
        b = self.bloc[:, self.seat]
        return (b >= 0) & (b == self.winner)


#: The turn whose state is used to predict the winner.
PREDICT_TURN = 3


class _LabFold:
    """Folds the turns of a piece of worlds into a LabResult's arrays."""

    def __init__(self, compiled, turns: int):
        s0, rules = compiled.state, compiled.rules
        w, n = s0.bloc.shape
        self.rules = rules
        self.start_bloc = s0.bloc.copy()
        self.size = np.zeros((w, turns + 1, rules.n_blocs), dtype=np.int16)
        self.first_join = np.full((w, n), -1, dtype=np.int16)
        self.leaves = np.zeros(w, dtype=np.int32)
        self.leading_at = np.full(w, -1, dtype=np.int16)
        self._sizes(0, s0)

    def _sizes(self, turn: int, state: State) -> None:
        for k in range(self.rules.n_blocs):
            self.size[:, turn:, k] = (state.bloc == k).sum(axis=1)[:, None]

    def turn(self, state: State, events) -> None:
        t = int(state.turn)
        self._sizes(t, state)
        new = (state.bloc >= 0) & (state.bloc != self.start_bloc) & (self.first_join < 0)
        self.first_join = np.where(new, t, self.first_join).astype(np.int16)
        left = events.code == EV["left"]
        if left.any():
            pos = np.searchsorted(state.world, events.world[left])
            np.add.at(self.leaves, pos, 1)
        if t == PREDICT_TURN:
            self.leading_at = np.argmax(state.bloc_score, axis=1).astype(np.int16)


def _play_lab_piece(compiled, a, b, job) -> tuple:
    """Play worlds a..b of ``compiled`` with the seat under ``job``'s policy, in this process.

    Everything it calls is imported at module level: a forked worker that imported a module
    could wait forever on an import lock another thread of the parent held at fork time.
    """
    seat, policy, level, seat_level, turns, export = job
    state = slice_worlds(compiled.state, slice(a, b))
    rules, seed = compiled.rules, compiled.seed
    limit = last_turn(compiled) - int(state.turn)
    turns = limit if turns is None else max(0, min(int(turns), limit))
    fold = _LabFold(dataclasses.replace(compiled, state=state), turns)
    ex = StudyExport(compiled.catalog, rules, seed) if export else None
    if ex is not None:
        ex.start(state)
    play = POLICIES[policy] if seat >= 0 else None
    # the seat stands for a person: a sharp computer plays against its blocs
    seat_mask = np.arange(state.bloc.shape[1]) == seat
    for _ in range(turns):
        if bool(state.ended.all()):
            break
        overlay = None
        if play is not None:

            def overlay(now, computer, play=play):
                # the policy sees what the computer would do in its seat at the seat's level
                own = computer
                if seat_level != level:
                    own = decide(now, rules, seed, seat_level, people=seat_mask).orders
                mine = play(LabContext(now, rules, seed, seat, own))
                return merge(computer, seat, mine)

        played = play_turn(state, rules, seed, difficulty=level, overlay=overlay, seats=seat_mask)
        new, events, orders = played.state, played.events, played.orders
        fold.turn(new, events)
        if ex is not None:
            ex.turn(state, orders, new, events)
        state = new
    base = np.asarray(rules.ms_base, dtype=bool)
    built = (state.done & base[None, :]).any(axis=1) & (state.winner >= 0)
    arrays = (
        state.world.copy(),
        state.score.copy(),
        state.bloc.copy(),
        fold.start_bloc,
        state.winner.copy(),
        state.end_turn.copy(),
        built,
        objectives_met(state, rules),
        fold.leading_at,
        fold.size,
        fold.first_join,
        fold.leaves,
    )
    return arrays, (ex.parts() if ex is not None else None)


def _lab_worker(job) -> tuple:
    a, b, rest = job
    return a, b, _play_lab_piece(_SHARED, a, b, rest)


def play_lab(
    compiled,
    seat: int,
    policy: str,
    difficulty: str = DEFAULT_DIFFICULTY,
    seat_difficulty: str = DEFAULT_DIFFICULTY,
    *,
    turns: int | None = None,
    workers: int | None = None,
    export=None,
    progress: Callable[[int, int], None] | None = None,
) -> LabResult:
    """Play every world of ``compiled`` with ``seat`` under ``policy`` and the others computer
    played at ``difficulty`` (the seat's computer at ``seat_difficulty``); seat -1: nobody.

    World ids fix each world's randomness, so two policies run on the same compiled batch
    play paired worlds. ``export`` (a ``StudyExport``) receives every world's rows. The
    pieces run in forked worker processes; the result does not depend on how many.
    """
    level = get_difficulty(difficulty).name
    seat_level = get_difficulty(seat_difficulty).name
    total = compiled.state.n_worlds
    workers = default_workers() if workers is None else max(1, int(workers))
    workers = min(workers, -(-total // 64))
    pieces = max(1, workers * min(4, -(-total // (workers * 64))))
    size = -(-total // pieces)
    bounds = [(a, min(a + size, total)) for a in range(0, total, size)]
    job = (seat, policy, level, seat_level, turns, export is not None)
    parts: list = [None] * len(bounds)
    global _SHARED
    _SHARED = compiled
    pool = _fork_pool(workers) if workers > 1 else None
    try:
        if pool is None:
            for i, (a, b) in enumerate(bounds):
                parts[i] = _play_lab_piece(compiled, a, b, job)
                if progress is not None:
                    progress(i + 1, len(bounds))
        else:
            with _closing(pool):
                jobs = [(a, b, job) for a, b in bounds]
                for done, (a, _b, part) in enumerate(pool.imap_unordered(_lab_worker, jobs)):
                    parts[[x[0] for x in bounds].index(a)] = part
                    if progress is not None:
                        progress(done + 1, len(bounds))
    finally:
        _SHARED = None
    columns = [np.concatenate(c, axis=0) for c in zip(*(p[0] for p in parts), strict=True)]
    if export is not None:
        for p in parts:
            export.take(p[1])
    return LabResult(policy if seat >= 0 else "computer", seat, level, seat_level, *columns)


def seat_summary(result: LabResult, rules) -> dict:
    """The seat's figures: score distribution, its bloc's win rate, objectives met."""
    seat = result.seat
    score = result.score[:, seat].astype(float)
    w = len(score)
    sd = float(score.std(ddof=1)) if w > 1 else 0.0
    won = int(result.seat_won.sum())
    lo, hi = wilson(won, w)
    mine = np.asarray(rules.obj_nation) == seat
    met = result.objectives[:, mine]
    qs = (5, 25, 50, 75, 95)
    return {
        "policy": result.policy,
        "worlds": w,
        "score": {
            "mean": float(score.mean()),
            "sd": sd,
            "se": sd / np.sqrt(w) if w else 0.0,
            "percentiles": dict(zip([f"p{q}" for q in qs], percentiles(score, qs), strict=True)),
        },
        "win_rate": {"share": won / w if w else 0.0, "low": lo, "high": hi},
        "objectives_met": [float(x) for x in met.mean(axis=0)] if w else [],
        "base_built": float(result.base_built.mean()) if w else 0.0,
    }


def compare(result: LabResult, baseline: LabResult) -> dict:
    """The paired difference of the seat's score (result - baseline) over the same worlds."""
    if not np.array_equal(result.world, baseline.world):
        raise ValueError("the two runs did not play the same worlds")
    d = result.score[:, result.seat] - baseline.score[:, baseline.seat]
    sd = float(d.std(ddof=1)) if len(d) > 1 else 0.0
    return {"mean": float(d.mean()), "se": sd / np.sqrt(len(d)) if len(d) else 0.0}


def format_lab(result: LabResult, baseline: LabResult, catalog, rules) -> list[str]:
    """The strategy lab's report: the policy beside the computer's own play of the seat."""
    a, b = seat_summary(result, rules), seat_summary(baseline, rules)
    name = catalog.nation_names[result.seat]
    lines = [
        f"Strategy lab of {catalog.scenario.meta.title!r}: {name} played by "
        f"'{result.policy}' against computer players ({result.difficulty}), "
        f"{a['worlds']:,} paired worlds",
        "",
        f"  {'':24}{result.policy[:20]:>22}{'computer':>22}",
    ]

    def row(label, x, y):
        lines.append(f"  {label:<24}{x:>22}{y:>22}")

    def mean(s):
        return f"{s['score']['mean']:.1f} ({s['score']['se']:.2f})"

    row("score mean (se)", mean(a), mean(b))
    row("score sd", f"{a['score']['sd']:.1f}", f"{b['score']['sd']:.1f}")
    for q in a["score"]["percentiles"]:
        row(
            f"score {q}",
            f"{a['score']['percentiles'][q]:.1f}",
            f"{b['score']['percentiles'][q]:.1f}",
        )

    def rate(s):
        w = s["win_rate"]
        return f"{100 * w['share']:.1f}% [{100 * w['low']:.1f}, {100 * w['high']:.1f}]"

    row("its bloc wins (95% CI)", rate(a), rate(b))
    row("base built", f"{100 * a['base_built']:.1f}%", f"{100 * b['base_built']:.1f}%")
    texts = [
        t
        for t, j in zip(catalog.objective_texts, rules.obj_nation, strict=True)
        if j == result.seat
    ]
    for text, x, y in zip(texts, a["objectives_met"], b["objectives_met"], strict=True):
        row(f"met: {text[:19]}", f"{100 * x:.1f}%", f"{100 * y:.1f}%")
    d = compare(result, baseline)
    lines += [
        "",
        f"  paired difference in score: {d['mean']:+.2f} (standard error {d['se']:.2f})",
    ]
    return lines
