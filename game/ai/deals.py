"""Deals between partners: what a computer member offers a fellow member of its own bloc.

Spec card:
    Reads: State (member, bloc, leader, spent, contribution, reserve, seats, payload,
        relations, offers), Rules (constants, turn length, number of turns), the difficulty
        level; ``engine.law`` for the bloc's efficiency factors and the sweeteners' prices,
        ``engine.utility`` for every judgement of a nation's mind.
    Writes: candidate deal offers into the diplomacy plan's ``_Candidates`` (the same packing,
        ``max_offers_per_nation`` and offer-table slots as invitations).
    In words:
        * a member's worth to its bloc is the programme money it makes the bloc's pool buy:
          the pool x coordination x research lift of ``law.bloc_factors`` on last turn's
          spending with the member, less the same without it (its payments, its research
          and diplomacy, and the coordination one more partner costs). A member that pays
          beyond its charter's minimum is worth more; one that costs more coordination than
          it brings is worth nothing to keep;
        * its value of staying is the engine's utility of its bloc's invitation, with the
          affinity of staying and the seats and payload slots it holds (they lapse on
          leaving): what a member weighs when it reviews its membership;
        * seats and payload slots raise that value by the utility the engine gives them, and
          are held until the member leaves. The sender offers the package whose cut of the
          member's chance to leave at each review (the level's leaving rule, a review every
          ``REVIEW_YEARS`` years) keeps more of the member's worth over the turns left than
          the price costs in programme money at the bloc's efficiency, and only when the
          member is expected to accept (``min_accept``) and the sender's reserve can pay
          (``law.cannot_pay``);
        * a technology transfer or funding is never worth it to a partner under these rules:
          a bloc's technology is its best member's in each domain, so a transfer from a
          member to a member moves no milestone, and funding moves money between two payers
          of the same pool. The same rule is applied to every member, played by a person or
          the computer.
        * who sends: the bloc's leader when the computer plays it, else its computer member
          with the largest reserve; easy and normal misjudge a member's mind by their
          judgement noise (easy's the larger) and act on part of their chances
          (``invite_rate``), hard judges exactly. A level without ``sweeteners`` sends none.
    Randomness: judgement noise and the chance to act come from ``game.engine.rng`` (phase
        ``PHASE_AI``) in draw blocks of their own, keyed by world, turn and nation: the same
        seed sends the same deals alone or in any batch.
"""

from __future__ import annotations

import numpy as np

from game.ai.budget import spare_reserve
from game.ai.terms import _LOGISTIC_SCALE, REVIEW_YEARS, _uniform_rows, staying_terms
from game.engine import law
from game.engine import state as st
from game.engine.utility import offer_utility, slot_utility

SEAT_DEAL, PAYLOAD_DEAL = st.KIND["launch_seat"], st.KIND["payload_slot"]
INVITE, APPLY = st.KIND["invite"], st.KIND["apply"]
#: Draw-index blocks within PHASE_AI, clear of the diplomacy module's (``diplomacy._BLOCK``).
_JUDGE_DEAL, _ACT_DEAL = 12, 13
#: Expected turns of membership below which a package is not worth weighing: a member's
#: worth is a few US$ B a turn at most, so 1e-4 turns of it is below the cheapest price.
MIN_KEPT = 1e-4


def bloc_money(state, rules, k: int, members: np.ndarray, worlds: np.ndarray, paid=None):
    """Bloc ``k``'s programme money from last turn's spending (``State.spent``) for the
    membership ``members`` (R, N) in world positions ``worlds`` (R,): (the pool, what a
    US$ of it buys: coordination x research lift, ``law.bloc_factors``), each (R,).
    ``paid`` is ``law.bloc_payments`` of the whole State (W, N, K), when already at hand."""
    if paid is None:
        paid = law.bloc_payments(state.spent, state.member, state.bloc, state.contribution)
    _, pool, _, coord, lift = law.bloc_factors(
        state.spent[worlds], members, rules.constants, rules.turn_years, paid[worlds, :, k]
    )
    return pool, coord * lift


def member_worth(state, rules, k: int, worlds, nations, paid=None) -> np.ndarray:
    """(R,) US$ B of programme money a turn that each member ``nations`` brings bloc ``k``
    (in world positions ``worlds``): the bloc's pool x what a US$ of it buys
    (``bloc_money``) with it, less without it."""
    worlds, nations = np.asarray(worlds), np.asarray(nations)
    if paid is None:
        paid = law.bloc_payments(state.spent, state.member, state.bloc, state.contribution)
    members = state.member[worlds, :, k]
    pool, per_dollar = bloc_money(state, rules, k, members, worlds, paid)
    without = members.copy()
    without[np.arange(worlds.size), nations] = False
    pool_wo, per_dollar_wo = bloc_money(state, rules, k, without, worlds, paid)
    return pool * per_dollar - pool_wo * per_dollar_wo


