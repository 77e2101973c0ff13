"""``decide``: the Orders of the computer players for one turn, with the reasons for each.

Spec card:
    Reads: State, Rules, the seed, a difficulty level, ``controlled`` (W, N) bool.
    Writes: a ``Decision``: Orders for every nation (rows of nations not in ``controlled`` hold
        the AI's advice; the caller replaces them with the person's orders) with ``auto`` set
        for the controlled ones, so the engine answers their offers by utility; and the
        figures behind every choice, turned into words on demand by ``Decision.reasons``.
    Pure and deterministic: the same inputs give the same Decision; randomness comes from
        ``game.engine.rng`` keyed by (seed, world, turn), so a world decides the same alone
        or inside a batch. Nothing loops over worlds or nations in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.ai.answers import own_answers, turned_away
from game.ai.budget import (
    BudgetPlan,
    blocs_to_beat,
    crisis_cover_money,
    merge_plans,
    plan_budget,
    spare_reserve,
)
from game.ai.difficulty import Difficulty, get_difficulty
from game.ai.diplomacy import DiplomacyPlan, plan_diplomacy
from game.ai.explain import reason_items, signed
from game.ai.judge import AIContext, expected_joins
from game.ai.view import view_of
from game.engine import state as st
from game.engine.utility import TERMS
from game.text.words import counted, money, possessive


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a nation did something: the kind of decision, a sentence, and the numbers."""

    nation: int
    kind: str  # "budget", "invite", "apply", "deal", "leave", "answer"
    text: str
    terms: dict[str, float]
    #: for an offer: its row in ``Decision.orders.new`` (the offer's id); for an answer the
    #: nation gave itself: the offer's slot in the table it answered (``Decision.table``)
    slot: int = -1


@dataclass(frozen=True, slots=True)
class Decision:
    """The computer players' Orders for W worlds, and what drove them."""

    orders: st.Orders
    budget: BudgetPlan
    diplomacy: DiplomacyPlan
    controlled: np.ndarray  # (W, N) bool
    bloc: np.ndarray  # (W, N) each nation's bloc when it decided
    difficulty: str
    table: st.Offers | None = None  # the offer table its answers (``orders.answers``) refer to

    def reasons(
        self,
        world: int = 0,
        nation_names: Sequence[str] | None = None,
        bloc_names: Sequence[str] | None = None,
        domain_names: Sequence[str] | None = None,
        mission_names: Sequence[str] | None = None,
    ) -> list[Reason]:
        """The reasons of every controlled nation in world position ``world``, in words."""
        return _reasons(self, world, nation_names, bloc_names, domain_names, mission_names)


def decide(
    state: st.State,
    rules,
    seed: int,
    difficulty: str | Difficulty = "normal",
    controlled: np.ndarray | None = None,
    people: np.ndarray | None = None,
) -> Decision:
    """Orders for the nations in ``controlled`` (default: every nation), with their reasons.

    ``people`` (W, N) bool: the nations people play, whose blocs a sharp level plays against
    (default: the nations not controlled; the strategy lab names its seat).
    """
    level = get_difficulty(difficulty)
    w, n = state.bloc.shape
    if controlled is None:
        controlled = np.ones((w, n), dtype=bool)
    controlled = np.broadcast_to(np.asarray(controlled, dtype=bool), (w, n))
    view = view_of(rules)
    ctx = AIContext(state, rules)
    people = ~controlled if people is None else np.broadcast_to(people, (w, n))
    beat = blocs_to_beat(state, people)
    joining = expected_joins(state, rules, ctx)
    # the reserve kept against a budget cut, worked out once for the budget and the offers
    cover = crisis_cover_money(state, rules, level)
    budget = plan_budget(state, view, level, beat, joining, cover)
    spare = spare_reserve(state, rules, level, cover)
    if level.partner_level is not None and people.any():
        # the people's partners play by the partner level's budget rules (and keep its
        # cover against budget cuts, not this level's)
        b = np.maximum(state.bloc, 0)
        partners = (state.bloc >= 0) & beat[np.arange(w)[:, None], b] & ~people
        if partners.any():
            theirs_level = get_difficulty(level.partner_level)
            theirs_cover = crisis_cover_money(state, rules, theirs_level)
            theirs = plan_budget(state, view, theirs_level, beat, joining, theirs_cover)
            budget = merge_plans(budget, theirs, partners)
            spare = np.where(
                partners, spare_reserve(state, rules, theirs_level, theirs_cover), spare
            )
    diplomacy = plan_diplomacy(state, rules, level, controlled, int(seed), ctx, beat, spare)
    orders = st.Orders(
        alloc=budget.alloc,
        research=budget.research,
        mission=budget.mission,
        answers=own_answers(state, rules, level, controlled, beat),
        new=diplomacy.new,
        leave=diplomacy.leave,
        auto=controlled.copy(),
    )
    return Decision(
        orders=orders,
        budget=budget,
        diplomacy=diplomacy,
        controlled=controlled,
        bloc=state.bloc,
        difficulty=level.name,
        table=state.offers,
    )


