"""Counter-based random numbers: a pure function of (seed, world, turn, phase, index).

Spec card:
    What: every random draw of the engine is ``hash(seed, world, turn, phase, index)`` turned
        into a float in [0, 1). No generator object carries state between calls, so world w
        gives bit-identical draws alone or inside any batch, and a replay needs only the seed
        and the orders.
    Hash: splitmix64's finaliser (Steele, Lea & Flood 2014), chained over the five keys, in
        numpy uint64 arithmetic (wrap-around multiplication is the point, not an accident).
    Phases: each engine phase that draws has its own code below, so adding draws to one phase
        never shifts the draws of another. Indices within a phase are documented where used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

#: Phase codes: part of the replay contract. Append only.
PHASE_DIPLOMACY = 1
PHASE_PROGRAMS = 2
PHASE_MISSIONS = 3
PHASE_SCRIPTED = 4
PHASE_RANDOM = 5
PHASE_AI = 6  # reserved for the computer players (game.ai)

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53
_MASK = (1 << 64) - 1


def _mix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a bijection of uint64 with good avalanche."""
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


def _u64(value) -> Any:
    """Any integer (scalar or array, possibly negative) as uint64 bits."""
    if np.ndim(value) == 0:
        return np.uint64(int(value) & 0xFFFFFFFFFFFFFFFF)
    return np.asarray(value, dtype=np.int64).view(np.uint64)


def _mix_int(x: int) -> int:
    """``_mix`` on a Python int in [0, 2**64): the same bits, without numpy scalar overhead."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


@lru_cache(maxsize=1024)
def _prefix(seed: int, phase: int, turn: int) -> np.uint64:
    """The hash of (seed, phase, turn): the scalar half of ``bits``, shared by every draw of
    one phase in one turn (computed in Python ints, cached: a turn asks for it many times)."""
    golden = int(_GOLDEN)
    h = _mix_int((seed + golden) & _MASK)
    h = _mix_int(h ^ ((phase * golden + turn) & _MASK))
    return np.uint64(h)


def bits(seed: int, world, turn: int, phase: int, index) -> np.ndarray:
    """Raw 64-bit hashes; ``world`` and ``index`` broadcast against each other.

    Args:
        seed: the game's seed (any Python int; taken modulo 2**64).
        world: world ids, e.g. ``state.world[:, None]``.
        turn: turn index being resolved.
        phase: one of the ``PHASE_*`` codes.
        index: draw index within the phase (array of ints).
    """
    h: Any = _prefix(int(seed) & _MASK, int(phase) & _MASK, int(turn) & _MASK)
    if np.ndim(world) and np.ndim(index):
        # array arithmetic wraps silently; only numpy scalars warn on overflow
        h = _mix(h + _u64(world) * _GOLDEN)
        return _mix(h ^ (_u64(index) + _GOLDEN))
    with np.errstate(over="ignore"):
        h = _mix(h + _u64(world) * _GOLDEN)
        return _mix(h ^ (_u64(index) + _GOLDEN))


def uniform(seed: int, world, turn: int, phase: int, index) -> np.ndarray:
    """Floats in [0, 1) with 53 random bits, shaped like ``world`` broadcast with ``index``."""
    return (bits(seed, world, turn, phase, index) >> np.uint64(_S11)).astype(np.float64) * _TO_UNIT


def normal(seed: int, world, turn: int, phase: int, index) -> np.ndarray:
    """Standard normal draws (Box–Muller over two uniforms at indices 2i and 2i+1)."""
    index = np.asarray(index, dtype=np.int64)
    u1 = uniform(seed, world, turn, phase, 2 * index)
    u2 = uniform(seed, world, turn, phase, 2 * index + 1)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
