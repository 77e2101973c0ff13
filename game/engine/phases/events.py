"""Phase 7, events: scripted events (date or condition, once) and the random event table.

Spec card:
    Reads: Rules scripted/random tables; whatever their conditions and effects name.
    Writes: event_fired, and what the effects change (budget, reserve, support, prestige, relations,
        tech, forbidden, sharing, contribution, blocked, bloc, progress, the offer table);
        events scripted_event / random_event (and joined / left for membership effects).
    Place: after national missions, before drift.
    Formula in words:
        Scripted: an event with only a date is considered on the turn containing that date;
            one with only a condition on every turn while the condition holds; one with both
            on every turn from its date on while its condition holds. When considered it fires
            with its probability; it fires at most once per game. Its effects apply in order.
        Random: each turn every nation draws one number; the table's entries take consecutive
            slices of it, each as wide as its probability (scaled down if they add up to more
            than 1), so a nation meets at most one random event a turn and each entry strikes
            an eligible nation (listed, with at least ``min_budget``) with its probability;
            effects whose ``nations`` is 'all' strike the
            nation that drew it, others strike the nations listed.
        Injected (``Orders.injected``, a facilitator's events, after the two above): each
            applies to every running world; a repeat of a random-table row strikes the
            nations it names (its 'all' effects hit them) and is logged and booked like the
            row drawn; one written on the spot hits the nations its effects name and is
            logged as injected_event (item: its index in the turn's list).
        Effects (a registry: effect type -> function): budget (x factor + delta; a cut is
            met first from the nation's reserve, ``law.crisis_cover``: paying crisis_years
            of it annuls it, a smaller payment the same share), support,
            prestige, relations (both ways), tech (one domain or all), forbid_pair /
            allow_pair (a pair made forbidden while in one bloc: the one with the smaller
            budget leaves), charter (sharing, contribution), block_membership (expels and
            bars), allow_membership, force_membership (respects forbidden pairs and blocks),
            expel, progress (share of cost on the bloc's open milestones), add_offer (the rows
            the law refuses at sending are not opened), news.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.engine import law, rng
from game.engine import state as st
from game.engine.phases.diplomacy import (
    add_offers,
    clear_deals,
    leave_bloc,
    set_main_bloc,
    update_leaders,
)
from game.engine.rules import COND, Effect
from game.engine.state import EV
from game.engine.turn import Turn

EffectFn = Callable[[Turn, Effect, np.ndarray, np.ndarray], None]


def _cells(t: Turn, hit: np.ndarray) -> tuple[np.ndarray, ...]:
    """``np.nonzero(hit)``, remembered for the last mask (an event's effects share one)."""
    last = t.cache.get("cells")
    if last is not None and last[0] is hit:
        return last[1]
    at = np.nonzero(hit)
    t.cache["cells"] = (hit, at)
    return at


def _update(t: Turn, name: str, hit: np.ndarray, fn) -> None:
    """Apply ``fn`` to the cells of (W, N) array ``name`` where ``hit`` holds (sparse)."""
    at = _cells(t, hit)
    if len(at[0]):
        arr = t.own(name)
        arr[at] = fn(arr[at])


def _budget(t: Turn, e: Effect, hit, worlds) -> None:
    at = _cells(t, hit)
    if not len(at[0]):
        return
    budget = t.own("budget")
    old = budget[at]
    new = law.budget_struck(old, e.factor, e.delta)
    # a cut is met first from the nation's reserve: paying crisis_years of it annuls it
    cut = np.maximum(old - new, 0.0)
    if cut.any():
        reserve = t.own("reserve")
        paid = law.crisis_cover(cut, reserve[at], t.c)
        reserve[at] = reserve[at] - paid
        new = new + law.crisis_relief(paid, cut, t.c) * cut
    budget[at] = new


def largest_cut(budget: np.ndarray, rules) -> np.ndarray:
    """(W, N) the largest cut (US$ B a year) one entry of the random table can strike each
    nation's yearly budget with on a turn: its budget effects in order (``law.budget_struck``)
    on the nations they may hit, the drawer only where it is eligible and has the entry's
    ``min_budget``. A nation keeps the reserve that buys such a cut back (``crisis_cover``)."""
    out = np.zeros(budget.shape)
    for i, effects in enumerate(rules.rn_effects):
        cuts = [e for e in effects if e.type == "budget"]
        if not cuts:
            continue
        drawer = np.broadcast_to(rules.rn_eligible[i], budget.shape)
        if rules.rn_min_budget[i] > 0:
            drawer = drawer & (budget >= rules.rn_min_budget[i])
        after = budget
        for e in cuts:
            hit = drawer if e.drawer else np.broadcast_to(e.nations, budget.shape)
            after = np.where(hit, law.budget_struck(after, e.factor, e.delta), after)
        np.maximum(out, budget - after, out=out)
    return out


def _support(t: Turn, e: Effect, hit, worlds) -> None:
    _update(t, "support", hit, lambda x: np.clip(x + e.delta, 0.0, 1.0))


def _prestige(t: Turn, e: Effect, hit, worlds) -> None:
    _update(t, "prestige", hit, lambda x: np.maximum(0.0, x + e.delta))


def _relations(t: Turn, e: Effect, hit, worlds) -> None:
    # only the worlds with a nation hit, and the rows and columns of nations that can be
    # involved, are touched
    rows = np.flatnonzero(hit.any(axis=1))
    if not len(rows):
        return
    u = np.flatnonzero(hit.any(axis=0) | e.others)
    sub = np.ix_(rows, u, u)
    h = hit[rows][:, u]
    pairs = h[:, :, None] & e.others[u][None, None, :]
    pairs = (pairs | pairs.transpose(0, 2, 1)) & ~np.eye(len(u), dtype=bool)
    rel = t.own("relations")
    block = rel[sub]
    rel[sub] = np.where(pairs, np.clip(block + e.delta, -1.0, 1.0), block)


def _tech(t: Turn, e: Effect, hit, worlds) -> None:
    wi, ni = _cells(t, hit)
    if not len(wi):
        return
    tech = t.own("tech")
    if e.domain < 0:
        tech[wi, ni] = np.clip(tech[wi, ni] + e.delta, 0.0, 1.0)
    else:
        tech[wi, ni, e.domain] = np.clip(tech[wi, ni, e.domain] + e.delta, 0.0, 1.0)


def _set_pair(t: Turn, e: Effect, worlds, value: bool) -> None:
    a, b = (int(x) for x in t.rules.fp_nations[e.pair])
    forbidden = t.own("forbidden")
    forbidden[worlds, a, b] = value
    forbidden[worlds, b, a] = value
    if value:
        for i, j in ((a, b), (b, a)):
            ended = np.flatnonzero(worlds & (t.deal_until[:, i, j] >= 0))
            if len(ended):
                clear_deals(t, (ended, np.full(len(ended), i), np.full(len(ended), j)))
        shared = worlds[:, None] & t.member[:, a] & t.member[:, b]  # (W, K)
        smaller = np.where(t.budget[:, a] < t.budget[:, b], a, b)
        # the smaller partner leaves every bloc the pair shares
        who = np.arange(t.rules.n_nations) == smaller[:, None]
        leave_bloc(t, who[:, :, None] & shared[:, None, :], 0.0)


def _forbid(t: Turn, e: Effect, hit, worlds) -> None:
    _set_pair(t, e, worlds, True)


def _allow(t: Turn, e: Effect, hit, worlds) -> None:
    _set_pair(t, e, worlds, False)


def _charter(t: Turn, e: Effect, hit, worlds) -> None:
    if not np.isnan(e.sharing):
        t.own("sharing")[worlds, e.bloc] = e.sharing
    if not np.isnan(e.contribution):
        t.own("contribution")[worlds, e.bloc] = e.contribution


def _block(t: Turn, e: Effect, hit, worlds) -> None:
    t.own("blocked")[:, :, e.bloc] |= hit
    leave_bloc(t, _in_bloc(t, hit, e.bloc), 0.0)


def _unblock(t: Turn, e: Effect, hit, worlds) -> None:
    t.own("blocked")[:, :, e.bloc] &= ~hit


def _force(t: Turn, e: Effect, hit, worlds) -> None:
    k = e.bloc
    n = t.rules.n_nations
    members = t.member[:, :, k]
    joining = hit & ~members & ~t.blocked[:, :, k]
    barred = (t.forbidden & members[:, None, :]).any(axis=2)
    joining &= ~barred
    clash = (
        t.forbidden & joining[:, :, None] & joining[:, None, :] & np.tri(n, k=-1, dtype=bool)
    ).any(axis=2)
    joining &= ~clash
    if not joining.any():
        return
    # an event overrides exclusivity: a member of another exclusive bloc leaves it first
    if t.rules.exclusive[k]:
        others = t.rules.exclusive & (np.arange(t.rules.n_blocs) != k)
        leave_bloc(t, joining[:, :, None] & t.member & others, 0.0)
    enter = joining[:, :, None] & (np.arange(t.rules.n_blocs) == k)
    t.member = t.member | enter
    t.since = np.where(enter, t.turn + 1, t.since).astype(np.int16)
    set_main_bloc(t)
    t.log.add(EV["joined"], joining, nation=np.arange(n), bloc=k)
    update_leaders(t)


def _in_bloc(t: Turn, hit: np.ndarray, k: int) -> np.ndarray:
    """(W, N, K): the memberships of bloc ``k`` held by nations in ``hit`` (W, N)."""
    return hit[:, :, None] & t.member & (np.arange(t.rules.n_blocs) == k)


def _expel(t: Turn, e: Effect, hit, worlds) -> None:
    leave_bloc(t, _in_bloc(t, hit, e.bloc), 0.0)


def _progress(t: Turn, e: Effect, hit, worlds) -> None:
    r = t.rules
    idx = r.ms_of_bloc[e.bloc]
    done = t.done
    prereq = r.ms_prereq[idx]  # (Mk, M)
    open_ = ~done[:, idx] & ~(prereq[None] & ~done[:, None, :]).any(axis=2)
    cost = r.ms_cost[idx]
    progress = t.own("progress")
    moved = np.clip(progress[:, idx] + e.fraction * cost, 0.0, cost)
    progress[:, idx] = np.where(open_ & worlds[:, None], moved, progress[:, idx])


def _add_offer(t: Turn, e: Effect, hit, worlds) -> None:
    r = t.rules
    tp = r.templates
    s = e.template
    n = r.n_nations
    sender = int(tp.sender[s])
    k = int(tp.bloc[s])
    to = worlds[:, None] & tp.to[s][None, :]
    target = np.broadcast_to(np.arange(n, dtype=np.int16), to.shape)
    if tp.kind[s] == st.KIND["apply"] and k >= 0:
        # an application goes to the bloc's leader, whoever the template named
        to = worlds[:, None] & (np.arange(n) == 0)
        target = np.broadcast_to(t.leader[:, k][:, None], to.shape)
    wpos, col = np.nonzero(to)
    # the law's checks at sending: the rows it refuses are never opened
    refusal = law.offer_refusal(t, r, wpos, tp.kind[s], sender, target[wpos, col], k)
    keep = ~np.isin(refusal, law.SENDING)
    wpos, col = wpos[keep], col[keep]
    count = len(wpos)

    def full(value, dtype):
        return np.full(count, value, dtype=dtype)

    add_offers(
        t,
        {
            "world": wpos,
            "kind": full(tp.kind[s], np.int8),
            "sender": full(sender, np.int16),
            "target": target[wpos, col].astype(np.int16),
            "bloc": full(k, np.int16),
            "funds": full(tp.funds[s], np.float64),
            "tech": full(tp.tech[s], np.float64),
            "seats": full(tp.seats[s], np.int8),
            "payload": full(tp.payload[s], np.int8),
            "turns": full(tp.turns[s], np.int16),
            "origin": full(st.ORIGIN_EVENT, np.int8),
            "source": full(s, np.int16),
        },
    )


def _news(t: Turn, e: Effect, hit, worlds) -> None:
    """News only: the event row itself is the news."""


#: Effect type (as written in the scenario) -> function applying it.
EFFECTS: dict[str, EffectFn] = {
    "budget": _budget,
    "support": _support,
    "prestige": _prestige,
    "relations": _relations,
    "tech": _tech,
    "forbid_pair": _forbid,
    "allow_pair": _allow,
    "charter": _charter,
    "block_membership": _block,
    "allow_membership": _unblock,
    "force_membership": _force,
    "expel": _expel,
    "progress": _progress,
    "add_offer": _add_offer,
    "news": _news,
}

CondFn = Callable[[Turn, int], np.ndarray]


def _nation(t: Turn, e: int) -> int:
    return max(int(t.rules.sc_cond_nation[e]), 0)


def _meets(kind: str, quantity: np.ndarray, e: int, t: Turn) -> np.ndarray:
    """Scripted event ``e``'s threshold test, as the law's table of condition kinds gives it."""
    return law.meets(law.CONDITION_THRESHOLDS[kind][1], quantity, t.rules.sc_cond_value[e])


#: Condition kind code -> function giving (W,) bool for scripted event e.
CONDITIONS: dict[int, CondFn] = {
    COND["milestone_done"]: lambda t, e: t.done[:, t.rules.sc_cond_ms[e]],
    COND["milestone_failed"]: lambda t, e: t.failures[:, t.rules.sc_cond_ms[e]] > 0,
    COND["bloc_size_at_least"]: lambda t, e: _meets(
        "bloc_size_at_least", t.member[:, :, t.rules.sc_cond_bloc[e]].sum(axis=1), e, t
    ),
    COND["member_of"]: lambda t, e: t.member[:, _nation(t, e), t.rules.sc_cond_bloc[e]],
    COND["not_member_of"]: lambda t, e: ~t.member[:, _nation(t, e), t.rules.sc_cond_bloc[e]],
    COND["prestige_at_least"]: lambda t, e: _meets(
        "prestige_at_least", t.prestige[:, _nation(t, e)], e, t
    ),
    COND["support_below"]: lambda t, e: _meets("support_below", t.support[:, _nation(t, e)], e, t),
    COND["budget_below"]: lambda t, e: _meets("budget_below", t.budget[:, _nation(t, e)], e, t),
}


#: The figures an event's effects can change, as the ledger names them.
_FIGURES = ("budget", "support", "prestige", "reserve", "tech")


def _apply(
    t: Turn,
    effects,
    hit_of: Callable[[Effect], np.ndarray],
    worlds: np.ndarray,
    cause: tuple[str, int] | None = None,
) -> None:
    book = t.ledger
    before = None
    if book is not None and cause is not None:
        before = {name: getattr(t, name).copy() for name in _FIGURES}
    for e in effects:
        EFFECTS[e.type](t, e, hit_of(e), worlds)
    t.cache.pop("cells", None)
    if book is not None and before is not None and cause is not None:
        # the event's rows are exactly what its effects did (bounds included)
        for name, old in before.items():
            new = getattr(t, name)
            if new is not old and not np.array_equal(new, old):
                book.change(name, cause[0], cause[1], old, new)


def _scripted(t: Turn) -> None:
    r = t.rules
    # plain ints up front: indexing numpy scalars event by event costs more than the loop
    for e, (date, cond) in enumerate(zip(r.sc_turn.tolist(), r.sc_cond.tolist(), strict=True)):
        if cond < 0 and date != t.turn:
            continue
        if date >= 0 and t.turn < date:
            continue
        due = t.running & ~t.event_fired[:, e]
        if cond >= 0:
            due &= CONDITIONS[cond](t, e)
        if not due.any():
            continue
        draw = rng.uniform(t.seed, t.world, t.turn, rng.PHASE_SCRIPTED, e)
        fire = due & (draw < r.sc_prob[e])
        if not fire.any():
            continue
        t.own("event_fired")[:, e] |= fire
        t.log.add(EV["scripted_event"], fire, item=e)
        _apply(
            t,
            r.sc_effects[e],
            lambda x, f=fire: f[:, None] & x.nations[None, :],  # type: ignore[misc]
            fire,
            ("event", e),
        )


def _random(t: Turn) -> None:
    r = t.rules
    n = r.n_nations
    if r.n_random == 0:
        return
    # one draw per nation and turn, cut into consecutive intervals of each entry's probability
    draw = rng.uniform(t.seed, t.world[:, None], t.turn, rng.PHASE_RANDOM, np.arange(n))
    top = np.cumsum(r.rn_prob)
    top = top / max(1.0, float(top[-1]))
    entry = np.searchsorted(top, draw, side="right")  # (W, N): the slice each draw fell in
    drawn = entry[entry < r.n_random]
    if not drawn.size:  # every draw fell past the last entry: no random event this turn
        return
    for i in np.unique(drawn).tolist():  # ascending: the entries' order, undrawn ones skipped
        hit = (entry == i) & r.rn_eligible[i]
        if r.rn_min_budget[i] > 0:
            hit &= t.budget >= r.rn_min_budget[i]
        hit &= t.running[:, None]
        if not hit.any():
            continue
        worlds = hit.any(axis=1)
        t.log.add(EV["random_event"], hit, nation=np.arange(n), item=i)
        _apply(
            t,
            r.rn_effects[i],
            lambda x, h=hit, wd=worlds: h if x.drawer else wd[:, None] & x.nations[None, :],  # type: ignore[misc]
            worlds,
            ("random_event", i),
        )


def _injected(t: Turn) -> None:
    n = t.rules.n_nations
    worlds = t.running
    for i, inj in enumerate(t.orders.injected):
        struck = worlds[:, None] & inj.struck[None, :]
        if inj.random >= 0:
            t.log.add(EV["random_event"], struck, nation=np.arange(n), item=inj.random)
            cause = ("random_event", inj.random)
        else:
            # a written event may strike nobody by name (a news item, a forbidden pair)
            hit = struck if inj.struck.any() else worlds[:, None] & (np.arange(n) == 0)
            who = np.arange(n) if inj.struck.any() else -1
            t.log.add(EV["injected_event"], hit, nation=who, item=i)
            cause = ("injected", i)
        _apply(
            t,
            inj.effects,
            lambda x, h=struck: h if x.drawer else worlds[:, None] & x.nations[None, :],  # type: ignore[misc]
            worlds,
            cause,
        )


def run(t: Turn) -> None:
    _scripted(t)
    _random(t)
    _injected(t)
