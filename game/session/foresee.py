"""Exact predictions: what the engine will answer to an offer, found by running the engine.

Spec card:
    What: the answer to an offer is decided in the diplomacy phase of the turn after it is
        sent (an offer already in the table: of the coming turn). ``foresee_offer`` plays the
        coming turn on a copy of the state through ``session.play_turn`` (the computer seats'
        orders as ``ai.decide`` will give them, the people's orders already given this turn,
        the offer added), then runs the engine's own income, orders and diplomacy phases of
        the next turn and reads the engine's decision from its log. Nothing is re-derived:
        the utility terms are the engine's, and the probability is the law's answer rule on
        them. An offer to a person is weighed as the engine would answer it for them.
    Assumptions (said on the screen): people who have not played this turn yet, and every
        person on the next turn, count as giving no new orders (last turn's split, no offers,
        no answers). Offers to a person are answered by that person: the screen says so.
    Exactness: where a random taste draw decides, ``chance`` is the exact probability of
        acceptance over that draw (``law.accept_probability`` of the engine's own utility);
        where the rules decide (a refusal, free entry, a lost membership race) it is 0 or 1.
        ``outcome`` is the engine's own decision with the game's draw: tests compare it with
        the turn as played; screens show ``chance`` only (the draw is the game's future).
    Shape: a list of ``AnswerStep``, one per turn the offer is weighed, so an answer that
        takes several turns (an accession) adds steps without changing the callers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.state import EV
from game.engine.step import PHASES
from game.engine.turn import Turn
from game.engine.utility import TERMS
from game.session.orders import Draft, OfferDraft, carried_over, merge_orders, offer_row
from game.session.play import play_turn, turn_orders

_TASTE = TERMS.index("taste")
#: The engine's phases before the answers to offers, then the one that gives them.
_NAMES = [name for name, _ in PHASES]
_BEFORE_ANSWERS = tuple(run for _, run in PHASES[: _NAMES.index("diplomacy")])
_DIPLOMACY = PHASES[_NAMES.index("diplomacy")][1]
_OUTCOMES = {EV["offer_accepted"]: "accepted", EV["offer_rejected"]: "rejected"}
_OUTCOMES[EV["offer_refused"]] = "refused"
_OUTCOMES[EV["offer_expired"]] = "expired"


@dataclass(frozen=True, slots=True)
class AnswerStep:
    """How one turn's diplomacy phase treats the offer.

    Attributes:
        turn: the turn whose diplomacy answers (the state's turn count before it).
        slot: the offer's table slot (-1 when it never enters the table).
        outcome: "accepted", "rejected", "refused", "expired", "open" (no answer yet) or
            "not sent" (refused when sent: table full, too many offers).
        drawn: a random taste draw decides; ``chance`` is then its exact probability.
        chance: probability of acceptance at this turn.
        terms: the engine's utility terms of the answer (``TERMS`` order, taste set to 0);
            empty when nothing was weighed.
        by_person: a person answers; the step is the engine's answer had it answered for
            them (what their advisers foresee).
        refusal: the law's refusal code at acceptance (``law.Refusal``; OK = 0), or the
            engine's reason an offer was "not sent".
        reserve: the sender's reserve when the answer is given, what pays the price of the
            sweeteners (nan when nothing was weighed).
    """

    turn: int
    slot: int
    outcome: str
    drawn: bool
    chance: float
    terms: np.ndarray
    by_person: bool = False
    refusal: int = 0
    reserve: float = float("nan")


def _answer(state: st.State, orders: st.Orders, rules, seed: int, slot: int) -> AnswerStep:
    """Run the engine's phases up to the answers on a copy and read its decision on ``slot``.

    An offer to a person is weighed as the engine would answer it for them (their advisers'
    view): the copy's orders let the engine answer for the target.
    """
    target = int(state.offers.target[0, slot])
    by_person = not bool(orders.auto[0, target])
    if by_person:
        auto = orders.auto.copy()
        auto[0, target] = True
        orders = orders.replace(auto=auto)
    t = Turn(state, orders, rules, seed, len(TERMS))
    for run in _BEFORE_ANSWERS:
        run(t)
    o = state.offers
    wi, kind = np.zeros(1, np.intp), o.kind[0, slot : slot + 1]
    sender, bloc = int(o.sender[0, slot]), int(o.bloc[0, slot])
    # the law's checks at acceptance, on the figures the answer is given with
    refusal = int(law.offer_refusal(t, rules, wi, kind, sender, target, bloc)[0])
    barred = refusal != law.Refusal.OK
    reserve = float(t.reserve[0, sender])  # what will pay the price, if it is accepted
    _DIPLOMACY(t)
    events = t.log.build(state.world)
    rows = np.flatnonzero(np.isin(events.code, list(_OUTCOMES)) & (events.item == slot))
    if not len(rows):
        return AnswerStep(
            int(state.turn), slot, "open", False, 0.0, np.zeros(0), by_person, refusal, reserve
        )
    row = int(rows[0])
    outcome = _OUTCOMES[int(events.code[row])]
    if outcome == "refused":  # the engine's own reason (the reserve is checked only here)
        refusal = int(events.reason[row])
    terms = np.array(events.terms[row], dtype=np.float64)
    terms[_TASTE] = 0.0
    drawn = (
        terms.any()
        and rules.constants.noise > 0
        and outcome in ("accepted", "rejected")
        and (outcome == "accepted" or not barred)
    )
    if drawn:
        chance = float(law.accept_probability(np.array([terms.sum()]), rules.constants)[0])
    else:
        chance = 1.0 if outcome == "accepted" else 0.0
    if outcome == "accepted":
        refusal = int(law.Refusal.OK)  # the engine let it through (a leave came first)
    return AnswerStep(
        int(state.turn), slot, outcome, bool(drawn), chance, terms, by_person, refusal, reserve
    )


def foresee_slot(state, rules, seed, orders: st.Orders, slot: int) -> list[AnswerStep]:
    """The coming turn's answer to the offer in table ``slot``, under ``orders``."""
    return [_answer(state, orders, rules, seed, slot)]


def foresee_offer(
    state: st.State,
    rules,
    seed: int,
    difficulty: str,
    controlled: np.ndarray,
    computer: st.Orders,
    given: dict[int, Draft],
    waiting: dict[int, Draft],
    sender: int,
    offer: OfferDraft,
) -> list[AnswerStep]:
    """The answer to ``offer`` if ``sender`` sends it this turn.

    Args:
        state, rules, seed, difficulty: the game.
        controlled: (1, N) the nations the computer plays.
        computer: the computer's orders for this turn (``turn_orders`` without people).
        given: the people's orders already given this turn (the sender's included).
        waiting: the orders of the people still to play, as counted (no new orders).
        sender, offer: the offer being composed (added to the sender's orders).
    """
    people = dict(waiting)
    people.update(given)
    mine = people[sender]
    people[sender] = Draft(
        mine.alloc, mine.research, mine.mission, mine.answers, [*mine.offers, offer], mine.leave
    )
    played = play_turn(state, rules, seed, orders=merge_orders(state, computer, people))
    after = played.state
    row = offer_row(state, sender, offer)
    offers = after.offers
    mine_now = (
        offers.active[0]
        & (offers.created[0] == int(state.turn))
        & (offers.sender[0] == sender)
        & (offers.target[0] == row["target"])
        & (offers.kind[0] == row["kind"])
    )
    slots = np.flatnonzero(mine_now)
    if not len(slots):
        # the engine's reason, from its log: the last refusal of such an offer by the sender
        ev = played.events
        why = ev.reason[
            (ev.code == EV["offer_refused"])
            & (ev.nation == sender)
            & (ev.value == row["kind"])
            & (ev.item == -1)
        ]
        code = int(why[-1]) if len(why) else 0
        return [AnswerStep(int(state.turn), -1, "not sent", False, 0.0, np.zeros(0), refusal=code)]
    slot = int(slots[-1])  # the offer composed last sits in the last of the sender's rows
    quiet = {i: carried_over(played.orders, after, i) for i in people}
    nxt, _decision = turn_orders(after, rules, seed, difficulty, controlled, quiet)
    return [_answer(after, nxt, rules, seed, slot)]
