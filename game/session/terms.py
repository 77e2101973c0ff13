"""An offer from both sides: what it costs and brings the person looking at it.

Spec card:
    What: ``offer_sides(match, viewer, sender, offer)`` says, for the viewer (the sender of
        an offer being composed, or either side of an open one), what the offer costs them,
        what they gain, for how long, its share of their budget, and the warnings the rules
        give: a price their reserve cannot pay (``law.Refusal.CANNOT_AFFORD``), yearly funds
        beyond the law's limit, and a membership whose charter minimums overrun the budget.
    Reads: a Match's State (budget, reserve, tech, contribution, member), the law's
        ``sweetener_price``, ``deal_payments_cap``, ``answerable``; the engine's foreseen
        answer when the caller has it (the reserve at the answer, a refusal); constants
        deal_turns, seat_prestige, payload_prestige.
    Nothing here decides an answer: the other side's factors are ``OfferDesk.predict``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.engine import law
from game.session.orders import OfferDraft, offer_row
from game.text.words import counted, money, possessive, refusal_words, signed

MEMBERSHIP = ("invite", "apply")


@dataclass(slots=True)
class OfferSides:
    """The viewer's side of an offer, as lines with a tone ("text", "good", "warn", "bad")."""

    cost: list[str] = field(default_factory=list)
    gain: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    term: str = ""
    #: Yearly funds the offer moves, as a share of the viewer's yearly budget (0 when none).
    budget_share: float = 0.0

    def lines(self) -> list[tuple[str, str]]:
        out = [(f"You give: {t}", "text") for t in self.cost]
        out += [(f"You gain: {t}", "good") for t in self.gain]
        if self.term:
            out.append((self.term, "muted"))
        out += [(t, "bad") for t in self.warnings]
        return out


def weighing_turns(match, slot: int) -> int:
    """Turns until the open offer in ``slot`` may be answered (0: it may be answered now)."""
    o, r = match.state.offers, match.rules
    turn = match.turn
    for ahead in range(0, int(np.max(r.accession_turns, initial=1)) + 2):
        ok = law.answerable(
            o.kind[0, slot : slot + 1],
            o.bloc[0, slot : slot + 1],
            o.created[0, slot : slot + 1],
            turn + ahead,
            r,
        )
        if bool(ok[0]):
            return ahead
    return 0


