"""A State kept in a save: written exactly, read as untrusted input, brought up to new rules.

Spec card:
    What: ``encode_state`` turns a State into JSON-safe data (each array through
        ``saves.encode_array``: dtype, shape and exact bytes); ``decode_state`` reads it back
        for a given compiled scenario, or raises ``SaveError`` with one clause saying why.
    Why a save keeps a State: a save made under older rules cannot be replayed under these
        (the same orders play out differently), so ``session.match`` continues such a game
        from the last State it stored. The engine's randomness is a pure function of (seed,
        world, turn, phase, index), so the State, the seed and the world id are all a game
        needs to go on.
    Checks: every field present (or derived, below); each array's dtype and shape exactly
        those of the scenario's own compiled start (so a State only ever meets the scenario
        it was made with); the turn within the scenario's length and the world id the save
        names; then the engine's own ``check_invariants`` (no NaN, ``law.STATE_RANGE``,
        membership, indices, ...), so the rules of a sound State are written once.
    Recorded: ``stored_hash`` is the hash the save's last turn recorded, computed the way
        the rules that wrote it did, so an older save's State is checked against its history.
    Derived fields: a field that rules newer than the save's added is filled from what the
        save holds, by its definition (``DERIVED``), and only then checked like the rest; a
        field missing with no derivation makes the save too old to continue (one clause).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np

from game import safeio
from game.engine import state as st
from game.engine.invariants import InvariantError, check_invariants
from game.scenario.compile import Compiled
from game.session.saves import SaveError, decode_array, encode_array


def encode_state(state: st.State) -> dict[str, Any]:
    """A State as JSON-safe data (exact: ``decode_state`` gives back the same bytes)."""
    out: dict[str, Any] = {"turn": int(state.turn)}
    for f in fields(st.State):
        value = getattr(state, f.name)
        if isinstance(value, st.Offers):
            out[f.name] = {g.name: encode_array(getattr(value, g.name)) for g in fields(st.Offers)}
        elif isinstance(value, np.ndarray):
            out[f.name] = encode_array(value)
    return out


def stored_hash(blob: Any) -> str:
    """``session.match.state_hash`` of a stored State as the rules that wrote it had it:
    over its arrays in the order it stored them (the order of that release's fields), so a
    save of older rules can show its State is the one its last turn recorded. Call it on a
    blob ``decode_state`` accepted."""
    digest = hashlib.sha256(str(blob["turn"]).encode())
    for name, value in blob.items():
        if name == "turn":
            continue
        for array in value.values() if name == "offers" else (value,):
            digest.update(base64.b64decode(array["data"]))
    return digest.hexdigest()


def _member(arrays: dict[str, Any], like: st.State) -> np.ndarray:
    # Before rules 4 a nation was in at most one bloc: its ``bloc``.
    bloc = arrays["bloc"]
    k = like.member.shape[2]
    return (bloc[..., None] == np.arange(k)) & (bloc[..., None] >= 0)


def _since(arrays: dict[str, Any], like: st.State) -> np.ndarray:
    # The turn it joined, from the turns it has ended as a member (``tenure``): a member
    # since turn j has ended turn - j turns in its bloc. A nation that left and came back
    # is dated by its time inside, which only orders its blocs, and before rules 4 it had
    # one.
    member = _member(arrays, like)
    turn = int(arrays["turn"])
    joined = np.clip(turn - arrays["tenure"].astype(np.int64), 0, turn)
    return np.where(member, joined, -1).astype(like.since.dtype)


#: Fields newer rules added, and how each is derived from an older save's State (which
#: other fields it needs). Rules 4 added membership of several blocs (``member``, ``since``).
DERIVED: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any], st.State], np.ndarray]]] = {
    "member": (("bloc",), _member),
    "since": (("bloc", "tenure"), _since),
}


def _array(blob: Any, like: np.ndarray, name: str) -> np.ndarray:
    value = decode_array(blob)
    if value.dtype != like.dtype or value.shape != like.shape:
        raise SaveError(
            f"damaged or edited: its stored state's '{name}' is {value.dtype}{list(value.shape)}, "
            f"where this scenario has {like.dtype}{list(like.shape)}"
        )
    return value


def decode_state(blob: Any, compiled: Compiled, world: int) -> st.State:
    """The State a save stored, checked against ``compiled`` (W = 1, world ``world``).

    Raises:
        SaveError: one clause why (a missing, mis-shaped or out-of-range field, a broken
            invariant, or a field too new to derive).
    """
    if not isinstance(blob, dict):
        raise SaveError("damaged: it holds no stored state")
    like = compiled.state
    turn = blob.get("turn")
    n_turns = compiled.rules.n_turns
    if isinstance(turn, bool) or not isinstance(turn, int) or not 0 <= turn <= n_turns:
        raise SaveError(f"damaged or edited: its stored state's turn is not 0 to {n_turns}")
    arrays: dict[str, Any] = {"turn": turn}
    for f in fields(st.State):
        if f.name == "turn" or f.name in DERIVED:
            continue
        if f.name not in blob:
            raise SaveError(
                f"too old to continue: its stored state has no '{f.name}', which these rules need"
            )
        if f.name == "offers":
            table = blob["offers"]
            if not isinstance(table, dict) or any(g.name not in table for g in fields(st.Offers)):
                raise SaveError("damaged or edited: its stored state's offers are incomplete")
            arrays["offers"] = st.Offers(
                **{
                    g.name: _array(table[g.name], getattr(like.offers, g.name), f"offers.{g.name}")
                    for g in fields(st.Offers)
                }
            )
        else:
            arrays[f.name] = _array(blob[f.name], getattr(like, f.name), f.name)
    for name, (needs, derive) in DERIVED.items():
        if name in blob:
            arrays[name] = _array(blob[name], getattr(like, name), name)
        else:
            # Fields a derivation reads were checked above (they are ordinary fields).
            arrays[name] = derive({k: arrays[k] for k in ("turn", *needs)}, like)
    state = st.State(**arrays)
    if state.world.tolist() != [world]:
        raise SaveError("damaged or edited: its stored state is of another world")
    try:
        # The index ranges first: the invariants look values up by some of them.
        _check_indices(state, compiled.rules)
        check_invariants(state, compiled.rules)
    except (InvariantError, IndexError) as exc:
        shown = safeio.display_text(str(exc), "reason")
        raise SaveError(f"damaged or edited: its stored state is not sound ({shown})") from None
    return state


def _check_indices(state: st.State, rules) -> None:
    """What a stored State must also hold to be read safely, beyond the invariants: every
    integer the engine or a screen uses as an index or a turn is in range (the engine's own
    states always are)."""
    n, k, turn = rules.n_nations, rules.n_blocs, int(state.turn)
    o = state.offers
    checks = (
        ("a bloc's leader is not a nation", (state.leader < -1) | (state.leader >= n)),
        ("the winner is not a bloc", (state.winner < -1) | (state.winner >= k)),
        ("an open offer names no bloc", o.active & ((o.bloc < -1) | (o.bloc >= k))),
        ("a count is negative", (state.failures < 0).any() | (state.tenure < 0).any()),
        ("a nation joined after this turn", state.since > turn),
        ("the game ended after this turn", state.end_turn > turn),
        ("an open offer was made after this turn", o.active & (o.created > turn)),
    )
    for what, bad in checks:
        if np.any(bad):
            raise InvariantError(what)
