"""The acceptance utility: how much the target of an offer gains by saying yes.

Spec card:
    Reads: budget, bloc, relations, tech, sharing, contribution, progress, leader (any object
        with State's field names: a State, or the engine's working Turn) and Rules.
    Who calls it: the diplomacy phase (to answer offers to nations with ``Orders.auto``, and
        to log the terms of every decision), the computer players and the UI (predictions).
    Formula in words: utility = the sum of the terms below; accept when it is above
        ``constants.accept_threshold``. The decider is always the offer's target.
        * affinity: Axelrod & Bennett's landscape theory (``affinity``): relations with the
          bloc's members less those with the members of the blocs one would stand opposite,
          sizes weighted concavely (``landscape_size``), relative to where the decider
          stands now (``Context.joining_affinity``: from unaligned, the whole landscape; a
          member of other blocs keeps them, so only the bloc's members it shares no bloc
          with cross from opposite it to beside it); for a leader answering an
          application, the members' size-weighted relations with the applicant;
        * tech: technology gap the decider would close (bloc sharing toward the best member;
          for a deal, the sender's transfer), or, for a leader answering an application, the
          technology the applicant brings;
        * funds: money offered, relative to the decider's own budget (for an application:
          the applicant's contribution to the pool, relative to the bloc's budget);
        * seats: astronaut seats and payload slots offered;
        * prestige: the decider's expected share of the bloc's future prestige, times ambition;
        * momentum: the bloc's lead times the decider's bandwagon personality (> 0 joins
          the stronger bloc, < 0 balances against it); a bloc's strength is its share of all
          blocs' budgets plus the share of its programme done, its lead that minus the best
          rival's;
        * contribution: the charter's required contribution (for a leader: coordination cost);
        * sovereignty: dislike of binding commitments, times how binding the charter is;
        * switching: a second membership: joining never leaves a bloc (an exclusive bloc
          refuses a member of another exclusive one, ``law.Refusal.EXCLUSIVE``), so a nation
          already in a bloc weighs the extra commitment, switching_cost times the new
          charter's binding;
        * taste: a random draw (``constants.noise`` wide) added by the engine, 0 in predictions.
    Shapes: offer fields are (W, X) arrays (X offers per world, world axis first); the
        result is utility (W, X) and terms (W, X, T) with T = len(TERMS).
"""

from __future__ import annotations

import numpy as np

from game.engine import state as st
from game.engine.law import FEW_WORLDS, share_any
from game.engine.rules import Rules

TERMS = (
    "affinity",
    "tech",
    "funds",
    "seats",
    "prestige",
    "momentum",
    "contribution",
    "sovereignty",
    "switching",
    "taste",
)
T = {name: i for i, name in enumerate(TERMS)}

#: Words for each term, for "why" panels ("relations with the bloc -0.4").
TERM_LABELS = {
    "affinity": "relations with the bloc",
    "tech": "technology gained",
    "funds": "funding",
    "seats": "seats and payload",
    "prestige": "share of prestige",
    "momentum": "momentum of the race",
    "contribution": "contribution owed",
    "sovereignty": "loss of sovereignty",
    "switching": "a second membership",
    "taste": "mood of the day",
}


def bloc_onehot(bloc: np.ndarray, n_blocs: int) -> np.ndarray:
    """(W, N, K) float: 1 where nation n is in bloc k."""
    return (bloc[:, :, None] == np.arange(n_blocs, dtype=bloc.dtype)).astype(np.float64)


def landscape_size(budget: np.ndarray, c) -> np.ndarray:
    """A nation's weight in the landscape: budget ** landscape_size_exponent (concave: a
    budget ten times larger weighs about three times more at the default 0.5)."""
    return np.maximum(budget, 0.0) ** c.landscape_size_exponent


