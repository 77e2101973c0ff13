"""The ledger: where every change of a nation's figures came from, as the turn resolved it.

Spec card:
    What: an optional record a caller hands to ``step(..., ledger=Ledger())``; each phase adds
        to it the amounts its terms produced, per world and nation, for the figures budget,
        support, prestige, reserve and technology (one figure per domain). A study that
        passes no ledger pays nothing (the phases test ``t.ledger is None``).
    Rows: (quantity, cause kind, cause id) -> (W, N) amounts (technology: (W, N, D)).
        ``table(quantity)`` gives them as one (W, N, C) array with its C causes. The rows of
        a figure add up to its change over the turn (the conservation test holds it within
        1e-9 of the figure's size). Worlds that had ended before the turn have no amounts.
    Cause kinds (``CAUSES``, closed; the id is an index of the scenario's tables or -1):
        growth            budget: the scenario's growth rate
        support_factor    budget: the support effect on growth, support_elasticity x (s - 0.5)
        withdrawn         reserve: last turn's reserve enters this turn's money
        banked            reserve: the share of this turn's money ordered to the reserve
        refund            reserve: programme money a bloc could not use (id: bloc)
        mission_refund    reserve: missions money beyond a mission's cost (id: mission)
        milestone         prestige: share of a milestone's success (id: milestone)
        milestone_failure prestige: share of a failed attempt's loss (id: milestone)
        mission           prestige, technology: a national mission's success (id: mission)
        event             any figure: a scripted event's effects (id: scripted event)
        random_event      any figure: a random event's effects (id: random event table row)
        research          technology: own research spending
        decay             technology: a domain with no research spending loses some level
        spill_over        technology: bloc sharing toward the best member (id: bloc)
        transfer          technology: technology-transfer deals received
        held              prestige: astronaut seats and payload slots held
        sweeteners        reserve: the price of the seats, slots and technology one gave
        absorbed          reserve: paid to make good a failed attempt's lost progress (id:
                          milestone)
        mission_absorbed  reserve: paid to make good a failed national mission's lost
                          progress (id: mission; apart from ``absorbed``, whose ids are
                          milestones)
        prestige          support: prestige gained this turn x prestige_support
        reversion         support: the pull back toward its starting value
        bound             any figure: a figure kept within its range (0..1, never negative)
        injected          any figure: an event written by the facilitator (id: its index in
                          the turn's ``Orders.injected``; a repeated random-table row is
                          booked as random_event)
    Split of a product: where a figure is multiplied by a sum of rates (the budget:
        b x (1 + (growth + support factor) x turn length)), each rate's row is the figure
        times that rate alone (b x growth x turn length, b x factor x turn length); the rows
        add up to the change exactly because the product is linear in the rates.
    Blocs (``blocs``): per turn ``paid`` (W, N) each member's payment into its bloc's pool,
        ``partners``, ``coordination`` and ``research_lift`` (W, K), ``efficiency``, ``chance`` (W, M, nan
        where no attempt) and ``attempted`` (W, M); ``worked`` (W, M) the progress the pool's
        money made on each milestone, ``lost`` (W, M) what failed attempts lost of it (after
        the reserves made good what they could), ``used`` (W, K) the pool money the
        programme used (the rest went back to the members' reserves, ``refund``).
    Victory (the victory phase, every turn): ``won_by`` (W,) which rule chose the winner this
        turn (``victory.WIN_RULES``; 0 none), ``base_at`` (W, K) the share of the turn at
        which each bloc's base was completed (nan: none this turn) and ``deciding_score``
        (W, K) the bloc scores a tie was settled by.
"""

from __future__ import annotations

import numpy as np

CAUSES = (
    "growth",
    "support_factor",
    "withdrawn",
    "banked",
    "pledged",
    "refund",
    "mission_refund",
    "milestone",
    "milestone_failure",
    "mission",
    "event",
    "random_event",
    "research",
    "decay",
    "spill_over",
    "transfer",
    "held",
    "sweeteners",
    "absorbed",
    "mission_absorbed",
    "prestige",
    "reversion",
    "bound",
    "injected",
)
#: The figures a ledger explains (technology is split into ``tech.<domain index>``).
QUANTITIES = ("budget", "support", "prestige", "reserve", "tech")


class Ledger:
    """Amounts by (quantity, cause kind, cause id), filled by one ``step``."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, int], np.ndarray] = {}
        self.blocs: dict[str, np.ndarray] = {}
        self.running: np.ndarray | None = None  # (W,) worlds that played this turn

    def add(self, quantity: str, kind: str, cause_id: int, amount: np.ndarray) -> None:
        """Add ``amount`` ((W, N), or (W, N, D) for "tech") to a row; repeated rows add up."""
        if kind not in CAUSES or quantity not in QUANTITIES:
            raise ValueError(f"unknown ledger row {quantity}/{kind}")
        key = (quantity, kind, int(cause_id))
        amount = np.asarray(amount, dtype=np.float64)
        if self.running is not None:
            amount = amount * self.running.reshape((-1,) + (1,) * (amount.ndim - 1))
        if key in self.rows:
            self.rows[key] = self.rows[key] + amount
        else:
            self.rows[key] = amount.copy()

    def change(self, quantity: str, kind: str, cause_id: int, before, after) -> None:
        """Add the change ``after - before`` of a figure as one row."""
        self.add(quantity, kind, cause_id, np.asarray(after, np.float64) - before)

    def causes(self, quantity: str) -> list[tuple[str, int]]:
        """The (kind, id) causes with a row for ``quantity`` ("tech.<d>" reads "tech")."""
        base = quantity.split(".")[0]
        # in the closed order of CAUSES, then by id: the order rows happened to be first
        # written in depends on the other worlds of a batch, and must not show
        found = [(k, i) for q, k, i in self.rows if q == base]
        return sorted(found, key=lambda ki: (CAUSES.index(ki[0]), ki[1]))

    def table(self, quantity: str) -> tuple[list[tuple[str, int]], np.ndarray]:
        """(causes, (W, N, C) amounts) for ``quantity`` ("budget", ..., "tech.<d>")."""
        base, _, dom = quantity.partition(".")
        causes = self.causes(quantity)
        parts = []
        for kind, cid in causes:
            a = self.rows[(base, kind, cid)]
            parts.append(a[..., int(dom)] if dom else a)
        if not parts:
            return [], np.zeros((0, 0, 0))
        return causes, np.stack(parts, axis=-1)

    def quantities(self, n_domains: int) -> list[str]:
        """Every figure name, technology split by domain."""
        return [q for q in QUANTITIES if q != "tech"] + [f"tech.{d}" for d in range(n_domains)]

    def expand(self, rows: np.ndarray, n_worlds: int) -> Ledger:
        """This ledger (of the worlds at batch positions ``rows``) inside a batch of n_worlds."""
        out = Ledger()
        for key, a in self.rows.items():
            full = np.zeros((n_worlds, *a.shape[1:]))
            full[rows] = a
            out.rows[key] = full
        for name, a in self.blocs.items():
            fill = np.nan if a.dtype.kind == "f" else 0
            full = np.full((n_worlds, *a.shape[1:]), fill, dtype=a.dtype)
            full[rows] = a
            out.blocs[name] = full
        return out
