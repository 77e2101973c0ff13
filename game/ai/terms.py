"""What the computer players' diplomacy and partners' deals share: the membership review
calendar, the value of staying in a bloc, and the AI's keyed draws.

Spec card:
    Reads: State (bloc, leader, deals, seats, payload), Rules; ``engine.utility`` for the
        value of staying (the engine's own offer terms).
    Writes: nothing; pure functions and constants used by ``ai.diplomacy`` and ``ai.deals``.
    Randomness: ``game.engine.rng`` (phase ``PHASE_AI``), keyed by world, turn and a
        per-purpose block, so decisions replay and match across batches.
"""

from __future__ import annotations

import numpy as np

from game.engine import rng
from game.engine import state as st
from game.engine.utility import TERMS, offer_utility

INVITE = st.KIND["invite"]
T = {name: i for i, name in enumerate(TERMS)}

#: A member reconsiders its membership once every this many years (nations take turns, a
#: third of them at a time): calendar time, so a turn length changes only when, not how often.
REVIEW_YEARS = 1.5
#: Scale of a logistic draw with unit standard deviation (sqrt(3) / pi).
_LOGISTIC_SCALE = 0.5513288954217921
#: Draw-index blocks within PHASE_AI (one per purpose, so purposes never share draws).
_BLOCK = 1 << 16


def reviews_due(n: int, turn: int, turn_years: float) -> np.ndarray:
    """(N,) bool: the nations whose membership review falls in ``turn`` (from turn x
    turn_years years to the next turn): nation i reviews at (i mod 3) / 3 of REVIEW_YEARS
    and every REVIEW_YEARS after, in calendar time, at most once a turn."""
    offset = (np.arange(n) % 3) * (REVIEW_YEARS / 3)
    eps = 1e-9
    before = np.floor((turn * turn_years - offset - eps) / REVIEW_YEARS)
    after = np.floor(((turn + 1) * turn_years - offset - eps) / REVIEW_YEARS)
    return after > before


def _uniform_at(seed, state, block: int, mask: np.ndarray, offset: int = 0) -> np.ndarray:
    """(W, N) uniform draws at the cells of ``mask`` (0 elsewhere), keyed by (world, nation):
    drawing only where a decision is pending keeps the cost off the quiet cells."""
    out = np.zeros(mask.shape)
    idx = np.nonzero(mask)
    if idx[0].size:
        out[idx] = rng.uniform(
            seed, state.world[idx[0]], state.turn, rng.PHASE_AI, block * _BLOCK + offset + idx[1]
        )
    return out


def _uniform_rows(seed, state, block: int, worlds: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Uniform draws for rows (world positions, per-purpose index): the same numbers
    ``_uniform_at`` gives at those cells."""
    return rng.uniform(seed, state.world[worlds], state.turn, rng.PHASE_AI, block * _BLOCK + index)


def staying_terms(state, rules, ctx, rw: np.ndarray, rn: np.ndarray, leader=None) -> np.ndarray:
    """(R, T) the terms of each member's (rows ``rw``, ``rn``) value of staying in its main
    bloc against being outside it; their sum is the value of staying.

    The terms of an invitation to its own bloc (the engine's utility), with what membership
    moves instead of what joining would: the affinity of standing with the bloc's members
    rather than opposite them, its other memberships kept (``Context.staying_affinity``);
    what the member holds and loses on leaving, valued as the engine valued them in the
    offer (seats and payload slots on partners' missions, the funds its partners in the
    bloc still pay it); and no sovereignty term: the charter's binding was weighed when
    the nation ratified it, and leaving does not undo that (it costs the relations the
    charter's binding puts at stake, ``leave_penalty``). Recurring dues still count.
    """
    c = rules.constants
    leader = state.leader.astype(np.int64) if leader is None else leader
    own = np.maximum(state.bloc[rw, rn], 0).astype(np.intp)
    lead = np.maximum(leader[rw, own], 0)
    # funds still flowing from partners in the bloc (a deal with a partner lapses on leaving)
    partners = state.member[rw, :, own]  # (R, N)
    live = state.deal_until[rw, :, rn] >= state.turn
    funds = (state.deal_funds[rw, :, rn] * (partners & live)).sum(axis=1)
    _, tt = offer_utility(
        state,
        rules,
        INVITE,
        lead,
        rn,
        own,
        funds,
        0.0,
        state.seats[rw, rn],
        state.payload[rw, rn],
        context=ctx,
        worlds=rw,
    )
    # a member of several blocs keeps the others: only what leaving its main bloc moves
    tt[:, T["affinity"]] = c.affinity_weight * ctx.staying_affinity(rw, rn, own)
    tt[:, T["sovereignty"]] = 0.0
    return tt