def staying_value(state, rules, ctx, worlds: np.ndarray, nations: np.ndarray) -> np.ndarray:
    """(R,) each member's value of staying in its main bloc, as its review weighs it
    (``terms.staying_terms``: seats, slots and partners' funds it would lose count)."""
    return staying_terms(state, rules, ctx, worlds, nations).sum(axis=1)


def leave_chance(stay: np.ndarray, level) -> np.ndarray:
    """Chance a member with value of staying ``stay`` leaves at its review, by the level's
    leaving rule: it leaves below ``leave_below``, misjudging its own position by half the
    level's judgement noise (a logistic draw, as the diplomacy module draws it)."""
    spread = 0.5 * level.judgement_noise * _LOGISTIC_SCALE
    gap = level.leave_below - np.asarray(stay, float)
    if spread <= 0:
        return (gap > 0).astype(float)
    return 1.0 / (1.0 + np.exp(-np.clip(gap / spread, -60.0, 60.0)))


def kept_turns(leave: np.ndarray, left: int, every: float) -> np.ndarray:
    """Expected turns a member stays in the ``left`` turns of the game when it leaves with
    chance ``leave`` at each of its reviews (one every ``every`` turns: ``REVIEW_YEARS`` in
    turns, at least one). Seats and payload slots are held until it leaves, so they shift
    every review, not one."""
    every = max(float(every), 1.0)
    reviews = int(np.ceil(left / every - 1e-9))
    stay = 1.0 - np.asarray(leave, float)
    # the turns up to each review are served, then it stays past it with chance ``stay``
    turns = np.zeros(stay.shape)
    alive = np.ones(stay.shape)
    served = np.empty(stay.shape)
    for r in range(reviews):  # in place: the same products and sums, no new arrays
        span = min(every, left - r * every)
        alive *= stay
        turns += np.multiply(alive, span, out=served)
    return turns


def _packages(c) -> np.ndarray:
    """(O, 2) the (seats, payload slots) packages a sender may offer, none empty."""
    rows = [
        (se, pl)
        for se in range(int(c.max_seats) + 1)
        for pl in range(int(c.max_payload) + 1)
        if se + pl > 0
    ]
    return np.asarray(rows, dtype=np.int64).reshape(-1, 2)


def _open_deals(state, w: int, n: int) -> np.ndarray:
    """(W, N, N) bool: a deal from i to j is open in the offer table."""
    of = state.offers
    out = np.zeros((w, n, n), dtype=bool)
    deal = of.active & (of.kind != INVITE) & (of.kind != APPLY)
    if deal.any():
        ws, slots = np.nonzero(deal)
        out[ws, of.sender[ws, slots], of.target[ws, slots]] = True
    return out


def _senders(state, k: int, controlled: np.ndarray) -> np.ndarray:
    """(W,) the member of bloc k that sends its partner deals: the leader when the computer
    plays it, else the computer member with the largest reserve; -1 when none."""
    w = state.bloc.shape[0]
    lead = state.leader[:, k].astype(np.int64)
    wi = np.arange(w)
    lead_ok = (lead >= 0) & controlled[wi, np.maximum(lead, 0)]
    mine = state.member[:, :, k] & controlled
    richest = np.argmax(np.where(mine, state.reserve, -np.inf), axis=1)
    return np.where(lead_ok, lead, np.where(mine.any(axis=1), richest, -1))


def _noise_rows(seed, state, block: int, worlds, index) -> np.ndarray:
    """Judgement noise with unit spread for rows (a logistic draw, as the diplomacy module's)."""
    u = np.clip(_uniform_rows(seed, state, block, worlds, index), 1e-12, 1 - 1e-12)
    return _LOGISTIC_SCALE * np.log(u / (1.0 - u))


