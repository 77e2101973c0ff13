"""Budget plans of the computer players: the split over categories, research and missions.

Spec card:
    Reads: State (bloc, leader, contribution, done, tech, budget, support, mission_progress,
        mission_done), the AI's view of Rules (milestone tracks, missions, personalities).
    Writes: Orders.alloc (W, N, 5), Orders.research (W, N, D), Orders.mission (W, N), and the
        numbers behind them (for the reasons).
    In words: a member pays at least its charter's contribution into its bloc, more when
        ambitious and more still when it leads; research goes where the bloc's next milestones
        need technology the nation lacks (an unaligned nation: its national mission's domains);
        ambitious, risk-taking nations fund a national mission, unaligned ones most of all;
        leaders and courted nations spend on diplomacy; low support puts money in reserve.
    Asking the law (``split.programme_split``): a member at a level with ``law_grid``
        splits the money it gives its bloc's programme between the pool, research and
        diplomacy where the law's ``research_lift`` and ``diplomacy_relief`` make the
        programme's money go furthest, given what its partners spent last turn; the finer
        the grid, the closer to the optimum. At ``score_stakes`` the member picks the split
        worth most to its own score (``split._own_points``: its contribution share of the
        progress bought, its own technology, its stake in its bloc's chance to win), not to
        the bloc's progress. At ``reserve_foresight`` it banks, when its bloc is about to
        attempt a milestone, its share of what ``law.absorbed`` would draw to make a
        failure good. At ``crisis_foresight`` it keeps the reserve that buys back the worst
        budget cut the random table can strike it with (``events.largest_cut`` priced by
        ``law.crisis_cover``) while more than ``crisis_years`` are left, before the law
        splits the rest; one reserve serves both, as the engine draws on it for either.
    Asking the law about the pace (``fit_to_pace``, every level): a bloc's members pay in
        together no more than ``law.pool_demand`` (what the pace limit lets the programme use
        this turn, estimated with last turn's efficiency) plus a level's margin; on a turn
        their bloc may attempt a milestone whose failure would cost more than a turn's
        capacity can rebuild, they keep in reserve the bill ``law.absorbed`` would draw to
        make it good (from the freed money, then research); the money freed finishes the
        chosen national mission and the rest goes to research.
    Joining (``plan_budget``'s ``joining``, from ``judge.expected_joins``): a nation in no
        bloc that expects to join one this turn plans as its member; the engine pays the bloc
        share it pledges into that bloc's programme if the membership comes, else banks it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from game.ai.difficulty import Difficulty
from game.ai.split import programme_split
from game.ai.view import AIView
from game.engine import law
from game.engine.phases.events import largest_cut
from game.engine.phases.programs import fit_and_shortfall
from game.engine.state import (
    CAT_BLOC,
    CAT_DIPLOMACY,
    CAT_MISSIONS,
    CAT_RESEARCH,
    CAT_RESERVE,
    CATEGORIES,
)
from game.engine.utility import best_of, spill_gap

#: Support under which a nation starts putting money aside.
LOW_SUPPORT = 0.4
#: A mission is within reach when this many years at most MISSION_SHARE_CAP of the budget pay it.
MISSION_REACH_YEARS = 3.0
MISSION_SHARE_CAP = 0.5


@dataclass(frozen=True, slots=True)
class PaceSense:
    """How closely a level fits its programme money to what the pace limit can use."""

    #: Share beyond the law's ``pool_demand`` a bloc's members still pay in together (the
    #: demand is estimated from last turn's efficiency; money beyond it comes back anyway).
    margin: float
    #: Share of its part of a possible failure's bill (``law.absorbed``) a member keeps in
    #: reserve on a turn its bloc may attempt a milestone.
    cover: float
    #: Whether research gives way to the reserve's cover (else only the money the pace
    #: limit frees pays it).
    research_gives_way: bool
    #: Whether every member keeps its part of the cover (else the bloc's leader keeps all of
    #: it; ``law.absorbed`` still draws on every member's reserve there is).
    partners_cover: bool = True
    #: Whether a member finishes its chosen national mission from its research money when
    #: the money the pace limit frees falls short (else the freed money alone pays it): the
    #: mission's prestige is the nation's own, while research it moves into the lab spreads
    #: over the domains and the bloc's lift.
    mission_first: bool = False


#: Per level (by name; a level not listed plays as normal). Easy stays coarse: it pays half
#: as much again as the pace can use; hard fits the pool closest and alone banks against a
#: failure of its bloc's attempts (a level's foresight, as ``reserve_foresight``). Measured
#: (1,000 paired worlds, default scenario, every level covering as hard does): the base was
#: built in 98% of worlds and Artemis won 63%, so the end date stopped mattering; covered
#: at hard only, normal's worlds keep the race open (see the session note of issue 9).
#: At hard the leader carries the cover alone: the winner's bonus comes to every member of
#: the winning bloc alike, so a partner's cover buys it the same small rise in its bloc's
#: chance as the leader's would while its research pays for it in full (measured, 1,000
#: paired default worlds: India's seat at hard scored 2.81 (SE 0.47) points below its play
#: at normal with every member covering, 0.09 (0.30) below with the leader covering; the
#: USA's hard play kept its lead, +27.2 (2.0) over normal).
PACE_SENSE: dict[str, PaceSense] = {
    "easy": PaceSense(margin=0.5, cover=0.0, research_gives_way=False),
    "normal": PaceSense(margin=0.15, cover=0.0, research_gives_way=False),
    "hard": PaceSense(
        margin=0.05,
        cover=1.0,
        research_gives_way=True,
        partners_cover=False,
        mission_first=True,
    ),
}


@dataclass(frozen=True, slots=True)
class BudgetPlan:
    """A budget plan for W worlds and the figures behind it."""

    alloc: np.ndarray  # (W, N, 5)
    research: np.ndarray  # (W, N, D)
    mission: np.ndarray  # (W, N) int16, -1 none
    contribution: np.ndarray  # (W, N) charter minimum of the nation's bloc (0 unaligned)
    leads: np.ndarray  # (W, N) bool: leads its bloc
    need: np.ndarray  # (W, N, D) technology the nation's next goals lack, 0..1
    low_support: np.ndarray  # (W, N) bool


def merge_plans(plan: BudgetPlan, other: BudgetPlan, rows: np.ndarray) -> BudgetPlan:
    """``plan`` with the nations at ``rows`` (W, N bool) planned as in ``other``."""
    parts = {}
    for name in BudgetPlan.__slots__:
        mine, theirs = getattr(plan, name), getattr(other, name)
        mask = rows.reshape(rows.shape + (1,) * (mine.ndim - 2))
        parts[name] = np.where(mask, theirs, mine).astype(mine.dtype)
    return BudgetPlan(**parts)


def available_milestones(done: np.ndarray, view: AIView) -> np.ndarray:
    """(W, M) bool: not completed, every prerequisite completed."""
    unmet = (~done).astype(np.float64) @ view.prereq.T.astype(np.float64)
    return ~done & (unmet == 0)


def bloc_requirements(done: np.ndarray, view: AIView) -> np.ndarray:
    """(W, K, D): the technology each bloc's next milestones require (max over them).

    Worlds share few patterns of completed milestones, so the work is done once per pattern.
    """
    if done.shape[0] == 1:  # a single world is its own pattern (np.unique costs more)
        first, inverse = np.zeros(1, dtype=np.intp), np.zeros(1, dtype=np.intp)
    else:
        bits = done.astype(np.int64) @ (np.int64(1) << np.arange(done.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(bits, return_index=True, return_inverse=True)
    avail = available_milestones(done[first], view)
    req = np.zeros((len(first), view.n_blocs, view.n_domains))
    for m, k in enumerate(view.ms_bloc):  # a dozen milestones; each step is one (U, D) array
        np.maximum(req[:, k], np.where(avail[:, m, None], view.ms_req[m], 0.0), out=req[:, k])
    return req[inverse.reshape(-1)]


def _mission_values(state, view: AIView, rows: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """(R, Q) the value of each mission to the nations at ``rows`` (0: not an option).

    Prestige, discounted by the technology the nation lacks, for missions open to it, not
    yet done and within reach of its budget.
    """
    tech = state.tech[rows]  # (R, D)
    reach = (MISSION_REACH_YEARS * MISSION_SHARE_CAP) * state.budget[rows]
    done = state.mission_done[rows]  # (R, Q)
    # (R, Q) at once, one domain at a time (a short axis); a domain a mission does not need
    # adds an exact 0, so every sum is the one its needed domains alone would give
    shortfall = np.zeros(done.shape)
    for d in range(view.n_domains):
        need = view.q_req[:, d]
        shortfall += np.where(need > 0, np.maximum(need - tech[:, d, None], 0.0), 0.0)
    feasible = np.clip(1.0 - (3.0 / view.n_domains) * shortfall, 0.0, 1.0)
    ok = view.q_open[rows[1]] & ~done & (view.q_cost <= reach[:, None])
    return view.q_prestige * feasible * ok


def choose_missions(state, view: AIView) -> np.ndarray:
    """(W, N) the national mission each nation would fund (-1 none).

    A nation carries on with a mission it has started; otherwise it picks the best by
    ``_mission_values``. Only nations without a mission under way are evaluated (after the
    first turns, a handful per world), which keeps the choice cheap in large batches.
    """
    if view.n_missions == 0:
        return np.full(state.bloc.shape, -1, dtype=np.int16)
    under_way = state.mission_progress * ~state.mission_done  # (W, N, Q)
    current = np.argmax(under_way, axis=2)
    wi, ni = np.arange(current.shape[0])[:, None], np.arange(current.shape[1])
    has_current = under_way[wi, ni, current] > 0
    best = np.where(has_current, current, -1)
    rows = np.nonzero(~has_current)
    if rows[0].size:
        value = _mission_values(state, view, rows)
        pick = np.argmax(value, axis=1)
        ok = value[np.arange(pick.size), pick] > 0
        best[rows] = np.where(ok, pick, -1)
    return best.astype(np.int16)


def blocs_to_beat(state, people: np.ndarray) -> np.ndarray:
    """(W, K) bool: the blocs a sharp computer player plays against.

    The blocs of the nations people play (``people``, W x N); in a world nobody plays, the
    bloc ahead in the race (the highest bloc score, when one is strictly ahead).
    """
    w, n = state.bloc.shape
    k = state.pool.shape[1]
    people = np.broadcast_to(np.asarray(people, dtype=bool), (w, n))
    out = (state.member[:, :, :k] & people[:, :, None]).any(axis=1)
    nobody = ~people.any(axis=1)
    if nobody.any():
        bs = state.bloc_score
        ahead = bs >= bs.max(axis=1, keepdims=True)
        ahead &= ahead.sum(axis=1, keepdims=True) == 1
        out = np.where(nobody[:, None], ahead, out)
    return out


def _reserve_for_failure(state, rules, bloc_share, level: Difficulty) -> np.ndarray:
    """(W, N) reserve share a member banks because its bloc may attempt a milestone now.

    When the last turn's pool would finish one of the bloc's open milestones, a failure is
    near: the member banks its pool share of the bill ``law.absorbed`` would draw to make
    the failure good, weighted by the chance of failing.
    """
    c = rules.constants
    w, n = state.bloc.shape
    out = np.zeros((w, n))
    member = state.bloc >= 0
    if not member.any() or rules.n_milestones == 0:
        return out
    view_ms_bloc = np.asarray(rules.ms_bloc)
    money = state.budget * rules.turn_years
    for k in range(rules.n_blocs):
        idx = np.flatnonzero(view_ms_bloc == k)
        if not idx.size:
            continue
        in_k = state.bloc == k
        open_ = law.milestone_open(state.done, idx, rules.ms_prereq[idx])
        left = np.where(open_, rules.ms_cost[idx] - state.progress[:, idx], np.inf)
        pool = state.pool[:, k]
        near = open_ & (left <= pool[:, None])  # the pool of one turn finishes it
        if not near.any():
            continue
        # the money a failure would take to rebuild: the lost progress at full efficiency
        loss = c.failure_progress_loss * rules.ms_cost[idx] * (1.0 - rules.ms_success[idx])
        loss = (near * loss).sum(axis=1)  # (W,)
        mine = money * in_k * bloc_share
        bill = law.absorbed(loss, mine, c)  # each member's bill, were its reserve its payment
        out += np.where(in_k, bill / np.maximum(money, 1e-12), 0.0)
    return np.minimum(out, level.reserve_foresight)


def promised(state, rules) -> np.ndarray:
    """(W, N) US$ B each nation's open offers would cost it if accepted: the prices of their
    seats, payload slots and technology (``law.sweetener_price``), paid from the sender's
    reserve when the answer comes (``law.cannot_pay``)."""
    o = state.offers
    price = law.sweetener_price(o.tech, o.seats, o.payload, rules.constants) * o.active
    out = np.zeros(state.bloc.shape)
    ws, ps = np.nonzero(price > 0)
    np.add.at(out, (ws, o.sender[ws, ps].astype(np.intp)), price[ws, ps])
    return out


def crisis_cover_money(state, rules, level: Difficulty) -> np.ndarray:
    """(W, N) US$ B a nation keeps in reserve against a budget cut: the price
    ``law.crisis_cover`` puts on buying back the largest cut the random table can strike it
    with (``events.largest_cut``), at most ``level.crisis_foresight`` of this turn's money.
    It is kept while more years are left than the price's ``crisis_years`` (a cut bought
    back pays for itself only then); the reserve comes back into the next turn's money, so
    holding it costs a turn's delay, not the money. Nothing at a level without foresight."""
    c = rules.constants
    years_left = (rules.n_turns - int(state.turn)) * rules.turn_years
    if level.crisis_foresight <= 0 or not rules.n_random or years_left <= c.crisis_years:
        return np.zeros(state.bloc.shape)
    price = law.crisis_cover(largest_cut(state.budget, rules), np.inf, c)
    return np.minimum(price, level.crisis_foresight * planned_money(state, rules))


