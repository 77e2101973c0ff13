"""Phase 5, lunar programmes: pooled money advances each bloc's milestones; full ones are tried.

Spec card:
    Reads: member, bloc, contribution, tech, progress, done, contributed; scratch ``t.spent``; Rules milestone
        tables; constants coordination_cost, min_efficiency, tech_success_weight,
        failure_progress_loss, failure_prestige_loss, max_success, min_success,
        participation_share, research_synergy, diplomacy_relief, diplomacy_need, in_kind_credit,
        reserve_cover,
        min_years, prework.
    Writes: pool, contributed, progress, done, failures, prestige, reserve (refunds, losses
        made good);
        events milestone_success / milestone_failure.
    Place: after research, before national missions.
    Formula in words, per bloc:
        pool = the sum of its members' payments this turn (it is added to each member's
            ``contributed`` total). A nation in several blocs splits its bloc share by
            ``law.bloc_payments``: each bloc gets its charter's minimum, the rest goes to
            the main bloc (the first joined).
        open milestones = not done and every prerequisite done; early ones = not open, every
            prerequisite open or done (``law.milestone_early``), taken to prework x cost.
        pace: a milestone makes at most capacity A = cost x turn length / min_years a turn,
            with diminishing returns, progress = x - x^2 / 4A for effective money x up to 2A
            (``law.paced_progress``). The pool is split among the open and early milestones
            in proportion to their capacities (``law.pace_split``), the open ones first
            and the early ones with what they leave (``law.programme_rounds``); what none can use is
            refunded to the members' reserves in proportion to what they paid, and is not
            counted as their contribution.
        finishing: money x spent over a share tau of the turn makes x - x^2 / (4 A tau), so
            a milestone with L left is finished at tau = x^2 / (4 A (x - L)) of the room it
            had (L / A at the top pace, x = 2 L, the most it asks the pool for); work that
            does not finish takes the rest of the turn.
        rounds (``law.programme_rounds``, which ``law.pool_demand`` asks too): the
            milestones a success opens are worked in the same turn with the money
            left, from the share of the turn their prerequisite used (above), so a
            chain takes at least min_years per milestone at any turn length; the share of
            the turn at which each milestone was completed is ``t.finished_at`` (victory
            breaks a tie between bases completed in one turn with it).
        bloc technology = the best member's level in each domain.
        efficiency = max(min_efficiency, fit * coordination * lift) (``law.bloc_factors``):
            fit = the requirement-weighted mean over domains of min(1, bloc tech / requirement);
            coordination = 1 - coordination_cost * (1 - relief) * (partners - 1), partners =
            the effective number of members this turn, (sum over members of sqrt(share of
            the pool paid))^2 (n equal payers count n; a small member counts less than a big
            one, but still counts), relief = ``law.diplomacy_relief`` of the members'
            diplomacy spending D beside what keeping the partners in step needs,
            diplomacy_relief x D / (D + diplomacy_need x (partners - 1) x turn length); lift = ``law.research_lift`` of the members' research
            spending. A member's contribution grows by what it paid (less any refund),
            plus in_kind_credit x the in-kind value of its research and diplomacy
            (``law.in_kind_value``: the money the bloc would have needed without them to
            make the progress they bought, shared by what each member put in of them),
            plus what its reserve paid to make good a failure.
        progress += law.paced_progress(money * efficiency), up to the milestone's cost.
        A milestone whose progress reaches its cost is attempted in the same turn:
            chance = clamp(success - tech_success_weight * shortfall, min_success, max_success),
            shortfall = requirement-weighted mean of max(0, requirement - bloc tech).
            Success: done (for good) and its prestige is shared among members:
                participation_share by turns served (``law.participation``), the rest by
                share of contributions so far.
            Failure: progress loses failure_progress_loss of the cost's worth reached, less
                what the members' reserves make good (``law.absorbed``: the money to rebuild
                it, up to reserve_cover of it, each member paying in proportion to its
                reserve), and members lose failure_prestige_loss shared the same way.
                The programme goes on rebuilding it in the same turn, from the moment of
                the attempt, with the money the pool has left (at the pace limit, so a
                second attempt within one turn is rare; each attempt has its own draw).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.engine import law, rng
from game.engine import state as st
from game.engine.state import EV
from game.engine.turn import Turn
from game.engine.utility import best_of


def fit_and_shortfall(best: np.ndarray, req: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Technology fit (0..1) and shortfall of levels ``best`` (..., D) against ``req`` (..., D).

    fit = sum_d min(req, level) / sum_d req (req * min(1, level / req) = min(req, level));
    shortfall = sum_d req * max(0, req - level) / sum_d req; no requirement: fit 1, shortfall 0.
    Summed domain by domain: reductions over a short last axis are slow in numpy.
    """
    # floats that become arrays as the domains are added
    weight: Any = 0.0
    fit: Any = 0.0
    short: Any = 0.0
    for d in range(best.shape[-1]):
        r, b = req[..., d], best[..., d]
        weight = weight + r
        fit = fit + np.minimum(r, b)
        short = short + r * np.maximum(r - b, 0.0)
    weight = np.asarray(weight)
    some = weight > 0
    safe = np.where(some, weight, 1.0)
    return np.where(some, fit / safe, 1.0), np.where(some, short / safe, 0.0)


