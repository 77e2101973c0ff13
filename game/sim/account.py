"""A computer-played game in words (``game_text``) or as plain data (``game_json``).

Spec card:
    Reads: a ``History`` from ``game.sim.driver.run_batch`` (states kept) and its Catalog.
    Writes: lines of text, or a JSON-ready dict, for one world of the batch (by position).
    Rules: names and dates come from the Catalog; events are told in the words of
        ``game.text.words`` (the news uses the same); the engine's reason terms become words
        through ``game.ai.explain``; output depends only on the history, so the same seed
        gives the same text, and a world gives the same JSON alone or inside a batch.
"""

from __future__ import annotations

import numpy as np

from game.ai.decide import answer_reason
from game.ai.explain import reason_items, signed
from game.engine.state import ANSWERED_BY_ORDER, EV, EVENT_CODES, KIND, NO_BLOC, Events, State
from game.text.words import cause_id, event_sentence

#: Offer kinds whose acceptance is already told by a "joined" line.
_MEMBERSHIP = {KIND["invite"], KIND["apply"]}


def _terms():
    from game.engine.utility import TERMS

    return TERMS


def turns_of_world(history, w: int) -> int:
    """How many turns world position ``w`` played: to its end, not to the batch's last turn
    (a batch runs until every world has ended; ended worlds stand still)."""
    for t, state in enumerate(history.states):
        if bool(state.ended[w]):
            return t
    return len(history.states) - 1


def world_rows(events: Events, world_id: int) -> np.ndarray:
    """Row indices of ``events`` that belong to world ``world_id``, in log order."""
    return np.flatnonzero(events.world == world_id)


class Namer:
    """Names and labels from a Catalog, tolerant of the -1 'none' index."""

    def __init__(self, catalog):
        self.c = catalog

    def nation(self, i: int) -> str:
        return self.c.nation_names[i] if 0 <= i < len(self.c.nation_names) else "?"

    def bloc(self, k: int) -> str:
        return self.c.bloc_names[k] if 0 <= k < len(self.c.bloc_names) else "no bloc"

    def milestone(self, m: int) -> str:
        return self.c.milestone_names[m] if 0 <= m < len(self.c.milestone_names) else "?"

    def mission(self, q: int) -> str:
        return self.c.mission_names[q] if 0 <= q < len(self.c.mission_names) else "?"

    def date(self, turn: int) -> str:
        return self.c.date(turn)


def _why(terms: np.ndarray) -> str:
    items = reason_items(terms, _terms())
    return ", ".join(f"{label} {signed(value)}" for label, value in items)


def membership_reasons(ev: Events, rows: np.ndarray) -> dict[int, tuple[str, int, np.ndarray]]:
    """joiner -> ("invite" | "apply", the other party, the deciding terms), from accepted offers."""
    out = {}
    for r in rows:
        if int(ev.code[r]) != EV["offer_accepted"]:
            continue
        kind = int(ev.value[r])
        if kind == KIND["invite"]:
            out[int(ev.other[r])] = ("invite", int(ev.nation[r]), ev.terms[r])
        elif kind == KIND["apply"]:
            out[int(ev.nation[r])] = ("apply", int(ev.other[r]), ev.terms[r])
    return out


#: The mark that opens an account line, by event code (what kind of news it is).
_MARKS = {
    "joined": "+",
    "left": "-",
    "offer_accepted": "=",
    "offer_rejected": "~",
    "offer_refused": "x",
    "milestone_success": "*",
    "mission_success": "*",
    "milestone_failure": "!",
    "mission_failure": "!",
    "scripted_event": ">",
    "random_event": ">",
    "victory": "#",
    "game_over": "#",
}


