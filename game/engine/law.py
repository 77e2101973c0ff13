"""The law: every rule other layers need to ask about, written once, vectorised.

Spec card:
    What: pure functions over numpy arrays (a leading world axis where a State is read) that
        the phases call to resolve a turn and that the computer players, the predictions, the
        screens and ``check`` call to ask the same questions. Nothing outside ``game.engine``
        re-derives one of these formulas.
    Refusal codes (``Refusal``, a closed list; 0 means allowed), checked in this order:
        NO_SUCH_NATION   sender or target is not a nation of the scenario
        SELF             an offer to oneself
        FORBIDDEN_PAIR   sender and target are a forbidden pair
        NO_SUCH_BLOC     a membership offer names no bloc of the scenario
        NO_LEADER        the bloc has no member, so nobody can answer for it
        ALREADY_MEMBER   the joining nation is already in the bloc
        NOT_A_MEMBER     an invitation from a nation outside the bloc
        NOT_THE_LEADER   an application answered by someone who no longer leads the bloc
        BARRED_BY_MEMBER the joiner is a forbidden partner of a member of the bloc
        BLOCKED          an event blocked the joiner's membership of this bloc
        TECH_BELOW_ENTRY mean technology below the bloc's ``entry.min_tech``
        RELATIONS_BELOW_ENTRY relation with the leader below ``entry.min_relations``
    Shapes: ``wi`` (world positions) and the offer columns broadcast together; results have
        their broadcast shape.
    Thresholds: ``STATE_RANGE`` is the range each bounded State field keeps (the invariants
        check it), ``QUANTITY_RANGE`` the range each quantity an objective or an event
        condition compares keeps; ``OBJECTIVE_THRESHOLDS`` and ``CONDITION_THRESHOLDS`` say
        which quantity each kind compares and how, and ``meets`` is the comparison the
        victory and events phases make.
    Opening offers: ``OPENING`` lists the refusals that keep a scenario's opening offer from
        a recipient (compile asks ``offer_refusal`` on the opening state).
    Deals: an accepted offer's funds or technology make a deal, its seats or payload slots
        are held by the target (``deal_parts``); a non-membership offer with neither changes
        nothing (``offer_is_empty``).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from game.engine import state as st


class Refusal(IntEnum):
    """Why the engine refuses an offer (0: it does not)."""

    OK = 0
    NO_SUCH_NATION = 1
    SELF = 2
    FORBIDDEN_PAIR = 3
    NO_SUCH_BLOC = 4
    NO_LEADER = 5
    ALREADY_MEMBER = 6
    NOT_A_MEMBER = 7
    NOT_THE_LEADER = 8
    BARRED_BY_MEMBER = 9
    BLOCKED = 10
    TECH_BELOW_ENTRY = 11
    RELATIONS_BELOW_ENTRY = 12


INVITE, APPLY = st.KIND["invite"], st.KIND["apply"]

#: The range (low, high) each bounded State field keeps; ``invariants`` checks every state
#: against it.
STATE_RANGE: dict[str, tuple[float, float]] = {
    "budget": (0.0, np.inf),
    "reserve": (0.0, np.inf),
    "prestige": (0.0, np.inf),
    "seats": (0.0, np.inf),
    "payload": (0.0, np.inf),
    "deal_funds": (0.0, np.inf),
    "pool": (0.0, np.inf),
    "support": (0.0, 1.0),
    "tech": (0.0, 1.0),
    "sharing": (0.0, 1.0),
    "contribution": (0.0, 1.0),
    "deal_tech": (0.0, 1.0),
    "relations": (-1.0, 1.0),
}
#: The range (low, high) each compared quantity keeps; "bloc_size" is capped by the number of
#: nations (``quantity_range``), the others never leave these bounds (see ``invariants``).
QUANTITY_RANGE: dict[str, tuple[float, float]] = {
    **{name: STATE_RANGE[name] for name in ("budget", "support", "prestige", "tech")},
    "contribution_share": (0.0, 1.0),
    "bloc_size": (0.0, np.inf),
}
#: Objective kind -> (the quantity it compares with its ``value``, the comparison).
OBJECTIVE_THRESHOLDS: dict[str, tuple[str, str]] = {
    "prestige_at_least": ("prestige", ">="),
    "tech_at_least": ("tech", ">="),
    "support_at_least": ("support", ">="),
    "contribution_share_at_least": ("contribution_share", ">="),
}
#: Scripted-event condition kind -> (the quantity it compares with its ``value``, the comparison).
CONDITION_THRESHOLDS: dict[str, tuple[str, str]] = {
    "bloc_size_at_least": ("bloc_size", ">="),
    "prestige_at_least": ("prestige", ">="),
    "support_below": ("support", "<"),
    "budget_below": ("budget", "<"),
}

#: The refusals checked when an offer is sent (the rest are checked when it is accepted).
SENDING = np.array(
    [
        Refusal.NO_SUCH_NATION,
        Refusal.SELF,
        Refusal.FORBIDDEN_PAIR,
        Refusal.NO_SUCH_BLOC,
        Refusal.NO_LEADER,
        Refusal.ALREADY_MEMBER,
        Refusal.NOT_A_MEMBER,
    ],
    np.int8,
)
#: The refusals that keep a scenario's opening offer from a recipient: those checked at
#: sending, and a member's forbidden partner too, so that an opening invitation ``to: all``
#: reaches only the nations that could accept it (``check`` reports a named one as an error).
OPENING = np.array([*SENDING, Refusal.BARRED_BY_MEMBER], np.int8)


def _first(code: np.ndarray, bad, reason: IntEnum) -> np.ndarray:
    """``code`` with ``reason`` written where ``bad`` holds and no earlier reason was found."""
    return np.where((code == 0) & bad, np.int8(reason), code).astype(np.int8)


def mean_tech(tech: np.ndarray) -> np.ndarray:
    """Mean technology over the last (domain) axis, summed slice by slice (bit-stable)."""
    return tech.mean(axis=-1)


def entry_refusal(s, rules, wi, joiner, k) -> np.ndarray:
    """Refusal code of nation ``joiner`` entering bloc ``k`` in worlds ``wi`` (bloc checks only).

    Reads ``s.bloc``, ``leader``, ``blocked``, ``forbidden``, ``tech``, ``relations``.
    """
    wi, joiner, k = np.broadcast_arrays(
        np.asarray(wi, np.intp), np.asarray(joiner, np.intp), np.asarray(k, np.intp)
    )
    k0 = np.maximum(k, 0)
    j0 = np.maximum(joiner, 0)
    code = np.zeros(wi.shape, np.int8)
    code = _first(code, (k < 0) | (k >= rules.n_blocs), Refusal.NO_SUCH_BLOC)
    code = _first(code, s.leader[wi, k0] < 0, Refusal.NO_LEADER)
    code = _first(code, s.bloc[wi, j0] == k, Refusal.ALREADY_MEMBER)
    barred = (s.forbidden[wi, j0] & (s.bloc[wi] == k[..., None])).any(axis=-1)
    code = _first(code, barred, Refusal.BARRED_BY_MEMBER)
    code = _first(code, s.blocked[wi, j0, k0], Refusal.BLOCKED)
    low_tech, far = entry_shortfalls(s, rules, wi, j0, k0)
    code = _first(code, low_tech, Refusal.TECH_BELOW_ENTRY)
    return _first(code, far, Refusal.RELATIONS_BELOW_ENTRY)


def entry_shortfalls(s, rules, wi, joiner, k) -> tuple[np.ndarray, np.ndarray]:
    """The bloc's two entry conditions the joiner misses: (technology, relations with leader).

    ``joiner`` and ``k`` must be valid indices; a bloc without leader reads its row 0.
    """
    wi, joiner, k = (np.asarray(x, np.intp) for x in (wi, joiner, k))
    lead = np.maximum(s.leader[wi, k].astype(np.intp), 0)
    low_tech = mean_tech(s.tech[wi, joiner]) < rules.entry_min_tech[k] - 1e-12
    far = s.relations[wi, joiner, lead] < rules.entry_min_relations[k]
    return low_tech, far


def offer_refusal(s, rules, wi, kind, sender, target, bloc) -> np.ndarray:
    """Refusal code of an offer accepted now (the checks the engine makes at acceptance).

    ``target`` of an application is the nation answering it (the leader when it was sent).
    """
    wi, kind, sender, target, bloc = np.broadcast_arrays(
        np.asarray(wi, np.intp),
        np.asarray(kind, np.intp),
        np.asarray(sender, np.intp),
        np.asarray(target, np.intp),
        np.asarray(bloc, np.intp),
    )
    n = rules.n_nations
    code = np.zeros(wi.shape, np.int8)
    code = _first(
        code, (sender < 0) | (sender >= n) | (target < 0) | (target >= n), Refusal.NO_SUCH_NATION
    )
    code = _first(code, sender == target, Refusal.SELF)
    s0, t0 = np.clip(sender, 0, n - 1), np.clip(target, 0, n - 1)
    code = _first(code, s.forbidden[wi, s0, t0], Refusal.FORBIDDEN_PAIR)
    member_offer = (kind == INVITE) | (kind == APPLY)
    if not member_offer.any():
        return code
    joiner = np.where(kind == INVITE, t0, s0)
    k0 = np.clip(bloc, 0, max(rules.n_blocs - 1, 0))
    lead = s.leader[wi, k0].astype(np.intp)
    entry = entry_refusal(s, rules, wi, joiner, bloc)
    # the bloc-side checks in their order: bloc, leader, membership, then who answers
    code = _first(code, member_offer & (entry == Refusal.NO_SUCH_BLOC), Refusal.NO_SUCH_BLOC)
    code = _first(code, member_offer & (entry == Refusal.NO_LEADER), Refusal.NO_LEADER)
    code = _first(code, member_offer & (entry == Refusal.ALREADY_MEMBER), Refusal.ALREADY_MEMBER)
    inviter_out = (kind == INVITE) & (s.bloc[wi, s0] != bloc)
    code = _first(code, inviter_out, Refusal.NOT_A_MEMBER)
    code = _first(code, (kind == APPLY) & (lead != t0), Refusal.NOT_THE_LEADER)
    return np.where((code == 0) & member_offer, entry, code).astype(np.int8)


def growth_rate(growth, support, c) -> tuple[np.ndarray, np.ndarray]:
    """The two terms of a budget's yearly growth rate: (scenario growth, support factor)."""
    return np.asarray(growth), c.support_elasticity * (support - 0.5)