def _name(names: Sequence[str] | None, i: int, what: str) -> str:
    if names is not None and 0 <= i < len(names):
        return names[i]
    return f"{what} {i}"


def _why(terms: np.ndarray) -> str:
    items = reason_items(terms, TERMS, top=3)
    return ", ".join(f"{label} {signed(v)}" for label, v in items) or "no strong reason"


def _terms_dict(terms: np.ndarray) -> dict[str, float]:
    return {name: float(v) for name, v in zip(TERMS, terms, strict=True) if v != 0}


def _reasons(d: Decision, w, nation_names, bloc_names, domain_names, mission_names):
    out: list[Reason] = []
    orders, plan, dip = d.orders, d.budget, d.diplomacy
    for i in np.flatnonzero(d.controlled[w]):
        i = int(i)
        a = orders.alloc[w, i]
        parts = []
        if a[st.CAT_BLOC] > 0:
            parts.append(
                f"{100 * a[st.CAT_BLOC]:.0f}% to its bloc (charter asks "
                f"{100 * plan.contribution[w, i]:.0f}%)"
            )
        focus = int(np.argmax(orders.research[w, i]))
        parts.append(
            f"{100 * a[st.CAT_RESEARCH]:.0f}% research, most on "
            f"{_name(domain_names, focus, 'domain').replace('_', ' ')}"
        )
        q = int(orders.mission[w, i])
        if q >= 0 and a[st.CAT_MISSIONS] > 0:
            parts.append(
                f"{100 * a[st.CAT_MISSIONS]:.0f}% to its mission "
                f"{_name(mission_names, q, 'mission')}"
            )
        if a[st.CAT_DIPLOMACY] > 0.005:
            parts.append(f"{100 * a[st.CAT_DIPLOMACY]:.0f}% diplomacy")
        if a[st.CAT_RESERVE] > 0.005:
            low = " (support is low)" if plan.low_support[w, i] else ""
            parts.append(f"{100 * a[st.CAT_RESERVE]:.0f}% reserve{low}")
        terms = {cat: float(v) for cat, v in zip(st.CATEGORIES, a, strict=True)}
        out.append(Reason(i, "budget", "; ".join(parts), terms))
    new = orders.new
    for p in np.flatnonzero(new.active[w]):
        s, t, k = int(new.sender[w, p]), int(new.target[w, p]), int(new.bloc[w, p])
        kind = st.OFFER_KINDS[int(new.kind[w, p])]
        prob = 100 * float(dip.prob[w, p])
        who = _name(nation_names, t, "nation")
        bloc = _name(bloc_names, k, "bloc")
        extras = []
        if new.seats[w, p]:
            extras.append(counted(int(new.seats[w, p]), "astronaut seat"))
        if new.payload[w, p]:
            extras.append(counted(int(new.payload[w, p]), "payload slot"))
        if new.tech[w, p] > 0:
            extras.append("technology transfer")
        if new.funds[w, p] > 0:
            extras.append(f"{money(float(new.funds[w, p]))} a year")
        sweet = f", adding {' and '.join(extras)}" if extras else ""
        why = _why(dip.terms[w, p])
        if kind == "invite":
            text = f"invites {who} to {bloc}{sweet}: expects yes ({prob:.0f}%), {why}"
        elif kind == "apply":
            text = f"applies to join {bloc}: admission expected ({prob:.0f}%); it values joining for {why}"
        elif d.bloc[w, s] >= 0 and d.bloc[w, s] == d.bloc[w, t]:
            # a partner's deal (game.ai.deals): seats and slots that keep a member in the bloc
            mine = _name(bloc_names, int(d.bloc[w, s]), "bloc")
            text = (
                f"offers its partner {who} {' and '.join(extras)} to keep it in {mine}: "
                f"keeping it pays the bloc more than the price ({prob:.0f}% yes)"
            )
        else:
            text = (
                f"offers {who} a {kind.replace('_', ' ')} deal to warm relations ({prob:.0f}% yes)"
            )
        label = kind if kind in ("invite", "apply") else "deal"
        out.append(Reason(s, label, text, _terms_dict(dip.terms[w, p]), int(p)))
    if d.table is not None:
        for p in np.flatnonzero(orders.answers[w] == st.ANSWER_REJECT):
            out.append(_answer_reason(d, w, int(p), nation_names, bloc_names))
    for i in np.flatnonzero(orders.leave[w]):
        i = int(i)
        bloc = _name(bloc_names, int(d.bloc[w, i]), "bloc")
        seen = float(dip.stay[w, i])
        true = float(dip.stay_terms[w, i].sum())
        why = _why(dip.stay_terms[w, i])
        if abs(seen - true) >= 0.05:  # a weaker player can misjudge its own position
            why += f", misjudgement {signed(seen - true)}"
        text = f"leaves {bloc}: staying seems worth {signed(seen)} ({why})"
        out.append(Reason(i, "leave", text, _terms_dict(dip.stay_terms[w, i])))
    return out


