"""The computer players' view of the Rules: the tables they read, in the shapes they use.

Built once per Rules (cached), so a decision costs no preparation work.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.rules import Rules


@dataclass(frozen=True, slots=True, eq=False)
class AIView:
    """Rules tables reshaped for the AI (no world axis)."""

    rules: Rules
    n_nations: int
    n_blocs: int
    n_domains: int
    n_missions: int
    turn_years: float
    ms_of_bloc: np.ndarray  # (K, M) bool
    ms_bloc: tuple[int, ...]  # (M,) owning bloc of each milestone
    ms_req: np.ndarray  # (M, D)
    prereq: np.ndarray  # (M, M) bool, prereq[m, p]: m requires p
    q_cost: np.ndarray  # (Q,)
    q_req: np.ndarray  # (Q, D)
    q_prestige: np.ndarray  # (Q,)
    q_open: np.ndarray  # (N, Q) bool
    ambition: np.ndarray  # (N,)
    risk: np.ndarray  # (N,)
    bandwagon: np.ndarray  # (N,)
    sovereignty: np.ndarray  # (N,)


_CACHE: dict[int, AIView] = {}


def view_of(rules: Rules) -> AIView:
    """The AI's view of ``rules`` (cached by identity; rules are immutable)."""
    cached = _CACHE.get(id(rules))
    if cached is not None and cached.rules is rules:
        return cached
    k = rules.n_blocs
    view = AIView(
        rules=rules,
        n_nations=rules.n_nations,
        n_blocs=k,
        n_domains=rules.n_domains,
        n_missions=rules.n_missions,
        turn_years=float(rules.turn_years),
        ms_of_bloc=np.asarray(rules.ms_bloc)[None, :] == np.arange(k)[:, None],
        ms_bloc=tuple(int(x) for x in rules.ms_bloc),
        ms_req=np.asarray(rules.ms_req, dtype=np.float64),
        prereq=np.asarray(rules.ms_prereq, dtype=bool),
        q_cost=np.asarray(rules.mis_cost, dtype=np.float64),
        q_req=np.asarray(rules.mis_req, dtype=np.float64).reshape(-1, rules.n_domains),
        q_prestige=np.asarray(rules.mis_prestige, dtype=np.float64),
        q_open=np.asarray(rules.mis_open, dtype=bool).reshape(rules.n_nations, -1),
        ambition=np.asarray(rules.ambition, dtype=np.float64),
        risk=np.asarray(rules.risk, dtype=np.float64),
        bandwagon=np.asarray(rules.bandwagon, dtype=np.float64),
        sovereignty=np.asarray(rules.sovereignty, dtype=np.float64),
    )
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(rules)] = view
    return view