def offer_sides(match, viewer: int, sender: int, offer: OfferDraft, step=None) -> OfferSides:
    """The viewer's side of ``offer`` sent by ``sender`` (the viewer is sender or target).

    ``step`` is the engine's foreseen answer (``session.foresee.AnswerStep``), when known:
    the reserve that will pay the price is the one the sender has then, and an offer the
    rules refuse gains nothing.
    """
    s, r = match.state, match.rules
    c = r.constants
    row = offer_row(s, sender, offer)
    target = int(row["target"])
    giving = viewer == sender
    other = match.name(target if giving else sender)
    sides = OfferSides()
    budget = float(s.budget[0, viewer])
    price = float(law.sweetener_price(offer.tech, offer.seats, offer.payload, c))
    years = c.deal_turns * float(r.turn_years)
    deal = offer.funds > 0 or offer.tech > 0
    if offer.funds > 0:
        share = offer.funds / budget if budget > 0 else float("inf")
        sides.budget_share = share
        pct = f"{share * 100:.0f}% of your budget" if budget > 0 else "you have no budget"
        text = f"{money(offer.funds)}/yr in funds ({pct})"
        (sides.cost if giving else sides.gain).append(text)
        if giving:
            pledged = float(
                np.where(s.deal_until[0, sender] >= match.turn, s.deal_funds[0, sender], 0).sum()
            )
            # the engine caps all deal payments together at a share of income (a year's
            # income is the yearly budget)
            cap = float(law.deal_payments_cap(budget, c))
            if offer.funds + pledged > cap + 1e-9:
                most = cap / budget * 100 if budget > 0 else 0.0
                sides.warnings.append(
                    f"Over budget: with the {money(pledged)}/yr you already pay, deals would take "
                    f"more than {most:.0f}% of your budget ({money(cap)}/yr); payments beyond "
                    "it are cut"
                )
    if offer.tech > 0:
        mine = float(law.mean_tech(s.tech[0, sender]))
        theirs = float(law.mean_tech(s.tech[0, target]))
        src, dst = ("you", other) if giving else (other, "you")
        text = (
            f"technology transfer at strength {offer.tech * 100:.0f}%, flowing from {src} "
            f"(mean level {mine:.2f}) to {dst} ({theirs:.2f}); it lifts only the lower side"
        )
        (sides.cost if giving else sides.gain).append(text)
        if giving and mine <= theirs:
            sides.warnings.append(
                f"{possessive(other)} technology is already above yours: it gains nothing"
            )
    for count, per_year, words in (
        (offer.seats, c.seat_prestige, "astronaut seat"),
        (offer.payload, c.payload_prestige, "payload slot"),
    ):
        if count > 0:
            plural = "s" if count != 1 else ""
            text = f"{count} {words}{plural} (+{per_year:g} prestige/yr each to the holder)"
            (sides.cost if giving else sides.gain).append(text)
    if price > 0:
        payer = "you pay" if giving else f"{other} pays"
        text = f"{money(price)} once, from the reserve, when accepted ({payer})"
        if giving:
            sides.cost.append(text)
            _reserve_check(sides, float(s.reserve[0, sender]), price, step)
    if deal:
        sides.term = (
            f"The deal holds {counted(c.deal_turns, 'turn')} ({counted(float(years), 'year')}) "
            "once accepted; "
            "funds are paid each turn"
        )
    if offer.kind in MEMBERSHIP and row["bloc"] >= 0:
        _membership(match, viewer, sender, offer, row, sides)
    if offer.seats > 0 or offer.payload > 0:
        # the diplomacy phase takes every seat and slot from a nation that leaves a bloc
        who = f"{other} stays in its blocs" if giving else "you stay in your blocs"
        held = f"Seats and slots are held while {who}: leaving a bloc gives them all up"
        sides.term = f"{sides.term}. {held}" if sides.term else held
    if not sides.cost and not sides.gain and offer.kind not in MEMBERSHIP:
        sides.warnings.append("The offer carries nothing: add a sweetener")
    refused = step is not None and step.outcome in ("refused", "not sent")
    if refused and step.refusal != law.Refusal.OK:
        # the rules stop it: nothing changes hands, whatever the terms say
        joiner = target if offer.kind == "invite" else sender if offer.kind == "apply" else -1
        why = refusal_words(step.refusal, match.catalog, sender, joiner, viewer)
        sides.cost, sides.gain, sides.term, sides.budget_share = [], [], "", 0.0
        sides.warnings.insert(0, f"The rules would refuse it ({why}): nothing changes hands")
    return sides


def _reserve_check(sides: OfferSides, reserve_now: float, price: float, step) -> None:
    """The sender's reserve against the price, as the engine will check it: with the reserve
    it has when the answer comes (``step``), else the reserve it has now."""
    known = step is not None and np.isfinite(step.reserve)
    reserve = step.reserve if known else reserve_now
    when = "when the answer comes" if known else "now"
    amount = money(reserve)
    if known and step.futures:
        amount += f", the mean of {step.futures} futures"  # a new offer: over futures
    short = (
        step.refusal == law.Refusal.CANNOT_AFFORD
        if known and step.outcome in ("refused", "accepted")
        else bool(law.cannot_pay(price, reserve))
    )
    if short:
        sides.warnings.append(
            f"Your reserve {when} ({amount}) cannot pay the {money(price)} price: "
            "bank more in the reserve (Budget tab) or carry less"
        )
    elif known:
        sides.cost.append(f"your reserve {when}: {amount}, enough for the price")


