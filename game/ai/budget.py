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
    Asking the law (``programme_split``): a member at a level with ``law_grid`` splits the
        money it gives its bloc's programme between the pool, research and diplomacy where
        the law's ``research_lift`` and ``diplomacy_relief`` make the programme's money go
        furthest, given what its partners spent last turn; the finer the grid, the closer to
        the optimum. At ``reserve_foresight`` it banks, when its bloc is about to attempt a
        milestone, its share of what ``law.absorbed`` would draw to make a failure good.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai.difficulty import Difficulty
from game.ai.view import AIView
from game.engine import law
from game.engine.state import CAT_BLOC, CAT_DIPLOMACY, CAT_MISSIONS, CAT_RESEARCH, CAT_RESERVE

#: Support under which a nation starts putting money aside.
LOW_SUPPORT = 0.4
#: A mission is within reach when this many years at most MISSION_SHARE_CAP of the budget pay it.
MISSION_REACH_YEARS = 3.0
MISSION_SHARE_CAP = 0.5


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


def _partners_last_turn(state) -> tuple[np.ndarray, ...]:
    """What each member's partners spent last turn on the levers of their programme.

    Returns (W, N) arrays: pool paid by the others, the sum of the square roots of what each
    other paid (for the effective number of partners), the others' research counted toward
    the lift (up to what each paid) and the others' diplomacy. Zero outside a bloc.
    """
    spent = state.spent
    member = state.bloc >= 0
    b = np.maximum(state.bloc, 0).astype(np.intp)
    paid = spent[:, :, CAT_BLOC] * member
    research = np.minimum(spent[:, :, CAT_RESEARCH], paid)
    diplomacy = spent[:, :, CAT_DIPLOMACY] * member
    w, n = state.bloc.shape
    out = []
    for x in (paid, np.sqrt(paid), research, diplomacy):
        per_bloc = np.zeros((w, max(int(b.max(initial=0)) + 1, 1)))
        np.add.at(per_bloc, (np.repeat(np.arange(w), n), b.reshape(-1)), x.reshape(-1))
        out.append((per_bloc[np.arange(w)[:, None], b] - x) * member)
    return tuple(out)


def programme_split(state, rules, flexible, floor, level: Difficulty):
    """Shares (bloc, research, diplomacy) of a member's ``flexible`` money (W, N share of
    its budget) that make its bloc's programme go furthest, asked of the law.

    The candidate splits are scored by what the pool buys: pool x coordination (with the
    law's ``diplomacy_relief``) x ``research_lift``. The members plan the split together:
    each scores a split as if its partners divided what they gave the programme last turn
    (pool, research, diplomacy) in the same proportions. (Held to what the partners did
    last turn, every member answers the others' last move, and a bloc swings each turn
    between too much of a shared lever and none of it.) ``floor`` (W, N) is the least the
    pool must get (the charter). Returns three (W, N) arrays (shares of the budget).
    """
    c = rules.constants
    money = state.budget * rules.turn_years  # US$ B a turn, the scale of ``state.spent``
    p_o, root_o, r_o, d_o = _partners_last_turn(state)
    xs = np.asarray(level.law_grid[0])[:, None]  # research shares of the flexible money
    ys = np.asarray(level.law_grid[1])[None, :]  # diplomacy shares
    xs, ys = np.broadcast_arrays(xs, ys)
    xs, ys = xs.reshape(-1), ys.reshape(-1)
    f = flexible[:, :, None]
    pool_share = np.maximum(f * (1.0 - xs - ys), floor[:, :, None])
    research_share = np.maximum(f - pool_share - f * ys, 0.0)
    dip_share = f - pool_share - research_share
    mine = money[:, :, None]
    # the partners' programme money of last turn, divided in the split's proportions
    theirs = (p_o + r_o + d_o)[:, :, None] / np.maximum(f, 1e-12)
    their_pool = theirs * pool_share
    pool = their_pool + mine * pool_share
    # each partner's payment scaled alike: the sum of their square roots scales by its root
    scale = np.sqrt(their_pool / np.maximum(p_o, 1e-12)[:, :, None])
    roots = (root_o[:, :, None] * scale + np.sqrt(mine * pool_share)) / np.sqrt(
        np.maximum(pool, 1e-12)
    )
    partners = np.where(pool > 0, roots * roots, 1.0)
    relief = law.diplomacy_relief((theirs + mine) * dip_share, partners, rules.turn_years, c)
    counted = (theirs + mine) * np.minimum(research_share, pool_share)
    buys = pool * law.coordination(partners, c, relief) * law.research_lift(counted, pool, c)
    best = np.argmax(buys, axis=2)
    pick = (np.arange(best.shape[0])[:, None], np.arange(best.shape[1]), best)
    return pool_share[pick], research_share[pick], dip_share[pick]


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


def plan_budget(
    state, view: AIView, level: Difficulty, beat: np.ndarray | None = None
) -> BudgetPlan:
    """The budget split, research split and national mission of every nation; ``beat`` (W, K)
    the blocs sharp players counter (``blocs_to_beat``; default: none)."""
    w, n = state.bloc.shape
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
    if view.n_missions:
        q = np.maximum(mission, 0)
        left = view.q_cost[q] - state.mission_progress[wi, np.arange(n), q]
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
    if level.law_grid is not None and (member & ~(rival & (level.rally > 0))).any():
        # Ask the law where the programme's money goes furthest (members only: outside a
        # bloc, research serves the nation's own technology and missions).
        flexible = bloc_share + research_share + diplomacy
        pool_s, research_s, dip_s = programme_split(
            state, view.rules, flexible, contribution, level
        )
        asks = member & ~(rival & (level.rally > 0))  # who gave up asks nothing
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
        mission=np.where(mission_share > 0, mission, -1).astype(np.int16),  # funded ones only
        contribution=contribution,
        leads=leads,
        need=need,
        low_support=low_support,
    )
