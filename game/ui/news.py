"""The turn's Events as news: the feed and the turn report read from here.

Spec card:
    Reads: a turn's Events, the State it started from (which offer a row is about), the
        viewer's nation.
    Writes: ``NewsItem``s: the sentence from ``game.text.words.event_sentence`` (the one
        place events are put into words), whether it concerns the viewer, a tone, and for
        offer answers the terms that drove them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai.explain import reason_items, signed
from game.engine.law import Refusal
from game.engine.state import EVENT_CODES, OFFER_KINDS, ORIGIN_SCENARIO
from game.session.offers import deal_words
from game.text.words import event_sentence, offer_kind_of_row, victory_why

_MEMBERSHIP = ("invite", "apply")


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One line of news: its text, how much it concerns the viewer, and a tone."""

    text: str
    mine: bool
    tone: str  # "good", "bad" or "neutral"
    why: str = ""


def _from_scenario(before, events, r: int) -> bool:
    """Whether the offer answered in row r was one of the scenario's opening offers."""
    item = int(events.item[r])
    return (
        0 <= item < before.offers.origin.shape[1]
        and int(before.offers.origin[0, item]) == ORIGIN_SCENARIO
    )


def _why(game, events, r: int, kind: int, viewer: int | None) -> str:
    terms = np.asarray(events.terms[r]) if events.terms.size else np.zeros(0)
    if terms.size == 0 or not np.any(terms):
        return ""

    items = reason_items(terms)
    text = ", ".join(f"{label} {signed(value)}" for label, value in items)
    if not 0 <= kind < len(OFFER_KINDS) or OFFER_KINDS[kind] not in _MEMBERSHIP:
        # A deal's affinity is the two nations' relations; the decider is the target.
        sender = int(events.nation[r])
        text = deal_words(text, "you" if sender == viewer else game.name(sender))
    return text


def _side(game, k: int, viewer: int | None) -> int:
    """+1 if bloc k is the viewer's, -1 if a rival's, 0 if the viewer is unaligned."""
    own = game.bloc_of(viewer) if viewer is not None else -1
    if own < 0:
        return 0
    return 1 if own == k else -1


_TONE = {1: "good", -1: "bad", 0: "neutral"}


def _item(game, events, r: int, viewer: int | None, before) -> NewsItem | None:
    text = event_sentence(game.catalog, events, r, viewer, before)
    if text is None:
        return None
    code = EVENT_CODES[int(events.code[r])]
    n, j, k = int(events.nation[r]), int(events.other[r]), int(events.bloc[r])
    if code in ("joined", "left"):
        side = 1 if n == viewer else _side(game, k, viewer)
        side = -side if code == "left" else side
        return NewsItem(text, n == viewer, _TONE[side])
    if code in ("offer_accepted", "offer_rejected"):
        accepted = code == "offer_accepted"
        if _from_scenario(before, events, r):
            text = text[:-1] + " (an opening offer of the scenario)."
        tone = "good" if accepted == (viewer in (n, j)) else "neutral"
        kind = offer_kind_of_row(events, r, before)
        # a person's answer was their own choice: the computer's weighing would not explain it
        why = "" if j in game.people else _why(game, events, r, kind, viewer)
        return NewsItem(text, viewer in (n, j), tone, why)
    if code == "offer_expired":
        return NewsItem(text, viewer in (n, j), "neutral")
    if code == "offer_refused":
        # set aside for another membership taken the same turn: not bad news in itself
        aside = int(events.reason[r]) == Refusal.JOINED_ELSEWHERE
        return NewsItem(text, viewer in (n, j), "neutral" if aside else "bad")
    if code.startswith("milestone_"):
        own = game.bloc_of(viewer) if viewer is not None else -1
        success = code == "milestone_success"
        tone = "neutral" if own < 0 else "good" if success == (own == k) else "bad"
        return NewsItem(text, own == k, tone)
    if code.startswith("mission_"):
        tone = ("good" if code == "mission_success" else "bad") if n == viewer else "neutral"
        return NewsItem(text, n == viewer, tone)
    if code == "random_event":
        return NewsItem(text, n == viewer, "neutral")
    if code == "victory":
        return NewsItem(text, True, "good")
    if code == "game_over":
        return NewsItem(text, True, "neutral")
    return NewsItem(text, False, "neutral")


def news(game, events, viewer: int | None, before=None, ledger=None) -> list[NewsItem]:
    """Every event of a turn in words; the viewer's own news first.

    ``before`` is the State the turn started from (default: the one before the latest);
    ``ledger`` (the turn's) says why a winner won (``words.victory_why``).
    """
    if before is None:
        before = game.states[-2] if len(game.states) > 1 else game.state
    items = []
    for r in range(len(events.code)):
        item = _item(game, events, r, viewer, before)
        if item is not None and int(events.code[r]) == EVENT_CODES.index("victory"):
            why = victory_why(game.catalog, ledger, game.rules)
            item = NewsItem(item.text, item.mine, item.tone, why or "")
        if item is not None:
            items.append(item)
    items.sort(key=lambda item: not item.mine)
    return items