def _answer_reason(d: Decision, w: int, p: int, nation_names, bloc_names) -> Reason:
    """Why a leader turned away the application in table slot ``p`` itself (``ai.answers``:
    the only answers a computer player gives in its orders)."""
    t = d.table
    who = _name(nation_names, int(t.sender[w, p]), "nation")
    bloc = _name(bloc_names, int(t.bloc[w, p]), "bloc")
    text = f"turns away {possessive(who)} application to join {bloc}: "
    return Reason(
        int(t.target[w, p]), "answer", text + _because(d, w, p, nation_names, bloc_names), {}, p
    )


def _because(d: Decision, w: int, p: int, nation_names, bloc_names) -> str:
    t = d.table
    applicant = int(t.sender[w, p])
    who = _name(nation_names, applicant, "nation")
    theirs = _name(bloc_names, int(d.bloc[w, applicant]), "bloc")
    return turned_away(who, theirs, _name(bloc_names, int(t.bloc[w, p]), "bloc"))


def answer_reason(
    d: Decision,
    world: int,
    slot: int,
    nation_names: Sequence[str] | None = None,
    bloc_names: Sequence[str] | None = None,
) -> str:
    """Why the computer players answered table ``slot`` themselves in world position
    ``world``, as a clause ("" when they left it to the engine's weighing)."""
    if d.table is None or not 0 <= slot < d.orders.answers.shape[1]:
        return ""
    if int(d.orders.answers[world, slot]) != st.ANSWER_REJECT:
        return ""
    return _because(d, world, slot, nation_names, bloc_names)
