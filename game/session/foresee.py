"""Predictions: what the engine will answer to an offer, found by running the engine.

Spec card:
    What: the answer to an offer is decided in the diplomacy phase of the turn after it is
        sent (an offer already in the table: of the coming turn). The engine's own income,
        orders and diplomacy phases of the answering turn are run on a copy and its decision
        is read from its log. Nothing is re-derived: the utility terms are the engine's, and
        the probability is the law's answer rule on them. An offer to a person is weighed as
        the engine would answer it for them.
    An offer in the table (``foresee_slot``): answered this End Turn, from the game's state
        and the orders of this turn (the computer's as ``ai.decide`` gives them). Where a
        random taste draw decides, ``chance`` is the exact probability over that draw; where
        the rules decide (a refusal, free entry, a lost membership race) it is 0 or 1.
        ``outcome`` is the engine's own decision with the game's draw: tests compare it with
        the turn as played; screens show ``chance`` only (the draw is the game's future).
    A new offer (``foresee_offer``): answered a turn later, after a turn whose draws (other
        offers' answers, events, the computer's judgement) are the game's future. That turn
        is played in ``FUTURES`` worlds with world ids of their own (the forecast's), the
        computer deciding its seats in each, and the step sums them up: ``chance`` is the
        mean of each future's chance, ``refused`` counts the futures in which the rules stop
        the answer (the target joined another bloc first...), so nothing on the screen
        depends on the game's own draws.
    Assumptions (said on the screen): people who have not played this turn yet, and every
        person on the next turn, count as giving no new orders (last turn's split, no offers,
        no answers). Offers to a person are answered by that person: the screen says so.
    Shape: a list of ``AnswerStep``, one per turn the offer is weighed, so an answer that
        takes several turns (an accession) adds steps without changing the callers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.state import EV
from game.engine.step import PHASES, rows_of
from game.engine.turn import Turn
from game.engine.utility import TERMS
from game.session.orders import Draft, OfferDraft, carried_over, offer_row
from game.session.play import play_turn, turn_orders

_TASTE = TERMS.index("taste")
#: The engine's phases before the answers to offers, then the one that gives them.
_NAMES = [name for name, _ in PHASES]
_BEFORE_ANSWERS = tuple(run for _, run in PHASES[: _NAMES.index("diplomacy")])
_DIPLOMACY = PHASES[_NAMES.index("diplomacy")][1]
_OUTCOMES = {EV["offer_accepted"]: "accepted", EV["offer_rejected"]: "rejected"}
_OUTCOMES[EV["offer_refused"]] = "refused"
_OUTCOMES[EV["offer_expired"]] = "expired"
#: Futures of the coming turn in which a new offer is weighed (world ids of their own).
FUTURES = 16


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
            sweeteners (nan when nothing was weighed; a mean over futures).
        futures: how many futures of the coming turn the step sums up (0: the game's own).
        refused: in how many of them the answer is not a weighed one (the rules stop it).
        decided: in how many (1 or 0 for the game's own) the target answered in its orders
            rather than by weighing the offer: a computer player's decision of its own
            (``ai.answers``); its chance is then 0 or 1, not a draw.
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
    futures: int = 0
    refused: int = 0
    decided: int = 0


def _answer(state: st.State, orders: st.Orders, rules, seed: int, slot: int) -> AnswerStep:
    """The engine's decision on table ``slot`` in the coming turn of ``state`` (one world)."""
    return _answers(state, orders, rules, seed, np.array([slot]))[0]


