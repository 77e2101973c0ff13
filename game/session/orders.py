"""A person's orders for the coming turn, and how they join the computer's orders.

Spec card:
    Types: ``OfferDraft`` (an offer being composed: its kind by name, the other side, the
        sweeteners) and ``Draft`` (one person's orders: budget shares, research split,
        mission, answers, offers, leaving). They are the only types for these concepts, from
        the screen that edits them to ``merge_orders``.
    Boundary: ``merge_orders`` is the one place an offer's kind name becomes the engine's code
        and a person's draft becomes rows of ``engine.state.Orders``; the screens and the
        predictions never build engine orders themselves.
    Layout: people's offers take the first rows of the new-offer table, in play order; the
        computer's keep their order after them (cut when the table is full).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from game.engine import state as st

#: How many turns an offer a person makes stays open.
DEFAULT_OFFER_TURNS = 2


@dataclass(slots=True)
class OfferDraft:
    """An offer a person is composing (indices of this game; the sender is whoever drafts it).

    ``target`` is the nation offered to; for "apply" the bloc's leader answers, so the target
    is filled in from ``bloc`` when the orders are merged. For "invite" the bloc is the
    sender's own.
    """

    kind: str = "tech_transfer"
    target: int = -1
    bloc: int = -1
    funds: float = 0.0
    tech: float = 0.0
    seats: int = 0
    payload: int = 0
    turns: int = DEFAULT_OFFER_TURNS

    def copy(self) -> OfferDraft:
        return OfferDraft(*(getattr(self, f.name) for f in fields(self)))


@dataclass(slots=True)
class Draft:
    """One person's orders for the coming turn, as they edit them.

    Attributes:
        alloc: shares over ``engine.state.CATEGORIES`` (normalised when merged).
        research: split of the research share over domains (normalised when merged).
        mission: national mission to fund, or -1.
        answers: offer-table slot -> ``ANSWER_ACCEPT`` / ``ANSWER_REJECT``.
        offers: offers to send this turn.
        leave: leave the current bloc.
    """

    alloc: list[float]
    research: list[float]
    mission: int = -1
    answers: dict[int, int] = field(default_factory=dict)
    offers: list[OfferDraft] = field(default_factory=list)
    leave: bool = False


def offer_row(state: st.State, sender: int, offer: OfferDraft) -> dict[str, int | float]:
    """The engine's new-offer row for ``offer`` sent by ``sender`` (world 0 of ``state``)."""
    kind = st.KIND[offer.kind]
    bloc, target = int(offer.bloc), int(offer.target)
    if kind == st.KIND["invite"]:
        bloc = int(state.bloc[0, sender])
    if kind == st.KIND["apply"] and bloc >= 0:
        target = int(state.leader[0, bloc])
    return {
        "kind": kind,
        "sender": sender,
        "target": target,
        "bloc": bloc,
        "funds": float(offer.funds),
        "tech": float(offer.tech),
        "seats": int(offer.seats),
        "payload": int(offer.payload),
        "turns": int(offer.turns),
    }


def _split(values, size: int) -> np.ndarray:
    """Shares that sum to 1: negative ones count as 0; all zero means an even split. A split
    that already sums to exactly 1 is kept bit for bit."""
    x = np.asarray(values, dtype=np.float64)
    if (x >= 0).all() and x.sum() == 1.0:
        return x.copy()
    x = np.clip(x, 0, None)
    total = x.sum()
    return x / total if total > 0 else np.full(size, 1.0 / max(1, size))


def merge_orders(state: st.State, computer: st.Orders, people: dict[int, Draft]) -> st.Orders:
    """The turn's orders: ``computer`` (a Decision's orders, W = 1) with each person's Draft
    written over their nation's rows."""
    alloc = computer.alloc.copy()
    research = computer.research.copy()
    mission = computer.mission.copy()
    answers = computer.answers.copy()
    leave = computer.leave.copy()
    auto = computer.auto.copy()
    new = {f.name: getattr(computer.new, f.name).copy() for f in fields(computer.new)}
    slots = new["active"].shape[1]
    rows: list[dict[str, int | float]] = []
    for nation, h in people.items():
        alloc[0, nation] = _split(h.alloc, alloc.shape[2])
        research[0, nation] = _split(h.research, research.shape[2])
        mission[0, nation] = h.mission
        leave[0, nation] = bool(h.leave)
        auto[0, nation] = False
        for slot, answer in h.answers.items():
            if state.offers.target[0, slot] == nation:
                answers[0, slot] = answer
        rows.extend(offer_row(state, nation, o) for o in h.offers)
    ai_rows = [i for i in range(slots) if new["active"][0, i]]
    if len(rows) + len(ai_rows) > slots:
        ai_rows = ai_rows[: max(0, slots - len(rows))]
    old = {k: v.copy() for k, v in new.items()}
    for k in new:
        new[k][0] = 0 if k != "bloc" else st.NO_BLOC
    new["turns"][0] = 1
    row = 0
    for values in rows[:slots]:
        values = dict(values, active=True)
        for k, v in values.items():
            new[k][0, row] = v
        row += 1
    for i in ai_rows:
        for k in new:
            new[k][0, row] = old[k][0, i]
        row += 1
    return st.Orders(
        alloc=alloc,
        research=research,
        mission=mission,
        answers=answers,
        new=st.NewOffers(**new),
        leave=leave,
        auto=auto,
    )
