"""The working record of one turn: the arrays being resolved and the turn's event log.

Spec card:
    What: ``Turn`` holds every State field as an attribute (offer fields as ``of_<name>``)
        plus scratch values shared between the phases of one ``step``: ``orders``,
        ``running`` (worlds not yet ended), ``money`` (income), ``alloc``, ``split``,
        ``mission``, ``answers`` (orders phase), ``deals`` (cells of the deals in force),
        ``finished_at`` (programmes phase), ``cache``. It starts by
        *referencing* the input State's arrays; a phase that edits an array in place first
        calls ``t.own(name)``, which copies it once per turn. That is how ``step`` stays pure
        without copying arrays no phase touches. A caller that will never look at the input
        State again may *donate* it (``step(..., donate=True)``): ``own`` then edits arrays
        that own their memory in place (views, such as slices of a compiled batch, are still
        copied), keeping only the rows of ended worlds (restored at the end) and the fields
        phases read from the input after editing them (``INPUT_READ``).
    Log: ``EventLog.add`` appends columnar rows from a boolean mask; ``EventLog.build`` sorts
        them stably by world, so a world's rows are the same alone or inside a batch.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from game.engine import state as st
from game.engine.ledger import Ledger
from game.engine.rules import Rules

STATE_FIELDS = tuple(f.name for f in fields(st.State) if f.name not in ("turn", "offers"))
OFFER_FIELDS = tuple(f.name for f in fields(st.Offers))
#: Fields some phase reads from ``Turn.input`` after the turn may have edited them: never
#: edited in place, even when the input is donated.
INPUT_READ = frozenset({"prestige", "ended"})


class EventLog:
    """Columnar event rows collected during a turn."""

    def __init__(self, n_terms: int) -> None:
        self.n_terms = n_terms
        self.parts: list[tuple] = []
        self.running: np.ndarray | None = None  # (W,) worlds still playing: others log nothing

    def add(
        self,
        code: int,
        mask,
        nation=-1,
        other=-1,
        bloc=-1,
        item=-1,
        value=0.0,
        terms=None,
        reason=0,
    ) -> None:
        """Add one row per True cell of ``mask`` (shape (W, ...)); columns broadcast to it.

        ``terms``, when given, has the mask's shape plus a last axis of length T; ``reason``
        is a refusal's ``law.Refusal`` code.
        """
        mask = np.asarray(mask, dtype=bool)
        if self.running is not None:
            mask = mask & self.running.reshape((-1,) + (1,) * (mask.ndim - 1))
        if not mask.any():
            return
        idx = np.nonzero(mask)

        def pick(x):
            x = np.asarray(x)
            if x.ndim == 0:  # a constant column: no need to gather it
                return np.full(idx[0].shape, x)
            return (x if x.shape == mask.shape else np.broadcast_to(x, mask.shape))[idx]

        t = None
        if terms is not None:
            t = np.broadcast_to(terms, (*mask.shape, self.n_terms))[idx]
        self.parts.append(
            (
                idx[0],
                code,
                pick(nation),
                pick(other),
                pick(bloc),
                pick(item),
                pick(value),
                t,
                pick(reason),
            )
        )

    def add_rows(
        self,
        code: int,
        wpos,
        nation=-1,
        other=-1,
        bloc=-1,
        item=-1,
        value=0.0,
        terms=None,
        reason=0,
    ) -> None:
        """Add rows for world positions ``wpos`` (R,), in that order; columns broadcast to R."""
        wpos = np.asarray(wpos, dtype=np.intp)
        if self.running is not None:
            keep = self.running[wpos]
            if not keep.all():
                wpos = wpos[keep]

                def sel(x):
                    x = np.asarray(x)
                    return x[keep] if x.ndim else x

                nation, other, bloc, item, value, reason = map(
                    sel, (nation, other, bloc, item, value, reason)
                )
                terms = None if terms is None else terms[keep]
        if len(wpos) == 0:
            return
        shape = wpos.shape

        def col(x):
            x = np.asarray(x)
            if x.shape == shape:
                return x
            return np.full(shape, x) if x.ndim == 0 else np.broadcast_to(x, shape)

        self.parts.append(
            (
                wpos,
                code,
                col(nation),
                col(other),
                col(bloc),
                col(item),
                col(value),
                terms,
                col(reason),
            )
        )

    def build(self, world_ids: np.ndarray) -> st.Events:
        """The Events record, rows ordered by world, then in the order they were added."""
        if not self.parts:
            return empty_events(self.n_terms)
        wpos = np.concatenate([p[0] for p in self.parts])
        rows = len(wpos)
        code = np.concatenate([np.full(len(p[0]), p[1], np.int16) for p in self.parts])

        def cat(i, dtype):
            return np.concatenate([np.asarray(p[i]).astype(dtype) for p in self.parts])

        terms = np.zeros((rows, self.n_terms))
        at = 0
        for p in self.parts:
            n = len(p[0])
            if p[7] is not None:
                terms[at : at + n] = p[7]
            at += n
        order = np.argsort(wpos, kind="stable")
        return st.Events(
            world=world_ids[wpos][order],
            code=code[order],
            nation=cat(2, np.int16)[order],
            other=cat(3, np.int16)[order],
            bloc=cat(4, np.int16)[order],
            item=cat(5, np.int32)[order],
            value=cat(6, np.float64)[order],
            terms=terms[order],
            reason=cat(8, np.int8)[order],
        )


def empty_events(n_terms: int) -> st.Events:
    """An Events record with no rows."""
    return st.Events(
        world=np.zeros(0, np.int64),
        code=np.zeros(0, np.int16),
        nation=np.zeros(0, np.int16),
        other=np.zeros(0, np.int16),
        bloc=np.zeros(0, np.int16),
        item=np.zeros(0, np.int32),
        value=np.zeros(0),
        terms=np.zeros((0, n_terms)),
        reason=np.zeros(0, np.int8),
    )


class Turn:
    """Mutable scratch record for one ``step``; never escapes it."""

    # The State's arrays (``STATE_FIELDS``), referenced until a phase owns them.
    world: np.ndarray
    budget: np.ndarray
    reserve: np.ndarray
    support: np.ndarray
    prestige: np.ndarray
    tech: np.ndarray
    bloc: np.ndarray
    relations: np.ndarray
    forbidden: np.ndarray
    blocked: np.ndarray
    sharing: np.ndarray
    contribution: np.ndarray
    progress: np.ndarray
    done: np.ndarray
    failures: np.ndarray
    contributed: np.ndarray
    mission_progress: np.ndarray
    mission_done: np.ndarray
    deal_tech: np.ndarray
    deal_funds: np.ndarray
    seats: np.ndarray
    payload: np.ndarray
    event_fired: np.ndarray
    winner: np.ndarray
    ended: np.ndarray
    end_turn: np.ndarray
    score: np.ndarray
    bloc_score: np.ndarray
    leader: np.ndarray
    deal_until: np.ndarray
    spent: np.ndarray
    pool: np.ndarray
    gained: np.ndarray
    tenure: np.ndarray
    member: np.ndarray
    since: np.ndarray
    # The offer table's arrays (``OFFER_FIELDS``), as ``of_<name>``.
    of_active: np.ndarray
    of_kind: np.ndarray
    of_sender: np.ndarray
    of_target: np.ndarray
    of_bloc: np.ndarray
    of_funds: np.ndarray
    of_tech: np.ndarray
    of_seats: np.ndarray
    of_payload: np.ndarray
    of_created: np.ndarray
    of_expires: np.ndarray
    of_origin: np.ndarray
    of_source: np.ndarray
    # Scratch shared between phases (set by the phase named).
    money: np.ndarray  # income: (W, N) US$ B available this turn
    alloc: np.ndarray  # orders: (W, N, C) normalised shares
    split: np.ndarray  # orders: (W, N, D) research split
    mission: np.ndarray  # orders: (W, N) mission funded, or -1
    answers: np.ndarray  # orders: (W, S) answers to the offer table
    pledge: np.ndarray  # orders: (W, N) an unaligned nation's bloc share, banked (US$ B)

    def __init__(
        self,
        state: st.State,
        orders: st.Orders,
        rules: Rules,
        seed: int,
        n_terms: int,
        donate: bool = False,
        ledger: Ledger | None = None,
    ):
        self.rules = rules
        self.c = rules.constants
        self.seed = int(seed)
        self.turn = int(state.turn)
        self.orders = orders
        self.input = state
        self.log = EventLog(n_terms)
        self._owned: set[str] = set()
        self._donated = donate
        self._ended_rows: dict[str, np.ndarray] = {}  # donated arrays: ended worlds' old rows
        self.cache: dict = {}  # per-turn memo for phases (e.g. the cells of an event's mask)
        # (W, M) share of the turn at which each milestone was completed this turn (inf: not
        # completed this turn); written by the programmes phase, read by victory
        self.finished_at: np.ndarray | None = None
        self.world = state.world
        self.budget = state.budget
        self.reserve = state.reserve
        self.support = state.support
        self.prestige = state.prestige
        self.tech = state.tech
        self.bloc = state.bloc
        self.relations = state.relations
        self.forbidden = state.forbidden
        self.blocked = state.blocked
        self.sharing = state.sharing
        self.contribution = state.contribution
        self.progress = state.progress
        self.done = state.done
        self.failures = state.failures
        self.contributed = state.contributed
        self.mission_progress = state.mission_progress
        self.mission_done = state.mission_done
        self.deal_tech = state.deal_tech
        self.deal_funds = state.deal_funds
        self.seats = state.seats
        self.payload = state.payload
        self.event_fired = state.event_fired
        self.winner = state.winner
        self.ended = state.ended
        self.end_turn = state.end_turn
        self.score = state.score
        self.bloc_score = state.bloc_score
        self.leader = state.leader
        self.deal_until = state.deal_until
        self.spent = state.spent
        self.pool = state.pool
        self.gained = state.gained
        self.tenure = state.tenure
        self.member = state.member
        self.since = state.since
        self.of_active = state.offers.active
        self.of_kind = state.offers.kind
        self.of_sender = state.offers.sender
        self.of_target = state.offers.target
        self.of_bloc = state.offers.bloc
        self.of_funds = state.offers.funds
        self.of_tech = state.offers.tech
        self.of_seats = state.offers.seats
        self.of_payload = state.offers.payload
        self.of_created = state.offers.created
        self.of_expires = state.offers.expires
        self.of_origin = state.offers.origin
        self.of_source = state.offers.source
        self.running: np.ndarray = ~state.ended
        # the deals in force as a sparse list of flat (world, from, to) cells, ascending: deal
        # arithmetic runs on these few cells rather than on (W, N, N) arrays
        self.deals = np.flatnonzero(state.deal_until >= 0)
        # worlds that ended before this turn log nothing (None: every world still plays)
        self.log.running = None if self.running.all() else self.running
        self.w = state.n_worlds
        self.ledger = ledger
        if ledger is not None:
            ledger.running = None if self.running.all() else self.running

    def own(self, name: str) -> np.ndarray:
        """The array ``name``, copied once this turn so that it may be edited in place."""
        if name not in self._owned:
            arr = getattr(self, name)
            if (
                self._donated
                and name not in INPUT_READ
                and arr.flags.owndata
                and arr.flags.writeable
            ):
                if self.log.running is not None and arr is self._input_array(name):
                    # the input's own array: keep what ended worlds had (arrays made this
                    # turn get those rows back from the input in ``to_state``)
                    self._ended_rows[name] = arr[~self.running].copy()
            else:
                setattr(self, name, arr.copy())
            self._owned.add(name)
        return getattr(self, name)

    def _input_array(self, name: str) -> np.ndarray:
        if name.startswith("of_"):
            return getattr(self.input.offers, name[3:])
        return getattr(self.input, name)

    def deal_cells(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(world positions, from, to) of the deals in force, in ascending cell order."""
        n = self.rules.n_nations
        w, rest = np.divmod(self.deals, n * n)
        i, j = np.divmod(rest, n)
        return w, i, j

    def to_state(self) -> st.State:
        """The new State; worlds that had ended before this turn keep their old arrays."""
        old = self.input
        ended0 = old.ended
        values = {}
        for name in STATE_FIELDS:
            values[name] = getattr(self, name)
        offers = {name: getattr(self, "of_" + name) for name in OFFER_FIELDS}
        if ended0.any():
            rows = np.flatnonzero(ended0)
            for name, arr in values.items():
                values[name] = _freeze(arr, getattr(old, name), rows)
            for name, arr in offers.items():
                offers[name] = _freeze(arr, getattr(old.offers, name), rows)
            # donated arrays edited in place: their old rows were kept aside
            for name, kept in self._ended_rows.items():
                if name.startswith("of_"):
                    offers[name[3:]][rows] = kept
                else:
                    values[name][rows] = kept
        return st.State(turn=self.turn + 1, offers=st.Offers(**offers), **values)


def _freeze(new: np.ndarray, old: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``new`` with the rows of ended worlds put back as they were.

    Every array a phase assigns is created during the step, so writing into it is safe.
    """
    if new is old:
        return new
    new[rows] = old[rows]
    return new


# Every State and offer field is declared on Turn (and set in ``__init__``): a new State
# field must be added there too, which this check says at import time.
_missing = {*STATE_FIELDS, *("of_" + n for n in OFFER_FIELDS)} - set(Turn.__annotations__)
if _missing:  # pragma: no cover - a developer's error, caught by any test that imports
    raise RuntimeError(f"Turn does not declare {sorted(_missing)}")
