"""A Monte-Carlo balance study: what a designer needs to know from thousands of worlds.

Spec card:
    Reads: the compiled batch (start state), every turn's state as the batch runs
        (``observe``), and the final state (``finish``).
    Keeps: per world and nation whether it was ever in each bloc, the turn each milestone was
        first completed, and the final winner, end turn, blocs and scores: a few small arrays,
        so 10,000 worlds cost a few megabytes.
    Plays: ``play_study`` runs the batch in chunks of worlds, on every processor core (worker
        processes forked from this one by ``sim.pool``, each folding its chunks into a study
        of its own);
        a world's game does not depend on its chunk or its process, so the report is the
        same with any number of workers.
    Reports: each bloc's win probability with a 95% Wilson interval; the distribution of
        finishing dates; where each nation ends up; mean final scores; warnings (a bloc that
        wins nearly always or almost never, a nation that never joins anything, a bloc that
        never gains a member, a base or milestone never completed, games that end early).
    Beside it: one seat played by a scripted policy over the same worlds is ``sim.lab``.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from game.ai.difficulty import DEFAULT_DIFFICULTY
from game.engine.state import NO_BLOC, State
from game.sim.driver import CHUNK, run_in_chunks, slice_worlds
from game.sim.pool import default_workers, play_pieces
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
    member: np.ndarray  # (W, N, K)
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
            end = self.final.member[:, :, b].sum(axis=1)
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
    jobs = [(a, min(a + size, total), turns, difficulty) for a in range(0, total, size)]
    if progress is not None:
        progress(0, len(jobs))
    parts = play_pieces(compiled, _play_piece, jobs, workers, progress)
    for (a, b, _turns, _level), part in zip(jobs, parts, strict=True):
        study.absorb(slice(a, b), part)
    study.finish(None, difficulty)
    return study


#: Worlds below which a batch is not split further for the sake of the progress bar.
MIN_PIECE = 1000


def _play_piece(compiled, job) -> tuple:
    """The study arrays of worlds a..b, played in this process."""
    a, b, turns, difficulty = job
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
    members = [final.member[:, :, b].sum(axis=1) for b in range(k)]
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
