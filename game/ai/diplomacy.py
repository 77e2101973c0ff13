"""Diplomacy of the computer players: invitations, applications, courting deals, leaving.

Spec card:
    Reads: State (bloc, leader, relations, forbidden, blocked, tech, budget, support, offers),
        Rules (entry conditions, constants), the difficulty level; ``engine.utility`` for every
        judgement, so the AI weighs offers exactly as the engine will answer them.
    Writes: new offers (W, P) with the predicted acceptance and terms of each, leave (W, N)
        with the value of staying.
    In words:
        * a bloc recruits nations outside it that its entry rules admit and that it expects to
          say yes (acceptance = P(utility + taste > threshold), the engine's own rule); when a
          prospect is short of yes, the cheapest sweetener that tips it (a seat, technology,
          funds) is added if the level allows and the sender can afford it; bigger nations
          first, at most ``max_offers_per_nation`` per sender. Normal and easy levels recruit
          through the leader; hard assigns each prospect to the member that likes it best;
        * an unaligned nation applies to the bloc it would most like to join, when it likes it
          clearly and the leader is expected to admit it, and no invitation is on the way;
        * a leader courts a prospect that is not ready yet with a technology-transfer deal
          (deals warm relations through diplomacy spending);
        * a member leaves when staying is clearly worth less than being unaligned (never the
          leader).
    Randomness: judgement noise and the chance to act come from ``game.engine.rng`` (phase
        ``PHASE_AI``), keyed by world and turn: decisions replay and match across batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from game.ai.difficulty import Difficulty
from game.engine import rng
from game.engine import state as st
from game.engine.utility import TERMS, Context, offer_utility

INVITE, APPLY, TECH_DEAL = st.KIND["invite"], st.KIND["apply"], st.KIND["tech_transfer"]
T = {name: i for i, name in enumerate(TERMS)}

#: How many turns an AI offer stays open (people need a turn to think; auto targets answer
#: on the first turn an offer can be answered).
OFFER_TURNS = 2
#: A member reconsiders its membership once every this many turns (nations take turns).
REVIEW_TURNS = 3
#: Utility margin above the threshold before a nation applies (it must like the bloc clearly).
APPLY_MARGIN = 0.1
#: Sweeteners the AI may add: a share of the technology gap closed, seats, and funds as a
#: share of the target's budget, capped by a share of the sender's.
SWEET_TECH = 0.3
SWEET_FUNDS_TARGET = 0.3
SWEET_FUNDS_SENDER = 0.02
#: Technology-transfer deal a leader offers to court a prospect.
COURT_TECH = 0.2
#: Scale of a logistic draw with unit standard deviation (sqrt(3) / pi).
_LOGISTIC_SCALE = 0.5513288954217921
#: Draw-index blocks within PHASE_AI (one per purpose, so purposes never share draws).
_BLOCK = 1 << 16
_JUDGE_INVITE, _JUDGE_APPLY, _ACT_INVITE, _ACT_APPLY, _JUDGE_STAY, _ACT_COURT = range(6)

#: Sweetener options, cheapest first: (funds?, tech?, seats).
_OPTIONS = ((0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 1, 1))


def accept_probability(utility: np.ndarray, rules) -> np.ndarray:
    """P(utility + taste > threshold) with taste ~ Normal(0, noise): the engine's answer rule."""
    c = rules.constants
    if c.noise <= 0:
        return (utility > c.accept_threshold).astype(np.float64)
    return normal_cdf((utility - c.accept_threshold) / c.noise)


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


@dataclass(frozen=True, slots=True)
class DiplomacyPlan:
    """New offers (W, P) with the AI's expectations, and who leaves (W, N)."""

    new: st.NewOffers
    prob: np.ndarray  # (W, P) expected chance of a yes
    terms: np.ndarray  # (W, P, T) the decider's utility terms as the AI foresees them
    leave: np.ndarray  # (W, N) bool
    stay: np.ndarray  # (W, N) value of staying in one's bloc, for members reviewing it (else 0)
    stay_terms: np.ndarray  # (W, N, T)


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


def _noise_at(seed, state, block: int, mask: np.ndarray) -> np.ndarray:
    """(W, N) judgement noise with unit spread at the cells of ``mask`` (0 elsewhere).

    A logistic draw: one hash per value where a normal draw needs two; the shape of a
    misjudgement's distribution matters little.
    """
    u = np.clip(_uniform_at(seed, state, block, mask), 1e-12, 1 - 1e-12)
    return np.where(mask, _LOGISTIC_SCALE * np.log(u / (1.0 - u)), 0.0)