def _answers(state: st.State, orders: st.Orders, rules, seed: int, slots) -> list[AnswerStep]:
    """Run the engine's phases up to the answers on a copy and read its decision on table
    ``slots[w]`` in each world ``w`` of ``state`` (one AnswerStep per world).

    An offer to a person is weighed as the engine would answer it for them (their advisers'
    view): the copy's orders let the engine answer for the target.
    """
    slots = np.asarray(slots, dtype=np.intp)
    rows = np.arange(slots.size)
    o = state.offers
    target = o.target[rows, slots].astype(np.intp)
    by_person = ~orders.auto[rows, target]
    if by_person.any():
        auto = orders.auto.copy()
        auto[rows, target] = True
        # weighed for them: the engine's answers, not those the person has already given
        to_them = (o.target == target[:, None]) & by_person[:, None]
        answers = np.where(to_them, st.ANSWER_NONE, orders.answers).astype(np.int8)
        orders = orders.replace(auto=auto, answers=answers)
    t = Turn(state, orders, rules, seed, len(TERMS))
    for run in _BEFORE_ANSWERS:
        run(t)
    kind, sender, bloc = o.kind[rows, slots], o.sender[rows, slots], o.bloc[rows, slots]
    # the law's checks at acceptance, on the figures the answer is given with
    refusals = law.offer_refusal(t, rules, rows, kind, sender, target, bloc)
    reserves = t.reserve[rows, sender]  # what will pay the price, if it is accepted
    # a yes the reserve cannot pay is refused (the engine checks it only on a yes, so an
    # offer its draw turns down is never priced: its chance of a yes is still nil)
    price = law.sweetener_price(
        o.tech[rows, slots], o.seats[rows, slots], o.payload[rows, slots], rules.constants
    )
    poor = (refusals == law.Refusal.OK) & (price > 0) & law.cannot_pay(price, reserves)
    refusals = np.where(poor, np.int8(law.Refusal.CANNOT_AFFORD), refusals)
    _DIPLOMACY(t)
    events = t.log.build(state.world)
    answered = np.isin(events.code, list(_OUTCOMES))
    out = []
    for w in rows:
        refusal, reserve = int(refusals[w]), float(reserves[w])
        mine = np.flatnonzero(
            answered & (events.item == slots[w]) & (events.world == state.world[w])
        )
        outcome, drawn, chance, terms, own = "open", False, 0.0, np.zeros(0), False
        if len(mine):
            row = int(mine[0])
            outcome = _OUTCOMES[int(events.code[row])]
            if outcome == "refused":  # the engine's own reason (the reserve is checked here)
                refusal = int(events.reason[row])
            terms = np.array(events.terms[row], dtype=np.float64)
            terms[_TASTE] = 0.0
            # an answer the target gave in its orders is its decision, not a draw
            own = int(events.reason[row]) == st.ANSWERED_BY_ORDER
            drawn = bool(
                terms.any()
                and rules.constants.noise > 0
                and outcome in ("accepted", "rejected")
                and (outcome == "accepted" or refusal == law.Refusal.OK)
                and not own
            )
            if drawn:
                value = np.array([terms.sum()])
                chance = float(law.accept_probability(value, rules.constants)[0])
            else:
                chance = 1.0 if outcome == "accepted" else 0.0
            if outcome == "accepted":
                refusal = int(law.Refusal.OK)  # the engine let it through (a leave came first)
        who = bool(by_person[w])
        turn, slot = int(state.turn), int(slots[w])
        out.append(
            AnswerStep(
                turn, slot, outcome, drawn, chance, terms, who, refusal, reserve, decided=int(own)
            )
        )
    return out


def foresee_slot(state, rules, seed, orders: st.Orders, slot: int) -> list[AnswerStep]:
    """The coming turn's answer to the offer in table ``slot``, under ``orders``."""
    return [_answer(state, orders, rules, seed, slot)]


