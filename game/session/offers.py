"""A person's side of a game in progress: their draft orders, offers in words, whether the
law lets an offer be sent, and what the other side will answer.

Spec card:
    What: ``OfferDesk``, a part of ``session.Match``. Legality is the engine's law
        (``law.offer_refusal``); the words come from ``game.text.words``; the answer is the
        engine's own decision on a copy of the coming turns (``session.foresee``).
    Types: ``Prediction`` is the one type of a foreseen answer, for the offer being composed
        and for the offers in the inbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.ai.answers import turned_away
from game.ai.explain import reason_items, signed
from game.engine import law
from game.engine import state as st
from game.engine.orders import default_orders
from game.engine.utility import TERM_LABELS, TERMS
from game.session.foresee import AnswerStep, foresee_offer, foresee_slot
from game.session.orders import Draft, OfferDraft, carried_over, merge_orders, offer_row
from game.session.play import turn_orders
from game.session.reading import Reading
from game.session.terms import weighing_turns
from game.text.words import counted, money, possessive, refusal_words, sending_words

#: How the engine's utility names its affinity term (right for bloc offers only).
BLOC_RELATIONS = TERM_LABELS.get("affinity", "relations with the bloc")
#: Offer kinds a player may compose, with words for them.
KIND_WORDS = {
    "invite": "Invite into my bloc",
    "apply": "Apply to join a bloc",
    "tech_transfer": "Technology transfer",
    "funding": "Funding",
    "launch_seat": "Astronaut seat",
    "payload_slot": "Payload slot",
}


@dataclass(slots=True)
class Prediction:
    """What the other side of an offer will answer, and why.

    Attributes:
        chance: probability of acceptance (exact where a random taste draw decides, 0 or 1
            where the rules decide).
        reasons: (words, utility value) of the answer's largest terms, largest first.
        summary: one sentence for the screen.
        allowed: False when the rules stop the offer whatever the answer.
        short: why it cannot be accepted, in a few words for a list row ("" when it can).
        notes: what the prediction assumes (people who have not played their turn yet).
        steps: how the engine treats the offer, one entry per turn it is weighed.
    """

    chance: float
    reasons: list[tuple[str, float]]
    summary: str
    allowed: bool = True
    short: str = ""
    notes: list[str] = field(default_factory=list)
    #: The engine's treatment of the offer turn by turn (``session.foresee``).
    steps: list[AnswerStep] = field(default_factory=list)


def _signed(value: float) -> str:
    """``+0.12`` / ``−0.45`` with a true minus sign."""
    return f"{'−' if value < 0 else '+'}{abs(value):.2f}"


def deal_words(text: str, other: str) -> str:
    """The utility's "relations with the bloc" said right for a deal between two nations."""
    return text.replace(BLOC_RELATIONS, f"relations with {other}")