def member_shares(t: Turn, members: np.ndarray, k: int) -> np.ndarray:
    """(W, N): each member's share of a bloc's prestige (participation + contribution).

    Participation is counted in turns served (``law.participation``): a nation that joins on
    the eve of a success shares in it for the one turn it took part, not as a founder.
    """
    c = t.c
    size = members.sum(axis=1, keepdims=True)
    paid = np.where(members, t.contributed[:, :, k], 0.0)
    total = paid.sum(axis=1, keepdims=True)
    by_paid = np.where(
        total > 0, paid / np.where(total > 0, total, 1.0), members / np.maximum(size, 1)
    )
    equal = law.participation(members, t.tenure[:, :, k])
    return np.where(
        members, c.participation_share * equal + (1 - c.participation_share) * by_paid, 0.0
    )


def _bloc_book(book, idx, partners, coord, lift, eff, k: int) -> None:
    """Record a bloc's efficiency factors this turn in the ledger."""
    book.blocs["partners"][:, k] = partners
    book.blocs["coordination"][:, k] = coord
    book.blocs["research_lift"][:, k] = lift
    book.blocs["efficiency"][:, idx] = eff


def _attempts(
    t: Turn, k, idx, members, full, prog, chance, eff, progress, done, prestige, reserve, tries
):
    """Attempt the full milestones ``full`` (W, Mk) of bloc ``k``: successes are done and share
    their prestige, failures lose progress (less what the members' reserves make good) and
    prestige. ``tries`` (W, Mk) counts the attempts each made earlier in the turn (each attempt
    its own draw). Writes ``progress`` and ``done``; returns the new (prestige, reserve)."""
    r, c, book = t.rules, t.c, t.ledger
    if book is not None:
        book.blocs["attempted"][:, idx] |= full
        book.blocs["chance"][:, idx] = np.where(full, chance, book.blocs["chance"][:, idx])
    # a turn's first attempt at a milestone draws at its index, a second at index + M, ...
    key = idx[None, :] + tries * r.n_milestones
    draw = rng.uniform(t.seed, t.world[:, None], t.turn, rng.PHASE_PROGRAMS, key)
    success = full & (draw < chance)
    failure = full & ~success
    lost = np.where(failure, prog * c.failure_progress_loss, 0.0)
    # the members' reserves make good what they can of each loss, milestone by milestone
    for col, m in enumerate(idx.tolist()):
        if not failure[:, col].any():
            continue
        bill = law.absorbed(lost[:, col] / eff[:, col], np.where(members, reserve, 0.0), c)
        reserve = reserve - bill
        lost[:, col] = np.maximum(lost[:, col] - bill.sum(axis=1) * eff[:, col], 0.0)
        if book is not None:
            book.add("reserve", "absorbed", m, -bill)
    if book is not None:
        book.blocs["lost"][:, idx] += lost
    progress[:, idx] = np.where(success, r.ms_cost[idx], prog - lost)
    done[:, idx] |= success
    failures = t.own("failures")
    failures[:, idx] += failure.astype(np.int16)
    shares = member_shares(t, members, k)
    won = (success * r.ms_prestige[idx]).sum(axis=1)
    fails = failure.sum(axis=1) * c.failure_prestige_loss
    moved = prestige + shares * (won - fails)[:, None]
    if book is not None:
        for col, m in enumerate(idx.tolist()):
            if success[:, col].any():
                book.add(
                    "prestige",
                    "milestone",
                    m,
                    shares * (success[:, col] * r.ms_prestige[m])[:, None],
                )
            if failure[:, col].any():
                book.add(
                    "prestige",
                    "milestone_failure",
                    m,
                    -shares * (failure[:, col] * c.failure_prestige_loss)[:, None],
                )
        book.add("prestige", "bound", -1, np.maximum(0.0, moved) - moved)
    lead = t.leader[:, k][:, None]
    t.log.add(
        EV["milestone_success"], success, nation=lead, bloc=k, item=idx, value=r.ms_prestige[idx]
    )
    t.log.add(EV["milestone_failure"], failure, nation=lead, bloc=k, item=idx, value=lost)
    return np.maximum(0.0, moved), reserve


