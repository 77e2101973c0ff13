"""Diplomacy of the computer players: invitations, applications, courting deals, leaving.

Spec card:
    Reads: State (bloc, leader, relations, forbidden, blocked, tech, budget, support, offers),
        Rules (entry conditions, constants), the difficulty level; ``engine.utility`` for every
        judgement, asked through ``ai.judge`` (the AI's Context, an offer's utility and its
        chance of a yes), so the AI weighs offers exactly as the engine will answer them.
    Writes: new offers (W, P) with the predicted acceptance and terms of each, leave (W, N)
        with the value of staying.
    In words:
        * a bloc recruits nations outside it that its entry rules admit and that it expects to
          say yes (acceptance = P(utility + taste > threshold), the engine's own rule); when a
          prospect is short of yes, the cheapest sweetener that tips it (a seat, technology,
          funds) is added if the level allows and the sender can afford it (funds only to win
          an unaligned nation, never to lure a rival's member: the pool would shrink); bigger
          nations first, at most ``max_offers_per_nation`` per sender. A nation weighing
          another bloc's invitation is still a prospect; one weighing this bloc's own gets a
          second only if it is clearly better (``TOP_UP_MARGIN``). Every level may invite a
          member of another bloc as a second membership (the law refuses two exclusive
          ones); easy and normal recruit through the leader; hard also assigns
          each prospect to the member that likes it best, and courts only nations the bloc
          gains from (as its leader would judge their application);
        * an unaligned nation applies to the bloc it would most like to join, when it likes it
          clearly and the leader is expected to admit it, and no invitation is on the way; a
          level with ``score_stakes`` applies (a member at its review: to a second bloc) to
          the bloc whose membership adds most to its score (``ai.membership``), never to the
          bloc it plays against;
        * a recruiter courts a prospect that is not ready yet with a technology-transfer deal
          (deals warm relations through diplomacy spending);
        * a member reviews its membership every ``REVIEW_YEARS`` years and leaves when staying
          is clearly worth less than being unaligned (never the leader): the sovereignty it
          gave up was weighed when it joined, what it holds (seats, slots, partners' funds)
          lapses on leaving; at ``score_stakes`` it also keeps a membership its score gains
          from.
    Randomness: judgement noise and the chance to act come from ``game.engine.rng`` (phase
        ``PHASE_AI``), keyed by world and turn: decisions replay and match across batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.ai.budget import spare_reserve
from game.ai.deals import plan_partner_deals
from game.ai.difficulty import Difficulty
from game.ai.judge import (
    APPLY,
    INVITE,
    AIContext,
    _at,
    _pending,
    _pending_utility,
    accept_probability,
    utility_at,
    utility_needed,
)
from game.ai.membership import membership_stake
from game.ai.terms import (
    _LOGISTIC_SCALE,
    _uniform_at,
    _uniform_rows,
    reviews_due,
)
from game.engine import law
from game.engine import state as st
from game.engine.utility import TERMS, offer_utility

TECH_DEAL = st.KIND["tech_transfer"]
T = {name: i for i, name in enumerate(TERMS)}

#: How many turns an AI offer stays open (people need a turn to think; auto targets answer
#: on the first turn an offer can be answered).
OFFER_TURNS = 2
#: Utility margin above the threshold before a nation applies (it must like the bloc clearly).
APPLY_MARGIN = 0.1
#: Sweeteners the AI may add: a share of the technology gap closed, seats, and funds as a
#: share of the target's budget, capped by a share of the sender's.
SWEET_TECH = 0.3
SWEET_FUNDS_TARGET = 0.3
SWEET_FUNDS_SENDER = 0.02
#: Landscape affinity (``engine.utility.affinity``) from which a bloc's leader keeps a
#: standing invitation open to a nation: it stands closer to the bloc's members than
#: against them (design: 0, the sign of the alignment).
STANDING_AFFINITY = 0.0
#: Utility by which a new invitation must beat one to the same bloc that the prospect is
#: already weighing (a third of the engine's default taste spread, 0.15): a clearly better
#: offer, not the same package re-sent as relations drift.
TOP_UP_MARGIN = 0.05
#: Technology-transfer deal a leader offers to court a prospect.
COURT_TECH = 0.2
_JUDGE_INVITE, _JUDGE_APPLY, _ACT_INVITE, _ACT_APPLY, _JUDGE_STAY, _ACT_COURT = range(6)

#: Sweetener options, cheapest first: (funds?, tech?, seats).


def sweetener_options(c) -> np.ndarray:
    """(O, 4) packages (funds?, technology?, seats, payload slots) the AI may add, cheapest
    first by the law's prices: in-kind packages (payload slots on its landers, astronaut
    seats, a technology transfer; what a space agency really offers a partner) up to the
    law's limits, then money, the last resort."""
    rows = [
        (0, t, se, pl)
        for t in (0, 1)
        for se in range(int(c.max_seats) + 1)
        for pl in range(int(c.max_payload) + 1)
    ]
    price = [
        t * SWEET_TECH * c.tech_price + se * c.seat_price + pl * c.payload_price
        for _, t, se, pl in rows
    ]
    order = sorted(range(len(rows)), key=lambda i: (price[i], i))
    rows = [rows[i] for i in order] + [(1, 0, 0, 0), (1, 1, 1, 1)]
    return np.asarray(rows, dtype=np.int64)


