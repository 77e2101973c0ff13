"""Invariants of a State, checked in tests after every step (and on demand by tools).

Spec card:
    What: ``check_invariants(state, rules)`` raises ``InvariantError`` naming the first broken
        rule and a world where it breaks; ``check_transition(old, new, rules)`` checks what
        must hold between two consecutive States (completed stays completed, ...).
    Rules checked: no NaN or infinity; every field of ``law.STATE_RANGE`` within its range
        (budgets, reserves, prestige >= 0; support, technology, charter terms and deal
        strengths in 0..1; relations in -1..1); relations symmetric, 1 on the diagonal; bloc
        indices valid; ``member`` is exactly where ``since`` >= 0, ``bloc`` (the main bloc)
        is the first joined of them (``law.main_bloc``) or -1, and no nation is in two
        exclusive blocs; each bloc's leader is one of its members (or -1 when it has none);
        forbidden pairs symmetric and never in a bloc together; progress within 0..cost and equal to the cost when done; open
        offers well formed; a world that ended has a winner and an end turn.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.rules import Rules


class InvariantError(AssertionError):
    """A State breaks one of the engine's invariants."""


def _fail(what: str, bad: np.ndarray, state: st.State) -> None:
    bad = np.asarray(bad)
    if bad.any():
        where = np.argwhere(bad)[0]
        world = int(state.world[where[0]]) if bad.ndim else -1
        raise InvariantError(f"{what} (world {world}, at index {tuple(int(x) for x in where)})")


def check_invariants(state: st.State, rules: Rules) -> None:
    """Raise ``InvariantError`` if ``state`` breaks an invariant (see the module docstring)."""
    s = state
    for f in fields(st.State):
        value = getattr(s, f.name)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            _fail(f"{f.name} has NaN or infinite values", ~np.isfinite(value), s)
    for f in fields(st.Offers):
        value = getattr(s.offers, f.name)
        if value.dtype.kind == "f":
            _fail(f"offers.{f.name} has NaN or infinite values", ~np.isfinite(value), s)
    for name, (low, high) in law.STATE_RANGE.items():
        value = getattr(s, name)
        _fail(f"{name} has values outside {low:g}..{high:g}", (value < low) | (value > high), s)
    rel = s.relations
    _fail("relations are not symmetric", np.abs(rel - rel.transpose(0, 2, 1)) > 1e-9, s)
    n = rules.n_nations
    _fail("a nation's relation with itself is not 1", rel[:, np.arange(n), np.arange(n)] != 1, s)
    _fail("a bloc index is out of range", (s.bloc < -1) | (s.bloc >= rules.n_blocs), s)
    _fail("forbidden pairs are not symmetric", s.forbidden != s.forbidden.transpose(0, 2, 1), s)
    _fail("membership and its joining turns disagree", s.member != (s.since >= 0), s)
    _fail("the main bloc is not the first joined", s.bloc != law.main_bloc(s.member, s.since), s)
    both_exclusive = (s.member & rules.exclusive).sum(axis=2) > 1
    _fail("a nation is in two exclusive blocs", both_exclusive, s)
    m = s.member.astype(np.int32)
    same = np.einsum("wik,wjk->wij", m, m) > 0
    _fail("a forbidden pair is in the same bloc", same & s.forbidden, s)
    w = np.arange(s.n_worlds)[:, None]
    leader = s.leader.astype(np.intp)
    has_members = s.member.any(axis=1)
    lead_ok = np.where(
        leader >= 0, s.member[w, np.maximum(leader, 0), np.arange(rules.n_blocs)], ~has_members
    )
    _fail("a bloc's leader is not one of its members", ~lead_ok, s)
    _fail("progress is negative", s.progress < 0, s)
    _fail("progress is above the milestone's cost", s.progress > rules.ms_cost + 1e-9, s)
    _fail("a done milestone's progress is not its cost", s.done & (s.progress != rules.ms_cost), s)
    _fail(
        "mission progress is above its cost",
        s.mission_progress > rules.mis_cost + 1e-9,
        s,
    )
    o = s.offers
    a = o.active
    bad = a & (
        (o.sender < 0) | (o.sender >= n) | (o.target < 0) | (o.target >= n) | (o.sender == o.target)
    )
    _fail("an open offer has an invalid sender or target", bad, s)
    _fail(
        "an open offer has an unknown kind", a & ((o.kind < 0) | (o.kind >= len(st.OFFER_KINDS))), s
    )
    _fail("a world ended without a winner", s.ended & (s.winner < 0), s)
    _fail("a world ended without an end turn", s.ended & (s.end_turn < 0), s)
    _fail("a running world has a winner", ~s.ended & (s.winner >= 0), s)


def check_transition(old: st.State, new: st.State, rules: Rules) -> None:
    """Raise ``InvariantError`` if ``new`` cannot follow ``old`` (one step later)."""
    if new.turn != old.turn + 1:
        raise InvariantError(f"turn went from {old.turn} to {new.turn}")
    _fail("a done milestone was undone", old.done & ~new.done, new)
    _fail("a done national mission was undone", old.mission_done & ~new.mission_done, new)
    _fail("a scripted event fired twice or was reset", old.event_fired & ~new.event_fired, new)
    _fail("an ended world restarted", old.ended & ~new.ended, new)
    for f in fields(st.State):
        if f.name == "turn" or f.name == "offers":
            continue
        before, after = getattr(old, f.name), getattr(new, f.name)
        changed = (before != after).reshape(before.shape[0], -1).any(axis=1)
        _fail(f"{f.name} changed in a world that had ended", old.ended & changed, new)
