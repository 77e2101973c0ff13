"""How a member splits the money it gives its bloc's programme: pool, research, diplomacy.

Spec card:
    Reads: State (bloc, spent, budget, tech, contributed, tenure, done, member), Rules
        (constants, turn length, milestone costs), the level's ``law_grid`` and
        ``score_stakes``.
    Writes: nothing; returns the shares (``programme_split``) that ``budget.plan_budget``
        puts into Orders.alloc.
    In words: each member asks the law how far a split of its flexible money makes its
        bloc's programme go: pool x ``law.coordination`` (with ``law.diplomacy_relief``) x
        ``law.research_lift``, its partners assumed to divide what they gave last turn in
        the same proportions (``split_candidates``). At ``score_stakes`` it asks instead
        what each split adds to its own score (``_own_points``, from the score's own
        formulas in ``phases.victory``): its contribution share with the in-kind credit of
        its research and diplomacy (``law.in_kind_value``) against what its partners really
        paid last turn, its share of the prestige still to win, its technology and its
        stake in the bloc's chance to win.
"""

from __future__ import annotations

import numpy as np

from game.ai.difficulty import Difficulty
from game.engine import law
from game.engine.state import CAT_BLOC, CAT_DIPLOMACY, CAT_RESEARCH


def _partners_last_turn(state, rules) -> tuple[np.ndarray, ...]:
    """What each member's partners spent last turn on the levers of their programme.

    Returns (W, N) arrays: pool paid by the others, the sum of the square roots of what each
    other paid (for the effective number of partners), the others' research counted toward
    the lift (up to what each paid) and the others' diplomacy. Zero outside a bloc. A bloc
    nobody paid into last turn (the game's first turn) has no last turn to go by: its
    members are taken to pay their charter's contribution and nothing more.
    """
    spent = state.spent
    member = state.bloc >= 0
    b = np.maximum(state.bloc, 0).astype(np.intp)
    w = state.bloc.shape[0]
    wi = np.arange(w)[:, None]
    k = max(int(b.max(initial=0)) + 1, 1)
    # each (world, bloc) cell summed in row order (np.bincount adds as np.add.at does)
    cell = (wi * k + b).reshape(-1)

    def bloc_total(x):  # (W, N) -> (W, N): the sum over each nation's bloc
        return np.bincount(cell, weights=x.reshape(-1), minlength=w * k).reshape(w, k)[wi, b]

    paid = spent[:, :, CAT_BLOC] * member
    if state.contribution.size:
        charter = state.budget * rules.turn_years * state.contribution[wi, b] * member
        paid = np.where(bloc_total(paid) > 0, paid, charter)
    research = np.minimum(spent[:, :, CAT_RESEARCH], paid)
    diplomacy = spent[:, :, CAT_DIPLOMACY] * member
    return tuple((bloc_total(x) - x) * member for x in (paid, np.sqrt(paid), research, diplomacy))