def affinity(s, rules: Rules) -> np.ndarray:
    """(W, N, K): how much better each nation stands in bloc k than unaligned (landscape theory).

    Axelrod & Bennett's landscape theory: a nation is frustrated by standing apart from those
    it likes and beside those it dislikes, each weighed by size. Unaligned, it stands halfway
    from every aligned nation; in bloc k it stands with k's members and opposite every other
    bloc's. So A(k) = (sum over k's other members of size x relation - opposition_weight x the
    same over other blocs' members) / the sizes of all other aligned nations: joining the bloc
    of one's friends pays, so does standing opposite one's rivals, and a rival inside the bloc
    costs. 0 when no other nation is aligned.
    """
    ctx = Context(s, rules)
    out = np.empty((s.bloc.shape[0], rules.n_nations, rules.n_blocs))
    for k in range(rules.n_blocs):
        wts = ctx.weights[:, :, k]
        out[:, :, k] = _landscape_rows(
            s.relations, wts[:, None, :], ctx.aligned[:, None, :], wts, ctx.aligned, rules.constants
        )
    return out


def _landscape_rows(rel, in_k, aligned, own_k, own_aligned, c) -> np.ndarray:
    """Landscape affinity of rows of ``rel`` against bloc weights ``in_k`` among ``aligned``.

    The one formula behind both the full table and per-offer rows, so that both give the
    same bits (a world's numbers must not depend on which path its batch took). ``own_*``
    are the decider's own weights (its self term, relation 1, is taken out).
    """
    elsewhere = aligned - in_k
    near = (rel * in_k).sum(axis=-1) - own_k
    far = (rel * elsewhere).sum(axis=-1) - (own_aligned - own_k)
    den = aligned.sum(axis=-1) - own_aligned
    num = near - c.opposition_weight * far
    return np.where(den > 1e-12, num / np.maximum(den, 1e-12), 0.0)


