"""Studies as data: the one writer of the long-format CSV files a study loads into pandas.

Spec card:
    Reads: the engine's states, orders and events turn by turn (batched: leading world axis,
        any number of worlds, all on the same turn), and the catalog for names and dates.
    Keeps: one column array per CSV column and turn, folded as the batch runs, so a forked
        worker can hand its rows back and a save's single world goes through the same code.
    Writes, in a folder:
        ``nations.csv``: world, turn, date, nation, blocs, budget, support, prestige, score.
            One row per world, turn and nation; turn 0 is the start; ``date`` is the state's
            month (YYYY-MM); ``blocs`` the nation's bloc ids in the order it joined them,
            joined by ``;`` (empty when none); ``score`` the engine's own score of that state.
        ``attempts.csv``: world, turn, date, bloc, milestone, chance, success. One row per
            attempt at a milestone; ``chance`` the success chance the engine drew against.
        ``membership.csv``: world, turn, date, nation, bloc, change, cause. ``change`` is
            ``join`` or ``leave``; ``cause`` says why: ``invite`` or ``apply`` (an accepted
            offer), ``order`` (the nation's own leave order), ``switch`` (left to join
            another bloc), ``event:<id>`` / ``random:<id>`` (a scripted or random event).
        A row of turn t belongs to the turn that ended in state t, so a join on turn 3 shows
        first in the nations rows of turn 3.
    Numbers are the engine's: nothing here recomputes a rule, except the attempt chance (see
        ``attempt_chances``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.phases.programs import fit_and_shortfall
from game.engine.state import EV
from game.engine.step import PHASES
from game.engine.turn import Turn
from game.engine.utility import TERMS, best_of

NATION_COLUMNS = (
    "world",
    "turn",
    "date",
    "nation",
    "blocs",
    "budget",
    "support",
    "prestige",
    "score",
)
ATTEMPT_COLUMNS = ("world", "turn", "date", "bloc", "milestone", "chance", "success")
MEMBERSHIP_COLUMNS = ("world", "turn", "date", "nation", "bloc", "change", "cause")

#: ``joined_at`` of a bloc a nation is not in (sorts after every real turn).
NOT_MEMBER = 2**30

#: The phases that run before the programme phase draws its attempts.
_BEFORE_PROGRAMS = tuple(run for name, run in PHASES[: [n for n, _ in PHASES].index("programs")])


def memberships(state: st.State, n_blocs: int) -> np.ndarray:
    """(W, N, K) bool: which blocs each nation belongs to in ``state``."""
    member = getattr(state, "member", None)  # a state that allows several blocs says so
    if member is not None:
        return np.asarray(member, dtype=bool)
    return state.bloc[:, :, None] == np.arange(n_blocs)[None, None, :]


def attempt_chances(prev: st.State, orders: st.Orders, rules, seed: int) -> np.ndarray:
    """(W, M) success chance of an attempt at each milestone in the turn played from ``prev``.

    The chance depends on the bloc's technology at the moment of the attempt (after this
    turn's diplomacy and research, before missions and events), which no State holds, so
    the engine's own phases up to the programme phase are run again on a copy, and the
    chance is asked of the law (``law.success_chance``, the function the programme phase uses).
    """
    t = Turn(prev, orders, rules, seed, len(TERMS))
    for run in _BEFORE_PROGRAMS:
        run(t)
    c = rules.constants
    out = np.zeros((t.w, len(rules.ms_bloc)))
    for k in range(rules.n_blocs):
        idx = rules.ms_of_bloc[k]
        best = best_of(t.tech, t.member[:, :, k])
        _fit, short = fit_and_shortfall(best[:, None, :], rules.ms_req[idx][None])
        out[:, idx] = law.success_chance(rules.ms_success[idx], short, c)
    return out


@dataclass
class _Table:
    """Columns of one CSV file as lists of per-turn arrays."""

    columns: tuple[str, ...]
    parts: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, **cols: np.ndarray) -> None:
        for name in self.columns:
            self.parts.setdefault(name, []).append(np.asarray(cols[name]))

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            name: np.concatenate(self.parts[name]) if self.parts.get(name) else np.zeros(0)
            for name in self.columns
        }

    def extend(self, other: _Table) -> None:
        for name in self.columns:
            self.parts.setdefault(name, []).extend(other.parts.get(name, []))


class StudyExport:
    """Folds a batch's turns into the three long-format tables (see the module docstring).

    Call ``start(state)`` with the state before the first turn, then ``turn(prev, orders,
    state, events)`` after every turn (``prev`` must not have been donated to ``step``), then
    ``write(folder)``. Rows carry world ids, so parts played elsewhere are joined with
    ``absorb``.
    """

    def __init__(self, catalog, rules, seed: int):
        self.catalog = catalog
        self.rules = rules
        self.seed = int(seed)
        self.nations = _Table(NATION_COLUMNS)
        self.attempts = _Table(ATTEMPT_COLUMNS)
        self.membership = _Table(MEMBERSHIP_COLUMNS)
        self._joined_at: np.ndarray | None = None  # (W, N, K) turn joined, NOT_MEMBER if not

    # ------------------------------------------------------------------ folding

    def start(self, state: st.State) -> None:
        """Record the starting state (turn 0 rows)."""
        member = memberships(state, self.rules.n_blocs)
        self._joined_at = np.where(member, 0, NOT_MEMBER)
        self._nation_rows(state, member)

    def turn(self, prev: st.State, orders: st.Orders, state: st.State, events: st.Events) -> None:
        """Record the turn played from ``prev`` with ``orders`` to ``state`` and its events."""
        if self._joined_at is None:
            self.start(prev)
        running = ~prev.ended
        member = memberships(state, self.rules.n_blocs)
        was = self._joined_at < NOT_MEMBER
        self._joined_at = np.where(
            member, np.where(was, self._joined_at, int(state.turn)), NOT_MEMBER
        )
        self._nation_rows(state, member, running)
        self._membership_rows(state, orders, events)
        self._attempt_rows(prev, orders, state, events)

    def _nation_rows(self, state: st.State, member: np.ndarray, rows=None) -> None:
        w, n = state.budget.shape
        keep = np.ones(w, dtype=bool) if rows is None else rows
        if not keep.any():
            return
        labels = _bloc_labels(self._joined_at[keep], member[keep], self.catalog.bloc_ids)
        world = np.repeat(state.world[keep], n)
        self.nations.add(
            world=world,
            turn=np.full(world.shape, int(state.turn)),
            date=np.full(world.shape, self.catalog.date(int(state.turn)), dtype=object),
            nation=np.tile(np.asarray(self.catalog.nation_ids, dtype=object), int(keep.sum())),
            blocs=labels.reshape(-1),
            budget=state.budget[keep].reshape(-1),
            support=state.support[keep].reshape(-1),
            prestige=state.prestige[keep].reshape(-1),
            score=state.score[keep].reshape(-1),
        )

    def _membership_rows(self, state: st.State, orders: st.Orders, ev: st.Events) -> None:
        code = ev.code
        is_event = (code == EV["scripted_event"]) | (code == EV["random_event"])
        rows = np.arange(len(code))
        # the last event row at or before each row, within the same world (rows are ordered
        # by world, then in the order the phases logged them)
        last = np.maximum.accumulate(np.where(is_event, rows, -1)) if len(rows) else rows
        cause_row = np.where((last >= 0) & (ev.world[np.maximum(last, 0)] == ev.world), last, -1)
        moved = (code == EV["joined"]) | (code == EV["left"])
        if not moved.any():
            return
        sel = np.flatnonzero(moved)
        joined = code[sel] == EV["joined"]
        cat = self.catalog
        causes = np.empty(len(sel), dtype=object)
        acc = np.flatnonzero(code == EV["offer_accepted"])
        # a join through an accepted invitation; any other accepted offer was an application
        invite_keys = set(
            zip(
                ev.world[acc].tolist(),
                np.where(ev.value[acc] == st.KIND["invite"], ev.other[acc], -9).tolist(),
                ev.bloc[acc].tolist(),
                strict=True,
            )
        )
        join_keys = {
            (int(ev.world[r]), int(ev.nation[r]), int(cause_row[r]))
            for r in rows[code == EV["joined"]]
        }
        for pos, r in enumerate(sel.tolist()):
            c = int(cause_row[r])
            if c >= 0:
                item = int(ev.item[c])
                if code[c] == EV["scripted_event"]:
                    causes[pos] = f"event:{cat.scripted_ids[item]}"
                else:
                    causes[pos] = f"random:{cat.random_ids[item]}"
                continue
            key = (int(ev.world[r]), int(ev.nation[r]), int(ev.bloc[r]))
            if joined[pos]:
                causes[pos] = "invite" if key in invite_keys else "apply"
            else:
                causes[pos] = "switch" if (key[0], key[1], -1) in join_keys else "order"
        turn = int(state.turn)
        self.membership.add(
            world=ev.world[sel],
            turn=np.full(len(sel), turn),
            date=np.full(len(sel), cat.date(turn), dtype=object),
            nation=np.asarray(cat.nation_ids, dtype=object)[ev.nation[sel]],
            bloc=np.asarray(cat.bloc_ids, dtype=object)[ev.bloc[sel]],
            change=np.where(joined, "join", "leave").astype(object),
            cause=causes,
        )

    def _attempt_rows(self, prev, orders, state, ev: st.Events) -> None:
        ok = ev.code == EV["milestone_success"]
        tried = ok | (ev.code == EV["milestone_failure"])
        if not tried.any():
            return
        sel = np.flatnonzero(tried)
        chance = attempt_chances(prev, orders, self.rules, self.seed)
        pos = np.searchsorted(prev.world, ev.world[sel]) if _sorted(prev.world) else None
        if pos is None:
            lookup = {int(x): i for i, x in enumerate(prev.world.tolist())}
            pos = np.array([lookup[int(x)] for x in ev.world[sel]], dtype=np.intp)
        ms = ev.item[sel].astype(np.intp)
        cat = self.catalog
        turn = int(state.turn)
        self.attempts.add(
            world=ev.world[sel],
            turn=np.full(len(sel), turn),
            date=np.full(len(sel), cat.date(turn), dtype=object),
            bloc=np.asarray(cat.bloc_ids, dtype=object)[ev.bloc[sel]],
            milestone=np.asarray(cat.milestone_ids, dtype=object)[ms],
            chance=chance[pos, ms],
            success=ok[sel],
        )

    def absorb(self, other: StudyExport) -> None:
        """Take in the rows of worlds folded by another exporter (e.g. a worker's)."""
        self.nations.extend(other.nations)
        self.attempts.extend(other.attempts)
        self.membership.extend(other.membership)

    def parts(self) -> tuple[_Table, _Table, _Table]:
        """The three tables (what a worker process hands back)."""
        return self.nations, self.attempts, self.membership

    def take(self, parts: tuple[_Table, _Table, _Table]) -> None:
        """Take in tables handed back by ``parts`` elsewhere."""
        for mine, theirs in zip(self.parts(), parts, strict=True):
            mine.extend(theirs)

    # ------------------------------------------------------------------ writing

    def write(self, folder: str | Path) -> list[Path]:
        """Write the three CSV files into ``folder`` (made if missing); returns their paths."""
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table, sort in (
            ("nations.csv", self.nations, ("world", "turn")),
            ("attempts.csv", self.attempts, ("world", "turn")),
            ("membership.csv", self.membership, ("world", "turn")),
        ):
            path = out / name
            _write_table(path, table, sort)
            written.append(path)
        return written


def _bloc_labels(joined_at: np.ndarray, member: np.ndarray, ids) -> np.ndarray:
    """(W, N) ``;``-joined bloc ids of each nation, in the order it joined them."""
    order = np.argsort(joined_at, axis=2, kind="stable")  # ties: the bloc's index
    names = np.asarray([*ids, ""], dtype=object)
    k = member.shape[2]
    pick = np.where(np.take_along_axis(member, order, axis=2), order, k)
    labels = names[pick[..., 0]]
    for p in range(1, k):
        piece = names[pick[..., p]]
        glue = np.where((labels != "") & (piece != ""), ";", "").astype(object)
        labels = labels + glue + piece
    return labels


def _sorted(a: np.ndarray) -> bool:
    return bool(np.all(a[1:] > a[:-1])) if len(a) > 1 else True


def _format(name: str, values: np.ndarray) -> list[str]:
    if values.dtype == bool or name == "success":
        return ["1" if v else "0" for v in values.tolist()]
    if values.dtype.kind == "f":
        return [repr(float(v)) for v in values.tolist()]
    return [str(v) for v in values.tolist()]


def _write_table(path: Path, table: _Table, sort: tuple[str, ...]) -> None:
    cols = table.arrays()
    n = len(cols[table.columns[0]])
    # worlds in id order, turns in order; rows of one world and turn keep their logged order
    order = np.lexsort(tuple(cols[k].astype(np.int64) for k in reversed(sort))) if n else []
    text = [_format(name, cols[name][order]) for name in table.columns] if n else []
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(table.columns)
        if n:
            w.writerows(zip(*text, strict=True))


def export_history(history, folder: str | Path, orders: list[st.Orders]) -> list[Path]:
    """Write the CSV files of a played batch: ``history.states`` (start and every turn),
    ``history.events`` and the ``orders`` of every turn (a debrief passes a save's)."""
    compiled = history.compiled
    ex = StudyExport(compiled.catalog, compiled.rules, compiled.seed)
    states = history.states
    ex.start(states[0])
    for prev, o, new, events in zip(states[:-1], orders, states[1:], history.events, strict=True):
        ex.turn(prev, o, new, events)
    return ex.write(folder)
