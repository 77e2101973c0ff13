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

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

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


def carried_over(last: st.Orders, state: st.State, i: int) -> Draft:
    """Person ``i``'s orders when they give none: last turn's split and mission (unless it
    has flown since), no offers, no answers."""
    mission = int(last.mission[0, i])
    if mission >= 0 and state.mission_done[0, i, mission]:
        mission = -1  # flown: nothing left to fund
    return Draft(
        alloc=[float(x) for x in last.alloc[0, i]],
        research=[float(x) for x in last.research[0, i]],
        mission=mission,
    )


def offer_row(state: st.State, sender: int, offer: OfferDraft) -> dict[str, int | float]:
    """The engine's new-offer row for ``offer`` sent by ``sender`` (world 0 of ``state``)."""
    row = offer_rows(state, sender, offer)
    return {k: v if isinstance(v, float) else int(v[0]) for k, v in row.items()}


def offer_rows(state: st.State, sender: int, offer: OfferDraft) -> dict[str, Any]:
    """The engine's new-offer row for ``offer`` sent by ``sender``, per world: the invitation
    is to the sender's bloc and the application goes to the bloc's leader in that world."""
    w = state.n_worlds
    kind = st.KIND[offer.kind]
    bloc, target = np.full(w, int(offer.bloc)), np.full(w, int(offer.target))
    if kind == st.KIND["invite"]:
        bloc = state.bloc[:, sender].astype(np.int64)
    if kind == st.KIND["apply"] and offer.bloc >= 0:
        target = state.leader[:, int(offer.bloc)].astype(np.int64)
    return {
        "kind": np.full(w, kind),
        "sender": np.full(w, sender),
        "target": target,
        "bloc": bloc,
        "funds": float(offer.funds),
        "tech": float(offer.tech),
        "seats": np.full(w, int(offer.seats)),
        "payload": np.full(w, int(offer.payload)),
        "turns": np.full(w, int(offer.turns)),
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


def merge_orders(
    state: st.State, computer: st.Orders, people: Mapping[int, Draft | Any]
) -> st.Orders:
    """The turn's orders in every world of ``state``: ``computer`` (a Decision's orders) with
    each person's Draft written over their nation's rows.

    A game is W = 1; the forecast plays one seat's pending orders in W futures. The people's
    offers take the first new-offer rows in play order; the computer's active rows follow in
    their order and are cut when the table is full. Answers count only for offers whose
    target is the person. ``people`` values need Draft's fields (``answers`` a mapping or
    (slot, answer) pairs, as the forecast's frozen copy holds them).
    """
    w = state.n_worlds
    alloc = computer.alloc.copy()
    research = computer.research.copy()
    mission = computer.mission.copy()
    answers = computer.answers.copy()
    leave = computer.leave.copy()
    auto = computer.auto.copy()
    old = computer.new
    slots = old.active.shape[1]
    rows: list[dict[str, Any]] = []
    for nation, h in people.items():
        alloc[:, nation] = _split(h.alloc, alloc.shape[2])
        research[:, nation] = _split(h.research, research.shape[2])
        mission[:, nation] = h.mission
        leave[:, nation] = bool(h.leave)
        auto[:, nation] = False
        for slot, answer in dict(h.answers).items():
            if 0 <= slot < answers.shape[1]:
                answers[state.offers.target[:, slot] == nation, slot] = answer
        rows.extend(offer_rows(state, nation, o) for o in h.offers)
    rows = rows[:slots]
    # the computer's active rows, in slot order, moved down behind the people's
    order = np.argsort(~old.active, axis=1, kind="stable")[:, : slots - len(rows)]
    world = np.arange(w)[:, None]
    kept = old.active[world, order]
    new = {}
    for f in fields(st.NewOffers):
        column = np.zeros_like(getattr(old, f.name))
        if f.name == "bloc":
            column[:] = st.NO_BLOC
        if f.name == "turns":
            column[:] = 1
        for r, values in enumerate(rows):
            column[:, r] = True if f.name == "active" else values[f.name]
        tail = column[:, len(rows) :]
        tail[kept] = getattr(old, f.name)[world, order][kept]
        new[f.name] = column
    return st.Orders(
        alloc=alloc,
        research=research,
        mission=mission,
        answers=answers,
        new=st.NewOffers(**new),
        leave=leave,
        auto=auto,
    )