def _pending(state, n_blocs: int) -> np.ndarray:
    """(W, K, N) bool: an invitation to or application from nation n for bloc k is open."""
    of = state.offers
    w, n = state.bloc.shape
    out = np.zeros((w, n_blocs, n), dtype=bool)
    member = of.active & ((of.kind == INVITE) | (of.kind == APPLY)) & (of.bloc >= 0)
    if member.any():
        ws, slots = np.nonzero(member)
        who = np.where(of.kind == INVITE, of.target, of.sender)[ws, slots]
        out[ws, of.bloc[ws, slots], who] = True
    return out


def _forbidden_with_members(state, rules) -> np.ndarray:
    """(W, N, K) bool: nation n is barred from some member of bloc k.

    Only the scenario's declared pairs can ever be forbidden (events toggle them by id), so
    a loop over those few pairs replaces a scan of the (W, N, N) table.
    """
    w, n = state.bloc.shape
    out = np.zeros((w, n, rules.n_blocs), dtype=bool)
    wi = np.arange(w)
    for i, j in np.asarray(rules.fp_nations, dtype=np.intp).reshape(-1, 2):
        on = state.forbidden[:, i, j]
        if not on.any():
            continue
        for a, b in ((i, j), (j, i)):
            kb = state.bloc[:, b]
            hit = on & (kb >= 0)
            out[wi[hit], a, kb[hit]] = True
    return out


def _at(x, mask_idx, shape) -> np.ndarray:
    """A scalar or (W, N) array at the cells ``mask_idx`` (from ``np.nonzero``)."""
    x = np.asarray(x)
    if x.ndim == 0:
        return np.broadcast_to(x, mask_idx[0].shape)
    return np.broadcast_to(x, shape)[mask_idx]


def utility_at(state, rules, ctx, mask, kind, sender, target, bloc, funds=0.0, tech=0.0, seats=0):
    """``offer_utility`` evaluated only where ``mask`` (W, N) holds; zero elsewhere.

    Arguments are scalars or (W, N) arrays. Returns dense (W, N) utility and terms (R, T)
    of the evaluated cells, in ``np.nonzero(mask)`` order.
    """
    u = np.zeros(mask.shape)
    if not mask.any():
        return u, np.zeros((0, len(TERMS)))
    idx = np.nonzero(mask)
    uu, tt = offer_utility(
        state,
        rules,
        *(_at(x, idx, mask.shape) for x in (kind, sender, target, bloc, funds, tech, seats)),
        0,
        context=ctx,
        worlds=idx[0],
    )
    u[idx] = uu
    return u, tt


def utility_needed(rules, p: float) -> float:
    """The utility (before taste) at which the engine says yes with probability ``p``."""
    c = rules.constants
    if c.noise <= 0:
        return c.accept_threshold + 1e-9
    p = min(max(p, 1e-6), 1 - 1e-6)
    return c.accept_threshold + c.noise * NormalDist().inv_cdf(p)


#: Fields of a candidate offer, in NewOffers order, with the dtype they are packed in.
_FIELDS = {
    "kind": np.int8,
    "sender": np.int16,
    "target": np.int16,
    "bloc": np.int16,
    "funds": np.float64,
    "tech": np.float64,
    "seats": np.int8,
}


