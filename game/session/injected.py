"""Injected events in a save: the facilitator's events, written as part of each turn's Orders.

Spec card:
    What: ``encode`` turns a turn's ``Orders.injected`` into JSON-safe data, ``decode`` turns
        it back, given the game's Rules. A repeat of a random-table row is saved as its row
        and the nations it struck (its effects come back from the Rules, so a save cannot
        give a row effects of its own); an event written on the spot is saved with its
        compiled effects (indices and masks, as orders are) and its words for the news.
    Trust: decoding checks types here and ranges through the engine's
        ``orders.check_injected``; anything wrong is a SaveError with one clause.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

import numpy as np

from game.engine import state as st
from game.engine.orders import check_injected
from game.engine.rules import Effect, Rules
from game.session.saves import SaveError, decode_array, encode_array

_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in fields(Effect) if f.name not in ("type", "nations", "others")
}
_MAX_EVENTS = 64  # per turn: far more than a lesson needs, few enough to refuse a bloated save
_MAX_EFFECTS = 32


def _effect(e: Effect) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": e.type,
        "nations": encode_array(e.nations),
        "others": encode_array(e.others),
    }
    for name, default in _DEFAULTS.items():
        value = getattr(e, name)
        same = value == default or (
            isinstance(value, float) and math.isnan(value) and math.isnan(default)
        )
        if not same:
            out[name] = value
    return out


def encode(injected: tuple[st.Injected, ...]) -> list[dict[str, Any]]:
    out = []
    for inj in injected:
        blob: dict[str, Any] = {
            "random": int(inj.random),
            "struck": encode_array(np.asarray(inj.struck, dtype=bool)),
            "title": inj.title,
            "text": inj.text,
        }
        if inj.random < 0:
            blob["effects"] = [_effect(e) for e in inj.effects]
        out.append(blob)
    return out


def _number(value: Any, kind: type, what: str):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SaveError(f"damaged or edited: an injected event's {what} is not a number")
    if kind is int and not isinstance(value, int):
        raise SaveError(f"damaged or edited: an injected event's {what} is not a whole number")
    if not math.isfinite(value):
        raise SaveError(f"damaged or edited: an injected event's {what} is not finite")
    return kind(value)


def _decode_effect(blob: Any) -> Effect:
    if not isinstance(blob, dict) or not isinstance(blob.get("type"), str):
        raise SaveError("damaged or edited: an injected event's effect is not a record")
    unknown = set(blob) - set(_DEFAULTS) - {"type", "nations", "others"}
    if unknown:
        raise SaveError("damaged or edited: an injected event's effect has unknown fields")
    kw: dict[str, Any] = {
        "type": blob["type"],
        "nations": decode_array(blob.get("nations")),
        "others": decode_array(blob.get("others")),
    }
    for name, default in _DEFAULTS.items():
        if name in blob:
            if name == "drawer":
                kw[name] = blob[name] is True
            else:
                kw[name] = _number(blob[name], type(default), name)
    return Effect(**kw)


def decode(data: Any, rules: Rules, turn: int) -> tuple[st.Injected, ...]:
    """A turn's injected events from a save (``[]`` or absent in saves without any)."""
    if data is None:
        return ()
    if not isinstance(data, list) or len(data) > _MAX_EVENTS:
        raise SaveError(f"damaged or edited: the injected events of turn {turn} are not a list")
    out = []
    for i, blob in enumerate(data):
        if not isinstance(blob, dict):
            raise SaveError(f"damaged or edited: injected event {i + 1} of turn {turn}")
        row = _number(blob.get("random", -1), int, "table row")
        title, text = blob.get("title", ""), blob.get("text", "")
        if not isinstance(title, str) or not isinstance(text, str) or len(title + text) > 2000:
            raise SaveError(f"damaged or edited: injected event {i + 1} of turn {turn}'s words")
        if row >= 0:
            if row >= rules.n_random:
                raise SaveError(f"damaged or edited: turn {turn} repeats an unknown random event")
            effects = rules.rn_effects[row]
        else:
            raw = blob.get("effects")
            if not isinstance(raw, list) or len(raw) > _MAX_EFFECTS:
                raise SaveError(f"damaged or edited: injected event {i + 1} of turn {turn}")
            effects = tuple(_decode_effect(e) for e in raw)
        inj = st.Injected(
            effects=tuple(effects),
            struck=decode_array(blob.get("struck")),
            random=row,
            title=title,
            text=text,
        )
        try:
            check_injected(inj, rules, f"turn {turn}'s injected event {i + 1}")
        except ValueError as exc:
            raise SaveError(f"damaged or edited: {exc}") from None
        out.append(inj)
    return tuple(out)
