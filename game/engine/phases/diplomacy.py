"""Phase 3, diplomacy: leaving, answers, membership, deals, expiry and new offers.

Spec card:
    Reads: Orders.leave, auto, new; scratch ``t.answers``; the offer table; bloc, leader,
        relations, forbidden, blocked, tech, budget; Rules entry conditions.
    Writes: member, since, bloc, leader, relations (leave penalty), deal_tech, deal_funds,
        deal_until, seats, payload, the offer table; reserve and spent (pledges); events joined / left / offer_* (answers with their utility
        terms, a refusal with the law's ``Refusal`` code in its ``reason``).
    Place: after orders, before research.
    Formula in words, in this order:
        1. Leaving: a nation told to leave quits its main bloc (``Orders.leave`` (W, N)), or
           each bloc marked (``Orders.leave`` (W, N, K)), and loses ``leave_penalty`` times
           the charter's ``binding`` of relations with each former partner in it; its other
           memberships stay, and the first joined of them becomes its main bloc. A bloc
           whose leader left is led by its member with the largest budget.
        2. Answers: the target answers each open offer. For targets with ``Orders.auto`` the
           engine answers: accept when utility (``engine.utility``) plus a random taste term
           (``noise`` wide) is above ``accept_threshold``, except an offer the target answered
           in its orders (a computer player's decision of its own, e.g. a hard bloc leader
           turning away a member of the bloc it plays against), whose answer is logged with
           reason ``ANSWERED_BY_ORDER``. Applications to a bloc whose entry needs no leader
           approval are accepted at once. Every decision is logged with its utility terms.
        3. Checks at acceptance: a forbidden pair (sender and target, or joiner and any member)
           refuses the offer, as do a blocked membership, the bloc's entry conditions (mean
           technology >= ``min_tech``, relation with the leader >= ``min_relations``), an
           inviter who is no longer a member, or an applicant whose answerer is no longer the
           leader.
        4. Membership: a nation with several accepted membership offers joins through the one
           it values most: the highest utility without the taste draw; on a tie, the lowest
           bloc index, then the lowest sender index. Where an offer sits in the table never
           matters. The others are refused. Joining never leaves a bloc: a nation may be in
           several, but an exclusive bloc refuses a member of another exclusive bloc
           (``law.Refusal.EXCLUSIVE``); ``State.bloc`` stays the first joined. Two forbidden
           nations joining the same bloc in the same turn: the one with the higher index is
           refused.
        5. Deals: an accepted offer's sweeteners take effect: technology transfer from sender
           to target (the strongest deal holds), funds per year (added up), seats and payload
           slots to the target (held while it stays in its blocs). Deals hold ``deal_turns`` turns,
           then lapse; a pair that becomes forbidden loses its deals at once (events phase).
        6. Expiry: unanswered offers whose last turn has come are removed.
        7. New offers from the orders enter the table after checks (valid ids, not to
           oneself, no forbidden pair, at most ``max_offers_per_nation`` per sender per turn in
           slot order, inviter is a member, applicant not already in the bloc, applications go
           to the leader). They fill free slots in order; when the table is full the rest are
           refused. A new offer is answerable from the next turn, for ``turns`` turns.
        8. Pledges: a nation that came into the turn in no bloc and joined one pays the bloc
           share it pledged (``t.pledge``, banked by the orders phase) from its reserve into
           that bloc's programme this turn, as far as the reserve still holds it.
"""

from __future__ import annotations

import numpy as np

from game.engine import law, rng
from game.engine import state as st
from game.engine.state import EV
from game.engine.turn import OFFER_FIELDS, Turn
from game.engine.utility import offer_utility

INVITE, APPLY = st.KIND["invite"], st.KIND["apply"]


