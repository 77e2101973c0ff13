"""A small vocabulary for engine rule tests: make_world, offer, answer, end_turn, assert_in_bloc.

Tests speak nation and bloc ids; the ``World`` turns them into indices, builds each turn's
Orders from ``default_orders`` plus what the test asked for, steps the engine and checks every
invariant (and the transition) after each turn.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.engine import default_orders, step
from game.engine import state as st
from game.engine.invariants import check_invariants, check_transition
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "engine_small.yaml"
DEFAULT = Path(__file__).parent.parent / "scenarios" / "ilrs-2021.yaml"

_SCENARIOS: dict[Path, object] = {}


def scenario(path: Path = SMALL):
    """The validated scenario at ``path`` (loaded once per test session)."""
    if path not in _SCENARIOS:
        _SCENARIOS[path] = load_scenario(path)
    return _SCENARIOS[path]


@dataclass
class World:
    """One or more worlds of a scenario, stepped turn by turn with scripted orders."""

    compiled: object
    state: st.State
    seed: int
    manual: set[int] = field(default_factory=set)
    pending: list = field(default_factory=list)
    history: list = field(default_factory=list)
    last_orders: st.Orders | None = None

    @property
    def rules(self):
        return self.compiled.rules

    @property
    def catalog(self):
        return self.compiled.catalog

    def n(self, nation: str) -> int:
        return self.catalog.nation(nation)

    def b(self, bloc: str) -> int:
        return self.catalog.bloc(bloc)

    def play_by_hand(self, *nations: str) -> World:
        """These nations answer offers only through ``answer`` (no engine auto-answers)."""
        self.manual.update(self.n(x) for x in nations)
        return self

    def offer(
        self,
        kind: str,
        sender: str,
        target: str | None = None,
        bloc: str | None = None,
        turns: int = 3,
        funds: float = 0.0,
        tech: float = 0.0,
        seats: int = 0,
        payload: int = 0,
    ) -> None:
        """Queue a new offer for the next ``end_turn``."""
        self.pending.append(
            (
                "offer",
                dict(
                    kind=st.KIND[kind],
                    sender=self.n(sender),
                    target=self.n(target) if target else 0,
                    bloc=self.b(bloc) if bloc else -1,
                    turns=turns,
                    funds=funds,
                    tech=tech,
                    seats=seats,
                    payload=payload,
                ),
            )
        )

    def answer(self, sender: str, target: str, accept: bool = True) -> None:
        """Queue an answer by ``target`` to every open offer from ``sender``."""
        self.pending.append(("answer", (self.n(sender), self.n(target), accept)))

    def spend(self, nation: str, **shares: float) -> None:
        """Queue a budget split for ``nation`` (category name -> share)."""
        alloc = np.zeros(len(st.CATEGORIES))
        for name, value in shares.items():
            alloc[st.CATEGORIES.index(name)] = value
        self.pending.append(("alloc", (self.n(nation), alloc)))

    def leave(self, nation: str) -> None:
        self.pending.append(("leave", self.n(nation)))

    def orders(self) -> st.Orders:
        o = default_orders(self.state, self.rules)
        alloc, answers, leave, auto = (
            o.alloc.copy(),
            o.answers.copy(),
            o.leave.copy(),
            o.auto.copy(),
        )
        for nation in self.manual:
            auto[:, nation] = False
        new = {f: getattr(o.new, f).copy() for f in st.NewOffers.__dataclass_fields__}
        slot = 0
        for what, arg in self.pending:
            if what == "offer":
                for name, value in arg.items():
                    new[name][:, slot] = value
                new["active"][:, slot] = True
                slot += 1
            elif what == "answer":
                s, t, accept = arg
                of = self.state.offers
                hit = of.active & (of.sender == s) & (of.target == t)
                answers[hit] = st.ANSWER_ACCEPT if accept else st.ANSWER_REJECT
            elif what == "alloc":
                alloc[:, arg[0]] = arg[1]
            elif what == "leave":
                leave[:, arg] = True
        self.pending = []
        return o.replace(
            alloc=alloc, answers=answers, leave=leave, auto=auto, new=st.NewOffers(**new)
        )

    def end_turn(self, orders: st.Orders | None = None) -> st.Events:
        """Step once with the queued orders; check invariants; return the turn's events."""
        orders = self.orders() if orders is None else orders
        self.last_orders = orders
        old = self.state
        self.state, events = step(old, orders, self.rules, self.seed)
        check_invariants(self.state, self.rules)
        check_transition(old, self.state, self.rules)
        self.history.append((old, orders, events))
        return events

    def run(self, turns: int) -> list[st.Events]:
        return [self.end_turn() for _ in range(turns)]

    def events_named(self, events: st.Events, code: str, world: int = 0) -> np.ndarray:
        """Row indices of events with this code in world position ``world``."""
        return np.flatnonzero(
            (events.code == st.EV[code]) & (events.world == self.state.world[world])
        )