def _membership(match, viewer: int, sender: int, offer, row, sides: OfferSides) -> None:
    """Membership terms: the charter's minimum share of the joiner's money."""
    s, r = match.state, match.rules
    k = int(row["bloc"])
    joiner = int(row["target"]) if offer.kind == "invite" else sender
    bloc = match.bloc_name(k)
    need = float(s.contribution[0, k])
    wait = int(r.accession_turns[k])
    sides.term = (
        f"{bloc} weighs a membership {counted(wait, 'turn')} before it is "
        "answered; membership holds until the member leaves"
    )
    if viewer != joiner:
        sides.gain.append(
            f"{match.name(joiner)} pays at least {need * 100:.0f}% of its money to {bloc}"
        )
        return
    spend = match.money(joiner)
    sides.cost.append(
        f"{bloc} charter: at least {need * 100:.0f}% of your money each turn "
        f"({money(need * spend)} this turn) into its programme"
    )
    sides.gain.append(f"a share of {possessive(bloc)} programme prestige and its technology")
    other = np.flatnonzero(s.member[0, joiner] & (np.arange(r.n_blocs) != k))
    total = need + float(s.contribution[0, other].sum()) if other.size else need
    if total > 1.0 + 1e-9:
        sides.warnings.append(
            f"Charter minimums would add up to {total * 100:.0f}% of your money: more than you have"
        )
    elif other.size:
        sides.warnings.append(
            f"With your other bloc{'s' if other.size > 1 else ''}, charters take at least "
            f"{total * 100:.0f}% of your money"
        )
    rivals = [int(j) for j in other if bool(r.exclusive[k]) and bool(r.exclusive[j])]
    if rivals:
        names = ", ".join(match.bloc_name(j) for j in rivals)
        sides.warnings.append(f"{bloc} is exclusive: joining it means leaving {names}")


def deals_in_force(match, viewer: int) -> list[tuple[str, str]]:
    """The viewer's deals that hold now, and what deals changed last turn (from its ledger).

    Returns (text, tone) lines: each deal with its partner, what flows which way and until
    when; then last turn's technology from transfers, prestige from seats and slots held and
    reserve paid for sweeteners, as the turn's ledger booked them.
    """
    s = match.state
    until = s.deal_until[0]
    out: list[tuple[str, str]] = []
    for a, b in zip(*np.nonzero(until >= match.turn), strict=True):
        a, b = int(a), int(b)
        if viewer not in (a, b):
            continue
        giving = a == viewer
        other = match.name(b if giving else a)
        parts = []
        funds = float(s.deal_funds[0, a, b])
        if funds > 0:
            parts.append(f"{money(funds)}/yr {'to' if giving else 'from'} {other}")
        tech = float(s.deal_tech[0, a, b])
        if tech > 0:
            way = f"to {other}" if giving else f"from {other}"
            parts.append(f"technology {way} at {tech * 100:.0f}%")
        if parts:
            left = int(until[a, b]) - match.turn + 1
            out.append((f"Deal: {', '.join(parts)} ({counted(left, 'turn')} left)", "text"))
    if match.ledgers:
        book = match.ledgers[-1]
        booked = (
            ("tech", "transfer", "technology from transfers (mean)", "{:+.3f}"),
            ("prestige", "held", "prestige from seats and slots held", "{:+.2f}"),
            ("reserve", "sweeteners", "reserve paid for sweeteners", None),
        )
        for quantity, kind, words, fmt in booked:
            row = book.rows.get((quantity, kind, -1))
            if row is None:
                continue
            value = row[0, viewer]
            value = float(np.mean(value)) if np.ndim(value) else float(value)
            if abs(value) > 1e-9:
                tone = "good" if value > 0 else "warn"
                shown = signed(value, money) if fmt is None else fmt.format(value)
                out.append((f"Last turn, {words}: {shown}", tone))
    return out