class OfferDesk(Reading):
    """Offers as a person sees and composes them (a part of ``session.Match``)."""

    people: list[int]
    drafts: dict[int, Draft]
    difficulty: str
    _decided: tuple[st.State, st.Orders] | None = None
    orders: list[st.Orders]

    def draft(self, i: int) -> Draft:
        """The orders person ``i`` is editing this turn: at first last turn's split (less a
        mission already flown), else the passive default."""
        if i not in self.drafts:
            self.drafts[i] = self.fresh_draft(i)
        return self.drafts[i]

    def fresh_draft(self, i: int) -> Draft:
        """Person ``i``'s orders if they give none this turn."""
        if self.orders:
            return carried_over(self.orders[-1], self.state, i)
        base = default_orders(self.state, self.rules)
        return carried_over(base, self.state, i)

    def offer_kind(self, slot: int) -> str:
        return st.OFFER_KINDS[int(self.state.offers.kind[0, slot])]

    def offer_text(self, slot: int) -> str:
        source = int(self.state.offers.source[0, slot])
        origin = int(self.state.offers.origin[0, slot])
        if origin != st.ORIGIN_ORDER and 0 <= source < len(self.catalog.offer_texts):
            return self.catalog.offer_texts[source]
        return ""

    def offer_terms(self, slot: int) -> str:
        """The sender's terms in words."""
        o = self.state.offers
        kind = self.offer_kind(slot)
        bloc = int(o.bloc[0, slot])
        sender = int(o.sender[0, slot])
        parts = []
        if kind == "invite":
            parts.append(f"join {self.bloc_name(bloc, short=False)}")
        elif kind == "apply":
            parts.append(f"admit {self.name(sender)} into {self.bloc_name(bloc)}")
        else:
            parts.append(KIND_WORDS[kind].lower())
        if o.funds[0, slot] > 0:
            parts.append(money(float(o.funds[0, slot]), "year"))
        if o.tech[0, slot] > 0:
            parts.append(f"technology transfer {float(o.tech[0, slot]) * 100:.0f}%")
        if o.seats[0, slot] > 0:
            parts.append(f"{int(o.seats[0, slot])} astronaut seat(s)")
        if o.payload[0, slot] > 0:
            parts.append(f"{int(o.payload[0, slot])} payload slot(s)")
        left = int(o.expires[0, slot]) - self.turn + 1
        parts.append("answer this turn" if left <= 1 else f"{counted(left, 'turn')} left to answer")
        return ", ".join(parts)

    def offers_left(self, i: int) -> int:
        cap = int(self.rules.constants.max_offers_per_nation)
        return max(0, cap - len(self.draft(i).offers))

    def legal_choices(self, sender: int, kind: str, now: bool = False) -> list[int]:
        """Whom an offer of ``kind`` from ``sender`` may go to this turn: the nations (the
        blocs, for an application) that pass the law's checks at sending; with ``now``, only
        those that pass every check at acceptance as things stand (entry conditions,
        exclusive blocs; not the reserve, which is checked when the answer comes)."""
        r, s = self.rules, self.state
        if kind == "apply":
            choices = np.arange(r.n_blocs)
            target, bloc = s.leader[0, choices].astype(np.int64), choices
        else:
            choices = np.arange(r.n_nations)
            own = int(s.bloc[0, sender]) if kind == "invite" else -1
            target, bloc = choices, np.full(r.n_nations, own)
        code = law.offer_refusal(s, r, 0, st.KIND[kind], sender, target, bloc)
        ok = code == law.Refusal.OK if now else ~np.isin(code, law.SENDING)
        return [int(x) for x in choices[ok]]

    def offer_allowed(self, sender: int, offer: OfferDraft) -> str | None:
        """Why the engine would refuse to send the offer (the law's checks), or None."""
        if offer.kind == "apply" and offer.bloc < 0:
            return "choose the bloc to apply to"
        if offer.kind == "apply":
            # the same application twice: the first answer decides both (a yes makes the
            # second one "already a member"), so say where the first one stands
            o = self.state.offers
            for slot in self.open_offers(sender=sender):
                if o.kind[0, slot] == st.KIND["apply"] and int(o.bloc[0, slot]) == offer.bloc:
                    wait = weighing_turns(self, slot)
                    when = (
                        "it is answered at the end of this turn"
                        if wait == 0
                        else f"the answer is expected in {counted(wait + 1, 'turn')}"
                    )
                    return (
                        f"your application to {self.bloc_name(offer.bloc)} is being weighed: {when}"
                    )
        row = offer_row(self.state, sender, offer)
        if law.offer_is_empty(row["kind"], offer.funds, offer.tech, offer.seats, offer.payload):
            # accepted, it would change nothing: there is nothing to send
            return "the offer carries nothing: add a sweetener"
        code = int(
            law.offer_refusal(
                self.state, self.rules, 0, row["kind"], sender, row["target"], row["bloc"]
            )
        )
        if code not in law.SENDING:
            return None
        if code == law.Refusal.FORBIDDEN_PAIR:
            reasons = [
                reason
                for (a, b), reason in zip(
                    np.asarray(self.rules.fp_nations), self.catalog.pair_reasons, strict=False
                )
                if {int(a), int(b)} == {sender, offer.target}
            ]
            return reasons[0] if reasons else "these two nations may not deal together"
        return sending_words(code, offer.kind, self.catalog, sender, int(row["target"]))

    def entry_gaps(self, sender: int, offer: OfferDraft) -> list[tuple[str, str]]:
        """A bloc's entry conditions the joiner misses, in numbers: (sentence, few words)."""
        r, s = self.rules, self.state
        joiner = offer.target if offer.kind == "invite" else sender
        k = self.bloc_of(sender) if offer.kind == "invite" else offer.bloc
        if k < 0 or joiner < 0:
            return []
        bloc, who = self.bloc_name(k), self.name(joiner)
        gaps = []
        low_tech, far = law.entry_shortfalls(s, r, 0, joiner, k)
        tech, need = float(law.mean_tech(s.tech[0, joiner])), float(r.entry_min_tech[k])
        if low_tech:
            gaps.append(
                (
                    f"{possessive(who)} mean technology is {tech:.2f}; {bloc} admits from {need:.2f} "
                    "(research raises it)",
                    f"technology {tech:.2f}, needs {need:.2f}",
                )
            )
        lead = self.leader(k)
        if lead >= 0:
            rel, need = float(s.relations[0, joiner, lead]), float(r.entry_min_relations[k])
            if far:
                gaps.append(
                    (
                        f"relations between {who} and {self.name(lead)} are {_signed(rel)}; "
                        f"{bloc} admits from {_signed(need)} (diplomacy spending and deals "
                        "raise them)",
                        f"relations with {self.name(lead)} {_signed(rel)}, needs {_signed(need)}",
                    )
                )
        return gaps

    def predict(self, sender: int, offer: OfferDraft) -> Prediction:
        """What the other side will answer to an offer ``sender`` would send this turn: the
        engine's own decision, found by playing the coming turns on a copy (see
        ``session.foresee``), with the reasons and what it assumes."""
        problem = self.offer_allowed(sender, offer)
        if problem:
            return Prediction(0.0, [], f"Not possible: {problem}.", allowed=False)
        order = self.people
        upto = order.index(sender) + 1 if sender in order else 0
        given = {i: self.draft(i) for i in order[:upto]}
        waiting = {i: self.fresh_draft(i) for i in order[upto:]}
        if sender not in given:
            given[sender] = self.fresh_draft(sender)
        steps = foresee_offer(
            self.state,
            self.rules,
            self.seed,
            self.difficulty,
            ~self.human_mask(),
            given,
            waiting,
            sender,
            offer,
        )
        notes = []
        if waiting:
            who = ", ".join(self.name(i) for i in waiting)
            notes.append(f"{who}: not played yet, counted as giving no new orders")
        return self._from_steps(sender, offer, steps, notes, viewer=sender)

    def computer_orders(self) -> st.Orders:
        """The computer seats' orders for the coming turn, as ``ai.decide`` will give them
        (decided once per state: the same state and seed always give the same orders)."""
        if self._decided is None or self._decided[0] is not self.state:
            orders, _ = turn_orders(
                self.state, self.rules, self.seed, self.difficulty, ~self.human_mask()
            )
            self._decided = (self.state, orders)
        return self._decided[1]

    def predict_slot(self, slot: int, viewer: int | None = None) -> Prediction:
        """What the offer in table ``slot`` will be answered this turn, with the orders
        given so far (the computer's as it will decide, people's as they stand); its words
        are told to ``viewer`` ("your reserve")."""
        o = self.state.offers
        sender, target = int(o.sender[0, slot]), int(o.target[0, slot])
        offer = OfferDraft(
            kind=self.offer_kind(slot),
            target=target,
            bloc=int(o.bloc[0, slot]),
            funds=float(o.funds[0, slot]),
            tech=float(o.tech[0, slot]),
            seats=int(o.seats[0, slot]),
            payload=int(o.payload[0, slot]),
        )
        people = {i: self.drafts.get(i) or self.fresh_draft(i) for i in self.people}
        orders = merge_orders(self.state, self.computer_orders(), people)
        steps = foresee_slot(self.state, self.rules, self.seed, orders, slot)
        return self._from_steps(sender, offer, steps, [], viewer)

    def _refusal_now(self, sender: int, row: dict) -> int:
        """The law's refusal of the offer ``row`` were it accepted on the game's state now
        (a standing ban, a membership held: not a matter of what the coming turn brings)."""
        return int(
            law.offer_refusal(
                self.state,
                self.rules,
                np.zeros(1, np.intp),
                row["kind"],
                sender,
                row["target"],
                row["bloc"],
            )[0]
        )

    def _from_steps(
        self,
        sender: int,
        offer: OfferDraft,
        steps: list[AnswerStep],
        notes: list[str],
        viewer: int | None = None,
    ) -> Prediction:
        step = steps[0]
        row = offer_row(self.state, sender, offer)
        target = row["target"]
        who = self.name(int(target))
        joiner = int(target) if offer.kind == "invite" else sender if offer.kind == "apply" else -1
        if step.by_person:
            notes = [*notes, f"{who} is played by a person, who answers"]
        if step.outcome == "not sent":
            rule = (
                refusal_words(step.refusal, self.catalog, sender, joiner, viewer)
                or "the rules stop it when it is sent"
            )
            text = f"It would not be sent: {rule}."
            return Prediction(0.0, [], text, allowed=False, short="cannot be sent", notes=notes)
        items = [(label, v) for label, v in reason_items(step.terms, TERMS) if v != 0.0]
        turned = ""
        if step.decided and offer.kind == "apply":
            # the leader answers itself (ai.answers): its reason, not terms it would weigh
            # the applicant's main bloc, as the leader's own reason names it (ai.decide)
            mine = int(self.state.bloc[0, sender])
            theirs = self.catalog.bloc_names[mine] if mine >= 0 else "its bloc"
            bloc = self.catalog.bloc_names[int(row["bloc"])]
            turned = turned_away(self.name(sender), theirs, bloc)
        if turned and not step.drawn:
            text = f"{who} would turn it away by its own decision: {turned}."
            return Prediction(
                0.0, [], text, allowed=False, short="turned away", notes=notes, steps=steps
            )
        if not step.drawn and step.outcome != "accepted":
            why = refusal_words(step.refusal, self.catalog, sender, joiner, viewer)
            if why is None and step.outcome == "expired":
                why = "it would lapse unanswered"
            if why is None and step.outcome == "open":
                why = "no answer comes in time"
            why = why or "the rules decide against it"
            gaps = self.entry_gaps(sender, offer) if offer.kind in ("invite", "apply") else []
            detail = "; ".join(g for g, _ in gaps)
            # the rules are checked when the answer comes: the world may have moved by then
            # (another bloc's invitation accepted first, an application of one's own)
            when = "when the answer comes"
            if step.futures and step.refusal != self._refusal_now(sender, row):
                when += f" in any of {step.futures} futures of this turn"
            summary = f"{who} cannot accept {when}: {why}" + (
                f". {detail[:1].upper()}{detail[1:]}." if gaps else ""
            )
            short = ", ".join(s for _, s in gaps) or why
            return Prediction(
                0.0, [], summary, allowed=False, short=short, notes=notes, steps=steps
            )
        verb = "would likely accept" if step.chance >= 0.5 else "would likely decline"
        body = ", ".join(f"{label} {signed(v)}" for label, v in items)
        text = f"{who} {verb} ({100 * step.chance:.0f}%): {body or 'no strong reason either way'}"
        if step.refused:
            # in some futures of the coming turn the rules stop the answer: say how often
            why = refusal_words(step.refusal, self.catalog, sender, joiner, viewer)
            text = (
                f"In {step.refused} of {step.futures} futures of this turn {who} cannot accept "
                f"when the answer comes ({why or 'the rules decide against it'}). {text}"
            )
        if turned:
            text = (
                f"In {step.decided} of {step.futures} futures of this turn {who} would turn it "
                f"away by its own decision ({turned}). {text}"
            )
        if offer.kind not in ("invite", "apply"):
            # A deal is between two nations: its affinity term is their relations, not a bloc's.
            other = self.name(int(target) if sender in self.people else sender)
            items = [(deal_words(a, other), b) for a, b in items]
            text = deal_words(text, other)
        return Prediction(step.chance, items, text, notes=notes, steps=steps)
