"""Phase 9, victory and scores.

Spec card:
    Reads: done, progress, prestige, tech, member, tenure, contributed, support, budget; Rules
        milestone and objective tables; constants score_*, winner_bonus.
    Writes: winner, ended, end_turn, score, bloc_score; events victory / game_over.
    Place: last phase of the turn.
    Formula in words:
        A bloc that has completed a ``base`` milestone wins at once (victory.base_completes);
            if several do in the same turn, the one completed first in the turn wins (the
            programmes phase's ``finished_at``), then the higher bloc score, then the lower
            index. The ledger books which of these rules decided (``WIN_RULES``), when in
            the turn each base was completed and the bloc scores compared. At the end date (after the last turn) the bloc with the highest
            score wins. A world that has ended stays frozen.
        bloc score = share of its programme done (progress on all its milestones / their
            total cost), or the sum of its members' prestige (victory.bloc_score: prestige; a
            nation in two blocs counts in both).
        nation score = score_prestige * prestige
            + score_contribution * the sum over its blocs of (its share of the bloc's
              contributions) * bloc progress
            + score_tech * mean technology
            + score_objectives * points of its objectives that hold
            + winner_bonus x (turns in the winning bloc / its longest-serving member's)
              x commitment if a member of it (main bloc or not). Tenure counts every bloc
              a nation is in; commitment (``law.commitment``) is the share of what the
              nation brought all its blocs, over the game, that went to the winner.
    For screens (read, never written): ``objective_progress`` (each objective's value,
        threshold, met, points) and ``score_breakdown`` (the parts above, their total, the
        winner's bonus and who still has it at stake), from the same functions as the score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import law
from game.engine.rules import OBJ, OBJECTIVE_KINDS, Rules
from game.engine.state import EV
from game.engine.turn import Turn
from game.engine.utility import bloc_progress


def mean_tech(tech: np.ndarray) -> np.ndarray:
    """(W, N) mean level over domains (a sum of slices: faster than a short-axis mean)."""
    total = tech[..., 0].copy()
    for d in range(1, tech.shape[-1]):
        total += tech[..., d]
    return total / tech.shape[-1]


def _bloc_totals(s, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """Members' contributions: (W, N, K) paid into each bloc one is in, (W, K) total per bloc."""
    own = np.where(s.member, s.contributed, 0.0)
    return own, own.sum(axis=1)


def _objective_quantities(s, rules: Rules, tech_mean, total) -> dict:
    """Objective kind -> a function giving the (W, J) quantity its threshold compares."""
    j = rules.obj_nation
    k0 = np.maximum(rules.obj_bloc, 0)
    dom = rules.obj_domain
    return {
        "prestige_at_least": lambda: s.prestige[:, j],
        "tech_at_least": lambda: np.where(
            dom >= 0, s.tech[:, j, np.maximum(dom, 0)], tech_mean[:, j]
        ),
        "support_at_least": lambda: s.support[:, j],
        "contribution_share_at_least": lambda: (
            s.contributed[:, j, k0] / np.maximum(total[:, k0], 1e-12)
        ),
    }


def objectives_met(s, rules: Rules, tech_mean=None, totals=None) -> np.ndarray:
    """(W, J) bool: which scenario objectives hold now."""
    j = rules.obj_nation
    if len(j) == 0:
        return np.zeros((s.bloc.shape[0], 0), dtype=bool)
    tech_mean = mean_tech(s.tech) if tech_mean is None else tech_mean
    _own, total = _bloc_totals(s, rules) if totals is None else totals
    bloc = s.bloc[:, j]
    k = rules.obj_bloc
    inside = s.member[:, j, np.maximum(k, 0)] & (k >= 0)  # (W, J): j is in the objective's bloc
    v = rules.obj_value
    q = _objective_quantities(s, rules, tech_mean, total)

    def threshold(kind: str):
        return lambda: _meets(kind, q[kind](), v)

    choices = {
        OBJ["in_bloc"]: lambda: inside,
        OBJ["not_in_bloc"]: lambda: ~inside,
        OBJ["unaligned"]: lambda: bloc < 0,
        OBJ["prestige_at_least"]: threshold("prestige_at_least"),
        OBJ["tech_at_least"]: threshold("tech_at_least"),
        OBJ["support_at_least"]: threshold("support_at_least"),
        OBJ["milestone_done"]: lambda: s.done[:, np.maximum(rules.obj_ms, 0)] & (rules.obj_ms >= 0),
        OBJ["bloc_wins"]: lambda: s.winner[:, None] == k,
        OBJ["contribution_share_at_least"]: lambda: (
            inside & _meets("contribution_share_at_least", q["contribution_share_at_least"](), v)
        ),
    }
    out = np.zeros(bloc.shape, dtype=bool)
    for code, used in _static(rules)["kinds"]:
        out |= used & choices[code]()
    return out


