"""What a membership is worth to a nation's score: the stake a sharp player weighs.

Spec card:
    What: ``membership_stake(state, rules, wi, nation, bloc)`` gives, for R (world, nation,
        bloc) rows, the score points the nation can expect from being a member of the bloc
        from now to the end of the game, less what its dues would have earned at home. A
        nation outside the bloc reads it as the value of joining now; a member as the value
        of staying (leaving gives all of it up: the score counts only members' shares).
    Why: the engine's acceptance utility is a nation's temperament (how it answers others'
        offers); a level that plays its own seat sharply also asks what a membership adds to
        the score it is judged by (issue 9), e.g. that joining early earns tenure and that a
        small bloc gives a small payer a large share of its programme.
    The parts, each asked of the engine's own formulas on figures projected to the end date
    (every member keeps serving and paying at its pace so far; a joiner pays its charter):
        * prestige: the bloc's milestones still to win x the share of them the bloc is on
          pace to finish x the nation's share of their prestige (``programs.member_shares``);
        * contribution: the score's contribution part for the bloc
          (``victory.contribution_points``) with the projected payments and progress;
        * winner: the score's winner part (``victory.winner_points``) with the projected
          tenure share (``victory.tenure_share_in``) and commitment (``law.commitment``),
          times the bloc's chance to win, read as its share of the blocs' strength
          (``utility.bloc_strength``, the race as the acceptance utility's momentum sees it),
          summed over every bloc the nation is in, with the membership less without it (a
          second membership takes a share of the commitment to the first);
        * dues: the money the membership takes to the end, valued at the national missions
          it would have paid for (``outlook.mission_outlook``: the open missions, the best
          prestige x chance per US$ first, with all the nation's money against all of it
          less the dues), the money's use outside any bloc.
    Objectives are not counted (membership objectives are rare; each scenario's differ).
    Shapes: every input row-wise (R,); the result (R,) score points.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from game.engine import law
from game.engine.outlook import mission_outlook
from game.engine.phases.programs import member_shares
from game.engine.phases.victory import contribution_points, tenure_share_in, winner_points
from game.engine.utility import bloc_progress, bloc_strength


def _rows(x: np.ndarray, wi: np.ndarray) -> np.ndarray:
    return np.asarray(x)[wi]


def membership_stake(state, rules, wi, nation, bloc) -> np.ndarray:
    """(R,) score points a membership of ``bloc`` is worth to ``nation`` in world row ``wi``
    from now to the end date (see the spec card); 0 once no turn is left."""
    wi, nation, k = (np.asarray(x, dtype=np.intp) for x in (wi, nation, bloc))
    r = wi.size
    left = max(int(rules.n_turns) - int(state.turn), 0)
    if r == 0 or left == 0:
        return np.zeros(r)
    c = rules.constants
    rr = np.arange(r)
    members = _rows(state.member, wi).copy()  # (R, N, K)
    members[rr, nation, k] = True  # the nation as a member from now on
    tenure = _rows(state.tenure, wi).astype(float)
    paid = _rows(state.contributed, wi).astype(float)
    # the pace each member has paid at so far; a new member pays its charter's minimum
    charter = (_rows(state.contribution, wi)[:, None, :] * _rows(state.budget, wi)[:, :, None]) * (
        rules.turn_years
    )
    pace = np.where(tenure > 0, paid / np.maximum(tenure, 1.0), charter)
    pace = np.where(members, pace, 0.0)
    served = tenure + left * members  # every member serves to the end
    brought = paid + left * pace
    # the bloc's chance to win: its share of the blocs' strength, the nation counted in it
    budget_k = np.where(members, _rows(state.budget, wi)[:, :, None], 0.0).sum(axis=1)
    progress_now = bloc_progress(SimpleNamespace(progress=_rows(state.progress, wi)), rules)
    p_win_all, end_all = race_outlook(progress_now, budget_k, left, int(state.turn))
    done_now = progress_now[rr, k]
    progress_end = end_all[rr, k]
    # prestige: the milestones still to win, the share of them finished by the end
    remaining = np.zeros(r)
    for b in range(rules.n_blocs):
        idx = rules.ms_of_bloc[b]
        rows = k == b
        if rows.any() and len(idx):
            open_ = ~_rows(state.done, wi[rows])[:, idx]
            remaining[rows] = (open_ * rules.ms_prestige[idx]).sum(axis=1)
    finished = np.clip((progress_end - done_now) / np.maximum(1.0 - done_now, 1e-12), 0.0, 1.0)
    shares = np.zeros(r)
    for b in np.unique(k):
        rows = k == b
        t = SimpleNamespace(c=c, contributed=brought[rows], tenure=served[rows])
        shares[rows] = member_shares(t, members[rows, :, b], int(b))[
            np.arange(rows.sum()), nation[rows]
        ]
    prestige = c.score_prestige * remaining * finished * shares
    # contribution: the nation's share of what the members paid, times the progress
    in_k = np.where(members[rr, :, k], brought[rr, :, k], 0.0)  # (R, N)
    contribution = contribution_points(
        brought[rr, nation, k][:, None], in_k.sum(axis=1)[:, None], progress_end[:, None], c
    )
    # winner: in every bloc it will be in, the chance the bloc wins x its tenure share and
    # commitment there at the end, with the membership and without it (a second membership
    # takes a share of the commitment to the first: hedging has its price)
    outside = members.copy()
    outside[rr, nation, k] = False
    served_out = tenure + left * outside
    brought_out = paid + left * np.where(outside, pace, 0.0)
    winner = _winner_parts(members, served, brought, p_win_all, rr, nation, c)
    winner = winner - _winner_parts(outside, served_out, brought_out, p_win_all, rr, nation, c)
    # dues: the national missions the money would have paid for outside the bloc
    money = left * _rows(state.budget, wi)[rr, nation] * rules.turn_years
    dues = np.minimum(left * pace[rr, nation, k], money)
    home = _home_value(state, rules, wi, nation, money)
    home_less = _home_value(state, rules, wi, nation, money - dues)
    return prestige + contribution + winner - (home - home_less)


def race_outlook(progress, bloc_budget, left: int, turn: int) -> tuple[np.ndarray, ...]:
    """(W, K) each bloc's chance to win, read as its share of the blocs' strength
    (``utility.bloc_strength``), and where its programme will stand at the end: done if it
    wins, else at its pace so far (``progress`` over ``turn`` turns, ``left`` turns more)."""
    strength = bloc_strength(progress, bloc_budget)
    p_win = strength / np.maximum(strength.sum(axis=1, keepdims=True), 1e-12)
    at_pace = np.minimum(1.0, progress * (1.0 + left / max(turn, 1)))
    return p_win, p_win + (1.0 - p_win) * at_pace


def _winner_parts(members, served, brought, p_win, rr, nation, c) -> np.ndarray:
    """(R,) the winner part the nation can expect over its blocs in ``members`` (R, N, K),
    from projected turns ``served`` and money ``brought`` (R, N, K) and each bloc's chance
    ``p_win`` (R, K)."""
    out = np.zeros(rr.size)
    for b in range(members.shape[2]):
        inside = members[rr, nation, b]
        if not inside.any():
            continue
        blocs = np.full(members.shape[:2], b)
        tshare = tenure_share_in(SimpleNamespace(tenure=served), blocs)[rr, nation]
        commit = law.commitment(
            brought[rr, nation][:, None, :], served[rr, nation][:, None, :], blocs[:, :1]
        )[:, 0]
        out += winner_points(p_win[:, b] * inside, tshare, commit, c)
    return out


def _home_value(state, rules, wi, nation, money) -> np.ndarray:
    """(R,) score points ``money`` (US$ B, R,) brings in the nation's open national missions,
    the best value per US$ first (prestige x chance x efficiency / cost, as the list of
    missions shows them, ``outlook.mission_outlook``); a mission half paid counts half."""
    if rules.n_missions == 0:
        return np.zeros(wi.size)
    one = SimpleNamespace(
        tech=state.tech[wi, nation][:, None],
        mission_progress=state.mission_progress[wi, nation][:, None],
        mission_done=state.mission_done[wi, nation][:, None],
        budget=state.budget[wi, nation][:, None],
    )
    o = mission_outlook(one, rules)
    worth = np.where(o.closed == 0, o.prestige * o.chance, 0.0)[:, 0, :]  # (R, Q)
    need = (o.remaining / np.maximum(o.efficiency, 1e-12))[:, 0, :]  # US$ B to finish
    order = np.argsort(-worth / np.maximum(need, 1e-12), axis=1, kind="stable")
    worth = np.take_along_axis(worth, order, axis=1)
    need = np.take_along_axis(need, order, axis=1)
    before = np.cumsum(need, axis=1) - need
    bought = np.clip((money[:, None] - before) / np.maximum(need, 1e-12), 0.0, 1.0)
    return rules.constants.score_prestige * (worth * bought).sum(axis=1)
