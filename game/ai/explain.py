"""Decisions in words: the utility terms behind an answer, turned into a short sentence.

Spec card:
    What: ``explain_offer(terms)`` -> "India declined: relations with the bloc −0.4, seats
        offered +0.2, contribution owed −0.3". Terms come from ``game.engine.utility`` (the
        same numbers the engine used), in its ``TERMS`` order or as a name -> value mapping.
    Rules: the largest terms first; terms too small to matter are left out; signs always
        shown, with a true minus sign; a term the table below does not know is still shown,
        its name turned into words, so a new engine term never breaks the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

#: Utility term name -> words for a player. Keys follow ``game.engine.utility.TERMS``.
LABELS: dict[str, str] = {
    "affinity": "relations with the bloc",
    "relations": "relations with the bloc",
    "material": "material gains",
    "tech": "technology gained",
    "technology": "technology gained",
    "funds": "funds offered",
    "seats": "seats offered",
    "payload": "payload slots offered",
    "sweeteners": "sweeteners offered",
    "prestige": "share of prestige",
    "momentum": "the bloc's lead",
    "bandwagon": "the bloc's lead",
    "contribution": "contribution owed",
    "cost": "contribution owed",
    "sovereignty": "loss of sovereignty",
    "switching": "cost of switching blocs",
    "switch": "cost of switching blocs",
    "taste": "mood of the moment",
    "noise": "mood of the moment",
    "threshold": "reluctance to commit",
    "bias": "reluctance to commit",
    "rival": "ties to the rival bloc",
    "rivals": "ties to the rival bloc",
    "stay": "value of the current bloc",
}

#: Terms smaller than this (in utility units) are not worth a word.
MIN_SHOWN = 0.05


def term_label(name: str) -> str:
    """Words for a utility term's name: the engine's own labels first, then the table above."""
    from game.engine.utility import TERM_LABELS

    return TERM_LABELS.get(name) or LABELS.get(name, name.replace("_", " "))


def signed(value: float, digits: int = 1) -> str:
    """``+0.2`` / ``−0.4`` (a true minus sign, so columns of text read cleanly)."""
    text = f"{abs(value):.{digits}f}"
    if round(value, digits) == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


def as_pairs(terms: Mapping[str, float] | Sequence[float] | np.ndarray, names=None):
    """Terms as a list of (name, value) pairs, whatever form they came in."""
    if isinstance(terms, Mapping):
        return [(str(k), float(v)) for k, v in terms.items()]
    if names is None:
        from game.engine.utility import TERMS as names
    values = np.asarray(terms, dtype=float).reshape(-1)
    return [(str(n), float(v)) for n, v in zip(names, values, strict=False)]


def reason_items(
    terms: Mapping[str, float] | Sequence[float] | np.ndarray,
    names: Sequence[str] | None = None,
    top: int = 4,
) -> list[tuple[str, float]]:
    """The terms worth showing, largest first, as (words, value) pairs.

    Terms with the same words (e.g. ``affinity`` and ``relations``) are added together.
    """
    merged: dict[str, float] = {}
    for name, value in as_pairs(terms, names):
        if not np.isfinite(value):
            continue
        label = term_label(name)
        merged[label] = merged.get(label, 0.0) + value
    items = [(k, v) for k, v in merged.items() if abs(v) >= MIN_SHOWN]
    items.sort(key=lambda kv: -abs(kv[1]))
    return items[:top]


def explain_offer(
    terms: Mapping[str, float] | Sequence[float] | np.ndarray,
    who: str | None = None,
    accepted: bool | None = None,
    names: Sequence[str] | None = None,
    top: int = 4,
) -> str:
    """One sentence: who answered how, and the terms that drove it.

    Args:
        terms: utility terms, as a mapping or in ``names`` order (default the engine's TERMS).
        who: the deciding nation's name ("India"); omitted, the sentence starts with the verb.
        accepted: True "accepted", False "declined", None "would weigh".
        names: term names for a sequence of values.
        top: at most this many terms are named.
    """
    items = reason_items(terms, names, top)
    verb = {True: "accepted", False: "declined", None: "weighed"}[accepted]
    head = f"{who} {verb}" if who else verb.capitalize()
    if not items:
        return f"{head}: no strong reason either way"
    return f"{head}: " + ", ".join(f"{label} {signed(value)}" for label, value in items)