def _affinity_rows(rel: np.ndarray, wts: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Size-weighted mean relation with the others; rows of ``rel`` against ``wts``."""
    num = (rel * wts).sum(axis=-1) - own  # remove the self term (relation 1)
    den = wts.sum(axis=-1) - own
    return np.where(den > 1e-12, num / np.maximum(den, 1e-12), 0.0)


def best_of(tech: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(W, D): the highest level among nations in ``mask`` (W, N), per domain (0 if none).

    One (W, N) reduction per domain: much faster than reducing (W, N, D) over its middle axis
    in big batches; a handful of worlds pays per call instead, so one reduction does it all
    (a maximum is the same number whichever order its values are compared in).
    """
    if tech.shape[0] <= FEW_WORLDS:
        return np.where(mask[:, :, None], tech, 0.0).max(axis=1)
    out = np.empty((tech.shape[0], tech.shape[2]))
    for d in range(tech.shape[2]):
        out[:, d] = np.where(mask, tech[:, :, d], 0.0).max(axis=1)
    return out


def bloc_best_tech(s, rules: Rules) -> np.ndarray:
    """(W, K, D): the best member's level in each domain (0 for an empty bloc)."""
    k = rules.n_blocs
    out = np.zeros((s.tech.shape[0], k, rules.n_domains))
    for b in range(k):
        out[:, b, :] = best_of(s.tech, s.member[:, :, b])
    return out


def spill_gap(s, rules: Rules) -> np.ndarray:
    """(W, N): the most a nation's level falls short of the best member's, over the domains
    and the blocs it belongs to (0 outside any bloc, or where it is the best in all): what
    its blocs' spill-over has left to give it."""
    gap = bloc_best_tech(s, rules)[:, None, :, :] - s.tech[:, :, None, :]  # (W, N, K, D)
    inside = s.member[:, :, : rules.n_blocs, None]
    return np.where(inside, gap, 0.0).max(axis=(2, 3), initial=0.0)


def bloc_progress(s, rules: Rules) -> np.ndarray:
    """(W, K): share of each bloc's programme done (completed milestones and progress)."""
    k = rules.n_blocs
    out = np.zeros((s.progress.shape[0], k))
    for b in range(k):
        idx = rules.ms_of_bloc[b]
        out[:, b] = s.progress[:, idx].sum(axis=1) / rules.bloc_cost[b]
    return out


def bloc_strength(progress: np.ndarray, bloc_budget: np.ndarray) -> np.ndarray:
    """(W, K): share of all blocs' budgets plus share of its own programme done (0..2)."""
    total = bloc_budget.sum(axis=1, keepdims=True)
    return bloc_budget / np.maximum(total, 1e-12) + progress


def bloc_lead(strength: np.ndarray) -> np.ndarray:
    """(W, K): each bloc's strength minus the best rival's (0 with a single bloc)."""
    k = strength.shape[1]
    if k == 1:
        return np.zeros_like(strength)
    lead = np.empty_like(strength)
    for b in range(k):
        # the other columns in order, as np.delete would give them, at a fraction of its cost
        rivals = strength[:, [j for j in range(k) if j != b]].max(axis=1)
        lead[:, b] = strength[:, b] - rivals
    return lead


class Context:
    """Per-turn tables the utility needs, computed once and shared by many offers."""

    def __init__(self, s, rules: Rules) -> None:
        self.s = s
        self.rules = rules
        self._affinity: np.ndarray | None = None
        w, k = s.bloc.shape[0], rules.n_blocs
        self.weights = np.zeros((w, rules.n_nations, k))  # (W, N, K) landscape size of members
        size = landscape_size(s.budget, rules.constants)
        self.aligned = np.where(s.bloc >= 0, size, 0.0)  # (W, N) landscape size if aligned
        self.size = np.zeros((w, k))
        self.bloc_budget = np.zeros((w, k))
        self._best: np.ndarray | None = None
        for b in range(k):
            members = s.member[:, :, b]
            self.weights[:, :, b] = np.where(members, size, 0.0)
            self.size[:, b] = members.sum(axis=1)
            self.bloc_budget[:, b] = np.where(members, s.budget, 0.0).sum(axis=1)
        self.progress = bloc_progress(s, rules)  # (W, K)
        self.lead = bloc_lead(bloc_strength(self.progress, self.bloc_budget))

    @property
    def best(self) -> np.ndarray:
        """(W, K, D) ``bloc_best_tech`` (computed on first use)."""
        if self._best is None:
            self._best = bloc_best_tech(self.s, self.rules)
        return self._best

    def best_at(self, wi: np.ndarray, k: np.ndarray) -> np.ndarray:
        """(R, D): the best level among bloc k's members in world position wi, per domain."""
        if self._best is not None or 4 * len(wi) > self.s.bloc.shape[0]:
            return self.best[wi, k]
        members = self.s.member[wi, :, k]  # (R, N)
        return np.where(members[:, :, None], self.s.tech[wi], 0.0).max(axis=1)

    @property
    def affinity(self) -> np.ndarray:
        """(W, N, K) ``affinity`` of every nation to every bloc (computed on first use)."""
        if self._affinity is None:
            self._affinity = affinity(self.s, self.rules)
        return self._affinity

    def affinity_of(self, wi: np.ndarray, nation: np.ndarray, k: np.ndarray) -> np.ndarray:
        """(R,): ``affinity`` of nation to bloc k in world position wi, for R triples.

        Many rows (more than worlds times nations): the full table is cheaper than rows.
        """
        w, n = self.s.bloc.shape
        if self._affinity is not None or len(wi) > w * n:
            return self.affinity[wi, nation, k]
        rel = self.s.relations[wi, nation]  # (R, N)
        return _landscape_rows(
            rel,
            self.weights[wi, :, k],
            self.aligned[wi],
            self.weights[wi, nation, k],
            self.aligned[wi, nation],
            self.rules.constants,
        )

    def staying_affinity(self, wi: np.ndarray, nation: np.ndarray, k: np.ndarray) -> np.ndarray:
        """(R,): how much better a member of bloc k stands in it than after leaving it, its
        other memberships kept (leaving one bloc never leaves the others).

        In no other bloc, that is ``affinity_of`` (back to unaligned). In others too, what
        leaving moves are the members of k it shares no other bloc with, from beside it to
        opposite it (``_crossing``).
        """
        wi, nation, k = (np.asarray(x, np.intp) for x in (wi, nation, k))
        others = self.s.member[wi, nation] & (np.arange(self.rules.n_blocs) != k[:, None])
        out = self.affinity_of(wi, nation, k)
        rows = np.flatnonzero(others.any(axis=-1))
        if rows.size:
            out[rows] = self._crossing(wi[rows], nation[rows], k[rows], others[rows])
        return out

    def joining_affinity(self, wi: np.ndarray, nation: np.ndarray, k: np.ndarray) -> np.ndarray:
        """(R,): how much better a nation stands after joining bloc k than now, its
        memberships kept (joining never leaves a bloc).

        From unaligned, or for a member of k itself, that is ``affinity_of``. A member of
        other blocs already stands beside their members and opposite the rest: joining k
        moves only k's members it shares no bloc with, from opposite it to beside it
        (``_crossing``), the mirror of ``staying_affinity``. Counting them as if the nation
        left its blocs to join k would charge a second membership for standing opposite
        partners it keeps.
        """
        wi, nation, k = (np.asarray(x, np.intp) for x in (wi, nation, k))
        mine = self.s.member[wi, nation]  # (R, K)
        others = mine & (np.arange(self.rules.n_blocs) != k[:, None])
        crossing = others.any(axis=-1) & ~mine[np.arange(k.size), k]
        if not crossing.any():
            return self.affinity_of(wi, nation, k)
        out = np.empty(k.size)
        rest = np.flatnonzero(~crossing)
        if rest.size:
            out[rest] = self.affinity_of(wi[rest], nation[rest], k[rest])
        rows = np.flatnonzero(crossing)
        out[rows] = self._crossing(wi[rows], nation[rows], k[rows], others[rows])
        return out

    def _crossing(self, wi, nation, k, others) -> np.ndarray:
        """(A,): landscape gain of bloc k's members that share none of the blocs ``others``
        (A, K) with ``nation`` crossing from opposite it to beside it: (1 + opposition_weight)
        x their size-weighted relations, over the same sizes as ``affinity``."""
        # (A, N): shares one of those blocs (a count over K as one batched product)
        shared = share_any(self.s.member[wi], others[:, None, :])
        moved = np.where(shared, 0.0, self.weights[wi, :, k])
        moved[np.arange(wi.size), nation] = 0.0  # not itself
        den = self.aligned[wi].sum(axis=-1) - self.aligned[wi, nation]
        gain = (1.0 + self.rules.constants.opposition_weight) * (
            self.s.relations[wi, nation] * moved
        ).sum(axis=-1)
        return np.where(den > 1e-12, gain / np.maximum(den, 1e-12), 0.0)

    def members_view_of(self, wi: np.ndarray, nation: np.ndarray, k: np.ndarray) -> np.ndarray:
        """(R,): bloc k's members' size-weighted mean relation with ``nation`` (an applicant)."""
        rel = self.s.relations[wi, nation]  # (R, N)
        return _affinity_rows(rel, self.weights[wi, :, k], self.weights[wi, nation, k])


def offer_utility(
    s,
    rules: Rules,
    kind,
    sender,
    target,
    bloc,
    funds=0.0,
    tech=0.0,
    seats=0,
    payload=0,
    taste=None,
    context: Context | None = None,
    worlds=None,
):
    """Utility of accepting offers, for their targets.

    Args:
        s: a State (or anything with its field names).
        rules: the compiled Rules.
        kind, sender, target, bloc: (W, X) integer arrays (``bloc`` is -1 for deals), or
            (R,) arrays when ``worlds`` is given.
        funds, tech, seats, payload: sweeteners, broadcast like ``kind``.
        taste: random term shaped like ``kind``, or None for 0 (predictions).
        context: precomputed ``Context(s, rules)``, to share between calls in one turn.
        worlds: (R,) world positions (row of ``s``) of flat offers; None for (W, X) inputs.

    Returns:
        (utility, terms): shaped like ``kind`` and ``kind`` + (T,), float64.
    """
    kind = np.asarray(kind)
    if worlds is None:
        shape = np.broadcast_shapes(
            kind.shape, np.shape(sender), np.shape(target), np.shape(bloc), (s.bloc.shape[0], 1)
        )
        wi = np.broadcast_to(np.arange(shape[0])[:, None], shape).ravel()
    else:
        worlds = np.asarray(worlds)
        if kind.ndim == 0 or kind.shape == worlds.shape:  # the usual case: no shapes to mix
            shape = worlds.shape
        else:
            shape = np.broadcast_shapes(kind.shape, worlds.shape)
        wi = (worlds if worlds.shape == shape else np.broadcast_to(worlds, shape)).ravel()

    def flat(x, dtype=None):
        x = np.asarray(x, dtype=dtype)
        if x.shape == shape:
            return x.ravel()
        return np.full(shape, x).ravel() if x.ndim == 0 else np.broadcast_to(x, shape).ravel()

    util, terms = _flat_utility(
        s,
        rules,
        context if context is not None else Context(s, rules),
        wi.astype(np.intp, copy=False),
        # one kind for every offer (the usual question) is known without looking at rows
        int(kind) if kind.ndim == 0 else flat(kind),
        flat(sender).astype(np.intp, copy=False),
        flat(target).astype(np.intp, copy=False),
        flat(bloc).astype(np.intp, copy=False),
        flat(funds, float),
        flat(tech, float),
        flat(seats, float) + flat(payload, float),
        None if taste is None else flat(taste, float),
    )
    return util.reshape(shape), terms.reshape((*shape, len(TERMS)))


def _flat_utility(s, rules, ctx, wi, kind, sender, target, bloc, funds, tech, slots, taste):
    """``offer_utility`` of flat (R,) rows; ``kind`` is an (R,) array or one kind (an int)
    for every row."""
    c = rules.constants
    n = rules.n_nations
    # integer bounds: minimum/maximum give np.clip's result at a fraction of its overhead
    sender = np.minimum(np.maximum(sender, 0), n - 1)
    target = np.minimum(np.maximum(target, 0), n - 1)
    terms = np.zeros((len(wi), len(TERMS)))
    if isinstance(kind, int):  # every row one kind: no masks needed (``add``'s ``every``)
        is_invite = kind == st.KIND["invite"]
        is_apply = kind == st.KIND["apply"]
        is_deal = not (is_invite or is_apply)
        some = len(wi) > 0
        any_invite, any_apply, any_deal = is_invite and some, is_apply and some, is_deal and some
        all_invite, all_apply, all_deal = is_invite, is_apply, is_deal
    else:
        is_invite = kind == st.KIND["invite"]
        is_apply = kind == st.KIND["apply"]
        is_deal = ~(is_invite | is_apply)
        any_invite, any_apply, any_deal = (bool(x.any()) for x in (is_invite, is_apply, is_deal))
        all_invite = any_invite and bool(is_invite.all())
        all_apply = any_apply and bool(is_apply.all())
        all_deal = any_deal and bool(is_deal.all())
    k = np.minimum(np.maximum(bloc, 0), rules.n_blocs - 1)

    def add(name: str, value, rows: np.ndarray, every: bool) -> None:
        # every row of this kind: no mask needed (adding 0 where masked changes no bits)
        if every:
            terms[:, T[name]] += value
        else:
            terms[:, T[name]] += np.where(rows, value, 0.0)

    budget_t = np.maximum(s.budget[wi, target], 1e-3)
    tech_t = s.tech[wi, target]  # (R, D)
    tech_s = None
    if any_invite or any_apply:
        best_k = ctx.best_at(wi, k)  # (R, D)
        bloc_budget = ctx.bloc_budget[wi, k]
        contribution = s.contribution[wi, k]

    if any_invite:  # the target weighs joining bloc k
        every = all_invite
        # the decider is in another bloc already (and stays); for a member of k itself the
        # invitation is the value of staying, which carries no second membership
        aligned = (s.bloc[wi, target] >= 0) & ~s.member[wi, target, k]
        size = ctx.size[wi, k]
        aff_new = ctx.joining_affinity(wi, target, k)
        gap_bloc = np.maximum(best_k - tech_t, 0.0).mean(axis=-1)
        share = c.participation_share / (size + 1) + (1 - c.participation_share) * budget_t / (
            bloc_budget + budget_t
        )
        remaining = 1.0 - ctx.progress[wi, k]
        add("affinity", c.affinity_weight * aff_new, is_invite, every)
        add(
            "tech",
            c.material_weight * c.tech_value * s.sharing[wi, k] * gap_bloc,
            is_invite,
            every,
        )
        add(
            "prestige",
            c.material_weight
            * c.prestige_value
            * share
            * remaining
            * (0.5 + rules.ambition[target]),
            is_invite,
            every,
        )
        add(
            "momentum",
            c.momentum_weight * rules.bandwagon[target] * ctx.lead[wi, k],
            is_invite,
            every,
        )
        add("contribution", -c.cost_weight * contribution, is_invite, every)
        # a non-binding declaration costs less freedom than a ratified treaty
        add(
            "sovereignty",
            -c.sovereignty_weight * rules.sovereignty[target] * rules.binding[k],
            is_invite,
            every,
        )
        second = np.where(aligned, -c.switching_cost * rules.binding[k], 0.0)
        add("switching", second, is_invite, every)
    if any_apply:  # the leader (target) weighs admitting the sender
        every = all_apply
        tech_s = s.tech[wi, sender]
        budget_s = s.budget[wi, sender]
        view = ctx.members_view_of(wi, sender, k)
        add("affinity", c.affinity_weight * view, is_apply, every)
        add(
            "tech",
            c.material_weight * c.tech_value * np.maximum(tech_s - best_k, 0.0).mean(axis=-1),
            is_apply,
            every,
        )
        add(
            "funds",
            c.material_weight
            * c.funds_value
            * contribution
            * budget_s
            / np.maximum(bloc_budget, 1e-3),
            is_apply,
            every,
        )
        add("contribution", -c.coordination_value * c.coordination_cost, is_apply, every)
    if any_deal:  # the target weighs what the sender gives
        every = all_deal
        add("affinity", 0.5 * c.affinity_weight * s.relations[wi, target, sender], is_deal, every)
        add("sovereignty", -0.25 * c.sovereignty_weight * rules.sovereignty[target], is_deal, every)
    # sweeteners count for every kind: the sender gives them to the decider (a column that
    # only ever had values added to it is never -0, so skipping zero sweeteners changes no bits)
    if tech.any():
        if tech_s is None:
            tech_s = s.tech[wi, sender]
        gap_sender = np.maximum(tech_s - tech_t, 0.0).mean(axis=-1)
        terms[:, T["tech"]] += c.material_weight * c.tech_value * tech * gap_sender
    if funds.any():
        terms[:, T["funds"]] += (
            c.material_weight * c.funds_value * np.minimum(funds / budget_t, 2.0)
        )
    if slots.any():
        terms[:, T["seats"]] += slot_utility(c) * slots
    if taste is not None:
        terms[:, T["taste"]] = taste
    return terms.sum(axis=-1), terms


def slot_utility(c) -> float:
    """The seats term of one astronaut seat or payload slot offered (``offer_utility`` adds
    it once per seat and slot)."""
    return c.material_weight * c.seat_value


def explain(terms: np.ndarray, top: int = 3) -> list[tuple[str, float]]:
    """The ``top`` terms of one decision by size, as (label, value) pairs, largest first."""
    terms = np.asarray(terms, dtype=float).reshape(len(TERMS))
    order = np.argsort(-np.abs(terms), kind="stable")[:top]
    return [(TERM_LABELS[TERMS[i]], float(terms[i])) for i in order if terms[i] != 0.0]