def _crisis_reserve(state, rules, level: Difficulty, cover=None) -> np.ndarray:
    """(W, N) the share of this turn's money ``crisis_cover_money`` is (``cover``: that
    money, when the caller has worked it out already)."""
    money = np.maximum(planned_money(state, rules), 1e-9)
    if cover is None:
        cover = crisis_cover_money(state, rules, level)
    return cover / money


def spare_reserve(state, rules, level: Difficulty, cover=None) -> np.ndarray:
    """(W, N) US$ B of its reserve a nation may spend on sweeteners' prices: what it holds
    beyond its cover against a budget cut (``crisis_cover_money``, or ``cover`` when the
    caller has it), the cover not being money to give away."""
    if cover is None:
        cover = crisis_cover_money(state, rules, level)
    return np.maximum(state.reserve - cover, 0.0)


def planned_money(state, rules) -> np.ndarray:
    """(W, N) US$ B a nation will have to split this turn, as the AI estimates it: a turn of
    its budget and what it has in reserve (the income phase adds both; deals aside)."""
    return state.budget * rules.turn_years + state.reserve


def programme_outlook(state, rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each bloc's programme can use this turn and what a failure there may cost.

    Asked of the law with last turn's efficiency factors (``law.bloc_factors`` on the
    State's ``spent``) and the members' technology now. Returns (W, K) arrays: the
    ``law.pool_demand`` (inf for a bloc with no payments last turn: nothing to estimate
    from, so nothing is held back) and the money a failure would take to rebuild, summed
    over the open milestones one turn's work at the top pace may complete (the bill
    ``law.absorbed`` shares among the members' reserves); and (W, K) bool, whether such a
    failure would lose more progress than a turn's capacity can rebuild.
    """
    c = rules.constants
    w, k_n = state.pool.shape
    demand = np.full((w, k_n), np.inf)
    failure = np.zeros((w, k_n))
    slow = np.zeros((w, k_n), bool)
    payments = law.bloc_payments(state.spent, state.member, state.bloc, state.contribution)
    for k in range(k_n):
        idx = rules.ms_of_bloc[k]
        members = state.member[:, :, k]
        if not idx.size or not members.any():
            continue
        _, pool, _, coord, lift = law.bloc_factors(
            state.spent, members, c, rules.turn_years, payments[:, :, k]
        )
        fit, _ = fit_and_shortfall(best_of(state.tech, members)[:, None, :], rules.ms_req[idx])
        eff = law.efficiency(fit, coord[:, None], c, lift[:, None])
        prereq, cost = rules.ms_prereq[idx], rules.ms_cost[idx]
        need = law.pool_demand(
            state.done, state.progress, idx, prereq, cost, eff, rules.turn_years, c
        )
        demand[:, k] = np.where(pool > 0, need, np.inf)
        cap = law.milestone_capacity(cost, rules.turn_years, c)
        left = cost - state.progress[:, idx]
        may_try = law.milestone_open(state.done, idx, prereq) & (left <= cap)
        lost = c.failure_progress_loss * cost / eff  # money to rebuild what a failure loses
        failure[:, k] = (may_try * lost).sum(axis=1)
        # a loss larger than a turn's capacity costs turns that no money can buy back
        slow[:, k] = (may_try & (c.failure_progress_loss * cost > cap)).any(axis=1)
    return demand, failure, slow


def _mission_finish(state, view: AIView, mission: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(W, N) the money that finishes each nation's chosen mission this turn (0: none), at
    the efficiency the missions phase gives the nation's own technology, and (W, N) bool
    whether that technology already meets every requirement of the mission (research can
    no longer raise its chance, ``law.success_chance``, nor its efficiency)."""
    if view.n_missions == 0:
        return np.zeros(mission.shape), np.zeros(mission.shape, dtype=bool)
    w, n = mission.shape
    q = np.maximum(mission, 0)
    left = view.q_cost[q] - state.mission_progress[np.arange(w)[:, None], np.arange(n), q]
    fit, short = fit_and_shortfall(state.tech, view.q_req[q])
    eff = law.efficiency(fit, 1.0, view.rules.constants)
    chosen = mission >= 0
    return np.where(chosen, np.maximum(left, 0.0) / eff, 0.0), chosen & (short <= 0)


def fit_to_pace(
    state,
    view: AIView,
    level: Difficulty,
    shares: dict,
    mission: np.ndarray,
    put_off: np.ndarray | None = None,
):
    """``shares`` (category -> (W, N) share of the money) refitted to what the rules can use;
    ``put_off`` (W, N) bool: the nations that put off their national missions for the race
    this turn (hard's coalition), whose research never gives way to a mission.

    A bloc's members together pay no more than the law's ``pool_demand`` (plus the level's
    margin) beyond their charters, each cutting its payment in proportion: the pace limit
    would refund the rest at the turn's end, idle. On a turn its bloc may attempt a
    milestone whose failure would lose more progress than a turn's capacity can rebuild
    (turns no money buys back), a member keeps in reserve its part of the bill the failure
    would draw (``law.absorbed`` shares it by reserves; here by what each pays in, or all of
    it to the leader at a level whose partners do not cover, and what a member cannot hold
    falls to those that can): the reserve it brought into the turn
    stays banked, the rest comes from the freed money, then from research (a reserve not
    drawn comes back next turn). Freed money then finishes the chosen national mission (a
    mission has no pace limit; at a level with ``mission_first``, research gives way to it
    too once the nation's technology meets the mission's needs), and the rest goes to
    research, where it also counts toward the bloc's lift and the member's contribution in
    kind. (Studies of 300-1,000 paired worlds: a cover kept where the next turn's money can
    rebuild the loss, or cut from research where money binds, cost the tutorial's leader a
    third of its wins against easy opponents and pushed the 90-minute classroom game's
    balance past 60%; paying every mission from research cost the USA and India, and at
    hard Europe's classroom seat 4.6 points, rushing missions its technology fell short of;
    paying only a mission research can no longer improve raised India's seat at hard from
    0.5 below its play at normal to 1.7 above.) Returns the new shares.
    """
    rules = view.rules
    c = rules.constants
    sense = PACE_SENSE.get(level.name, PACE_SENSE["normal"])
    bloc_share = shares["bloc"]
    w, n = bloc_share.shape
    wi = np.arange(w)[:, None]
    member = state.bloc >= 0
    b = np.maximum(state.bloc, 0).astype(np.intp)
    money = np.maximum(planned_money(state, rules), 1e-12)
    owed = np.minimum((state.member * state.contribution[:, None, :]).sum(axis=2), 1.0)
    demand, failure, slow = programme_outlook(state, rules)
    # what every member plans to pay into each bloc, by the engine's split rule
    plan = np.stack([shares[name] * money for name in CATEGORIES], axis=2)
    total = law.bloc_payments(plan, state.member, state.bloc, state.contribution).sum(axis=1)
    cut = np.minimum((1.0 + sense.margin) * demand / np.maximum(total, 1e-12), 1.0)
    target = np.where(member, np.maximum(owed, bloc_share * cut[wi, b]), bloc_share)
    target = np.minimum(target, bloc_share)
    freed = bloc_share - target
    research = shares["research"].copy()
    reserve = shares["reserve"].copy()
    missions = shares["missions"].copy()

    def take(amount, from_research):
        """Up to ``amount`` (W, N share), from the freed money first, then research."""
        nonlocal freed, research
        got = np.minimum(np.maximum(amount, 0.0), freed)
        freed = freed - got
        more = np.minimum(np.maximum(amount, 0.0) - got, research * from_research)
        research = research - more
        return got + more

    # the member's part of the bloc's failure bill, shared by what each pays in (by the
    # insurers among them: at a level whose partners leave the cover to the leader, the
    # leader carries the bill alone)
    weight = target * money * member
    if not sense.partners_cover:
        weight = weight * (state.leader[wi, b] == np.arange(n)[None, :])
    bill = np.zeros((w, n))
    for k in range(failure.shape[1]):
        mine = weight * state.member[:, :, k]
        paid = mine.sum(axis=1)
        share = mine / np.where(paid > 0, paid, 1.0)[:, None]
        bill += share * (c.reserve_cover * failure[:, k])[:, None]
    # insurance where a failure costs turns: a loss a turn's capacity cannot rebuild (where
    # it can, next turn's money makes it good, and the money is better spent now)
    slow_k = slow[wi, b] & member
    keep = np.minimum(sense.cover * bill / money, 1.0) * slow_k
    # the reserve the nation brings into the turn stays banked, up to the cover, with the
    # rest of the plan shrinking in proportion (charters kept): the plan's shares were
    # made for the whole money, and a cover re-banked each turn costs nothing more
    roll = np.minimum(np.maximum(keep - reserve, 0.0), state.reserve / money)
    spare = {"bloc": np.maximum(target - owed, 0.0) * member + target * ~member}
    spare.update(missions=missions, research=research, diplomacy=shares["diplomacy"])
    total = sum(spare.values())
    ratio = np.where(total > 0, np.minimum(roll / np.where(total > 0, total, 1.0), 1.0), 0.0)
    target = target - spare["bloc"] * ratio
    missions, research = missions * (1 - ratio), research * (1 - ratio)
    diplomacy = shares["diplomacy"] * (1 - ratio)
    reserve = reserve + total * ratio
    # the rest of the cover from freed money, then research (never from the pool: where
    # money binds, a cover paid from the pool slows the very programme it insures)
    paced = slow_k & sense.research_gives_way
    reserve = reserve + take(keep - reserve, paced)
    # law.absorbed draws the bill from the reserves there are: what partners cannot hold
    # falls to the members that can, in proportion to what they have left to move
    short = np.maximum(keep - reserve, 0.0) * money
    room = (freed + research * paced) * money * (bill > 0)
    for k in range(failure.shape[1]):
        in_k = state.member[:, :, k] & (state.bloc == k)
        gap = (short * in_k).sum(axis=1, keepdims=True)
        can = room * in_k
        pot = can.sum(axis=1, keepdims=True)
        extra = np.where(pot > 0, can * np.minimum(gap / np.where(pot > 0, pot, 1.0), 1.0), 0.0)
        reserve = reserve + take(extra / money, paced)
    # the chosen mission, finished this turn if the money allows (within the usual cap)
    finish, ready = _mission_finish(state, view, mission)
    need = np.minimum(finish / money, MISSION_SHARE_CAP)
    first = member & ready & sense.mission_first
    if put_off is not None:
        first &= ~put_off
    missions = missions + take(need - missions, first)
    out = dict(shares)
    out.update(
        bloc=target,
        reserve=reserve,
        missions=missions,
        research=research + freed,
        diplomacy=diplomacy,
    )
    return out


#: A member trails its bloc's best when some domain of its technology is this far below it.
TRAILS = 0.01


def absorb_floor(state, rules) -> np.ndarray:
    """(W, N) the research share a member keeps to take in all of its blocs' spill-over
    (``law.absorption`` is 1 from that share of its money on): the law's
    ``absorptive_share`` for a member whose technology trails its bloc's best member by
    ``TRAILS`` or more in some domain, else 0 (nothing to take in)."""
    share = max(rules.constants.absorptive_share, 0.0)
    return np.where(spill_gap(state, rules) >= TRAILS, share, 0.0)


def plan_budget(
    state,
    view: AIView,
    level: Difficulty,
    beat: np.ndarray | None = None,
    joining: np.ndarray | None = None,
    cover: np.ndarray | None = None,
) -> BudgetPlan:
    """The budget split, research split and national mission of every nation; ``beat`` (W, K)
    the blocs sharp players counter (``blocs_to_beat``; default: none); ``joining`` (W, N)
    the bloc a nation in no bloc expects to join this turn, or -1 (``judge.
    expected_joins``): it plans as that bloc's member, its bloc share pledged (the engine
    pays it in if the membership comes, else banks it); ``cover`` (W, N) the
    ``crisis_cover_money`` at ``level``, when the caller has worked it out already."""
    w, n = state.bloc.shape
    if joining is not None:
        # a nation joining this turn plans as a member of the bloc it joins: the plan is made
        # on the State as it expects it after the answers
        pledging = (state.bloc < 0) & (np.asarray(joining) >= 0)
        if pledging.any():
            k_of = np.arange(state.member.shape[2])
            enter = pledging[:, :, None] & (np.asarray(joining)[:, :, None] == k_of)
            bloc = np.where(pledging, joining, state.bloc).astype(state.bloc.dtype)
            state = dataclasses.replace(state, member=state.member | enter, bloc=bloc)
    member = state.bloc >= 0
    b = np.maximum(state.bloc, 0).astype(np.intp)
    wi = np.arange(w)[:, None]  # fancy indexing: take_along_axis costs more on small arrays
    # membership (issue 9): a nation in several blocs owes each charter's minimum
    contribution = (state.member * state.contribution[:, None, :]).sum(axis=2)
    leads = member & (state.leader[wi, b] == np.arange(n)[None, :])
    ambition, risk = view.ambition[None, :], view.risk[None, :]

    mission = choose_missions(state, view)
    has_mission = mission >= 0

    # (Masks multiply rather than select: np.where is slow on (W, N) arrays.)
    wish = contribution + (0.12 + 0.25 * ambition) + 0.1 * leads
    wish = np.minimum(wish, 0.85)
    bloc_share = np.maximum(wish, contribution) * member
    eager = 0.1 + 0.4 * ambition * risk  # unaligned nations put more into their own missions
    mission_share = (eager + (0.04 + 0.2 * ambition * risk - eager) * member) * has_mission
    # Never more than what the mission still needs this turn: the rest goes to research.
    # A mission whose progress already covers its cost (a failure the reserve made good in
    # full) needs no more money and is flown again this turn (``law.mission_ready``).
    ready = np.zeros(mission.shape, dtype=bool)
    if view.n_missions:
        q = np.maximum(mission, 0)
        progress = state.mission_progress[wi, np.arange(n), q]
        left = view.q_cost[q] - progress
        ready = has_mission & law.mission_ready(progress, view.q_cost[q])
        per_turn = np.maximum(state.budget * view.turn_years, 1e-9)
        np.minimum(mission_share, np.maximum(left, 0.0) / per_turn, out=mission_share)
        np.minimum(mission_share, MISSION_SHARE_CAP, out=mission_share)
    diplomacy = 0.07 + 0.06 * leads - 0.05 * member
    low_support = state.support < LOW_SUPPORT
    reserve = level.idle_reserve + 0.2 * np.clip((LOW_SUPPORT - state.support) / LOW_SUPPORT, 0, 1)

    # Whatever the bloc does not take is shared out; if the rest overflows, everything but the
    # charter's contribution shrinks in proportion (a member always pays what it owes).
    others = mission_share + diplomacy + reserve
    room = np.maximum(0.9 - bloc_share, 0.0)
    scale = np.minimum(room / np.maximum(others, 1e-12), 1.0)
    mission_share *= scale
    diplomacy *= scale
    reserve *= scale
    research_share = 1.0 - bloc_share - mission_share - diplomacy - reserve
    rival = np.zeros((w, n), dtype=bool)
    if beat is not None and (level.counter or level.rally) and beat.any():
        ahead = beat[wi, b] & member  # (W, N): in a bloc the others play against
        rival = member & ~ahead & beat.any(axis=1)[:, None]
        if level.counter:
            # Hard: a coalition against the bloc to beat. Its rivals' members put off their
            # national missions and spend their idle money on the race while it is there
            # to be caught (the law splits it between pool, laboratories and diplomacy).
            moved = level.counter * rival * (mission_share + reserve)
            mission_share = mission_share * (1 - level.counter * rival)
            reserve = reserve * (1 - level.counter * rival)
            research_share = research_share + moved
        if level.rally:
            # Easy: the opposite, a mistake a player can see. While the bloc to beat is ahead
            # in the race it looks like the winner, so its rivals' members give up the chase:
            # they pay their charter and bank the rest, and their blocs fall further behind.
            front = np.max(np.where(beat, state.bloc_score, -np.inf), axis=1)
            behind = state.bloc_score[wi, b] < front[:, None]
            rival = rival & behind
            give_up = level.rally * rival * np.maximum(bloc_share - contribution, 0.0)
            bloc_share = bloc_share - give_up
            reserve = reserve + give_up
    if level.crisis_foresight > 0 and view.rules.n_random:
        # A sharp nation keeps the reserve that buys back the worst budget cut the random
        # table can strike it with, from research, then from the pool's share above the
        # charter, before the law splits what is left of its programme money
        keep = _crisis_reserve(state, view.rules, level, cover)
        extra = np.maximum(keep - reserve, 0.0)
        from_research = np.minimum(extra, research_share)
        from_pool = np.minimum(extra - from_research, np.maximum(bloc_share - contribution, 0.0))
        research_share = research_share - from_research
        bloc_share = bloc_share - from_pool
        reserve = reserve + from_research + from_pool
    if level.law_grid is not None and (member & ~(rival & (level.rally > 0))).any():
        # Ask the law where the programme's money goes furthest (members only: outside a
        # bloc, research serves the nation's own technology and missions).
        flexible = bloc_share + research_share + diplomacy
        asks = member & ~(rival & (level.rally > 0))  # who gave up asks nothing
        pool_s, research_s, dip_s = programme_split(
            state, view.rules, flexible, contribution, level, asks
        )
        bloc_share = np.where(asks, pool_s, bloc_share)
        research_share = np.where(asks, research_s, research_share)
        diplomacy = np.where(asks, dip_s, diplomacy)
    if level.reserve_foresight > 0 and rival.any():
        # The coalition against the bloc to beat races carefully: its members bank against
        # a failure of their bloc's imminent attempt (their bloc's win comes first; a
        # nation playing for itself would rather keep its contribution share).
        banked = _reserve_for_failure(state, view.rules, bloc_share, level) * rival
        # banked from the pool's share above the charter, then from research
        from_pool = np.minimum(banked, np.maximum(bloc_share - contribution, 0.0))
        from_research = np.minimum(banked - from_pool, research_share)
        bloc_share = bloc_share - from_pool
        research_share = research_share - from_research
        reserve = reserve + from_pool + from_research
    # fit the programme money to what the pace limit can use, the rest where it pays
    fitted = fit_to_pace(
        state,
        view,
        level,
        {
            "bloc": bloc_share,
            "missions": mission_share,
            "research": research_share,
            "diplomacy": diplomacy,
            "reserve": reserve,
        },
        mission,
        put_off=rival & (level.counter > 0),
    )
    bloc_share, mission_share = fitted["bloc"], fitted["missions"]
    research_share, reserve = fitted["research"], fitted["reserve"]
    diplomacy = fitted["diplomacy"]
    # research enough to take in the bloc's spill-over where the member trails its partners
    # (``law.absorption``): the money comes from every other use in proportion, the charter
    # kept
    short = np.maximum(absorb_floor(state, view.rules) - research_share, 0.0)
    if short.any():
        above = np.maximum(bloc_share - contribution, 0.0)
        pot = above + mission_share + diplomacy + reserve
        ratio = np.minimum(short / np.maximum(pot, 1e-12), 1.0) * (pot > 0)
        research_share = research_share + pot * ratio
        bloc_share = bloc_share - above * ratio
        mission_share = mission_share * (1 - ratio)
        diplomacy = diplomacy * (1 - ratio)
        reserve = reserve * (1 - ratio)
    # the price of its open offers' sweeteners is paid from the reserve it holds when the
    # answer comes (after this turn's income): bank it, as a person is told to
    held = np.minimum(promised(state, view.rules) / planned_money(state, view.rules), 1.0)
    short = np.maximum(held - reserve, 0.0)
    for share in (research_share, mission_share, diplomacy):
        take = np.minimum(short, share)
        share -= take
        reserve = reserve + take
        short = short - take
    take = np.minimum(short, np.maximum(bloc_share - contribution, 0.0))
    bloc_share, reserve = bloc_share - take, reserve + take
    alloc = np.empty((w, n, 5))
    alloc[:, :, CAT_BLOC] = bloc_share
    alloc[:, :, CAT_MISSIONS] = mission_share
    alloc[:, :, CAT_RESEARCH] = research_share
    alloc[:, :, CAT_DIPLOMACY] = diplomacy
    alloc[:, :, CAT_RESERVE] = reserve

    # Each nation's goal: its bloc's next milestones, or (unaligned) its national mission.
    # One gather from a per-world table of goals: rows 0..K-1 blocs, then missions, then none.
    req = bloc_requirements(state.done, view)
    goals = np.concatenate(
        [
            req,
            np.broadcast_to(view.q_req[None], (w, view.n_missions, view.n_domains)),
            np.zeros((w, 1, view.n_domains)),
        ],
        axis=1,
    )
    none = view.n_blocs + view.n_missions
    row = np.where(member, b, np.where(has_mission, view.n_blocs + mission, none))
    need = goals[np.arange(w)[:, None], row] - state.tech
    np.maximum(need, 0.0, out=need)
    # Sharper levels square the gaps, so money goes to the bottleneck domain first.
    weight = need * need if level.research_focus >= 0.8 else need
    total = weight[:, :, 0].copy()
    for d in range(1, view.n_domains):  # a short axis: adding slices beats a reduction
        total += weight[:, :, d]
    f, even = level.research_focus, 1.0 / view.n_domains
    has_need = total > 0
    scale = f / np.maximum(total, 1e-300) * has_need
    base = even - f * even * has_need
    research = weight * scale[:, :, None] + base[:, :, None]
    return BudgetPlan(
        alloc=alloc,
        research=research,
        # funded ones, and ones ready to fly without more money
        mission=np.where((mission_share > 0) | ready, mission, -1).astype(np.int16),
        contribution=contribution,
        leads=leads,
        need=need,
        low_support=low_support,
    )