def _meets(kind: str, quantity, value) -> np.ndarray:
    """An objective's threshold test, as the law's table of objective kinds gives it."""
    return law.meets(law.OBJECTIVE_THRESHOLDS[kind][1], quantity, value)


#: Tables that depend on the Rules alone, by id(rules) (Rules are immutable): computed once.
_STATIC: dict[int, tuple[Rules, dict]] = {}


def _static(rules: Rules) -> dict:
    """Objective kinds in use (code, (J,) mask) and the start of each nation's objectives."""
    hit = _STATIC.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    kind, j = rules.obj_kind, rules.obj_nation
    table = {
        "kinds": [(code, kind == code) for code in OBJ.values() if (kind == code).any()],
        "starts": np.flatnonzero(np.r_[True, j[1:] != j[:-1]]) if len(j) else None,
    }
    if len(_STATIC) > 8:
        _STATIC.clear()
    _STATIC[id(rules)] = (rules, table)
    return table


def bloc_scores(s, rules: Rules, progress: np.ndarray | None = None) -> np.ndarray:
    """(W, K) bloc scores: programme share done, or members' prestige (victory.bloc_score)."""
    if rules.bloc_score_mode == 1:
        out = np.zeros((s.bloc.shape[0], rules.n_blocs))
        for k in range(rules.n_blocs):
            out[:, k] = np.where(s.member[:, :, k], s.prestige, 0.0).sum(axis=1)
        return out
    return bloc_progress(s, rules) if progress is None else progress


#: The parts of a nation's score, in the order they are added (``score_parts``).
SCORE_PARTS = ("prestige", "contribution", "technology", "winner", "objectives")
#: Which rule decided a world's winner this turn, as the ledger books it (``blocs["won_by"]``):
#: no winner; the only bloc to complete a base; the first of several to complete one in the
#: turn; completed at the same moment, the higher bloc score; the same score too, the bloc
#: listed first; the end date, the highest bloc score; the end date, a tie of scores.
WIN_RULES = (
    "none",
    "base_alone",
    "base_first",
    "base_score",
    "base_order",
    "end_score",
    "end_order",
)


def tenure_share_in(s, blocs: np.ndarray) -> np.ndarray:
    """(W, N): each nation's turns in bloc ``blocs[w, n]`` over that bloc's longest-serving
    member's (1 for a founder, near 0 for a last-minute joiner; 0 where ``blocs`` is -1)."""
    k = np.maximum(blocs, 0).astype(np.intp)
    wi = np.arange(s.tenure.shape[0])[:, None]
    served = np.take_along_axis(s.tenure, k[:, :, None], axis=2)[:, :, 0].astype(float)
    longest = s.tenure.max(axis=1).astype(float)[wi, k]  # (W, N): the longest in that bloc
    share = np.where(longest > 0, served / np.maximum(longest, 1.0), 1.0)
    return np.where(blocs >= 0, share, 0.0)


def in_winner(s) -> np.ndarray:
    """(W, N) bool: members of the winning bloc (whatever their main bloc; none yet: False)."""
    w = np.maximum(s.winner, 0).astype(np.intp)
    inside = np.take_along_axis(s.member, w[:, None, None], axis=2)[:, :, 0]
    return inside & (s.winner >= 0)[:, None]


