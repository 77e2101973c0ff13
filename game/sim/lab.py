"""The strategy lab: one seat played by a scripted policy over a batch of worlds.

Spec card:
    What: ``play_lab(compiled, seat, policy, ...)`` plays every world with ``seat`` under a
        policy of ``sim.policies`` (written over the computer's orders each turn, through
        ``play_turn``'s overlay) and the other nations computer played; it keeps per world
        the final scores, blocs, winner, objectives met, bloc sizes turn by turn, first joins
        and leaves (a ``LabResult``).
    Paired worlds: world ids fix each world's randomness, so two policies run on the same
        compiled batch play the same worlds, and ``compare`` reports the paired difference.
    Plays: pieces of the batch in forked workers (``sim.pool``); the result does not depend
        on how many.
    Reports: ``seat_summary`` (score distribution, its bloc's win rate with a Wilson interval,
        objectives met) and ``format_lab`` (the policy beside the computer's own play).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.ai.decide import decide
from game.ai.difficulty import DEFAULT_DIFFICULTY, get_difficulty
from game.engine import state as st
from game.engine.orders import empty_new_offers
from game.engine.phases.victory import objectives_met
from game.engine.state import EV, State
from game.session.play import play_turn
from game.sim.driver import last_turn, slice_worlds
from game.sim.export import StudyExport
from game.sim.policies import LabContext, get_policy, merge
from game.sim.pool import default_workers, play_pieces
from game.sim.stats import percentiles, wilson


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
        # every member of each bloc counts (a nation may belong to several blocs)
        self.size[:, turn:, :] = state.member.sum(axis=1)[:, None, :]

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


def _carry_offers(mine, offers: st.NewOffers):
    """``mine`` with the seat's offers it keeps from ``offers`` (the table of the level the
    seat is played at) moved to its further offers: ``keep`` names slots of that table, not
    of the other nations' table the seat's orders are merged into."""
    keep = mine.keep
    rank = np.cumsum(keep, axis=1) - 1
    e = int(keep.sum(axis=1).max(initial=0))
    carried = empty_new_offers(keep.shape[0], e)
    if e:
        w, p = np.nonzero(keep)
        for f in dataclasses.fields(st.NewOffers):
            getattr(carried, f.name)[w, rank[w, p]] = getattr(offers, f.name)[w, p]
    new = {
        f.name: np.concatenate([getattr(carried, f.name), getattr(mine.new, f.name)], axis=1)
        for f in dataclasses.fields(st.NewOffers)
    }
    return dataclasses.replace(mine, keep=np.zeros_like(keep), new=st.NewOffers(**new))


def _play_lab_piece(compiled, job) -> tuple:
    """Play worlds a..b of ``compiled`` with the seat under ``job``'s policy, in this process.

    Everything it calls is imported at module level (see ``sim.pool.play_pieces``).
    """
    a, b, (seat, policy, level, seat_level, turns, export) = job
    state = slice_worlds(compiled.state, slice(a, b))
    rules, seed = compiled.rules, compiled.seed
    limit = last_turn(compiled) - int(state.turn)
    turns = limit if turns is None else max(0, min(int(turns), limit))
    fold = _LabFold(dataclasses.replace(compiled, state=state), turns)
    ex = StudyExport(compiled.catalog, rules, seed) if export else None
    if ex is not None:
        ex.start(state)
    play = get_policy(policy) if seat >= 0 else None
    # the seat stands for a person: a sharp computer plays against its blocs
    seat_mask = np.arange(state.bloc.shape[1]) == seat
    for _ in range(turns):
        if bool(state.ended.all()):
            break
        overlay = None
        if play is not None:

            def overlay(now, computer, play=play):
                # the policy sees what the computer would do in its seat at the seat's level;
                # at another level than the others', the seat plans its own orders only (as
                # a person's forecast does): the others' offers are those of their own level,
                # not invitations the seat's level would send in their place
                own = computer
                if seat_level != level:
                    own = decide(
                        now, rules, seed, seat_level, controlled=seat_mask, people=seat_mask
                    ).orders
                mine = play(LabContext(now, rules, seed, seat, own))
                if own is not computer:
                    mine = _carry_offers(mine, own.new)
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
    job = (seat, policy, level, seat_level, turns, export is not None)
    jobs = [(a, min(a + size, total), job) for a in range(0, total, size)]
    parts = play_pieces(compiled, _play_lab_piece, jobs, workers, progress)
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