def event_line(
    ev: Events, r: int, names: Namer, joins: dict | None = None, decision=None, w: int = 0
) -> str | None:
    """One event row in words (``game.text.words``), marked by its kind and followed by
    the reasons the engine recorded; None for rows not worth a line of the account."""
    code = EVENT_CODES[int(ev.code[r])]
    mark = _MARKS.get(code)
    if mark is None:
        return None
    i, j = int(ev.nation[r]), int(ev.other[r])
    kind = int(ev.value[r]) if code.startswith("offer_") else -1
    if code == "offer_accepted" and kind in _MEMBERSHIP:
        return None  # told by its "joined" line
    sentence = event_sentence(names.c, ev, r)
    if sentence is None:
        return None
    why = _why(ev.terms[r])
    if int(ev.reason[r]) == ANSWERED_BY_ORDER and code in ("offer_accepted", "offer_rejected"):
        # its own decision: the nation's reason, not the terms it would have weighed
        why = ""
        if decision is not None:
            c = names.c
            why = answer_reason(decision, w, int(ev.item[r]), c.nation_names, c.bloc_names)
    if code == "joined":
        how = (joins or {}).get(i)
        if how is not None:
            what, other, terms = how
            why = _why(terms)
            via = (
                f"invited by {names.nation(other)}"
                if what == "invite"
                else f"on its application, admitted by {names.nation(other)}"
            )
            return f"{mark} {sentence[:-1]}, {via}: {why}"
        if j >= 0 and j != i:
            return f"{mark} {sentence[:-1]} (with {names.nation(j)})"
    if code == "left" and decision is not None and bool(decision.orders.leave[w, i]):
        seen = float(decision.diplomacy.stay[w, i])
        terms = decision.diplomacy.stay_terms[w, i]
        why = _why(terms)
        if abs(seen - float(terms.sum())) >= 0.05:  # a weaker player misjudges its position
            why += f", misjudgement {signed(seen - float(terms.sum()))}"
        return f"{mark} {sentence[:-1]}: staying seemed worth {signed(seen)} ({why})"
    if why and code in ("offer_accepted", "offer_rejected", "offer_refused", "left"):
        return f"{mark} {sentence[:-1]}: {why}"
    return f"{mark} {sentence}"


def _status(state: State, w: int, names: Namer, rules) -> str:
    """A compact line: each bloc's members and programme progress."""
    parts = []
    for k in range(len(names.c.bloc_names)):
        ms = rules.ms_of_bloc[k]
        members = int(np.sum(state.member[w, :, k]))
        done = int(state.done[w, ms].sum())
        share = float(
            (np.where(state.done[w, ms], rules.ms_cost[ms], state.progress[w, ms])).sum()
            / max(float(rules.ms_cost[ms].sum()), 1e-9)
        )
        parts.append(
            f"{names.c.bloc_short[k]}: {members} members, {done}/{len(ms)} milestones "
            f"({100 * share:.0f}%)"
        )
    return "   " + " | ".join(parts)


def game_text(history, w: int = 0) -> list[str]:
    """The game of world position ``w`` as lines of text."""
    compiled = history.compiled
    cat, rules = compiled.catalog, compiled.rules
    names = Namer(cat)
    start = history.states[0]
    wid = int(start.world[w])
    title = cat.scenario.meta.title
    lines = [
        f"{title} — seed {compiled.seed}, world {wid}, computer players ({history.difficulty})",
        f"Start {cat.date(0)}:",
    ]
    for k in range(len(cat.bloc_names)):
        members = [names.nation(i) for i in np.flatnonzero(start.member[w, :, k])]
        lines.append(f"  {cat.bloc_names[k]} ({len(members)}): {', '.join(members)}")
    free = [names.nation(i) for i in np.flatnonzero(start.bloc[w] == NO_BLOC)]
    lines.append(f"  unaligned ({len(free)}): {', '.join(free)}")
    for t, events in enumerate(history.events[: turns_of_world(history, w)], start=1):
        after = history.states[t]
        lines.append("")
        lines.append(f"{cat.date(t - 1)} (turn {t})")
        rows = world_rows(events, wid)
        joins = membership_reasons(events, rows)
        decision = history.decisions[t - 1] if len(history.decisions) >= t else None
        for r in rows:
            line = event_line(events, r, names, joins, decision, w)
            if line:
                lines.append("  " + line)
        lines.append(_status(after, w, names, rules))
    lines.extend(final_lines(history.states[turns_of_world(history, w)], w, names))
    return lines


def final_lines(state: State, w: int, names: Namer) -> list[str]:
    """The result and the scores."""
    lines = [""]
    winner = int(state.winner[w])
    when = int(state.end_turn[w])
    if winner >= 0:
        lines.append(f"Result: {names.bloc(winner)} won ({names.date(max(when, 0))}).")
    elif bool(state.ended[w]):
        lines.append(f"Result: no bloc won ({names.date(max(when, 0))}).")
    else:
        lines.append(f"Result: the game was stopped at turn {int(state_turn(state))}.")
    lines.append(
        "Bloc scores: "
        + ", ".join(
            f"{names.bloc(k)} {state.bloc_score[w, k]:.1f}"
            for k in range(state.bloc_score.shape[1])
        )
    )
    order = np.argsort(-state.score[w], kind="stable")
    lines.append("Nation scores:")
    for i in order:
        blocs = blocs_joined(state, w, int(i))
        where = ", ".join(names.c.bloc_short[k] for k in blocs) if blocs else "unaligned"
        lines.append(f"  {names.nation(int(i)):<24} {state.score[w, i]:7.1f}  ({where})")
    return lines


def blocs_joined(state: State, w: int, i: int) -> list[int]:
    """Nation ``i``'s blocs in world position ``w``, in the order it joined them (the main
    bloc first; a tie, as among a scenario's founders, by bloc index)."""
    since = state.since[w, i]
    inside = np.flatnonzero(state.member[w, i])
    return [int(k) for k in inside[np.argsort(since[inside], kind="stable")]]