def plan_partner_deals(state, rules, level, controlled, seed, ctx, cands, spare=None) -> None:
    """Add to ``cands`` the seat and payload deals computer members send fellow members
    (``controlled`` (W, N): the nations the computer plays; ``ctx``: the turn's
    ``ai.judge.AIContext``, whose table of staying terms the reviews read too)."""
    if not level.sweeteners:
        return
    c = rules.constants
    w, n = state.bloc.shape
    running = ~state.ended
    if not running.any():
        return
    left = max(int(rules.n_turns) - int(state.turn), 0)
    if left <= 0:
        return
    packs = _packages(c)
    if not packs.size:
        return
    price = law.sweetener_price(0.0, packs[:, 0], packs[:, 1], c)  # (O,)
    open_deals = _open_deals(state, w, n)
    wi = np.arange(w)
    paid = None  # law.bloc_payments of the whole State, computed once when first needed
    for k in range(rules.n_blocs):
        sender = _senders(state, k, controlled)
        lead = state.leader[:, k].astype(np.int64)
        # a member whose main bloc is k (leaving quits the main bloc), not the sender nor
        # the leader (a leader hands its bloc on when it leaves, it never weighs leaving)
        aim = (state.bloc == k) & (sender >= 0)[:, None] & running[:, None]
        aim &= np.arange(n)[None, :] != np.maximum(sender, 0)[:, None]
        aim &= np.arange(n)[None, :] != np.maximum(lead, 0)[:, None]
        aim &= ~open_deals[wi[:, None], np.maximum(sender, 0)[:, None], np.arange(n)[None, :]]
        if not aim.any():
            continue
        rw, rn = np.nonzero(aim)
        rs = sender[rw]
        legal = law.offer_refusal(state, rules, rw, SEAT_DEAL, rs, rn, -1) == law.Refusal.OK
        rw, rn, rs = rw[legal], rn[legal], rs[legal]
        if not rw.size:
            continue
        stay = ctx.staying_terms(rw, rn).sum(axis=1)  # staying_value, from the AI's table
        if level.judgement_noise > 0:
            stay = stay + level.judgement_noise * _noise_rows(
                seed, state, _JUDGE_DEAL, rw, k * n + rn
            )
        # what a slot adds to the member's mind (the engine's seats term of one slot, the
        # same for every member)
        per_slot = np.full(rw.size, slot_utility(c))
        gain = packs.sum(axis=1)[None, :] * per_slot[:, None]  # (R, O)
        every = REVIEW_YEARS / rules.turn_years
        kept_now = kept_turns(leave_chance(stay, level), left, every)
        saved = (
            kept_turns(leave_chance(stay[:, None] + gain, level), left, every) - kept_now[:, None]
        )
        # A member no package keeps for MIN_KEPT turns more is in no danger, or beyond saving:
        # it is left out before its worth is weighed (the costly part).
        near = saved.max(axis=1) >= MIN_KEPT
        if not near.any():
            continue
        rw, rn, rs, stay, saved = rw[near], rn[near], rs[near], stay[near], saved[near]
        # how the member takes the deal, from the engine (asked of these members only)
        base_u, _ = offer_utility(
            state, rules, SEAT_DEAL, rs, rn, -1, 0.0, 0.0, 1, 0, context=ctx, worlds=rw
        )
        bare_u = base_u - per_slot[near]  # the deal's utility without its sweeteners
        gain = gain[near]
        if paid is None:
            paid = law.bloc_payments(state.spent, state.member, state.bloc, state.contribution)
        worth = member_worth(state, rules, k, rw, rn, paid)
        value = saved * np.maximum(worth, 0.0)[:, None]
        # a US$ from the sender's reserve would have bought the bloc this much at its
        # efficiency this turn (the price is weighed in the same programme money)
        _, per_dollar = bloc_money(state, rules, k, state.member[rw, :, k], rw, paid)
        cost = price[None, :] * per_dollar[:, None]
        p_yes = law.accept_probability(bare_u[:, None] + gain, c)
        reserve = (spare_reserve(state, rules, level) if spare is None else spare)[rw, rs]
        ok = ~law.cannot_pay(price[None, :], reserve[:, None]) & (p_yes >= level.min_accept)
        net = np.where(ok, p_yes * (value - cost), -np.inf)
        best = np.argmax(net, axis=1)
        r = np.arange(rw.size)
        send = np.isfinite(net[r, best]) & (net[r, best] > 0)
        if level.invite_rate < 1:
            send &= _uniform_rows(seed, state, _ACT_DEAL, rw, k * n + rn) < level.invite_rate
        if not send.any():
            continue
        b = best[send]
        seats, payload = packs[b, 0], packs[b, 1]
        cands.add_rows(
            rw[send],
            kind=np.where(seats > 0, SEAT_DEAL, PAYLOAD_DEAL),
            sender=rs[send],
            target=rn[send],
            bloc=-1,
            funds=0.0,
            tech=0.0,
            seats=seats,
            payload=payload,
            # keeping a partner ranks like winning a prospect of its size
            priority=p_yes[r, best][send] * np.sqrt(state.budget[rw[send], rn[send]]),
            prob=p_yes[r, best][send],
        )
