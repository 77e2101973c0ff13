"""The turn's Events in words: the news feed and the turn report read from here.

Each event code has a small function that writes one sentence; the viewer's own nation is
"you", and offer decisions carry the terms that drove them (from the engine's utility).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.engine.state import EVENT_CODES, OFFER_KINDS, ORIGIN_SCENARIO


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One line of news: its text, how much it concerns the viewer, and a tone."""

    text: str
    mine: bool
    tone: str  # "good", "bad" or "neutral"
    why: str = ""


def _who(game, i: int, viewer: int | None) -> str:
    return "You" if i == viewer else game.name(i)


def _milestone(game, item: int) -> str:
    names = game.catalog.milestone_names
    return names[item] if 0 <= item < len(names) else "a milestone"


def _mission(game, item: int) -> str:
    names = game.catalog.mission_names
    return names[item] if 0 <= item < len(names) else "a mission"


def _offer_words(game, events, r: int) -> str:
    item = int(events.item[r])
    kinds = OFFER_KINDS
    state = game.states[-2] if len(game.states) > 1 else game.state
    if 0 <= item < state.offers.kind.shape[1]:
        kind = kinds[int(state.offers.kind[0, item])]
        return {
            "invite": "invitation",
            "apply": "application",
            "tech_transfer": "technology deal",
            "funding": "funding deal",
            "launch_seat": "seat offer",
            "payload_slot": "payload offer",
        }[kind]
    return "offer"


def _from_scenario(game, events, r: int) -> bool:
    """Whether the offer answered in row r was one of the scenario's opening offers."""
    item = int(events.item[r])
    state = game.states[-2] if len(game.states) > 1 else game.state
    return (
        0 <= item < state.offers.origin.shape[1]
        and int(state.offers.origin[0, item]) == ORIGIN_SCENARIO
    )


def _why(events, r: int, game, viewer: int | None = None) -> str:
    terms = np.asarray(events.terms[r]) if events.terms.size else np.zeros(0)
    if terms.size == 0 or not np.any(terms):
        return ""
    from game.ai.explain import reason_items, signed

    items = reason_items(terms)
    text = ", ".join(f"{label} {signed(value)}" for label, value in items)
    if _offer_words(game, events, r) not in ("invitation", "application"):
        from game.ui.game_adapter import deal_words

        # A deal's affinity is the two nations' relations; the decider is the target.
        sender = int(events.nation[r])
        text = deal_words(text, "you" if sender == viewer else game.name(sender))
    return text


Writer = Callable[[object, object, int, int | None], NewsItem]


def _side(game, k: int, viewer: int | None) -> int:
    """+1 if bloc k is the viewer's, -1 if a rival's, 0 if the viewer is unaligned."""
    own = game.bloc_of(viewer) if viewer is not None else -1
    if own < 0:
        return 0
    return 1 if own == k else -1


def _joined(game, ev, r, viewer):
    n, k = int(ev.nation[r]), int(ev.bloc[r])
    side = 1 if n == viewer else _side(game, k, viewer)
    tone = {1: "good", -1: "bad", 0: "neutral"}[side]
    text = f"{_who(game, n, viewer)} joined {game.bloc_name(k, short=False)}."
    return NewsItem(text, n == viewer, tone)


def _left(game, ev, r, viewer):
    n, k = int(ev.nation[r]), int(ev.bloc[r])
    side = -1 if n == viewer else -_side(game, k, viewer)
    tone = {1: "good", -1: "bad", 0: "neutral"}[side]
    return NewsItem(
        f"{_who(game, n, viewer)} left {game.bloc_name(k, short=False)}.", n == viewer, tone
    )


def _answered(accepted: bool):
    def write(game, ev, r, viewer):
        sender, target = int(ev.nation[r]), int(ev.other[r])
        what = _offer_words(game, ev, r)
        verb = "accepted" if accepted else "declined"
        whose = "your" if sender == viewer else f"{game.name(sender)}'s"
        opening = " (an opening offer of the scenario)" if _from_scenario(game, ev, r) else ""
        text = f"{_who(game, target, viewer)} {verb} {whose} {what}{opening}."
        mine = viewer in (sender, target)
        tone = "good" if accepted == (sender == viewer or target == viewer) else "neutral"
        return NewsItem(text, mine, tone, _why(ev, r, game, viewer))

    return write