def tenure_share(s) -> np.ndarray:
    """(W, N): each nation's tenure share in the winning bloc (0 with no winner yet)."""
    return tenure_share_in(s, np.broadcast_to(s.winner[:, None], s.bloc.shape))


def winner_commitment(s) -> np.ndarray:
    """(W, N): the share of each nation's contributions to blocs that went to the winning
    bloc (``law.commitment``; 0 with no winner yet)."""
    return law.commitment(s.contributed, s.tenure, np.broadcast_to(s.winner[:, None], s.bloc.shape))


def contribution_points(paid, total, progress, c) -> np.ndarray:
    """The score's contribution part: score_contribution x the sum over the last axis (the
    blocs) of (what the nation paid into the bloc / what all its members paid) x the bloc's
    programme share done. Any shapes that broadcast; the computer players ask it of projected
    figures (``ai.membership``)."""
    share = np.asarray(paid, float) / np.maximum(np.asarray(total, float), 1e-12)
    return c.score_contribution * (share * np.asarray(progress, float)).sum(axis=-1)


def winner_points(inside, tenure, commitment, c) -> np.ndarray:
    """The score's winner part: winner_bonus x tenure share x commitment for a member of the
    winning bloc (``inside``: True, or the chance of being one). Any shapes that broadcast."""
    return c.winner_bonus * np.asarray(inside, float) * tenure * commitment


def _winner_part(s, c) -> np.ndarray:
    """(W, N) the score's winner part of every nation (``winner_points``)."""
    if (s.winner >= 0).any():
        return winner_points(in_winner(s), tenure_share(s), winner_commitment(s), c)
    # no winner yet in any world: every nation is outside it with tenure share and
    # commitment 0, the same product of zeros at a fraction of the cost
    return winner_points(np.zeros(s.bloc.shape), 0.0, 0.0, c)


def score_parts(s, rules: Rules) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each part of the nation score (name -> (W, N)) and the bloc scores (W, K).

    The parts are the terms of the score formula in the spec card; ``scores`` adds them in
    the order of ``SCORE_PARTS``, so a report that shows them shows what the engine counted.
    """
    c = rules.constants
    progress = bloc_progress(s, rules)
    bloc_score = bloc_scores(s, rules, progress)
    totals = _bloc_totals(s, rules)
    paid, total = totals
    # a nation in several blocs counts its share of each programme it pays into
    contribution = contribution_points(paid, total[:, None, :], progress[:, None, :], c)
    tech_mean = mean_tech(s.tech)
    objectives = np.zeros(s.bloc.shape)
    if rules.obj_nation.size:
        met = objectives_met(s, rules, tech_mean, totals)
        points = met * rules.obj_points
        # objectives are listed nation by nation: add each nation's run of columns in order
        starts = _static(rules)["starts"]
        objectives[:, rules.obj_nation[starts]] = c.score_objectives * np.add.reduceat(
            points, starts, axis=1
        )
    parts = {
        "prestige": c.score_prestige * s.prestige,
        "contribution": contribution,
        "technology": c.score_tech * tech_mean,
        "winner": _winner_part(s, c),
        "objectives": objectives,
    }
    return parts, bloc_score


def scores(s, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """Nation scores (W, N) and bloc scores (W, K) for any State-like record."""
    parts, bloc_score = score_parts(s, rules)
    score = parts[SCORE_PARTS[0]].astype(float)
    for name in SCORE_PARTS[1:]:
        score += parts[name]
    return score, bloc_score


def _base_finish(t: Turn, r: Rules) -> np.ndarray:
    """(W, K) share of the turn at which each bloc's base was completed (``finished_at``);
    0 where the programmes phase did not say (a base completed otherwise ties at the start)."""
    out = np.zeros((t.w, r.n_blocs))
    if t.finished_at is None:
        return out
    for k in range(r.n_blocs):
        idx = r.ms_of_bloc[k]
        base = idx[r.ms_base[idx]]
        if len(base):
            at = t.finished_at[:, base].min(axis=1)
            out[:, k] = np.where(np.isfinite(at), at, 0.0)
    return out


def _top_ties(candidates: np.ndarray, bloc_score: np.ndarray) -> np.ndarray:
    """(W,) how many of the ``candidates`` (W, K) share the highest bloc score."""
    top = np.max(np.where(candidates, bloc_score, -np.inf), axis=1)[:, None]
    return (candidates & (bloc_score >= top)).sum(axis=1)


def _book_victory(t: Turn, won_by, base_at, bloc_score) -> None:
    """Record in the ledger how this turn's winner was chosen (see ``WIN_RULES``)."""
    book = t.ledger
    if book is None:
        return
    book.blocs["won_by"] = won_by.astype(np.int8)
    book.blocs["base_at"] = base_at
    book.blocs["deciding_score"] = bloc_score.copy()


