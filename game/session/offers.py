"""A person's side of a game in progress: their draft orders, offers in words, whether the
law lets an offer be sent, and what the other side will answer.

Spec card:
    What: ``OfferDesk``, a part of ``session.Match``. Legality is the engine's law
        (``law.offer_refusal``); the words come from ``game.text.words``; the answer is the
        engine's answer rule through ``ai.predict_offer``.
    Types: ``Prediction`` is the one type of a foreseen answer, for the offer being composed
        and for the offers in the inbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.ai import predict_offer
from game.engine import law
from game.engine import state as st
from game.engine.orders import default_orders
from game.engine.utility import TERM_LABELS
from game.session.orders import Draft, OfferDraft, offer_row
from game.session.reading import Reading
from game.text.words import sending_words

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
    """

    chance: float
    reasons: list[tuple[str, float]]
    summary: str
    allowed: bool = True
    short: str = ""
    notes: list[str] = field(default_factory=list)


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
    orders: list[st.Orders]

    def draft(self, i: int) -> Draft:
        """The orders person ``i`` is editing this turn: at first last turn's split (less a
        mission already flown), else the passive default."""
        if i not in self.drafts:
            if self.orders:
                last = self.orders[-1]
                mission = int(last.mission[0, i])
                if mission >= 0 and self.state.mission_done[0, i, mission]:
                    mission = -1  # flown: nothing left to fund
                alloc, research = last.alloc[0, i], last.research[0, i]
            else:
                base = default_orders(self.state, self.rules)
                alloc, research, mission = base.alloc[0, i], base.research[0, i], -1
            self.drafts[i] = Draft(
                alloc=[float(x) for x in alloc],
                research=[float(x) for x in research],
                mission=mission,
            )
        return self.drafts[i]

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
            parts.append(f"${float(o.funds[0, slot]):.2f} B/year")
        if o.tech[0, slot] > 0:
            parts.append(f"technology transfer {float(o.tech[0, slot]) * 100:.0f}%")
        if o.seats[0, slot] > 0:
            parts.append(f"{int(o.seats[0, slot])} astronaut seat(s)")
        if o.payload[0, slot] > 0:
            parts.append(f"{int(o.payload[0, slot])} payload slot(s)")
        left = int(o.expires[0, slot]) - self.turn + 1
        parts.append("answer this turn" if left <= 1 else f"{left} turns left to answer")
        return ", ".join(parts)

    def offers_left(self, i: int) -> int:
        cap = int(self.rules.constants.max_offers_per_nation)
        return max(0, cap - len(self.draft(i).offers))

    def offer_allowed(self, sender: int, offer: OfferDraft) -> str | None:
        """Why the engine would refuse to send the offer (the law's checks), or None."""
        if offer.kind == "apply" and offer.bloc < 0:
            return "choose the bloc to apply to"
        row = offer_row(self.state, sender, offer)
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
        return sending_words(code, offer.kind)

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
                    f"{who}'s mean technology is {tech:.2f}; {bloc} admits from {need:.2f} "
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
        """The foreseen answer to an offer ``sender`` makes, with the reasons."""
        problem = self.offer_allowed(sender, offer)
        if problem:
            return Prediction(0.0, [], f"Not possible: {problem}.", allowed=False)
        row = offer_row(self.state, sender, offer)
        row.pop("turns")
        result = predict_offer(self.state, self.rules, row, names=self.catalog.nation_names)
        return self._worded(sender, offer, result)

    def _worded(self, sender: int, offer: OfferDraft, result) -> Prediction:
        reasons = [(str(a), float(b)) for a, b in result.reasons if b != 0.0]
        if result.probability <= 0.0 and not reasons:
            rule = result.reasons[0][0] if result.reasons else "the rules forbid it"
            gaps = self.entry_gaps(sender, offer) if offer.kind in ("invite", "apply") else []
            detail = "; ".join(g for g, _ in gaps)
            summary = result.text + (f". {detail[:1].upper()}{detail[1:]}." if gaps else "")
            short = ", ".join(s for _, s in gaps) or str(rule)
            return Prediction(0.0, [], summary, allowed=False, short=short)
        text = result.text
        if offer.kind not in ("invite", "apply"):
            # A deal is between two nations: its affinity term is their relations, not a bloc's.
            other = self.name(offer.target if sender in self.people else sender)
            reasons = [(deal_words(a, other), b) for a, b in reasons]
            text = deal_words(text, other)
        return Prediction(float(result.probability), reasons, text)