class _Candidates:
    """Offers under consideration, kept as sparse rows (most cells of (W, N) send nothing)."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.shape = shape
        self.rows: dict[str, list[np.ndarray]] = {
            name: [] for name in (*_FIELDS, "world", "priority", "prob")
        }

    def add(self, valid: np.ndarray, **fields) -> None:
        """Add the cells of ``valid``; fields are scalars or (W, N) arrays."""
        idx = np.nonzero(valid)
        self.rows["world"].append(idx[0])
        for name, value in fields.items():
            self.rows[name].append(_at(value, idx, self.shape))

    def pack(self, slots: int, per_sender: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """At most ``per_sender`` offers per sender (best first), then the best ``slots`` per
        world. Returns the world of each kept row and its fields."""
        if not self.rows["world"]:
            empty = np.zeros(0, dtype=np.int64)
            return empty, {name: empty for name in self.rows}
        rows = {name: np.concatenate(parts) for name, parts in self.rows.items()}
        world, sender, priority = rows["world"], rows["sender"], rows["priority"]
        order = np.lexsort((-priority, sender, world))
        keep = _rank_in_groups(world[order] * (1 << 20) + sender[order]) < per_sender
        order = order[keep]
        order = order[np.lexsort((-priority[order], world[order]))]
        slot = _rank_in_groups(world[order])
        order, slot = order[slot < slots], slot[slot < slots]
        return slot, {name: value[order] for name, value in rows.items()}


def _rank_in_groups(keys: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal keys (keys sorted)."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    start = np.ones(keys.shape, dtype=bool)
    start[1:] = keys[1:] != keys[:-1]
    idx = np.arange(keys.size)
    return idx - np.maximum.accumulate(np.where(start, idx, 0))


def plan_diplomacy(
    state, rules, level: Difficulty, controlled: np.ndarray, seed: int, ctx: Context | None = None
) -> DiplomacyPlan:
    """Offers to make and blocs to leave, for every controlled nation of every world."""
    c = rules.constants
    w, n = state.bloc.shape
    kb = rules.n_blocs
    ctx = Context(state, rules) if ctx is None else ctx
    wi = np.arange(w)[:, None]
    targets = np.broadcast_to(np.arange(n, dtype=np.int64), (w, n))
    leader = state.leader.astype(np.int64)
    is_leader = np.zeros((w, n), dtype=bool)
    for k in range(kb):
        has = leader[:, k] >= 0
        is_leader[np.flatnonzero(has), leader[has, k]] = True
    unaligned = state.bloc == st.NO_BLOC
    running = ~state.ended[:, None]
    cands = _Candidates((w, n))
    joins = np.full((w, n, kb), -np.inf)  # each nation's (noisy) utility of joining bloc k
    invited = np.zeros((w, n), dtype=bool)
    # The full affinity table: every nation is weighed against every bloc this turn, and
    # once the table exists the engine's utility reads it instead of gathering rows.
    aff = c.affinity_weight * ctx.affinity  # (W, N, K)
    stay = np.zeros((w, n))
    needed = utility_needed(rules, level.min_accept)
    noisy = level.judgement_noise > 0
    # Members review their membership every REVIEW_TURNS turns, in turn (cheaper, and a
    # government does not reconsider a treaty every six months).
    review = (np.arange(n) % REVIEW_TURNS == state.turn % REVIEW_TURNS)[None, :]
    review = review & controlled & ~unaligned & ~is_leader & running
    # How far the AI misjudges each prospect this turn (shared by every bloc's recruiters).
    prospect_any = running & ~is_leader & (unaligned | level.coordinated)
    any_prospects = bool(prospect_any.any())
    judge = 0.0
    if noisy and any_prospects:
        judge = level.judgement_noise * _noise_at(seed, state, _JUDGE_INVITE, prospect_any)
    if any_prospects:  # late in a game every nation may be in a bloc: nothing to recruit
        pending = _pending(state, kb)
        barred = _forbidden_with_members(state, rules)
        mean_tech = state.tech[:, :, 0].copy()
        for d in range(1, rules.n_domains):  # a short axis: adding slices beats a reduction
            mean_tech += state.tech[:, :, d]
        mean_tech /= rules.n_domains

    for k in range(kb):  # K is a handful of blocs; every line below is vectorised over W, N
        lead = leader[:, k]
        lead0 = np.maximum(lead, 0)
        member = state.bloc == k
        may_leave = member & review
        if not any_prospects:
            # Only the value of staying is needed (utility of an invitation to one's own bloc).
            u0, _ = utility_at(state, rules, ctx, may_leave, INVITE, lead0[:, None], targets, k)
            stay = np.where(may_leave, u0 + aff[:, :, k], stay)
            continue
        eligible = ~member & ~barred[:, :, k] & ~state.blocked[:, :, k] & ~is_leader
        eligible &= mean_tech >= rules.entry_min_tech[k] - 1e-12
        eligible &= state.relations[wi, lead0[:, None], targets] >= rules.entry_min_relations[k]
        eligible &= (lead >= 0)[:, None] & running
        if not level.coordinated:
            eligible &= unaligned  # only the sharpest players poach members of rival blocs
        recruiters = member & controlled
        if level.coordinated:
            fond = np.where(recruiters[:, :, None], state.relations, -np.inf)
            sender = np.argmax(fond, axis=1)  # (W, N): the member each prospect likes best
            has_sender = np.isfinite(np.max(fond, axis=1))
        else:
            sender = np.broadcast_to(lead0[:, None], (w, n))
            has_sender = np.broadcast_to(recruiters[np.arange(w), lead0][:, None], (w, n))
        u0, _ = utility_at(state, rules, ctx, eligible | may_leave, INVITE, sender, targets, k)
        joins[:, :, k] = np.where(eligible, u0 + judge, -np.inf)
        # For its own members, the invitation's utility is the value of staying, less the
        # affinity (joining the bloc one is in changes no affinity): add it back.
        stay = np.where(may_leave, u0 + aff[:, :, k], stay)

        prospects = eligible & has_sender & ~pending[:, k, :]
        if level.coordinated and prospects.any():
            # Sharper targeting: court only nations the bloc itself gains from, as its leader
            # would judge their application (their technology and money against the cost of
            # coordinating one more member).
            worth, _ = utility_at(state, rules, ctx, prospects, APPLY, targets, lead0[:, None], k)
            prospects &= worth > c.accept_threshold
        funds = tech = seats = 0.0
        u = u0
        if level.sweeteners and prospects.any():
            budget_s = state.budget[wi, sender]
            f_amount = np.minimum(
                SWEET_FUNDS_TARGET * state.budget, SWEET_FUNDS_SENDER * budget_s
            ) * (state.support[wi, sender] >= 0.45)
            # Sweeteners add the same terms whatever the offer's kind: price them on a deal,
            # the cheapest kind to evaluate (its base terms sit in other columns).
            idx = np.nonzero(prospects)
            _, dt = offer_utility(
                state,
                rules,
                TECH_DEAL,
                sender[idx],
                targets[idx],
                -1,
                f_amount[idx],
                SWEET_TECH,
                1,
                context=ctx,
                worlds=idx[0],
            )
            d_funds, d_tech, d_seats = (np.zeros((w, n)) for _ in range(3))
            d_funds[idx], d_tech[idx], d_seats[idx] = (
                dt[:, T["funds"]],
                dt[:, T["tech"]],
                dt[:, T["seats"]],
            )
            can_tech = d_tech > 1e-3  # the sender has technology the prospect lacks
            # Money moves budget from a big contributor to a smaller one: worth it to win a
            # new member, never to lure one away from a rival (the pool would shrink).
            can_funds = (f_amount > 1e-3) & unaligned
            best = np.full((w, n), -1, dtype=np.int64)
            for o, (fo, to, so) in enumerate(_OPTIONS):
                ok = (can_tech if to else True) & (can_funds if fo else True)
                u_o = u0 + fo * d_funds + to * d_tech + so * d_seats + judge
                best = np.where(ok & (u_o >= needed) & (best < 0), o, best)
            use = (best > 0)[..., None] * np.asarray(_OPTIONS)[np.maximum(best, 0)]  # (W, N, 3)
            funds = np.where(use[..., 0] > 0, f_amount, 0.0)
            tech = np.where(use[..., 1] > 0, SWEET_TECH, 0.0)
            seats = use[..., 2]
            u = u0 + use[..., 0] * d_funds + use[..., 1] * d_tech + use[..., 2] * d_seats
            # Courting: a prospect not ready for an invitation is offered a technology deal
            # by its recruiter (deals warm relations through diplomacy spending).
            deal_u = np.zeros((w, n))
            deal_u[idx] = (
                dt[:, T["affinity"]]
                + dt[:, T["sovereignty"]]
                + dt[:, T["tech"]] * (COURT_TECH / SWEET_TECH)
            )
            court = prospects & unaligned & can_tech & (deal_u >= utility_needed(rules, 0.5))
            court &= u + judge >= utility_needed(rules, 0.1)
            if level.invite_rate < 1:
                court &= _uniform_at(seed, state, _ACT_COURT, court, k * n) < level.invite_rate
            court_prob = accept_probability(deal_u, rules)
        else:
            court = np.zeros((w, n), dtype=bool)
            court_prob = np.zeros((w, n))
        send = prospects & (u + judge >= needed)
        if level.invite_rate < 1:
            send &= _uniform_at(seed, state, _ACT_INVITE, send, k * n) < level.invite_rate
        court &= ~send
        invited |= send
        if send.any():
            prob = accept_probability(u + judge, rules)
            cands.add(
                send,
                kind=INVITE,
                sender=sender,
                target=targets,
                bloc=k,
                funds=funds,
                tech=tech,
                seats=seats,
                priority=prob * np.sqrt(state.budget),
                prob=prob,
            )
        if court.any():
            cands.add(
                court,
                kind=TECH_DEAL,
                sender=sender,
                target=targets,
                bloc=-1,
                funds=0.0,
                tech=COURT_TECH,
                seats=0,
                priority=0.01 * np.sqrt(state.budget),  # after every invitation
                prob=court_prob,
            )

    # Applications: an unaligned nation asks to join the bloc it likes best.
    if any_prospects and unaligned.any():
        _applications(
            state, rules, ctx, level, seed, cands, controlled & unaligned, joins, invited, pending
        )

    new, prob, terms = _pack(state, rules, ctx, cands, c.max_offers_per_nation)

    # Leaving: staying must be clearly worse than being unaligned.
    if noisy:
        stay_seen = stay + level.judgement_noise * _noise_at(seed, state, _JUDGE_STAY, review)
    else:
        stay_seen = stay
    leave = review & (stay_seen < level.leave_below)
    stay_terms = np.zeros((w, n, len(TERMS)))
    if leave.any():
        own = np.maximum(state.bloc, 0)
        lead_own = np.maximum(np.take_along_axis(leader, own, axis=1), 0)
        idx = np.nonzero(leave)
        _, tt = utility_at(state, rules, ctx, leave, INVITE, lead_own, targets, own)
        tt[:, T["affinity"]] = aff[idx[0], idx[1], own[idx]]
        stay_terms[idx] = tt
    return DiplomacyPlan(
        new=new,
        prob=prob,
        terms=terms,
        leave=leave,
        stay=np.where(review, stay, 0.0),
        stay_terms=stay_terms,
    )


def _applications(state, rules, ctx, level, seed, cands, free, joins, invited, pending) -> None:
    """Add the applications of unaligned nations (``free``) to the bloc each likes best,
    when it likes it clearly and expects the leader to admit it."""
    c = rules.constants
    w, n = state.bloc.shape
    targets = np.broadcast_to(np.arange(n, dtype=np.int64), (w, n))
    leader = state.leader.astype(np.int64)
    best_k = np.argmax(joins, axis=2)
    best_u = np.take_along_axis(joins, best_k[:, :, None], axis=2)[:, :, 0]
    lead_b = np.take_along_axis(leader, best_k, axis=1)
    pend_b = np.take_along_axis(pending.transpose(0, 2, 1), best_k[:, :, None], axis=2)[:, :, 0]
    may_apply = free & np.isfinite(best_u) & (lead_b >= 0) & ~invited & ~pend_b
    may_apply &= best_u >= c.accept_threshold + APPLY_MARGIN
    if may_apply.any():
        ua, _ = utility_at(
            state, rules, ctx, may_apply, APPLY, targets, np.maximum(lead_b, 0), best_k
        )
        if level.judgement_noise > 0:
            ua = ua + level.judgement_noise * _noise_at(seed, state, _JUDGE_APPLY, may_apply)
        pa = np.where(rules.entry_approval[best_k], accept_probability(ua, rules), 1.0)
        apply = may_apply & (pa >= level.min_accept)
        if level.invite_rate < 1:
            apply &= _uniform_at(seed, state, _ACT_APPLY, apply) < level.invite_rate
        cands.add(
            apply,
            kind=APPLY,
            sender=targets,
            target=np.maximum(lead_b, 0),
            bloc=best_k,
            funds=0.0,
            tech=0.0,
            seats=0,
            priority=1e3,  # a nation's own application comes first
            prob=pa,
        )


def _pack(state, rules, ctx, cands: _Candidates, per_sender: int):
    """NewOffers (W, P) from the candidates, with the predicted chance and terms of each.

    Terms are what drove each offer: for invitations and deals the target's utility terms as
    the AI foresees them, for applications the applicant's own wish to join.
    """
    w = state.bloc.shape[0]
    p = rules.new_offer_slots
    slot, rows = cands.pack(p, per_sender)
    ws = rows["world"]
    out = {name: np.zeros((w, p), dtype=dtype) for name, dtype in _FIELDS.items()}
    out["bloc"][:] = st.NO_BLOC
    active = np.zeros((w, p), dtype=bool)
    active[ws, slot] = True
    for name, dtype in _FIELDS.items():
        out[name][ws, slot] = rows[name].astype(dtype)
    prob = np.zeros((w, p))
    prob[ws, slot] = rows["prob"]
    terms = np.zeros((w, p, len(TERMS)))
    if ws.size:
        is_apply = rows["kind"] == APPLY
        # An applicant's reasons: how much it wants to join (an invitation's utility).
        _, tt = offer_utility(
            state,
            rules,
            np.where(is_apply, INVITE, rows["kind"]),
            np.where(is_apply, rows["target"], rows["sender"]),
            np.where(is_apply, rows["sender"], rows["target"]),
            rows["bloc"],
            rows["funds"],
            rows["tech"],
            rows["seats"],
            0,
            context=ctx,
            worlds=ws,
        )
        terms[ws, slot] = tt
    new = st.NewOffers(
        active=active,
        kind=out["kind"],
        sender=out["sender"],
        target=out["target"],
        bloc=out["bloc"],
        funds=out["funds"],
        tech=out["tech"],
        seats=out["seats"],
        payload=np.zeros((w, p), dtype=np.int8),
        turns=np.full((w, p), OFFER_TURNS, dtype=np.int16),
    )
    return new, prob, terms