def update_leaders(t: Turn) -> None:
    """Give every bloc whose leader is gone a new one (largest budget); re-target applications."""
    w = np.arange(t.w)
    changed = False
    leader = t.leader
    for k in range(t.rules.n_blocs):
        cur = leader[:, k].astype(np.intp)
        ok = (cur >= 0) & t.member[w, np.maximum(cur, 0), k]
        if ok.all():
            continue
        members = t.member[:, :, k]
        best = np.argmax(np.where(members, t.budget, -1.0), axis=1)
        new = np.where(members.any(axis=1), best, -1).astype(np.int16)
        if not changed:
            leader = leader.copy()
            changed = True
        leader[:, k] = np.where(ok, leader[:, k], new)
    if changed:
        t.leader = leader
        apply = t.of_active & (t.of_kind == APPLY) & (t.of_bloc >= 0)
        kb = np.maximum(t.of_bloc, 0).astype(np.intp)
        new_target = np.take_along_axis(leader, kb, 1)
        t.of_target = np.where(apply, new_target, t.of_target).astype(np.int16)
        # an application to a bloc that has no members left cannot be answered
        orphan = apply & (new_target < 0)
        if orphan.any():
            wi, slot = np.nonzero(orphan)
            t.log.add_rows(
                EV["offer_refused"],
                wi,
                nation=t.of_sender[wi, slot],
                bloc=t.of_bloc[wi, slot],
                item=slot,
                value=APPLY,
                reason=law.Refusal.NO_LEADER,
            )
            t.of_active = t.of_active & ~orphan


def per_bloc(t: Turn, leaving: np.ndarray) -> np.ndarray:
    """(W, N, K) memberships to end: ``leaving`` as given when it is (W, N, K); a (W, N) mask
    means each marked nation's main bloc."""
    leaving = np.asarray(leaving, dtype=bool)
    if leaving.ndim == 2:
        leaving = leaving[:, :, None] & (t.bloc[:, :, None] == np.arange(t.rules.n_blocs))
    return leaving & t.member


def lapse_membership(t: Turn, leaving: np.ndarray) -> None:
    """What members leaving blocs (``leaving`` (W, N, K)) received as members lapses: the
    seats and payload slots they hold, and every deal with a partner of a bloc they leave
    (both ways), so no payment outlives membership. Call before ``t.member`` changes."""
    if not leaving.any():
        return
    anyone = leaving.any(axis=-1)
    if (t.seats[anyone] > 0).any() or (t.payload[anyone] > 0).any():
        t.seats = np.where(anyone, 0.0, t.seats)
        t.payload = np.where(anyone, 0.0, t.payload)
    if len(t.deals):
        w, i, j = t.deal_cells()
        mi, mj = t.member[w, i], t.member[w, j]
        same = ((leaving[w, i] & mj) | (leaving[w, j] & mi)).any(axis=-1)
        if same.any():
            clear_deals(t, (w[same], i[same], j[same]))


def set_main_bloc(t: Turn) -> None:
    """``t.bloc`` from the membership matrix: the first bloc each nation joined."""
    t.bloc = law.main_bloc(t.member, t.since)


def leave_bloc(t: Turn, leaving: np.ndarray, penalty: float, code: int = EV["left"]) -> None:
    """End memberships ``leaving`` ((W, N): main blocs; (W, N, K): those marked); relations
    with the partners of each bloc left drop by penalty times its charter's ``binding``;
    what they received as members lapses."""
    leaving = per_bloc(t, leaving)
    if not leaving.any():
        return
    n, k = t.rules.n_nations, t.rules.n_blocs
    t.log.add(code, leaving, nation=np.arange(n)[:, None], bloc=np.arange(k))
    lapse_membership(t, leaving)
    if penalty:
        wi, ii, kk = np.nonzero(leaving)
        partner = t.member[wi, :, kk].copy()  # (R, N), the leaver included
        partner[np.arange(len(wi)), ii] = False
        # a pair of partners leaving together loses the penalty once: from the lower index
        both = leaving[wi, :, kk] & (np.arange(n) < ii[:, None])
        r, j = np.nonzero(partner & ~both)
        a, b, w = ii[r], j, wi[r]
        rel = t.own("relations")
        cut = (penalty * t.rules.binding[kk[r]]).astype(np.float32)
        # one bloc at a time: a pair that shared two blocs loses each bloc's penalty
        for bloc in np.unique(kk[r]):
            at = kk[r] == bloc
            lowered = np.clip(rel[w[at], a[at], b[at]] - cut[at], -1.0, 1.0)
            rel[w[at], a[at], b[at]] = lowered
            rel[w[at], b[at], a[at]] = lowered
    t.member = t.member & ~leaving
    t.since = np.where(leaving, -1, t.since).astype(np.int16)
    set_main_bloc(t)
    update_leaders(t)