@lru_cache(maxsize=16)
def _sweetener_table(c) -> tuple[np.ndarray, np.ndarray]:
    """(``sweetener_options``, ``sweetener_price``) of the constants ``c``, made once per
    constants (they are frozen) and read-only."""
    options = sweetener_options(c)
    price = sweetener_price(options, c)
    options.flags.writeable = False
    price.flags.writeable = False
    return options, price


def sweetener_price(options: np.ndarray, c) -> np.ndarray:
    """(O,) what each package costs its sender, once, when accepted (funds are yearly)."""
    return (
        options[:, 1] * SWEET_TECH * c.tech_price
        + options[:, 2] * c.seat_price
        + options[:, 3] * c.payload_price
    )


@dataclass(frozen=True, slots=True)
class DiplomacyPlan:
    """New offers (W, P) with the AI's expectations, and who leaves (W, N)."""

    new: st.NewOffers
    prob: np.ndarray  # (W, P) expected chance of a yes
    terms: np.ndarray  # (W, P, T) the decider's utility terms as the AI foresees them
    leave: np.ndarray  # (W, N) bool
    stay: np.ndarray  # (W, N) value of staying as the member sees it (with its misjudgement),
    # for members reviewing their membership this turn (else 0); stay_terms hold the true terms
    stay_terms: np.ndarray  # (W, N, T)


def _noise_at(seed, state, block: int, mask: np.ndarray) -> np.ndarray:
    """(W, N) judgement noise with unit spread at the cells of ``mask`` (0 elsewhere).

    A logistic draw: one hash per value where a normal draw needs two; the shape of a
    misjudgement's distribution matters little.
    """
    u = np.clip(_uniform_at(seed, state, block, mask), 1e-12, 1 - 1e-12)
    return np.where(mask, _LOGISTIC_SCALE * np.log(u / (1.0 - u)), 0.0)


#: Fields of a candidate offer, in NewOffers order, with the dtype they are packed in.
_FIELDS = {
    "kind": np.int8,
    "sender": np.int16,
    "target": np.int16,
    "bloc": np.int16,
    "funds": np.float64,
    "tech": np.float64,
    "seats": np.int8,
    "payload": np.int8,
}