def run(t: Turn) -> None:
    r = t.rules
    bloc_score = bloc_scores(t, r)
    winner = t.winner
    ended = t.ended
    running = t.running
    won_by = np.zeros(t.w, np.int8)
    base_at = np.full((t.w, r.n_blocs), np.nan)
    if r.base_wins and r.ms_base.any():
        base_done = np.zeros((t.w, r.n_blocs), dtype=bool)
        for k in range(r.n_blocs):
            idx = r.ms_of_bloc[k]
            base = idx[r.ms_base[idx]]
            if len(base):
                base_done[:, k] = t.done[:, base].any(axis=1)
        won = running & base_done.any(axis=1)
        if won.any():
            # several bases completed this turn: the first completed in the turn wins, then
            # the higher bloc score (a list's order must not decide a race)
            first = _base_finish(t, r)
            first_done = base_done & (
                first <= np.min(np.where(base_done, first, np.inf), 1)[:, None]
            )
            best = np.argmax(np.where(first_done, bloc_score, -np.inf), axis=1)
            rule = np.where(
                base_done.sum(axis=1) <= 1,
                WIN_RULES.index("base_alone"),
                np.where(
                    first_done.sum(axis=1) <= 1,
                    WIN_RULES.index("base_first"),
                    np.where(
                        _top_ties(first_done, bloc_score) <= 1,
                        WIN_RULES.index("base_score"),
                        WIN_RULES.index("base_order"),
                    ),
                ),
            )
            won_by = np.where(won, rule, won_by)
            base_at = np.where(won[:, None] & base_done, first, base_at)
            winner = np.where(won, best, winner).astype(np.int16)
            t.log.add(EV["victory"], won, nation=-1, bloc=best, value=1.0)
            ended = ended | won
    if t.turn + 1 >= r.n_turns:
        last = running & ~ended
        if last.any():
            best = np.argmax(bloc_score, axis=1)
            tied = _top_ties(np.ones(bloc_score.shape, bool), bloc_score) > 1
            rule = np.where(tied, WIN_RULES.index("end_order"), WIN_RULES.index("end_score"))
            won_by = np.where(last, rule, won_by)
            winner = np.where(last, best, winner).astype(np.int16)
            t.log.add(EV["victory"], last, bloc=best, value=0.0)
            ended = ended | last
    # membership served this turn (before the winner's bonus reads it)
    served = t.member & running[:, None, None]
    t.tenure = (t.tenure + served).astype(np.int16)
    newly = ended & ~t.input.ended
    t.log.add(EV["game_over"], newly, bloc=winner, item=t.turn)
    t.end_turn = np.where(newly, t.turn + 1, t.end_turn).astype(np.int16)
    t.winner = winner
    t.ended = ended
    _book_victory(t, won_by, base_at, bloc_score)
    score, bloc_score = scores(t, r)
    t.score, t.bloc_score = score, bloc_score


# --------------------------------------------------------------------------------------------
# How to win, at any turn (issue 10): each objective's progress and the score's parts, for
# screens that show a player where they stand. Read from the same functions the scoring uses.


