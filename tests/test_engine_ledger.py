"""The ledger: every change of a figure is explained by rows that add up to it."""

from __future__ import annotations

import dataclasses

import numpy as np
from engine_vocab import DEFAULT, SMALL, make_world, random_orders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from game.engine import law, step
from game.engine.ledger import CAUSES, Ledger
from game.engine.phases import programs

TUTORIAL = DEFAULT.parent / "tutorial.yaml"
CLASSROOM = DEFAULT.parent / "classroom.yaml"


def figure(state, quantity: str) -> np.ndarray:
    base, _, dom = quantity.partition(".")
    value = getattr(state, base)
    return value[..., int(dom)] if dom else value


def assert_conserved(before, after, book: Ledger, rules) -> None:
    for q in book.quantities(rules.n_domains):
        old, new = figure(before, q), figure(after, q)
        causes, table = book.table(q)
        total = table.sum(axis=-1) if causes else np.zeros_like(old)
        size = np.maximum(1.0, np.maximum(np.abs(old), np.abs(new)))
        assert np.all(np.abs(total - (new - old)) <= 1e-9 * size), q
        assert all(kind in CAUSES for kind, _ in causes)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=hs.integers(0, 2**32 - 1),
    path=hs.sampled_from([SMALL, DEFAULT, TUTORIAL, CLASSROOM]),
    worlds=hs.integers(1, 6),
    decay=hs.sampled_from([0.0, 0.05]),
)
def test_the_rows_of_each_figure_add_up_to_its_change(seed, path, worlds, decay):
    w = make_world(path=path, worlds=worlds, seed=seed % 1000, research_decay=decay)
    gen = np.random.default_rng(seed)
    for _ in range(8):
        orders = random_orders(w.state, w.rules, gen)
        book = Ledger()
        new, _ = step(w.state, orders, w.rules, w.seed, ledger=book)
        assert_conserved(w.state, new, book, w.rules)
        w.state = new


def test_a_turn_with_a_ledger_equals_one_without():
    w = make_world(path=DEFAULT, worlds=3, seed=5)
    gen = np.random.default_rng(5)
    for _ in range(6):
        orders = random_orders(w.state, w.rules, gen)
        plain, plain_events = step(w.state, orders, w.rules, w.seed)
        booked, booked_events = step(w.state, orders, w.rules, w.seed, ledger=Ledger())
        for f in dataclasses.fields(plain):
            a, b = getattr(plain, f.name), getattr(booked, f.name)
            if isinstance(a, np.ndarray):
                assert np.array_equal(a, b), f.name
        assert np.array_equal(plain_events.code, booked_events.code)
        w.state = plain


def test_removing_an_event_changes_only_that_events_rows():
    w = make_world(path=DEFAULT, worlds=2, seed=11)
    gen = np.random.default_rng(11)
    rules = w.rules
    for _ in range(rules.n_turns):
        orders = random_orders(w.state, rules, gen)
        book = Ledger()
        new, _ = step(w.state, orders, rules, w.seed, ledger=book)
        fired = [e for q, kind, e in book.rows if kind == "event"]
        if fired:
            break
        w.state = new
    else:
        raise AssertionError("no scripted event changed a figure in the default scenario")
    e = fired[0]
    effects = list(rules.sc_effects)
    effects[e] = ()
    without = dataclasses.replace(rules, sc_effects=tuple(effects))
    other = Ledger()
    step(w.state, orders, without, w.seed, ledger=other)
    # later terms that read a figure the event moved (support's pull toward its usual level,
    # support from prestige gained, the bounds) may change with it; nothing else may
    downstream = {"reversion", "prestige", "bound"}
    for key, amount in book.rows.items():
        if key[1:] == ("event", e):
            assert key not in other.rows or not np.array_equal(other.rows[key], amount)
        elif key[1] not in downstream:
            assert np.array_equal(other.rows[key], amount), key
    assert not any(k[1:] == ("event", e) for k in other.rows)


def test_a_replaced_law_function_changes_what_step_does(monkeypatch):
    w = make_world(path=DEFAULT, worlds=2, seed=3)
    orders = random_orders(w.state, w.rules, np.random.default_rng(3))
    before, _ = step(w.state, orders, w.rules, w.seed)
    monkeypatch.setattr(
        law,
        "efficiency",
        lambda fit, coord, c, lift=1.0: 0.5 * np.maximum(c.min_efficiency, fit * coord * lift),
    )
    after, _ = step(w.state, orders, w.rules, w.seed)
    assert before.progress.any()
    assert not np.array_equal(before.progress, after.progress)
    assert programs.law is law


def test_effective_partners_of_payments_nine_to_one_are_one_point_six():
    paid = np.array([[9.0, 1.0]])
    partners = law.effective_partners(paid, paid.sum(axis=1))
    assert abs(float(partners[0]) - (0.9**0.5 + 0.1**0.5) ** 2) < 1e-12
    assert abs(float(partners[0]) - 1.6) < 1e-12