def run(t: Turn) -> None:
    r, c = t.rules, t.c
    bloc_spend = t.spent[:, :, st.CAT_BLOC]
    pool = np.zeros((t.w, r.n_blocs))
    progress = t.own("progress")
    done = t.own("done")
    contributed = t.own("contributed")
    prestige = t.prestige.copy()
    refund = np.zeros((t.w, r.n_nations))
    book = t.ledger
    if book is not None:
        book.blocs["paid"] = np.where(t.bloc >= 0, bloc_spend, 0.0)
        book.blocs["partners"] = np.ones((t.w, r.n_blocs))
        book.blocs["coordination"] = np.ones((t.w, r.n_blocs))
        book.blocs["research_lift"] = np.ones((t.w, r.n_blocs))
        book.blocs["efficiency"] = np.full((t.w, r.n_milestones), np.nan)
        book.blocs["chance"] = np.full((t.w, r.n_milestones), np.nan)
        book.blocs["attempted"] = np.zeros((t.w, r.n_milestones), bool)
        book.blocs["worked"] = np.zeros((t.w, r.n_milestones))
        book.blocs["lost"] = np.zeros((t.w, r.n_milestones))
        book.blocs["used"] = np.zeros((t.w, r.n_blocs))
    diplomacy_spend = t.spent[:, :, st.CAT_DIPLOMACY]
    reserve = t.reserve.copy()
    t.finished_at = np.full((t.w, r.n_milestones), np.inf)
    payments = law.bloc_payments(t.spent, t.member, t.bloc, t.contribution)  # (W, N, K)
    for k in range(r.n_blocs):
        members = t.member[:, :, k]
        paid, pool[:, k], partners, coord, lift = law.bloc_factors(
            t.spent, members, c, r.turn_years, payments[:, :, k]
        )
        contributed[:, :, k] += paid
        reserve_before = reserve.copy()
        idx = r.ms_of_bloc[k]
        size = members.sum(axis=1)
        if not size.any():
            continue
        prereq = r.ms_prereq[idx]  # (Mk, M)
        best = best_of(t.tech, members)  # (W, D)
        fit, short = fit_and_shortfall(best[:, None, :], r.ms_req[idx][None])
        coord = coord[:, None]
        eff = law.efficiency(fit, coord, c, lift[:, None])
        cost = r.ms_cost[idx]
        chance = law.success_chance(r.ms_success[idx], short, c)
        tries = np.zeros((t.w, len(idx)), np.int64)  # attempts made at each this turn
        if book is not None:
            _bloc_book(book, idx, partners, coord[:, 0], lift, eff, k)

        def attempt(full, k=k, idx=idx, members=members, chance=chance, eff=eff, tries=tries):
            nonlocal prestige, reserve
            prestige, reserve = _attempts(
                t,
                k,
                idx,
                members,
                full,
                progress[:, idx],
                chance,
                eff,
                progress,
                done,
                prestige,
                reserve,
                tries,
            )
            tries += full

        # the rounds of the turn (``law.programme_rounds``): what a completion opens, and what a
        # failure must rebuild, is worked in the same turn with the money the pool has left
        done_before = done[:, idx].copy()
        money, used, worked, end = law.programme_rounds(
            pool[:, k], done, progress, idx, prereq, cost, eff, r.turn_years, c, attempt, size > 0
        )
        won = done[:, idx] & ~done_before
        t.finished_at[:, idx] = np.where(won, end, t.finished_at[:, idx])
        if book is not None:
            book.blocs["used"][:, k] += used
            book.blocs["worked"][:, idx] += worked
        back = np.where(
            members, money[:, None] * paid / np.maximum(pool[:, k], 1e-12)[:, None], 0.0
        )
        refund += back
        # money the programme could not use is not a contribution to it; what a member's
        # research and diplomacy were worth to the bloc is (an in-kind role), and so is what
        # its reserve paid to make good a failure (money spent rebuilding the programme)
        in_kind = law.in_kind_value(
            law.matched_research(t.spent, members, paid),
            np.where(members, diplomacy_spend, 0.0),
            pool[:, k],
            pool[:, k] - money,
            partners,
            r.turn_years,
            c,
        )
        contributed[:, :, k] += c.in_kind_credit * in_kind - back + (reserve_before - reserve)
        if book is not None:
            book.add("reserve", "refund", k, back)
    t.pool = pool
    t.prestige = prestige
    t.reserve = reserve + refund