@dataclass(frozen=True)
class ObjectiveProgress:
    """Every scenario objective (J, listed nation by nation) in W worlds, now.

    ``value`` is the quantity the objective compares with ``threshold``: prestige, technology,
    support or contribution share for the threshold kinds (share 0 outside the bloc); the
    share of the milestone's cost invested for ``milestone_done`` (1 once done); 1 or 0 for
    the yes/no kinds (in a bloc, out of it, unaligned, the bloc won), against a threshold of 1.
    ``met`` is what the score counts (``objectives_met``); ``points`` what it adds to the
    score while met.
    """

    nation: np.ndarray  # (J,) whose objective
    kind: np.ndarray  # (J,) OBJ code
    comparison: tuple[str, ...]  # (J,) ">=" or "<": how value meets threshold
    value: np.ndarray  # (W, J)
    threshold: np.ndarray  # (J,)
    met: np.ndarray  # (W, J) bool
    points: np.ndarray  # (J,) score points while met
    earned: np.ndarray  # (W, J) points counted now


def objective_progress(s, rules: Rules) -> ObjectiveProgress:
    """Each objective's current value, threshold, whether it holds and its points."""
    j = rules.obj_nation
    w = s.bloc.shape[0]
    totals = _bloc_totals(s, rules)
    tech_mean = mean_tech(s.tech)
    met = objectives_met(s, rules, tech_mean, totals)
    kinds = [OBJECTIVE_KINDS[int(code)] for code in rules.obj_kind]
    comparison = tuple(law.OBJECTIVE_THRESHOLDS.get(kind, ("", ">="))[1] for kind in kinds)
    threshold = np.where(
        [kind in law.OBJECTIVE_THRESHOLDS for kind in kinds], rules.obj_value, 1.0
    ).astype(float)
    value = met.astype(float)
    quantities = _objective_quantities(s, rules, tech_mean, totals[1])
    for kind, quantity in quantities.items():
        cols = rules.obj_kind == OBJ[kind]
        if cols.any():
            value[:, cols] = np.broadcast_to(quantity(), (w, len(j)))[:, cols]
    share = rules.obj_kind == OBJ["contribution_share_at_least"]
    inside = s.member[:, j, np.maximum(rules.obj_bloc, 0)] & (rules.obj_bloc >= 0)
    value[:, share] = np.where(inside, value, 0.0)[:, share]
    ms = rules.obj_kind == OBJ["milestone_done"]
    if ms.any():
        m = np.maximum(rules.obj_ms[ms], 0)
        invested = s.progress[:, m] / np.maximum(rules.ms_cost[m], 1e-12)
        value[:, ms] = np.where(s.done[:, m], 1.0, np.clip(invested, 0.0, 1.0))
    points = rules.constants.score_objectives * np.asarray(rules.obj_points, dtype=float)
    return ObjectiveProgress(
        nation=np.asarray(j),
        kind=np.asarray(rules.obj_kind),
        comparison=comparison,
        value=value,
        threshold=threshold,
        met=met,
        points=points,
        earned=met * points,
    )


@dataclass(frozen=True)
class ScoreBreakdown:
    """A nation's score part by part (``SCORE_PARTS``), and the winner's bonus."""

    parts: dict[str, np.ndarray]  # part -> (W, N), adding up to ``total``
    total: np.ndarray  # (W, N) the score the engine keeps
    bloc_score: np.ndarray  # (W, K)
    winner_bonus: float  # what every member of the winning bloc gets
    at_stake: np.ndarray  # (W, N) the bonus a nation gets if its bloc wins (0 once decided)


def score_breakdown(s, rules: Rules) -> ScoreBreakdown:
    """The score's parts at any turn, their total, and the winning bonus still at stake."""
    parts, bloc_score = score_parts(s, rules)
    total, _ = scores(s, rules)
    bonus = float(rules.constants.winner_bonus)
    open_game = (s.winner < 0)[:, None]
    return ScoreBreakdown(
        parts=parts,
        total=total,
        bloc_score=bloc_score,
        winner_bonus=bonus,
        # what a member would get if its main bloc won now: the bonus times its tenure
        # share and its commitment there
        at_stake=np.where(
            open_game & (s.bloc >= 0),
            bonus * tenure_share_in(s, s.bloc) * law.commitment(s.contributed, s.tenure, s.bloc),
            0.0,
        ),
    )