class _Candidates:
    """Offers under consideration, kept as sparse rows (most cells of (W, N) send nothing)."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.shape = shape
        self.rows: dict[str, list[np.ndarray]] = {
            name: [] for name in (*_FIELDS, "world", "priority", "prob")
        }

    def add_rows(self, world: np.ndarray, **fields) -> None:
        """Add rows given by their world positions; fields are scalars or (R,) arrays."""
        if not world.size:  # nothing to add (every field has one dtype: no casting lost)
            return
        self.rows["world"].append(world)
        for name, value in fields.items():
            value = np.asarray(value)
            if value.shape != world.shape:  # a scalar: np.full is the cheaper broadcast
                value = (
                    np.full(world.shape, value)
                    if value.ndim == 0
                    else np.broadcast_to(value, world.shape)
                )
            self.rows[name].append(value)

    def add(self, valid: np.ndarray, **fields) -> None:
        """Add the cells of ``valid``; fields are scalars or (W, N) arrays."""
        idx = np.nonzero(valid)
        if not idx[0].size:
            return
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
    state,
    rules,
    level: Difficulty,
    controlled: np.ndarray,
    seed: int,
    ctx: AIContext | None = None,
    beat: np.ndarray | None = None,
    spare: np.ndarray | None = None,
) -> DiplomacyPlan:
    """Offers to make and blocs to leave, for every controlled nation of every world;
    ``spare`` (W, N) the reserve each may spend on sweeteners' prices (default: the level's
    ``budget.spare_reserve``; a nation budgeting by another level keeps that level's cover)."""
    c = rules.constants
    spare = spare_reserve(state, rules, level) if spare is None else spare
    w, n = state.bloc.shape
    kb = rules.n_blocs
    ctx = AIContext(state, rules) if ctx is None else ctx
    wi = np.arange(w)[:, None]
    targets = np.broadcast_to(np.arange(n, dtype=np.int64), (w, n))
    cells_w = np.broadcast_to(wi, (w, n))  # the world of each (W, N) cell
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
    needed = utility_needed(rules, level.min_accept)
    noisy = level.judgement_noise > 0
    # Members review their membership every REVIEW_YEARS years, in turn (cheaper, and a
    # government does not reconsider a treaty every six months).
    review = reviews_due(n, int(state.turn), rules.turn_years)[None, :]
    review = review & controlled & ~unaligned & ~is_leader & running
    # How far the AI misjudges each prospect this turn (shared by every bloc's recruiters).
    # membership (issue 9): joining never leaves a bloc and the law refuses what would put a
    # nation in two exclusive blocs, so a member of another bloc is a prospect for any level
    prospect_any = running & ~is_leader
    any_prospects = bool(prospect_any.any())
    judge = 0.0
    if noisy and any_prospects:
        judge = level.judgement_noise * _noise_at(seed, state, _JUDGE_INVITE, prospect_any)
    if any_prospects:  # late in a game every nation may be in a bloc: nothing to recruit
        pending = _pending(state, kb)  # (W, K, N)
        pending_u = _pending_utility(state, rules, ctx, kb)
    if beat is None:
        beat = np.zeros((w, kb), dtype=bool)

    for k in range(kb):  # K is a handful of blocs; every line below is vectorised over W, N
        k_cells = np.full((w, n), k)
        lead = leader[:, k]
        lead0 = np.maximum(lead, 0)
        member = state.bloc == k
        if not any_prospects:
            continue
        # the law's entry conditions (the engine refuses the rest); leaders stay put
        eligible = law.entry_refusal(state, rules, cells_w, targets, k_cells) == law.Refusal.OK
        eligible &= ~is_leader & running
        recruiters = member & controlled
        if level.coordinated:
            fond = np.where(recruiters[:, :, None], state.relations, -np.inf)
            sender = np.argmax(fond, axis=1)  # (W, N): the member each prospect likes best
            has_sender = np.isfinite(np.max(fond, axis=1))
        else:
            sender = np.broadcast_to(lead0[:, None], (w, n))
            has_sender = np.broadcast_to(recruiters[np.arange(w), lead0][:, None], (w, n))
        u0, _ = utility_at(state, rules, ctx, eligible, INVITE, sender, targets, k)
        joins[:, :, k] = np.where(eligible, u0 + judge, -np.inf)

        # A nation weighing an invitation from another bloc is still a prospect: joining
        # never leaves a bloc, so both are weighed (the law refuses a second exclusive one),
        # and a rival's open invitation must not shut a bloc out (a fast-signing bloc's
        # standing offers would keep every prospect busy while a slower charter is weighed).
        # One already weighing an invitation to this bloc gets another only if it is clearly
        # better (below); one that has applied needs none.
        prospects = eligible & has_sender & (pending_u[:, k, :] < np.inf)
        if level.coordinated and prospects.any():
            # Sharper targeting: court only nations the bloc itself gains from, as its leader
            # would judge their application (their technology and money against the cost of
            # coordinating one more member).
            worth, _ = utility_at(state, rules, ctx, prospects, APPLY, targets, lead0[:, None], k)
            prospects &= worth > c.accept_threshold
        if not prospects.any():
            continue
        # From here on only the prospects' cells: a handful per world after the first turns.
        pw, pn = np.nonzero(prospects)
        s_r = sender[pw, pn]
        u0_r = u0[pw, pn]
        j_r = judge[pw, pn] if noisy else 0.0
        funds_r = np.zeros(pw.size)
        tech_r = np.zeros(pw.size)
        seats_r = np.zeros(pw.size, dtype=np.int64)
        payload_r = np.zeros(pw.size, dtype=np.int64)
        u_r = u0_r
        court_r = np.zeros(pw.size, dtype=bool)
        standing_r = np.zeros(pw.size, dtype=bool)
        court_p = np.zeros(pw.size)
        if level.sweeteners:
            f_r = np.minimum(
                SWEET_FUNDS_TARGET * state.budget[pw, pn],
                SWEET_FUNDS_SENDER * state.budget[pw, s_r],
            ) * (state.support[pw, s_r] >= 0.45)
            # Sweeteners add the same terms whatever the offer's kind: price them on a deal,
            # the cheapest kind to evaluate (its base terms sit in other columns).
            _, dt = offer_utility(
                state, rules, TECH_DEAL, s_r, pn, -1, f_r, SWEET_TECH, 1, context=ctx, worlds=pw
            )
            d_funds, d_tech, d_seats = dt[:, T["funds"]], dt[:, T["tech"]], dt[:, T["seats"]]
            can_tech = d_tech > 1e-3  # the sender has technology the prospect lacks
            # Money moves budget from a big contributor to a smaller one: worth it to win a
            # new member, never to lure one away from a rival (the pool would shrink).
            can_funds = (f_r > 1e-3) & unaligned[pw, pn]
            if level.counter > 0:
                # ...except to pull a partner away from whichever nation leads: a competing
                # offer against the front-runner is worth paying for.
                pull = beat[pw, np.maximum(state.bloc[pw, pn], 0)] & ~beat[pw, k]
                can_funds |= (f_r > 1e-3) & pull & ~unaligned[pw, pn]
            options, price = _sweetener_table(c)
            reserve_r = spare[pw, s_r]
            # (R, O) every prospect against every package, the cheapest that works chosen
            fo, to, so, po = (options[:, i] for i in range(4))
            # the sender pays in-kind packages from its reserve (the law refuses the rest)
            ok = (can_tech[:, None] | (to == 0)) & (can_funds[:, None] | (fo == 0))
            ok &= price <= reserve_r[:, None]
            # u_o is only compared: leaving out the zero terms changes no comparison
            u_o = (
                u0_r[:, None]
                + fo * d_funds[:, None]
                + to * d_tech[:, None]
                + (so + po) * d_seats[:, None]
            )
            ok &= u_o + (j_r[:, None] if noisy else j_r) >= needed
            best = np.where(ok.any(axis=1), np.argmax(ok, axis=1), -1)
            use = (best > 0)[:, None] * options[np.maximum(best, 0)]  # (R, 4)
            funds_r = np.where(use[:, 0] > 0, f_r, 0.0)
            tech_r = use[:, 1] * SWEET_TECH
            seats_r = use[:, 2]
            payload_r = use[:, 3]
            u_r = (
                u0_r + use[:, 0] * d_funds + use[:, 1] * d_tech + (use[:, 2] + use[:, 3]) * d_seats
            )
            # Courting: a prospect not ready for an invitation is offered a technology deal
            # by its recruiter (deals warm relations through diplomacy spending).
            deal_u = (
                dt[:, T["affinity"]]
                + dt[:, T["sovereignty"]]
                + dt[:, T["tech"]] * (COURT_TECH / SWEET_TECH)
            )
            court_r = unaligned[pw, pn] & can_tech & (deal_u >= utility_needed(rules, 0.5))
            court_r &= u_r + j_r >= utility_needed(rules, 0.1)
            # a transfer is priced like any sweetener: the law refuses what the reserve lacks
            court_r &= ~law.cannot_pay(law.sweetener_price(COURT_TECH, 0, 0, c), reserve_r)
            court_p = accept_probability(deal_u, rules)
            # A standing invitation (the ILRS's "open to all interested countries", the
            # Accords' open signature): the leader keeps inviting the nations that stand
            # with its bloc (landscape affinity at least STANDING_AFFINITY) with the best
            # in-kind package its reserve can pay, even while a yes is unlikely; it costs
            # nothing unless accepted, and an open offer draws the leader's diplomacy
            # (goodwill) to the nation, so a hesitant friend warms over the years.
            leads_k = s_r == lead[pw]
            # where the nation stands now: a member of another bloc keeps its partners
            near = ctx.joining_affinity(pw, pn, np.full(pw.size, k)) >= STANDING_AFFINITY
            standing_r = leads_k & near & ~(u_r + j_r >= needed)
            if standing_r.any():
                gain = (
                    options[:, 1][None, :] * d_tech[:, None]
                    + (options[:, 2] + options[:, 3])[None, :] * d_seats[:, None]
                )
                fits = (options[:, 0] == 0)[None, :] & (price[None, :] <= reserve_r[:, None])
                fits &= (options[:, 1] == 0)[None, :] | can_tech[:, None]
                top = np.argmax(np.where(fits, gain, -np.inf), axis=1)
                pick = np.where(standing_r[:, None], options[top], 0)
                tech_r = np.where(standing_r, pick[:, 1] * SWEET_TECH, tech_r)
                seats_r = np.where(standing_r, pick[:, 2], seats_r)
                payload_r = np.where(standing_r, pick[:, 3], payload_r)
                u_r = np.where(standing_r, u0_r + gain[np.arange(pw.size), top], u_r)
        send_r = (u_r + j_r >= needed) | standing_r
        send_r &= u_r >= pending_u[pw, k, pn] + TOP_UP_MARGIN
        if level.invite_rate < 1:
            act = law.chance_in_turn(level.invite_rate, rules.turn_years)  # a yearly rate
            send_r &= _uniform_rows(seed, state, _ACT_INVITE, pw, k * n + pn) < act
            court_r &= _uniform_rows(seed, state, _ACT_COURT, pw, k * n + pn) < act
        court_r &= ~send_r & (pending_u[pw, k, pn] == -np.inf)  # not while it weighs ours
        invited[pw[send_r], pn[send_r]] = True
        prob_r = accept_probability(u_r + j_r, rules)
        size_r = np.sqrt(state.budget[pw, pn])
        cands.add_rows(
            pw[send_r],
            kind=INVITE,
            sender=s_r[send_r],
            target=pn[send_r],
            bloc=k,
            funds=funds_r[send_r],
            tech=tech_r[send_r],
            seats=seats_r[send_r],
            payload=payload_r[send_r],
            priority=(prob_r * size_r)[send_r],
            prob=prob_r[send_r],
        )
        cands.add_rows(
            pw[court_r],
            kind=TECH_DEAL,
            sender=s_r[court_r],
            target=pn[court_r],
            bloc=-1,
            funds=0.0,
            tech=COURT_TECH,
            seats=0,
            payload=0,
            priority=0.01 * size_r[court_r],  # after every invitation
            prob=court_p[court_r],
        )

    # Applications: an unaligned nation asks to join the bloc it likes best; at a level that
    # weighs its score, a member reviewing its membership may ask to join a second bloc.
    free = controlled & (unaligned | (review if level.score_stakes else False))
    if any_prospects and free.any():
        _applications(state, rules, ctx, level, seed, cands, free, joins, invited, pending, beat)

    # Partners' deals (game.ai.deals) join the same packing: the same limits and slots.
    plan_partner_deals(state, rules, level, controlled, seed, ctx, cands, spare)
    new, prob, terms = _pack(state, rules, ctx, cands, c.max_offers_per_nation)

    # Leaving: staying must be clearly worse than being unaligned.
    stay, stay_rows = _staying(state, rules, ctx, review)
    if noisy:
        # A nation reads its own position better than others' minds: half the noise.
        noise = 0.5 * level.judgement_noise
        stay_seen = stay + noise * _noise_at(seed, state, _JUDGE_STAY, review)
    else:
        stay_seen = stay
    leave = review & (stay_seen < level.leave_below)
    if level.score_stakes and leave.any():
        # A sharp player also asks what leaving costs its score: its share of the bloc's
        # programme, prestige and winner's bonus go with it (``ai.membership``); it leaves
        # only a membership worth nothing more to its score than its dues earn at home.
        lw, ln = np.nonzero(leave)
        keeps = membership_stake(state, rules, lw, ln, state.bloc[lw, ln]) > 0
        leave[lw[keeps], ln[keeps]] = False
    stay_terms = np.zeros((w, n, len(TERMS)))
    stay_terms[np.nonzero(review)] = stay_rows
    stay_terms[~leave] = 0.0
    return DiplomacyPlan(
        new=new,
        prob=prob,
        terms=terms,
        leave=leave,
        stay=np.where(review, stay_seen, 0.0),
        stay_terms=stay_terms,
    )