def _expired(game, ev, r, viewer):
    sender, target = int(ev.nation[r]), int(ev.other[r])
    what = _offer_words(game, ev, r)
    text = f"{game.name(sender)}'s {what} to {game.name(target)} expired unanswered."
    if viewer == target:
        text = f"{game.name(sender)}'s {what} to you expired unanswered."
    elif viewer == sender:
        text = f"Your {what} to {game.name(target)} expired unanswered."
    return NewsItem(text, viewer in (sender, target), "neutral")


def _refused(game, ev, r, viewer):
    sender, target = int(ev.nation[r]), int(ev.other[r])
    text = (
        f"{game.name(sender)}'s offer to {game.name(target)} was refused by the rules "
        "(a forbidden pair, a blocked membership or the bloc's entry terms)."
    )
    return NewsItem(text, viewer in (sender, target), "bad")


def _milestone_result(success: bool):
    def write(game, ev, r, viewer):
        k, item = int(ev.bloc[r]), int(ev.item[r])
        in_bloc = viewer is not None and game.bloc_of(viewer) == k
        if success:
            text = f"{game.bloc_name(k)} completed {_milestone(game, item)} (+{float(ev.value[r]):.0f} prestige)."
        else:
            text = f"{game.bloc_name(k)} failed {_milestone(game, item)}: ${float(ev.value[r]):.1f} B of progress lost."
        unaligned = viewer is None or game.bloc_of(viewer) < 0
        tone = "neutral" if unaligned else "good" if success == in_bloc else "bad"
        return NewsItem(text, in_bloc, tone)

    return write


def _mission_result(success: bool):
    def write(game, ev, r, viewer):
        n, item = int(ev.nation[r]), int(ev.item[r])
        verb = "flew" if success else "lost"
        tone = ("good" if success else "bad") if n == viewer else "neutral"
        return NewsItem(
            f"{_who(game, n, viewer)} {verb} {_mission(game, item)}.", n == viewer, tone
        )

    return write


def _scripted(game, ev, r, viewer):
    item = int(ev.item[r])
    c = game.catalog
    title = c.scripted_titles[item] if 0 <= item < len(c.scripted_titles) else "Event"
    body = c.scripted_texts[item] if 0 <= item < len(c.scripted_texts) else ""
    return NewsItem(f"{title}. {body}".strip(), False, "neutral")


def _random(game, ev, r, viewer):
    item, n = int(ev.item[r]), int(ev.nation[r])
    c = game.catalog
    title = c.random_titles[item] if 0 <= item < len(c.random_titles) else "Event"
    body = c.random_texts[item] if 0 <= item < len(c.random_texts) else ""
    who = "you" if n == viewer else game.name(n)
    return NewsItem(f"{title} ({who}). {body}".strip(), n == viewer, "neutral")


def _victory(game, ev, r, viewer):
    k = int(ev.bloc[r])
    how = "built the first permanent base" if float(ev.value[r]) >= 1 else "leads at the end date"
    return NewsItem(f"{game.bloc_name(k, short=False)} {how} and wins.", True, "good")


def _game_over(game, ev, r, viewer):
    return NewsItem("The end date is reached: the game is over.", True, "neutral")


WRITERS: dict[str, Writer] = {
    "joined": _joined,
    "left": _left,
    "offer_accepted": _answered(True),
    "offer_rejected": _answered(False),
    "offer_expired": _expired,
    "offer_refused": _refused,
    "milestone_success": _milestone_result(True),
    "milestone_failure": _milestone_result(False),
    "mission_success": _mission_result(True),
    "mission_failure": _mission_result(False),
    "scripted_event": _scripted,
    "random_event": _random,
    "victory": _victory,
    "game_over": _game_over,
}


def news(game, events, viewer: int | None) -> list[NewsItem]:
    """Every event of a turn in words; the viewer's own news first."""
    items = []
    for r in range(len(events.code)):
        code = int(events.code[r])
        name = EVENT_CODES[code] if 0 <= code < len(EVENT_CODES) else ""
        writer = WRITERS.get(name)
        if writer is not None:
            items.append(writer(game, events, r, viewer))
    items.sort(key=lambda item: not item.mine)
    return items
