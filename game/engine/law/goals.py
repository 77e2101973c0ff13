"""The ranges the State keeps, the thresholds objectives and conditions compare, missions.

Part of ``game.engine.law`` (its spec card says what each rule is for).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from game.engine.law.offers import _first

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


# --------------------------------------------------------------------------------------------
# What a nation can plan (issue 10): which national missions it may fund, and their outlook.
# The outlook itself is ``game.engine.outlook.mission_outlook`` (it reads the phases' formulas,
# which import the law, so the law does not import it back).


class MissionClosed(IntEnum):
    """Why a nation cannot fund a national mission now (0: it can)."""

    OPEN = 0
    NO_SUCH_MISSION = 1  # no mission of the scenario (or "none", -1)
    NOT_OFFERED = 2  # the scenario does not offer this mission to this nation
    FLOWN = 3  # the nation has already flown it


def mission_ready(progress, cost) -> np.ndarray:
    """Whether a national mission's ``progress`` covers its ``cost``: chosen, it is attempted
    that turn, with more money or none (after a failure its owner's reserve made good in
    full, the progress is still there and the mission is flown again)."""
    return np.asarray(progress, float) >= np.asarray(cost, float) - 1e-9


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