def foresee_offer(
    state: st.State,
    rules,
    seed: int,
    difficulty: str,
    controlled: np.ndarray,
    given: dict[int, Draft],
    waiting: dict[int, Draft],
    sender: int,
    offer: OfferDraft,
    futures: int = FUTURES,
) -> list[AnswerStep]:
    """The answer to ``offer`` if ``sender`` sends it this turn.

    The offer is answered in the turn after this one, so the coming turn is played first:
    in ``futures`` worlds of their own (``sim.forecast.future_ids``), never in the game's
    own, whose draws are its future. The computer decides its seats' orders in each future
    at ``difficulty``, as the forecast's futures do. The step returned sums them up
    (``_summed``).

    Args:
        state, rules, seed, difficulty: the game.
        controlled: (1, N) the nations the computer plays.
        given: the people's orders already given this turn (the sender's included).
        waiting: the orders of the people still to play, as counted (no new orders).
        sender, offer: the offer being composed (added to the sender's orders).
        futures: how many futures of the coming turn to play.
    """
    from game.sim.forecast import future_ids, futures_of  # the forecast's world ids

    people = dict(waiting)
    people.update(given)
    mine = people[sender]
    people[sender] = Draft(
        mine.alloc, mine.research, mine.mission, mine.answers, [*mine.offers, offer], mine.leave
    )
    ids = future_ids(seed, int(state.turn), futures, avoid=state.world.tolist())
    now = futures_of(state, ids)
    every = np.repeat(np.asarray(controlled, dtype=bool)[:1], futures, axis=0)
    played = play_turn(now, rules, seed, difficulty=difficulty, controlled=every, people=people)
    after = played.state
    row = offer_row(state, sender, offer)
    offers = after.offers
    mine_now = (
        offers.active
        & (offers.created == int(state.turn))
        & (offers.sender == sender)
        & (offers.target == row["target"])
        & (offers.kind == row["kind"])
    )
    sent = mine_now.any(axis=1)
    if not sent.any():
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
    # the offer composed last sits in the last of the sender's rows
    last = mine_now.shape[1] - 1 - np.argmax(mine_now[:, ::-1], axis=1)
    rows = np.flatnonzero(sent)
    cur, cur_orders, slot, ctl = rows_of(after, rows), played.orders, last[rows], every[rows]
    # a membership weighed over several turns (its bloc's accession) is answered later:
    # the turns in between are played in the same futures, the people giving no new orders
    at = np.arange(rows.size)
    for _ in range(int(np.max(rules.accession_turns, initial=1))):
        o = cur.offers
        due = law.answerable(
            o.kind[at, slot], o.bloc[at, slot], o.created[at, slot], int(cur.turn), rules
        )
        if not (o.active[at, slot] & ~due).any() or int(cur.turn) >= rules.n_turns:
            break
        quiet = {i: carried_over(cur_orders, cur, i) for i in people}
        between = play_turn(cur, rules, seed, difficulty=difficulty, controlled=ctl, people=quiet)
        cur, cur_orders = between.state, between.orders
    quiet = {i: carried_over(cur_orders, cur, i) for i in people}
    nxt, _decision = turn_orders(cur, rules, seed, difficulty, ctl, quiet)
    steps = _answers(cur, nxt, rules, seed, slot)
    return [_summed(steps, futures)]


def _summed(steps: list[AnswerStep], futures: int) -> AnswerStep:
    """One step for ``futures`` futures, ``steps`` those in which the offer was sent: the
    chance of a yes over them all (each future's exact chance over the answer's taste draw,
    or 0 or 1 where the rules decide; 0 where it was not sent), the mean terms of the
    futures that weighed it, the commonest refusal of those that did not, and in how many
    futures no weighed answer comes (``refused``)."""
    unsent = futures - len(steps)  # futures in which the offer was never sent: no answer
    chance = float(sum(s.chance for s in steps)) / futures
    weighed = [s.terms for s in steps if len(s.terms)]
    terms = np.mean(weighed, axis=0) if weighed else np.zeros(0)
    drawn = any(s.drawn for s in steps)
    stopped = [s for s in steps if not s.drawn and s.outcome != "accepted" and not s.decided]
    codes = [s.refusal for s in stopped if s.refusal != law.Refusal.OK]
    refusal = max(set(codes), key=codes.count) if codes else int(law.Refusal.OK)
    if drawn:
        outcome = "accepted" if chance >= 0.5 else "rejected"
    else:
        outcomes = [s.outcome for s in steps]
        outcome = max(set(outcomes), key=outcomes.count)
    first = steps[0]
    return AnswerStep(
        first.turn,
        first.slot,
        outcome,
        drawn,
        chance,
        terms,
        first.by_person,
        refusal,
        float(np.mean([s.reserve for s in steps])),
        futures=futures,
        refused=len(stopped) + unsent,
        decided=sum(s.decided for s in steps),
    )