def _answer(t: Turn, wi, slot) -> tuple[np.ndarray, ...]:
    """Answers, utility terms, value (utility less taste) of the offers at (wi, slot), and
    where an answer the engine would give was given in the target's orders instead."""
    r, c = t.rules, t.c
    taste = c.noise * rng.normal(t.seed, t.world[wi], t.turn, rng.PHASE_DIPLOMACY, slot)
    kind, target, bloc = t.of_kind[wi, slot], t.of_target[wi, slot], t.of_bloc[wi, slot]
    util, terms = offer_utility(
        t,
        r,
        kind,
        t.of_sender[wi, slot],
        target,
        bloc,
        t.of_funds[wi, slot],
        t.of_tech[wi, slot],
        t.of_seats[wi, slot],
        t.of_payload[wi, slot],
        taste=taste,
        worlds=wi,
    )
    auto = np.asarray(t.orders.auto, dtype=bool)[wi, np.maximum(target, 0)]
    by_engine = np.where(util > c.accept_threshold, st.ANSWER_ACCEPT, st.ANSWER_REJECT)
    given = t.answers[wi, slot]
    ordered = auto & (given != st.ANSWER_NONE)  # a computer player's answer of its own
    answers = np.where(auto & ~ordered, by_engine, given)
    free_entry = (kind == APPLY) & (bloc >= 0) & ~r.entry_approval[np.maximum(bloc, 0)]
    answers = np.where(free_entry, st.ANSWER_ACCEPT, answers)
    return answers, terms, util - taste, ordered & ~free_entry


