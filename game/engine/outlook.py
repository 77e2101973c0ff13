"""What a nation can plan: every national mission as the missions phase would treat it now.

Spec card:
    What: ``mission_outlook(state, rules, per_turn)`` gives, for each world, nation and
        national mission, what the list of missions shows before a player chooses one: its
        cost, how much is already invested, the share of money that becomes progress, the
        chance an attempt succeeds for this nation now, the prestige it brings, the
        technology it needs and the technology it grows, and whether it can be chosen (and
        why not, ``law.MissionClosed``).
    Reads: tech, mission_progress, mission_done, budget; Rules mission tables; constants
        min_efficiency, tech_success_weight, min_success, max_success, mission_progress_loss.
    The formulas are the missions phase's own (``phases.programs.fit_and_shortfall``,
        ``law.efficiency``, ``law.success_chance``); nothing here re-derives them.
    Units: money in US$ B, durations in turns, chances 0..1, technology 0..1.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from game.engine import law
from game.engine.phases.programs import fit_and_shortfall


@dataclass(frozen=True)
class MissionOutlook:
    """Each national mission as each nation sees it now (W worlds, N nations, Q missions)."""

    cost: np.ndarray  # (Q,) US$ B of progress needed
    invested: np.ndarray  # (W, N, Q) US$ B of progress already made
    efficiency: np.ndarray  # (W, N, Q) share of the money spent that becomes progress
    chance: np.ndarray  # (W, N, Q) chance an attempt succeeds with today's technology
    shortfall: np.ndarray  # (W, N, Q) technology shortfall that lowers the chance
    prestige: np.ndarray  # (Q,) prestige a success brings
    needs: np.ndarray  # (Q, D) technology level required in each domain (0: none)
    grows: np.ndarray  # (Q, D) technology a success adds in each domain
    closed: np.ndarray  # (W, N, Q) int8 ``law.MissionClosed`` (0: can be chosen)
    per_turn: np.ndarray  # (W, N) US$ B a turn the durations assume
    turns: np.ndarray  # (W, N, Q) turns to reach the cost at ``per_turn`` (inf: never)
    progress_loss: float  # share of the progress a failed attempt loses

    @property
    def remaining(self) -> np.ndarray:
        """(W, N, Q) US$ B of progress still to make."""
        return np.maximum(self.cost - self.invested, 0.0)

    @property
    def ready(self) -> np.ndarray:
        """(W, N, Q) bool: paid in full, so chosen it is flown this turn (``law.mission_ready``)."""
        return law.mission_ready(self.invested, self.cost)

    def turns_at(self, per_turn) -> np.ndarray:
        """(W, N, Q) turns to reach the cost when ``per_turn`` (W, N) US$ B go in each turn."""
        rate = np.asarray(per_turn, dtype=float)[..., None] * self.efficiency
        left = self.remaining
        with np.errstate(divide="ignore", invalid="ignore"):
            # the phase attempts a mission in the turn its progress reaches the cost
            turns = np.ceil(left / rate - 1e-9)
        return np.where(self.ready, 0.0, np.where(rate > 0, turns, np.inf))


def mission_outlook(s, rules, per_turn=None) -> MissionOutlook:
    """Every national mission as the missions phase would treat it now.

    Args:
        s: a State (or anything with its fields), W worlds.
        rules: the scenario's Rules.
        per_turn: (W, N) US$ B a nation would put into a mission each turn, for the
            durations; default: a whole turn's budget (the fastest it could be flown).
    """
    c = rules.constants
    w, n = s.budget.shape
    q = rules.n_missions
    req = np.asarray(rules.mis_req, dtype=float).reshape(q, -1)
    d = req.shape[1]
    # (W, N, 1, D) levels against (Q, D) requirements: the phase's fit for every mission
    fit, short = fit_and_shortfall(s.tech[:, :, None, :], req[None, None])
    fit = np.broadcast_to(fit, (w, n, q))
    short = np.broadcast_to(short, (w, n, q))
    eff = law.efficiency(fit, 1.0, c)  # a national mission has no partners to coordinate
    chance = law.success_chance(np.asarray(rules.mis_success, dtype=float), short, c)
    grows = (req > 0) * np.asarray(rules.mis_tech_gain, dtype=float)[:, None]
    every = np.broadcast_to(np.arange(q), (w, n, q))
    closed = law.mission_closed(rules, s.mission_done, every)
    money = s.budget * rules.turn_years if per_turn is None else per_turn
    money = np.broadcast_to(np.asarray(money, dtype=float), (w, n))
    base = MissionOutlook(
        cost=np.asarray(rules.mis_cost, dtype=float),
        invested=np.asarray(s.mission_progress, dtype=float),
        efficiency=np.asarray(eff, dtype=float),
        chance=np.asarray(chance, dtype=float),
        shortfall=np.asarray(short, dtype=float),
        prestige=np.asarray(rules.mis_prestige, dtype=float),
        needs=req,
        grows=grows.reshape(q, d),
        closed=closed,
        per_turn=money,
        turns=np.zeros((w, n, q)),
        progress_loss=float(c.mission_progress_loss),
    )
    return dataclasses.replace(base, turns=base.turns_at(money))