def split_candidates(state, rules, flexible, floor, level: Difficulty, rows=None):
    """The candidate splits (bloc, research, diplomacy) of a member's ``flexible`` money
    (W, N share of its budget) on the level's ``law_grid``, and what each is worth: how far
    it makes its bloc's programme go, asked of the law (at ``score_stakes``: the points it
    brings the member, ``_own_points``).

    The candidate splits are scored by what the pool buys: pool x coordination (with the
    law's ``diplomacy_relief``) x ``research_lift``. The members plan the split together:
    each scores a split as if its partners divided what they gave the programme last turn
    (pool, research, diplomacy) in the same proportions. (Held to what the partners did
    last turn, every member answers the others' last move, and a bloc swings each turn
    between too much of a shared lever and none of it.) At ``score_stakes`` the member's
    share of this turn's contributions is judged against what its partners really put in
    last turn (pool, matched research, diplomacy, held): the partners do not change their
    payments because of its split, so their pool does not shrink with its choice, and its
    research and diplomacy earn the in-kind credit ``law.in_kind_value`` would give them
    beside the partners' own. ``floor`` (W, N) is the least the
    pool must get (the charter). ``rows`` (W, N) bool: the nations asking (None: all).
    Returns four (R, G) arrays for the R asking (world, nation) pairs in row-major order:
    the three shares of the budget and the worth of each of the G candidates.
    """
    c = rules.constants
    if rows is None:
        rows = np.ones(state.bloc.shape, dtype=bool)
    money = state.budget * rules.turn_years  # US$ B a turn, the scale of ``state.spent``
    p_o, root_o, r_o, d_o = (x[rows][:, None] for x in _partners_last_turn(state, rules))
    xs = np.asarray(level.law_grid[0])[:, None]  # research shares of the flexible money
    ys = np.asarray(level.law_grid[1])[None, :]  # diplomacy shares
    xs, ys = np.broadcast_arrays(xs, ys)
    xs, ys = xs.reshape(-1), ys.reshape(-1)
    f = flexible[rows][:, None]
    low = floor[rows][:, None]
    mine = money[rows][:, None]
    # the partners' programme money of last turn, divided in the split's proportions
    theirs = (p_o + r_o + d_o) / np.maximum(f, 1e-12)
    # (R, G) outputs filled a block of rows at a time (``_split_worth``); the pool and the
    # partners are kept only for a member's own points
    grid = [np.empty((f.shape[0], xs.size)) for _ in range(6 if level.score_stakes else 4)]
    for lo in range(0, f.shape[0], _SPLIT_ROWS):
        at = slice(lo, lo + _SPLIT_ROWS)
        parts = _split_worth(
            f[at], low[at], mine[at], theirs[at], p_o[at], root_o[at], xs, ys, rules
        )
        for whole, part in zip(grid, parts, strict=False):
            whole[at] = part
    pool_share, research_share, dip_share, buys = grid[:4]
    if level.score_stakes:
        pool, partners = grid[4:]
        # a sharp member plays for its own score: the split's points to it, not the bloc's
        # progress alone (a share of the pool it did not pay is progress it has no share of)
        # what its research and diplomacy are worth to the bloc is credited to it as an
        # in-kind contribution (``law.in_kind_value``; columns: the member, its partners),
        # its share of the turn's contributions taken against what the partners really
        # paid last turn (``held``): a split of its own does not shrink their payments
        matched = np.minimum(research_share, pool_share)

        def pair(a, b):
            a, b = np.broadcast_arrays(a, b)
            return np.stack([a.reshape(-1), b.reshape(-1)], axis=-1)

        held = np.broadcast_to(mine * pool_share + p_o, pool.shape)
        kind = c.in_kind_credit * law.in_kind_value(
            pair(mine * matched, r_o),
            pair(mine * dip_share, d_o),
            held.reshape(-1),
            held.reshape(-1),
            partners.reshape(-1),
            rules.turn_years,
            c,
        )
        buys = _own_points(
            state,
            rules,
            rows,
            mine * pool_share + kind[:, 0].reshape(pool.shape),
            held + kind.sum(axis=1).reshape(pool.shape),
            mine * research_share,
            buys,
        )
    return pool_share, research_share, dip_share, buys


#: Rows of ``split_candidates``' (R, G) grid worked on at once: blocks small enough for the
#: processor's cache run faster than one pass over the whole grid per step (about 1.7x).
_SPLIT_ROWS = 2048


def _split_worth(f, floor, mine, theirs, p_o, root_o, xs, ys, rules):
    """``split_candidates`` for a block of its rows: (B, 1) flexible money ``f``, ``floor``,
    the member's money ``mine`` and its partners' ``theirs`` (per unit of flexible share),
    what the partners paid into the pool ``p_o`` and the sum of their square roots
    ``root_o``; ``xs``, ``ys`` (G,) the grid's research and diplomacy shares. Returns six
    (B, G) arrays: the pool, research and diplomacy shares, what the pool buys, the pool
    and the effective number of partners."""
    c = rules.constants
    pool_share = np.maximum(f * (1.0 - xs - ys), floor)
    research_share = np.maximum(f - pool_share - f * ys, 0.0)
    dip_share = f - pool_share - research_share
    their_pool = theirs * pool_share
    pool = their_pool + mine * pool_share
    # each partner's payment scaled alike: the sum of their square roots scales by its root
    scale = np.sqrt(their_pool / np.maximum(p_o, 1e-12))
    roots = (root_o * scale + np.sqrt(mine * pool_share)) / np.sqrt(np.maximum(pool, 1e-12))
    partners = np.where(pool > 0, roots * roots, 1.0)
    relief = law.diplomacy_relief((theirs + mine) * dip_share, partners, rules.turn_years, c)
    counted = (theirs + mine) * np.minimum(research_share, pool_share)
    buys = pool * law.coordination(partners, c, relief) * law.research_lift(counted, pool, c)
    return pool_share, research_share, dip_share, buys, pool, partners


def programme_split(state, rules, flexible, floor, level: Difficulty, rows=None):
    """Shares (bloc, research, diplomacy) of a member's ``flexible`` money (W, N share of
    its budget): the candidate of ``split_candidates`` worth most, for the nations in
    ``rows`` (W, N bool; None: all). Three (W, N) arrays (0 outside ``rows``)."""
    if rows is None:
        rows = np.ones(state.bloc.shape, dtype=bool)
    shares = split_candidates(state, rules, flexible, floor, level, rows)
    best = np.argmax(shares[3], axis=1)[:, None]
    out = []
    for share in shares[:3]:
        full = np.zeros(state.bloc.shape)
        full[rows] = np.take_along_axis(share, best, axis=1)[:, 0]
        out.append(full)
    return tuple(out)