def make_world(
    path: Path = SMALL, worlds: int = 1, seed: int | None = None, world_ids=None, **constants
) -> World:
    """A fresh World of the scenario at ``path``, optionally with constants changed."""
    compiled = compile_scenario(scenario(path), worlds=worlds, seed=seed, world_ids=world_ids)
    if constants:
        rules = compiled.rules.with_constants(**constants)
        compiled = type(compiled)(
            rules=rules, state=compiled.state, catalog=compiled.catalog, seed=compiled.seed
        )
    return World(compiled=compiled, state=compiled.state, seed=compiled.seed)


def assert_in_bloc(world: World, nation: str, bloc: str | None, w: int = 0) -> None:
    """Assert that ``nation`` is in ``bloc`` (None: in no bloc) in world position ``w``."""
    got = int(world.state.bloc[w, world.n(nation)])
    want = -1 if bloc is None else world.b(bloc)
    names = world.catalog.bloc_ids
    assert got == want, (
        f"{nation} is in {names[got] if got >= 0 else 'no bloc'}, expected {bloc or 'no bloc'}"
    )


def random_orders(state: st.State, rules, gen: np.random.Generator) -> st.Orders:
    """Arbitrary (often silly) orders for every nation: the engine must survive them."""
    w, n = state.budget.shape
    o = default_orders(state, rules)
    alloc = gen.random((w, n, len(st.CATEGORIES))) * (gen.random((w, n, 1)) < 0.9)
    alloc[gen.random((w, n)) < 0.05] = -1.0  # nonsense rows are normalised, not trusted
    p = rules.new_offer_slots
    new = st.NewOffers(
        active=gen.random((w, p)) < 0.3,
        kind=gen.integers(0, len(st.OFFER_KINDS), (w, p)).astype(np.int8),
        sender=gen.integers(-1, n + 1, (w, p)).astype(np.int16),
        target=gen.integers(0, n, (w, p)).astype(np.int16),
        bloc=gen.integers(-1, rules.n_blocs, (w, p)).astype(np.int16),
        funds=gen.exponential(0.5, (w, p)),
        tech=gen.random((w, p)),
        seats=gen.integers(0, 3, (w, p)).astype(np.int8),
        payload=gen.integers(0, 3, (w, p)).astype(np.int8),
        turns=gen.integers(0, 6, (w, p)).astype(np.int16),
    )
    return o.replace(
        alloc=alloc,
        research=gen.random((w, n, rules.n_domains)),
        mission=gen.integers(-1, rules.n_missions + 1, (w, n)).astype(np.int16),
        answers=gen.integers(0, 3, (w, rules.offer_capacity)).astype(np.int8),
        new=new,
        leave=gen.random((w, n)) < 0.03,
        auto=gen.random((w, n)) < 0.5,
    )


def with_exclusive(world: World, **exclusive: bool) -> World:
    """The world's charters with ``exclusive`` set per bloc id (the others unchanged)."""
    flags = world.rules.exclusive.copy()
    for bloc, value in exclusive.items():
        flags[world.b(bloc)] = value
    rules = dataclasses.replace(world.rules, exclusive=flags)
    world.compiled = dataclasses.replace(world.compiled, rules=rules)
    return world


def assert_blocs(world: World, nation: str, *blocs: str, w: int = 0) -> None:
    """Assert that ``nation`` belongs to exactly ``blocs``, joined in that order (main first)."""
    i = world.n(nation)
    inside = np.flatnonzero(world.state.member[w, i])
    order = inside[np.argsort(world.state.since[w, i, inside], kind="stable")]
    got = [world.catalog.bloc_ids[k] for k in order]
    assert got == list(blocs), f"{nation} is in {got or 'no bloc'}, expected {list(blocs)}"
    assert_in_bloc(world, nation, blocs[0] if blocs else None, w)