def _resolve_offers(t: Turn) -> None:
    r, c = t.rules, t.c
    n = r.n_nations
    ready = t.of_active & law.answerable(t.of_kind, t.of_bloc, t.of_created, t.turn, r)
    waiting = t.of_active & ~ready
    wi, slot = np.nonzero(ready)
    answers, terms, value, ordered = _answer(t, wi, slot)
    sender = t.of_sender[wi, slot].astype(np.intp)
    target = t.of_target[wi, slot].astype(np.intp)
    s0, t0 = np.maximum(sender, 0), np.maximum(target, 0)
    kind = t.of_kind[wi, slot]
    k = t.of_bloc[wi, slot].astype(np.intp)
    accepted = answers == st.ANSWER_ACCEPT
    rejected = answers == st.ANSWER_REJECT
    # the law's checks at acceptance (forbidden pairs, membership, entry conditions)
    refusal = law.offer_refusal(t, r, wi, kind, sender, target, k)
    refused = accepted & (refusal != law.Refusal.OK)
    accepted &= ~refused
    # sweeteners are paid from the sender's reserve: offers beyond it, in slot order, fail
    price = law.sweetener_price(
        t.of_tech[wi, slot], t.of_seats[wi, slot], t.of_payload[wi, slot], c
    )
    priced = accepted & (price > 0)
    if priced.any():
        rows = np.flatnonzero(priced)
        key = wi[rows] * n + s0[rows]
        order = np.lexsort((slot[rows], key))
        rk, rp = key[order], price[rows][order]
        # running totals per sender, each group summed on its own: a world's numbers must
        # not depend on the worlds batched before it
        cuts = np.flatnonzero(rk[1:] != rk[:-1]) + 1
        running = np.concatenate([np.cumsum(part) for part in np.split(rp, cuts)])
        over = np.zeros(len(rows), bool)
        over[order] = law.cannot_pay(running, t.reserve.reshape(-1)[rk])
        poor = rows[over]
        refusal[poor] = law.Refusal.CANNOT_AFFORD
        refused[poor] = True
        accepted[poor] = False
    is_member_offer = (kind == INVITE) | (kind == APPLY)
    joiner = np.where(kind == INVITE, t0, s0)

    # one membership per joiner: the offer it values most, whatever its table slot
    cand = accepted & is_member_offer
    winner = np.zeros_like(cand)
    rows = np.flatnonzero(cand)
    if len(rows):
        key = wi[rows] * n + joiner[rows]
        order = np.lexsort((sender[rows], k[rows], -value[rows], key))
        best = order[np.r_[True, key[order][1:] != key[order][:-1]]]
        winner[rows[best]] = True
    refused |= cand & ~winner
    refusal[cand & ~winner] = law.Refusal.JOINED_ELSEWHERE
    accepted &= ~(cand & ~winner)

    if winner.any():
        wrow = np.flatnonzero(winner)
        new_bloc = np.full((t.w, n), -1, dtype=np.int64)
        new_bloc[wi[wrow], joiner[wrow]] = k[wrow]
        joining = new_bloc >= 0
        # two barred nations entering the same bloc together: the higher index is refused
        if r.fp_nations.size:
            # forbidden pairs come only from the scenario's list: check those pairs
            clash = np.zeros_like(joining)
            for a, b in r.fp_nations:
                lo, hi = min(a, b), max(a, b)
                together = (
                    joining[:, lo] & (new_bloc[:, lo] == new_bloc[:, hi]) & t.forbidden[:, lo, hi]
                )
                clash[:, hi] |= together
            joining &= ~clash
            drop = winner & clash[wi, joiner]
            refused |= drop
            refusal[drop] = law.Refusal.BARRED_JOINING
            accepted &= ~drop
            winner &= ~drop
            wrow = np.flatnonzero(winner)
        enter = joining[:, :, None] & (new_bloc[:, :, None] == np.arange(r.n_blocs))
        t.member = t.member | enter
        # joined at the end of this turn: after every membership the scenario starts with
        t.since = np.where(enter, t.turn + 1, t.since).astype(np.int16)
        set_main_bloc(t)
        inviter = np.full((t.w, n), -1, dtype=np.int64)
        inviter[wi[wrow], joiner[wrow]] = np.where(kind == INVITE, s0, t0)[wrow]
        t.log.add(EV["joined"], joining, nation=np.arange(n), other=inviter, bloc=new_bloc)
        update_leaders(t)

    # deals: sweeteners of accepted offers
    funds, tech = t.of_funds[wi, slot], t.of_tech[wi, slot]
    seats, payload = t.of_seats[wi, slot], t.of_payload[wi, slot]
    deal, held = law.deal_parts(funds, tech, seats, payload)
    deal &= accepted
    held &= accepted
    paying = accepted & (price > 0)
    if paying.any():
        bill = np.zeros((t.w, n))
        np.add.at(bill, (wi[paying], s0[paying]), price[paying])
        t.reserve = np.maximum(t.reserve - bill, 0.0)
        if t.ledger is not None:
            t.ledger.add("reserve", "sweeteners", -1, -bill)
    if deal.any():
        ws, ss, tt = wi[deal], s0[deal], t0[deal]
        np.maximum.at(t.own("deal_tech"), (ws, ss, tt), tech[deal].astype(np.float32))
        np.add.at(t.own("deal_funds"), (ws, ss, tt), funds[deal].astype(np.float32))
        t.own("deal_until")[ws, ss, tt] = t.turn + c.deal_turns
        t.deals = _union_sorted(t.deals, (ws * r.n_nations + ss) * r.n_nations + tt)
    if held.any():
        np.add.at(t.own("seats"), (wi[held], t0[held]), seats[held].astype(float))
        np.add.at(t.own("payload"), (wi[held], t0[held]), payload[held].astype(float))

    for name, rows in (
        ("offer_accepted", accepted),
        ("offer_rejected", rejected),
        ("offer_refused", refused),
    ):
        t.log.add_rows(
            EV[name],
            wi[rows],
            nation=sender[rows],
            other=target[rows],
            bloc=k[rows],
            item=slot[rows],
            value=kind[rows],
            terms=terms[rows],
            reason=(
                refusal[rows]
                if name == "offer_refused"
                else np.where(ordered[rows], st.ANSWERED_BY_ORDER, 0)
            ),
        )
    answered = accepted | rejected | refused
    expired = ~answered & (t.of_expires[wi, slot] <= t.turn)
    if waiting.any():
        ww, ws = np.nonzero(waiting & (t.of_expires <= t.turn))
        t.log.add_rows(
            EV["offer_expired"],
            ww,
            nation=t.of_sender[ww, ws],
            other=t.of_target[ww, ws],
            bloc=t.of_bloc[ww, ws],
            item=ws,
        )
        t.own("of_active")[ww, ws] = False
    t.log.add_rows(
        EV["offer_expired"],
        wi[expired],
        nation=sender[expired],
        other=target[expired],
        bloc=k[expired],
        item=slot[expired],
    )
    gone = answered | expired
    active = t.own("of_active")
    active[wi[gone], slot[gone]] = False