def _own_points(state, rules, rows, my_pool, pool, my_research, buys) -> np.ndarray:
    """(R, G) score points each candidate split of ``split_candidates`` brings the member
    by the end of the game, asked of the score's own formulas (``phases.victory``) with the
    race projected as ``membership.race_outlook`` sees it (each bloc's chance to win, where
    its programme will stand at the end, to which the progress bought now adds):

    * contribution: ``contribution_points`` of its share of what the members have paid
      (``_bloc_totals``), this turn's contributions added (payments and the in-kind credit
      of research and diplomacy), times the programme done at the end;
    * prestige: ``score_prestige`` x the prestige of the bloc's milestones still open x the
      share of them done by the end x its paid part of the member share
      (``programs.member_shares``: 1 - ``participation_share``; the part for turns served
      does not depend on the split);
    * technology: ``score_tech`` x the mean of ``law.research_gain`` of its research money
      spread evenly over the domains;
    * winner: ``winner_points`` with its tenure share and commitment now, times the rise of
      its bloc's chance to win with the progress bought.

    ``rows`` (W, N) bool picks the R members asking; ``my_pool``, ``pool``, ``my_research``
    and ``buys`` are (R, G): the member's contribution this turn (payment and in-kind
    credit), the whole bloc's, the member's research money and what the pool buys (US$ B
    of programme at the law's efficiency) under each split. A row outside any bloc keeps
    ``buys``.
    """
    from game.ai.membership import race_outlook
    from game.engine.phases.victory import contribution_points, tenure_share_in, winner_points
    from game.engine.utility import bloc_progress, bloc_strength

    c = rules.constants
    w, n = state.bloc.shape
    wi = np.arange(w)[:, None]
    b = np.maximum(state.bloc, 0)

    def at(x):  # (W, K) -> (R, 1): the value for each asking member's bloc
        return x[wi, b][rows][:, None]

    progress = bloc_progress(state, rules)  # (W, K)
    budget_k = np.where(state.member, state.budget[:, :, None], 0.0).sum(axis=1)  # (W, K)
    left = max(int(rules.n_turns) - int(state.turn), 1)
    p_win, end = race_outlook(progress, budget_k, left, int(state.turn))
    now = at(progress)
    gained = buys / np.maximum(
        at(np.broadcast_to(np.asarray(rules.bloc_cost, float), progress.shape)), 1e-12
    )
    end = np.minimum(at(end) + gained, 1.0)
    own = np.where(state.member, state.contributed, 0.0)
    paid = own[wi, np.arange(n)[None, :], b][rows][:, None]
    share = (paid + my_pool) / np.maximum(at(own.sum(axis=1)) + pool, 1e-12)
    contribution = contribution_points(share[..., None], 1.0, end[..., None], c)
    open_prestige = np.zeros((w, rules.n_blocs))
    for k in range(rules.n_blocs):
        idx = rules.ms_of_bloc[k]
        open_prestige[:, k] = (~state.done[:, idx] * rules.ms_prestige[idx]).sum(axis=1)
    finished = np.clip((end - now) / np.maximum(1.0 - now, 1e-12), 0.0, 1.0)
    prestige = c.score_prestige * at(open_prestige) * finished * (1 - c.participation_share) * share
    tech = state.tech[rows][:, None, :]  # (R, 1, D)
    d = tech.shape[2]
    per_domain = my_research / (d * rules.turn_years)  # US$ B a year in each domain
    spend = np.broadcast_to(per_domain[:, :, None], per_domain.shape + (d,))
    gain = law.research_gain(spend, tech, c, rules.turn_years)
    technology = c.score_tech * np.minimum(gain, 1.0 - tech).mean(axis=2)
    # the chance to win, a share of the blocs' strength, with the progress bought added
    strength = bloc_strength(progress, budget_k)
    whole = np.broadcast_to(strength.sum(axis=1)[:, None], (w, n))[rows][:, None]
    rise = (at(strength) + gained) / (whole + gained) - at(p_win)
    stake = winner_points(
        1.0,
        tenure_share_in(state, state.bloc),
        law.commitment(state.contributed, state.tenure, state.bloc),
        c,
    )[rows][:, None]
    member = (state.bloc >= 0)[rows][:, None]
    return np.where(member, contribution + prestige + technology + stake * rise, buys)