def prerequisites_met(done: np.ndarray, prereq: np.ndarray) -> np.ndarray:
    """(W, Mk) bool: milestones (rows of ``prereq`` (Mk, M)) whose prerequisites are all done."""
    return ~(prereq[None] & ~done[:, None, :]).any(axis=2)


def success_chance(base, shortfall, c) -> np.ndarray:
    """Chance an attempt succeeds: base less the technology shortfall, within the bounds."""
    return np.clip(base - c.tech_success_weight * shortfall, c.min_success, c.max_success)


def effective_partners(paid: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """(W,) effective number of payers, (sum of sqrt(share of the pool))^2; 1 with no pool.

    ``paid`` (W, N) is what each nation paid into a pool of ``pool`` (W,).
    """
    roots = np.sqrt(paid / np.maximum(pool, 1e-12)[:, None]).sum(axis=1)
    return np.where(pool > 0, roots * roots, 1.0)


def coordination(partners, c) -> np.ndarray:
    """The coordination factor of a bloc with ``partners`` effective members (0..1)."""
    return np.clip(1.0 - c.coordination_cost * (partners - 1.0), 0.0, 1.0)


def efficiency(fit, coord, c) -> np.ndarray:
    """Share of the money spent that becomes progress: fit x coordination, floored."""
    return np.maximum(c.min_efficiency, fit * coord)


def research_gain(spend_per_year, tech, c, turn_years: float) -> np.ndarray:
    """Technology gained by own research in one turn (same shape as ``tech``)."""
    room = 1.0 - tech
    # a float power is slow in numpy; the usual exponent 2 is a product
    if c.diminishing == 2.0:
        room *= room
    else:
        room **= c.diminishing
    gain = np.sqrt(spend_per_year)
    gain *= room
    gain *= c.research_efficiency * turn_years
    return gain


def spill_rate(sharing, turn_years: float) -> np.ndarray:
    """Share of the gap to the bloc's best member that a member closes in one turn."""
    return 1.0 - (1.0 - sharing) ** turn_years


def goodwill_unit(spend, focus, n_nations: int, c) -> np.ndarray:
    """(W, N) goodwill per unit of weight bought by diplomacy spending ``spend`` this turn.

    ``focus`` (W, N) counts each nation's open offers; every other nation weighs 1 and each
    offer partner ``diplomacy_focus`` more. A pair (i, j) gains unit[i] + unit[j], plus
    ``diplomacy_focus`` x (unit[i] + unit[j]) per open offer between them.
    """
    total = (n_nations - 1) + c.diplomacy_focus * focus
    return (c.diplomacy_effect * spend / total).astype(np.float32)


def milestone_open(done: np.ndarray, idx: np.ndarray, prereq: np.ndarray) -> np.ndarray:
    """(W, Mk) bool: milestones ``idx`` (rows ``prereq``) open: not done, prerequisites done."""
    return ~done[:, idx] & prerequisites_met(done, prereq)


def accept_probability(utility: np.ndarray, c) -> np.ndarray:
    """P(utility + taste > threshold) with taste ~ Normal(0, noise): the engine's answer rule."""
    if c.noise <= 0:
        return (np.asarray(utility) > c.accept_threshold).astype(np.float64)
    return normal_cdf((np.asarray(utility) - c.accept_threshold) / c.noise)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF, vectorised (Abramowitz & Stegun 7.1.26, error < 1.5e-7)."""
    x = np.asarray(x, dtype=np.float64)
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


def meets(comparison: str, quantity, value) -> np.ndarray:
    """Whether ``quantity`` meets a threshold ``value`` under ``comparison`` (">=" or "<")."""
    if comparison == ">=":
        return np.asarray(quantity) >= value
    if comparison == "<":
        return np.asarray(quantity) < value
    raise ValueError(f"unknown comparison {comparison!r}")


def quantity_range(quantity: str, n_nations: int) -> tuple[float, float]:
    """The (low, high) a compared quantity keeps in a scenario of ``n_nations`` nations."""
    low, high = QUANTITY_RANGE[quantity]
    return (low, float(n_nations)) if quantity == "bloc_size" else (low, high)


def threshold_reachable(comparison: str, value: float, low: float, high: float) -> bool:
    """Whether some quantity in ``low..high`` meets ``value`` under ``comparison``."""
    # the bounds themselves are reachable (support can fall to 0, technology rise to 1)
    return bool(meets(comparison, np.array([low, high]), value).any())


def deal_parts(funds, tech, seats, payload) -> tuple[np.ndarray, np.ndarray]:
    """What an accepted offer leaves behind: (a deal: funds or technology, seats or slots held)."""
    deal = (np.asarray(tech) > 0) | (np.asarray(funds) > 0)
    held = (np.asarray(seats) > 0) | (np.asarray(payload) > 0)
    return deal, held


def offer_is_empty(kind, funds, tech, seats, payload) -> np.ndarray:
    """Offers that would change nothing if accepted: no membership, no deal, nothing held."""
    kind = np.asarray(kind)
    deal, held = deal_parts(funds, tech, seats, payload)
    return (kind != INVITE) & (kind != APPLY) & ~deal & ~held


# --------------------------------------------------------------------------------------------
# What a nation can plan (issue 10): which national missions it may fund, and their outlook.
# Kept apart from the rules above; ``game.engine.outlook`` holds the outlook itself.


class MissionClosed(IntEnum):
    """Why a nation cannot fund a national mission now (0: it can)."""

    OPEN = 0
    NO_SUCH_MISSION = 1  # no mission of the scenario (or "none", -1)
    NOT_OFFERED = 2  # the scenario does not offer this mission to this nation
    FLOWN = 3  # the nation has already flown it


def mission_closed(rules, mission_done: np.ndarray, q) -> np.ndarray:
    """Why each nation cannot fund mission ``q`` now (``MissionClosed``; 0: it can).

    ``mission_done`` is a State's (W, N, Q); ``q`` is (W, N) (a mission per nation) or
    (W, N, R) (R missions per nation); the result has the shape of ``q``. The orders phase
    funds a chosen mission only where this is OPEN.
    """
    q = np.asarray(q, dtype=np.int64)
    w, n = mission_done.shape[:2]
    extra = (1,) * (q.ndim - 2)
    wi = np.arange(w).reshape((w, 1, *extra))
    ni = np.arange(n).reshape((1, n, *extra))
    valid = (q >= 0) & (q < rules.n_missions)
    code = np.where(valid, np.int8(MissionClosed.OPEN), np.int8(MissionClosed.NO_SUCH_MISSION))
    if rules.n_missions:
        qq = np.where(valid, q, 0)
        code = _first(code, ~rules.mis_open[ni, qq], MissionClosed.NOT_OFFERED)
        code = _first(code, mission_done[wi, ni, qq], MissionClosed.FLOWN)
    return code.astype(np.int8)


def mission_outlook(s, rules, per_turn=None):
    """Every national mission as each nation sees it now (``outlook.MissionOutlook``)."""
    # imported here: the outlook reads the phases' formulas, and the phases import the law
    from game.engine.outlook import mission_outlook as outlook

    return outlook(s, rules, per_turn)