def _expire_deals(t: Turn) -> None:
    if not len(t.deals):
        return
    at = t.deal_cells()
    lapsed = t.deal_until[at] < t.turn
    if lapsed.any():
        clear_deals(t, tuple(x[lapsed] for x in at))


def clear_deals(t: Turn, at: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """End the deals at index arrays ``at`` = (world positions, from, to)."""
    t.own("deal_tech")[at] = 0.0
    t.own("deal_funds")[at] = 0.0
    t.own("deal_until")[at] = -1
    n = t.rules.n_nations
    # t.deals is sorted and unique: no need for setdiff1d to sort it again
    t.deals = t.deals[~np.isin(t.deals, (at[0] * n + at[1]) * n + at[2])]


def _union_sorted(cells: np.ndarray, more: np.ndarray) -> np.ndarray:
    """``np.union1d(cells, more)`` for sorted unique ``cells`` and a few ``more``: the stable
    sort merges two sorted runs in one pass instead of sorting everything again."""
    merged = np.concatenate([cells, np.sort(more)])
    merged.sort(kind="stable")
    keep = np.ones(merged.shape, dtype=bool)
    keep[1:] = merged[1:] != merged[:-1]
    return merged[keep]


def _rank_in_group(key: np.ndarray) -> np.ndarray:
    """(R,): how many earlier rows share each row's key (rows keep their order)."""
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first = np.searchsorted(sorted_key, sorted_key, side="left")
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - first
    return rank


def add_offers(t: Turn, rows: dict) -> None:
    """Insert flat offers into free slots of their worlds, in order; refuse what does not fit.

    ``rows`` maps ``world`` (world positions, non-decreasing) and every Offers field but
    ``active``/``created``/``expires`` to (R,) arrays, plus ``turns``.
    """
    wpos = rows["world"]
    if not len(wpos):
        return
    fw, fs = np.nonzero(~t.of_active)  # free slots, by world then slot
    n_free = np.bincount(fw, minlength=t.w)
    start = np.cumsum(n_free) - n_free
    rank = np.arange(len(wpos)) - np.searchsorted(wpos, wpos, side="left")
    fits = rank < n_free[wpos]
    full = ~fits
    t.log.add_rows(
        EV["offer_refused"],
        wpos[full],
        nation=rows["sender"][full],
        other=rows["target"][full],
        bloc=rows["bloc"][full],
        item=-1,
        value=rows["kind"][full],
        reason=law.Refusal.TABLE_FULL,
    )
    if not fits.any():
        return
    ws = wpos[fits]
    slots = fs[start[ws] + rank[fits]]
    values = {name: rows[name][fits] for name in OFFER_FIELDS if name in rows}
    values.update(active=True, created=t.turn, expires=t.turn + rows["turns"][fits])
    for name in OFFER_FIELDS:
        arr = t.own("of_" + name)
        arr[ws, slots] = values[name]


def _iclip(x: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``np.clip`` for integer arrays, without its per-call overhead (same result)."""
    return np.minimum(np.maximum(x, lo), hi)


def _new_offers(t: Turn) -> None:
    r, c = t.rules, t.c
    n = r.n_nations
    nw = t.orders.new
    asked = np.asarray(nw.active, dtype=bool) & t.running[:, None]
    if not asked.any():
        return
    wi, pi = np.nonzero(asked)

    def col(x, dtype=np.int64):
        return np.asarray(x)[wi, pi].astype(dtype)

    kind, sender, target, bloc = col(nw.kind), col(nw.sender), col(nw.target), col(nw.bloc)
    turns = col(nw.turns)
    ok = (kind >= 0) & (kind < len(st.OFFER_KINDS)) & (sender >= 0) & (sender < n)
    is_member_offer = (kind == INVITE) | (kind == APPLY)
    ok &= np.where(is_member_offer, (bloc >= 0) & (bloc < r.n_blocs), True)
    s0 = _iclip(sender, 0, n - 1)
    k0 = _iclip(bloc, 0, r.n_blocs - 1)
    # applications always go to the bloc's current leader
    target = np.where(ok & (kind == APPLY), t.leader[wi, k0], target)
    t0 = _iclip(target, 0, n - 1)
    refusal = law.offer_refusal(t, r, wi, np.where(ok, kind, -1), sender, target, bloc)
    # why each order is not sent: the law's sending checks, then the order's own form
    why = np.where(np.isin(refusal, law.SENDING), refusal, 0).astype(np.int8)
    no_bloc = is_member_offer & ((bloc < 0) | (bloc >= r.n_blocs))
    why = np.where((why == 0) & no_bloc, law.Refusal.NO_SUCH_BLOC, why)
    why = np.where((why == 0) & (~ok | (turns < 1)), law.Refusal.MALFORMED, why)
    okr = np.flatnonzero(why == 0)
    over = okr[_rank_in_group(wi[okr] * n + s0[okr]) >= c.max_offers_per_nation]
    why[over] = law.Refusal.OFFER_LIMIT
    ok = why == 0
    bad = ~ok
    t.log.add_rows(
        EV["offer_refused"],
        wi[bad],
        nation=_iclip(sender, -1, n - 1)[bad],
        other=_iclip(target, -1, n - 1)[bad],
        bloc=np.where(is_member_offer, bloc, -1)[bad],
        item=-1,
        value=kind[bad],
        reason=why[bad],
    )
    g = np.flatnonzero(ok)
    w = wi[g]
    funds, tech, seats, payload = law.clamp_sweeteners(
        col(nw.funds, float)[g],
        col(nw.tech, float)[g],
        col(nw.seats)[g],
        col(nw.payload)[g],
        t.budget[w, s0[g]],
        c,
    )
    add_offers(
        t,
        {
            "world": w,
            "kind": kind[g].astype(np.int8),
            "sender": s0[g].astype(np.int16),
            "target": t0[g].astype(np.int16),
            "bloc": np.where(is_member_offer, k0, -1)[g].astype(np.int16),
            "funds": funds,
            "tech": tech,
            "seats": seats.astype(np.int8),
            "payload": payload.astype(np.int8),
            "turns": _iclip(turns[g], 1, 100).astype(np.int16),
            "origin": np.full(len(g), st.ORIGIN_ORDER, np.int8),
            "source": np.full(len(g), -1, np.int16),
        },
    )


def pay_pledges(t: Turn) -> None:
    """A nation that came into the turn in no bloc and joined one in it pays the bloc share
    it pledged (banked by the orders phase) into that bloc's programme this turn, as far as
    its reserve still holds it after the sweeteners it paid: a membership starts paying when
    it starts, whatever the turn's length (else a joiner paid nothing for a whole turn,
    two years at two-year turns)."""
    joined = (t.pledge > 0) & (t.bloc >= 0)
    paid = np.where(joined, np.minimum(t.pledge, np.maximum(t.reserve, 0.0)), 0.0)
    if paid.any():
        t.reserve = t.reserve - paid
        t.spent = t.spent.copy()
        t.spent[:, :, st.CAT_BLOC] += paid
        t.spent[:, :, st.CAT_RESERVE] -= paid
        share = paid / np.where(t.money > 0, t.money, 1.0)
        t.alloc = t.alloc.copy()
        t.alloc[:, :, st.CAT_BLOC] += share
        t.alloc[:, :, st.CAT_RESERVE] -= share
    if t.ledger is not None:
        # a row per bloc every turn, so a world's ledger is the same alone or in a batch
        for k in range(t.rules.n_blocs):
            t.ledger.add("reserve", "pledged", k, -paid * (t.bloc == k))


def run(t: Turn) -> None:
    if t.ledger is not None:
        # a row every turn, so a world's ledger is the same alone or inside a batch
        t.ledger.add("reserve", "sweeteners", -1, np.zeros((t.w, t.rules.n_nations)))
    leave_bloc(t, np.asarray(t.orders.leave, dtype=bool), t.c.leave_penalty)
    if t.of_active.any():
        _resolve_offers(t)
    _expire_deals(t)
    _new_offers(t)
    pay_pledges(t)