def state_turn(state: State) -> int:
    return int(state.turn)


def _r(x: float) -> float:
    return round(float(x), 6)


def game_json(history, w: int = 0) -> dict:
    """The game of world position ``w`` as plain data (JSON-ready)."""
    compiled = history.compiled
    cat, rules = compiled.catalog, compiled.rules
    start = history.states[0]
    wid = int(start.world[w])
    terms = _terms()

    def snapshot(state: State) -> dict:
        nations = {}
        for i, nid in enumerate(cat.nation_ids):
            k = int(state.bloc[w, i])
            # figures unrounded: the ledger's rows add up to their exact changes
            nations[nid] = {
                "bloc": cat.bloc_ids[k] if k >= 0 else None,
                "blocs": [cat.bloc_ids[b] for b in blocs_joined(state, w, i)],
                "budget": float(state.budget[w, i]),
                "support": float(state.support[w, i]),
                "prestige": float(state.prestige[w, i]),
                "reserve": float(state.reserve[w, i]),
                "score": float(state.score[w, i]),
                "tech": {d: float(state.tech[w, i, x]) for x, d in enumerate(cat.domain_ids)},
            }
        blocs = {}
        for k, bid in enumerate(cat.bloc_ids):
            ms = rules.ms_of_bloc[k]
            blocs[bid] = {
                "members": [cat.nation_ids[i] for i in np.flatnonzero(state.member[w, :, k])],
                "leader": cat.nation_ids[int(state.leader[w, k])]
                if state.leader[w, k] >= 0
                else None,
                "score": _r(state.bloc_score[w, k]),
                "milestones": {
                    cat.milestone_ids[m]: {
                        "progress": _r(state.progress[w, m] / rules.ms_cost[m]),
                        "done": bool(state.done[w, m]),
                    }
                    for m in ms
                },
            }
        return {"nations": nations, "blocs": blocs}

    def event_json(ev: Events, r: int, joins: dict) -> dict:
        def name(ids, x):
            x = int(x)
            return ids[x] if 0 <= x < len(ids) else None

        row = {
            "code": EVENT_CODES[int(ev.code[r])],
            "nation": name(cat.nation_ids, ev.nation[r]),
            "other": name(cat.nation_ids, ev.other[r]),
            "bloc": name(cat.bloc_ids, ev.bloc[r]),
            "item": int(ev.item[r]),
            "value": _r(ev.value[r]),
            "reasons": {t: _r(v) for t, v in zip(terms, ev.terms[r], strict=False) if v != 0},
        }
        how = joins.get(int(ev.nation[r])) if int(ev.code[r]) == EV["joined"] else None
        if how is not None:  # a membership change carries the terms of the offer behind it
            row["via"] = how[0]
            row["reasons"] = {t: _r(v) for t, v in zip(terms, how[2], strict=False) if v != 0}
        return row

    def ledger_json(book) -> list[dict]:
        rows = []
        for q in book.quantities(rules.n_domains):
            base, _, dom = q.partition(".")
            name = f"tech.{cat.domain_ids[int(dom)]}" if dom else base
            causes, table = book.table(q)
            for c, (kind, index) in enumerate(causes):
                for i, nid in enumerate(cat.nation_ids):
                    amount = float(table[w, i, c])
                    if amount != 0.0:
                        cause = {"kind": kind, "id": cause_id(cat, kind, index)}
                        rows.append(
                            {"nation": nid, "quantity": name, "cause": cause, "amount": amount}
                        )
        return rows

    turns = [{"turn": 0, "date": cat.date(0), **snapshot(start), "events": []}]
    played = turns_of_world(history, w)
    for t, events in enumerate(history.events[:played], start=1):
        state = history.states[t]
        rows = world_rows(events, wid)
        joins = membership_reasons(events, rows)
        turns.append(
            {
                "turn": t,
                "date": cat.date(t),
                **snapshot(state),
                "events": [event_json(events, r, joins) for r in rows],
            }
        )
        if len(history.ledgers) >= t:
            turns[-1]["ledger"] = ledger_json(history.ledgers[t - 1])
    final = history.states[played]
    winner = int(final.winner[w])
    return {
        "scenario": cat.scenario.meta.id,
        "seed": compiled.seed,
        "world": wid,
        "difficulty": history.difficulty,
        "turns": turns,
        "result": {
            "winner": cat.bloc_ids[winner] if winner >= 0 else None,
            "ended": bool(final.ended[w]),
            "end_turn": int(final.end_turn[w]),
            "end_date": cat.date(int(final.end_turn[w])) if final.end_turn[w] >= 0 else None,
        },
    }
