"""The one place a report gets the words and causes of a turn's events.

Until the ledger (issue 8) gives every change its cause, the causes are the engine's own
event rows and the utility terms they carry, told by ``game.sim.account`` (the same words as
``lunar-blocs simulate``). Swapping in the ledger's words module means changing this file only.
"""

from __future__ import annotations

from game.sim.account import Namer, event_line, membership_reasons, world_rows

#: Event lines start with a mark that says what kind of thing happened (see account.py).
KINDS = {
    "+": "join",
    "-": "leave",
    "=": "offer",
    "~": "offer",
    "x": "offer",
    "*": "milestone",
    "!": "failure",
    ">": "event",
    "#": "result",
}


def turn_events(history, t: int, w: int = 0) -> list[tuple[str, str]]:
    """(kind, sentence with its cause) for every event of turn ``t`` (1-based) in world
    position ``w`` of ``history``, in the engine's log order."""
    events = history.events[t - 1]
    decision = history.decisions[t - 1] if len(history.decisions) >= t else None
    rows = world_rows(events, int(history.states[0].world[w]))
    joins = membership_reasons(events, rows)
    names = Namer(history.compiled.catalog)
    out = []
    for r in rows:
        line = event_line(events, r, names, joins, decision, w)
        if line:
            mark, _, text = line.partition(" ")
            out.append((KINDS.get(mark, "event"), text))
    return out