def _staying(state, rules, ctx: AIContext, review: np.ndarray):
    """The value of staying in its main bloc for each member in ``review`` (W, N), and its
    terms (R, T) in ``np.nonzero(review)`` order (``staying_terms``, from the context's
    table)."""
    w, n = review.shape
    out = np.zeros((w, n))
    if not review.any():
        return out, np.zeros((0, len(TERMS)))
    rw, rn = np.nonzero(review)
    tt = ctx.staying_terms(rw, rn)
    out[rw, rn] = tt.sum(axis=1)
    return out, tt


def _applications(
    state, rules, ctx, level, seed, cands, free, joins, invited, pending, beat=None
) -> None:
    """Add the applications of the nations in ``free`` to the bloc each likes best, when it
    likes it clearly and expects the leader to admit it.

    Temperament alone moves only unaligned nations. A level with ``score_stakes`` also
    weighs each bloc that would admit it by what the membership adds to its score
    (``ai.membership``; a member of a bloc: a second membership, its first's share of the
    winner's bonus diluted) and applies to the bloc of the highest stake above nothing,
    but only to a bloc whose invitation it would accept (the stake leaves out what its
    temperament weighs: its people's view of the bloc, the sovereignty it gives up; over
    300 paired default worlds, Nigeria played at hard applied by stake alone into
    blocs it would have refused, met its objectives less and scored 12.9 points below its
    play at normal, 1.0 with this check), and never to a bloc it plays against (``beat``):
    a rival of the person's bloc does not join it for its own score.
    """
    c = rules.constants
    w, n = state.bloc.shape
    kb = joins.shape[2]
    targets = np.broadcast_to(np.arange(n, dtype=np.int64), (w, n))
    leader = state.leader.astype(np.int64)
    wi = np.arange(w)[:, None]  # fancy indexing: take_along_axis costs more on small arrays
    ready = free & ~invited & ~pending.any(axis=1)  # an offer to weigh first, from any bloc
    best_k = np.argmax(joins, axis=2)
    best_u = joins[wi, np.arange(n), best_k]
    best_u = np.where(state.bloc < 0, best_u, -np.inf)
    by_stake = np.zeros((w, n), dtype=bool)
    if level.score_stakes and (free & ~invited).any():
        # an offer to weigh from one bloc does not stop an application to another
        open_k = np.isfinite(joins) & (free & ~invited)[:, :, None] & (leader >= 0)[:, None, :]
        open_k &= ~pending.transpose(0, 2, 1)
        open_k &= joins >= c.accept_threshold  # it would say yes to the bloc's invitation
        if beat is not None:
            open_k &= ~beat[:, None, :]
        # only where the leader is expected to admit it (the cheaper question first)
        for k in range(kb):
            if rules.entry_approval[k] and open_k[:, :, k].any():
                lead_k = np.maximum(leader[:, k], 0)[:, None]
                uk, _ = utility_at(state, rules, ctx, open_k[:, :, k], APPLY, targets, lead_k, k)
                open_k[:, :, k] &= accept_probability(uk, rules) >= level.min_accept
        stake = np.full(joins.shape, -np.inf)
        rw, rn, rk = np.nonzero(open_k)
        stake[rw, rn, rk] = membership_stake(state, rules, rw, rn, rk)
        top = np.argmax(stake, axis=2)
        by_stake = stake[wi, np.arange(n), top] > 0
        best_k = np.where(by_stake, top, best_k)
        best_u = np.where(by_stake, joins[wi, np.arange(n), best_k], best_u)
    lead_b = leader[wi, best_k]
    may_apply = (ready | by_stake) & np.isfinite(best_u) & (lead_b >= 0)
    may_apply &= (best_u >= c.accept_threshold + APPLY_MARGIN) | by_stake
    if may_apply.any():
        ua, _ = utility_at(
            state, rules, ctx, may_apply, APPLY, targets, np.maximum(lead_b, 0), best_k
        )
        if level.judgement_noise > 0:
            ua = ua + level.judgement_noise * _noise_at(seed, state, _JUDGE_APPLY, may_apply)
        pa = np.where(rules.entry_approval[best_k], accept_probability(ua, rules), 1.0)
        apply = may_apply & (pa >= level.min_accept)
        if level.invite_rate < 1:
            act = law.chance_in_turn(level.invite_rate, rules.turn_years)  # a yearly rate
            apply &= _uniform_at(seed, state, _ACT_APPLY, apply) < act
        cands.add(
            apply,
            kind=APPLY,
            sender=targets,
            target=np.maximum(lead_b, 0),
            bloc=best_k,
            funds=0.0,
            tech=0.0,
            seats=0,
            payload=0,
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
            rows["payload"],
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
        payload=out["payload"],
        # open at least until the charter's accession time has passed (at short turns a
        # treaty is weighed over more turns than a person needs to think)
        turns=np.maximum(
            OFFER_TURNS,
            np.where(out["bloc"] >= 0, rules.accession_turns[np.maximum(out["bloc"], 0)], 1),
        ).astype(np.int16),
    )
    return new, prob, terms
