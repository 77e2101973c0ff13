"""Rules: what the scenario fixed, as numpy tables without a world axis, plus the constants.

Spec card:
    What: frozen records built once by ``game.scenario.compile`` and read by every phase.
        ``Rules`` holds tables indexed by nation (N), bloc (K), milestone (M, all blocs'
        tracks concatenated), domain (D), mission (Q), objective (J), scripted event (E),
        random event (R) and offer template; ``Constants`` holds every tunable number.
    Who writes: only the compiler. The engine reads; nothing here changes during a game.
    Names: constants keep the scenario's names (``constants.drift.partner_warming`` is
        ``Constants.partner_warming``); the few that would clash carry their section as a
        prefix (``research_efficiency``, ``relations_reversion``, ``score_*``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import cast

import numpy as np

#: Objective kinds, in the order of ``Rules.obj_kind`` codes.
OBJECTIVE_KINDS = (
    "in_bloc",
    "not_in_bloc",
    "unaligned",
    "prestige_at_least",
    "tech_at_least",
    "support_at_least",
    "milestone_done",
    "bloc_wins",
    "contribution_share_at_least",
)
OBJ = {name: code for code, name in enumerate(OBJECTIVE_KINDS)}

#: Condition kinds of scripted events, in the order of ``Rules.sc_cond`` codes (-1: none).
CONDITION_KINDS = (
    "milestone_done",
    "milestone_failed",
    "bloc_size_at_least",
    "member_of",
    "not_member_of",
    "prestige_at_least",
    "support_below",
    "budget_below",
)
COND = {name: code for code, name in enumerate(CONDITION_KINDS)}

#: How blocs are ranked at the end date.
BLOC_SCORE_MODES = ("progress", "prestige")


@dataclass(frozen=True, slots=True)
class Constants:
    """Every tunable number (the scenario's ``constants:`` block, flattened), with defaults."""

    # income
    support_elasticity: float = 0.3
    reserve_interest: float = 0.0
    crisis_cover: float = 1.0  # share of a budget cut's price the reserve may pay
    crisis_years: float = 1.0  # years of a budget cut the reserve pays to annul it
    # diplomacy
    affinity_weight: float = 1.0
    landscape_size_exponent: float = 0.5  # a nation's weight in the landscape: budget ** this
    opposition_weight: float = 1.0  # weight of standing opposite other blocs' members
    material_weight: float = 1.0
    momentum_weight: float = 0.5
    cost_weight: float = 1.0
    sovereignty_weight: float = 0.4
    switching_cost: float = 0.5
    leave_penalty: float = 0.2
    accept_threshold: float = 0.0
    noise: float = 0.15
    max_offers_per_nation: int = 3
    diplomacy_effect: float = 0.2
    # research
    research_efficiency: float = 0.05
    diminishing: float = 2.0
    deal_transfer: float = 0.2
    research_decay: float = 0.0
    absorptive_share: float = 0.15  # research share of its money a member absorbs spill-over at
    # programmes
    coordination_cost: float = 0.04
    min_efficiency: float = 0.2
    tech_success_weight: float = 1.5
    failure_progress_loss: float = 0.4
    failure_prestige_loss: float = 3.0
    research_synergy: float = 1.5  # efficiency lift from members' research (law.research_lift)
    diplomacy_relief: float = 0.6  # coordination cost lifted by members' diplomacy
    diplomacy_need: float = 0.05  # US$ B a year per partner that keeps a bloc in step (law)
    in_kind_credit: float = 1.0  # share of research/diplomacy in-kind value counted (law)
    reserve_cover: float = 1.0  # share of a failed attempt's loss reserves may make good
    min_years: float = 2.0  # fewest years a milestone takes (law.milestone_capacity)
    prework: float = 0.5  # share of its cost a milestone may be prepared before it opens
    max_success: float = 0.97
    # drift
    partner_warming: float = 0.03
    rival_cooling: float = 0.01
    relations_reversion: float = 0.02
    prestige_support: float = 0.004
    support_reversion: float = 0.05
    # scoring
    score_prestige: float = 1.0
    score_contribution: float = 50.0
    score_tech: float = 20.0
    score_objectives: float = 1.0
    winner_bonus: float = 25.0
    # Also in the scenario format (constants.diplomacy / programs / drift), under these names.
    deal_turns: int = 6  # turns a bilateral deal holds once accepted
    participation_share: float = 0.3  # part of milestone prestige split equally among members
    min_success: float = 0.05  # floor of any attempt's success chance
    seat_prestige: float = 0.5  # prestige per year per astronaut seat held
    payload_prestige: float = 0.25  # prestige per year per payload slot held
    seat_value: float = 0.08  # utility of one seat or payload slot offered
    funds_value: float = 1.0  # utility per (offered funds / own budget)
    tech_value: float = 1.2  # utility per unit of mean technology gained
    prestige_value: float = 0.6  # utility of sharing a whole programme's prestige
    coordination_value: float = 1.0  # leader's dislike of coordination cost when admitting
    diplomacy_focus: float = 4.0  # extra weight of diplomacy spent on nations one deals with
    alignment_scale: float = 1.0  # baseline relation = 1 - alignment_scale * distance
    mission_progress_loss: float = 0.5  # share of a failed national mission's progress lost
    # Sweeteners: the engine's limits (the screen asks the law for them) and their price to
    # the sender, paid once from its reserve when the offer is accepted.
    max_seats: int = 3  # astronaut seats one offer may carry
    max_payload: int = 3  # payload slots one offer may carry
    max_tech_transfer: float = 0.5  # strongest technology transfer one offer may carry
    max_funds_share: float = 0.5  # yearly funds one offer may carry, share of sender's budget
    max_deal_payments: float = 0.5  # most a payer's funding deals take of its income, in all
    seat_price: float = 0.3  # US$ B the sender pays per astronaut seat given
    payload_price: float = 0.05  # US$ B the sender pays per payload slot given
    tech_price: float = 1.0  # US$ B the sender pays per unit of transfer strength


@dataclass(frozen=True, slots=True, eq=False)
class Effect:
    """One typed effect of an event, compiled to indices and masks.

    ``type`` keys the registry in ``game.engine.phases.events``. Unused fields keep their
    defaults. For random events ``drawer`` is True when the effect's ``nations`` was 'all',
    which there means "the nation that drew the event".
    """

    type: str
    nations: np.ndarray  # (N,) bool
    others: np.ndarray  # (N,) bool
    drawer: bool = False
    factor: float = 1.0
    delta: float = 0.0
    domain: int = -1  # -1: every domain
    pair: int = -1  # forbidden pair index
    bloc: int = -1
    sharing: float = float("nan")  # nan: unchanged
    contribution: float = float("nan")
    fraction: float = 0.0
    template: int = -1  # offer template index (add_offer)


@dataclass(frozen=True, slots=True, eq=False)
class OfferTemplates:
    """Offers declared in the scenario (``offers:``, then each ``add_offer`` effect's offer).

    ``Offers.source`` indexes these rows, so the catalog can show each offer's text.
    """

    kind: np.ndarray  # (S,) int8
    sender: np.ndarray  # (S,) int16
    to: np.ndarray  # (S, N) bool: recipients (one offer each)
    bloc: np.ndarray  # (S,) int16
    funds: np.ndarray  # (S,) float64
    tech: np.ndarray  # (S,) float64
    seats: np.ndarray  # (S,) int8
    payload: np.ndarray  # (S,) int8
    turns: np.ndarray  # (S,) int16
    initial: np.ndarray  # (S,) bool: placed in the table at the start


@dataclass(frozen=True, slots=True, eq=False)
class Rules:
    """Everything the scenario fixed. Arrays have no world axis."""

    constants: Constants
    n_turns: int  # the game ends after this many turns
    turn_years: float  # length of a turn in years
    offer_capacity: int  # O
    new_offer_slots: int  # P
    # nations (N,)
    growth: np.ndarray
    budget0: np.ndarray
    support0: np.ndarray
    bandwagon: np.ndarray
    risk: np.ndarray
    ambition: np.ndarray
    sovereignty: np.ndarray
    playable: np.ndarray  # bool
    base_relations: np.ndarray  # (N, N) float32 baseline relations (drift reverts toward them)
    # blocs (K,)
    leader0: np.ndarray  # int16
    entry_min_tech: np.ndarray
    entry_min_relations: np.ndarray
    entry_approval: np.ndarray  # bool: applications need the leader's answer
    accession_turns: np.ndarray  # int16: turns a membership offer is weighed before its answer
    binding: np.ndarray  # 0..1: how binding the charter is (scales sovereignty and leaving costs)
    exclusive: np.ndarray  # bool: membership excludes the other exclusive blocs
    # milestones (M,)
    ms_bloc: np.ndarray  # int16 owning bloc
    ms_cost: np.ndarray
    ms_req: np.ndarray  # (M, D) required technology
    ms_success: np.ndarray
    ms_prestige: np.ndarray
    ms_crewed: np.ndarray  # bool
    ms_base: np.ndarray  # bool
    ms_prereq: np.ndarray  # (M, M) bool: ms_prereq[m, p] = m requires p
    # missions (Q,)
    mis_cost: np.ndarray
    mis_req: np.ndarray  # (Q, D)
    mis_success: np.ndarray
    mis_prestige: np.ndarray
    mis_tech_gain: np.ndarray
    mis_open: np.ndarray  # (N, Q) bool
    # forbidden pairs (F, 2)
    fp_nations: np.ndarray
    # objectives (J,)
    obj_nation: np.ndarray
    obj_kind: np.ndarray
    obj_bloc: np.ndarray
    obj_ms: np.ndarray
    obj_domain: np.ndarray
    obj_value: np.ndarray
    obj_points: np.ndarray
    # scripted events (E,)
    sc_turn: np.ndarray  # int: turn index of its date, -1 none
    sc_cond: np.ndarray  # int: COND code, -1 none
    sc_cond_bloc: np.ndarray
    sc_cond_ms: np.ndarray
    sc_cond_nation: np.ndarray
    sc_cond_value: np.ndarray
    sc_prob: np.ndarray
    sc_effects: tuple[tuple[Effect, ...], ...]
    # random events (R,)
    rn_prob: np.ndarray
    rn_eligible: np.ndarray  # (R, N) bool
    rn_min_budget: np.ndarray
    rn_effects: tuple[tuple[Effect, ...], ...]
    templates: OfferTemplates
    # victory
    base_wins: bool
    bloc_score_mode: int  # index into BLOC_SCORE_MODES
    # derived tables (filled by __post_init__)
    bloc_cost: np.ndarray = field(default=cast(np.ndarray, None))  # (K,) total programme cost
    ms_of_bloc: tuple[np.ndarray, ...] = field(default=cast(tuple, None))  # indices per bloc

    def __post_init__(self) -> None:
        k = self.n_blocs
        object.__setattr__(self, "bloc_cost", np.bincount(self.ms_bloc, self.ms_cost, minlength=k))
        object.__setattr__(
            self, "ms_of_bloc", tuple(np.flatnonzero(self.ms_bloc == b) for b in range(k))
        )

    @property
    def n_nations(self) -> int:
        return int(self.growth.shape[0])

    @property
    def n_blocs(self) -> int:
        return int(self.leader0.shape[0])

    @property
    def n_milestones(self) -> int:
        return int(self.ms_cost.shape[0])

    @property
    def n_domains(self) -> int:
        return int(self.ms_req.shape[1])

    @property
    def n_missions(self) -> int:
        return int(self.mis_cost.shape[0])

    @property
    def n_scripted(self) -> int:
        return int(self.sc_turn.shape[0])

    @property
    def n_random(self) -> int:
        return int(self.rn_prob.shape[0])

    def with_constants(self, **changes) -> Rules:
        """A copy with some constants changed (for balance studies and tests)."""
        return dataclasses.replace(self, constants=dataclasses.replace(self.constants, **changes))
