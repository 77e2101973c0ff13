"""``predict_offer``: how the target of an offer a player is composing will answer, and why.

Spec card:
    Reads: a State (W = 1, or pick ``world``), Rules, the offer being composed.
    Returns: ``Prediction(probability, accept, reasons, text)``. The probability is the
        engine's own answer rule, P(utility + taste > threshold) with taste ~ Normal(0, noise),
        on the same ``engine.utility`` terms; offers the engine would refuse outright (a
        forbidden pair, a blocked membership, entry conditions, a target already in the bloc)
        get probability 0 and the rule that stops them.
    Exact answers: given the seed and the table slot the offer occupies, ``accept`` is the
        engine's answer on the turn ``state`` is about to play (the same taste draw); without
        them, ``accept`` is "more likely than not".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from game.ai.explain import reason_items, signed
from game.engine import law, rng
from game.engine import state as st
from game.engine.utility import TERMS, offer_utility
from game.text.words import refusal_words


@dataclass(frozen=True, slots=True)
class OfferDraft:
    """An offer as a player composes it (indices, as in the engine)."""

    kind: str | int
    sender: int
    target: int = -1  # for "apply" the bloc's leader is filled in
    bloc: int = -1
    funds: float = 0.0
    tech: float = 0.0
    seats: int = 0
    payload: int = 0


@dataclass(frozen=True, slots=True)
class Prediction:
    """The predicted answer to an offer."""

    probability: float
    accept: bool
    reasons: list[tuple[str, float]]  # (words, utility value), largest first
    text: str
    target: int = -1
    terms: dict[str, float] | None = None


def _draft(offer) -> OfferDraft:
    if isinstance(offer, OfferDraft):
        return offer
    if isinstance(offer, Mapping):
        return OfferDraft(**offer)
    fields = ("kind", "sender", "target", "bloc", "funds", "tech", "seats", "payload")
    return OfferDraft(**{f: getattr(offer, f) for f in fields if hasattr(offer, f)})


def _refusal(state: st.State, rules, w: int, d: OfferDraft, kind: int) -> str | None:
    """Why the engine would refuse this offer whatever the answer (the law), or None."""
    code = law.offer_refusal(state, rules, w, kind, d.sender, d.target, d.bloc)
    return refusal_words(int(code))


def predict_offer(
    state: st.State,
    rules,
    offer,
    seed: int | None = None,
    slot: int | None = None,
    world: int = 0,
    names: Sequence[str] | None = None,
) -> Prediction:
    """The target's answer to ``offer`` (an OfferDraft, a mapping or anything with its fields).

    Args:
        state: the state the offer will be answered in.
        rules: the compiled Rules.
        offer: kind (name or code), sender, target, bloc, funds, tech, seats, payload.
        seed, slot: the game's seed and the offer's table slot, for the engine's exact answer.
        world: world position in ``state`` (0 for a game).
        names: nation names, for the sentence.
    """
    d = _draft(offer)
    kind = st.KIND[d.kind] if isinstance(d.kind, str) else int(d.kind)
    if kind == st.KIND["apply"] and 0 <= d.bloc < rules.n_blocs:
        d = OfferDraft(
            kind,
            d.sender,
            int(state.leader[world, d.bloc]),
            d.bloc,
            d.funds,
            d.tech,
            d.seats,
            d.payload,
        )
    who = names[d.target] if names is not None and 0 <= d.target < len(names) else None
    refusal = _refusal(state, rules, world, d, kind)
    if refusal is not None:
        head = f"{who} cannot accept" if who else "Cannot be accepted"
        return Prediction(0.0, False, [(refusal, 0.0)], f"{head}: {refusal}", d.target, {})
    sub = _one_world(state, world)

    def arr(x, dtype):
        return np.full((1, 1), x, dtype=dtype)

    util, terms = offer_utility(
        sub,
        rules,
        arr(kind, np.int64),
        arr(d.sender, np.int64),
        arr(d.target, np.int64),
        arr(d.bloc, np.int64),
        arr(d.funds, float),
        arr(d.tech, float),
        arr(d.seats, float),
        arr(d.payload, float),
    )
    u = float(util[0, 0])
    free = kind == st.KIND["apply"] and not bool(rules.entry_approval[d.bloc])
    probability = 1.0 if free else float(law.accept_probability(util, rules.constants)[0, 0])
    if seed is not None and slot is not None and not free:
        taste = rules.constants.noise * float(
            rng.normal(seed, sub.world[:, None], sub.turn, rng.PHASE_DIPLOMACY, np.array([slot]))[
                0, 0
            ]
        )
        accept = u + taste > rules.constants.accept_threshold
    else:
        accept = probability >= 0.5
    items = reason_items(terms[0, 0], TERMS)
    verb = "would likely accept" if accept else "would likely decline"
    head = f"{who} {verb}" if who else verb.capitalize()
    body = ", ".join(f"{label} {signed(v)}" for label, v in items) or "no strong reason either way"
    text = f"{head} ({100 * probability:.0f}%): {body}"
    named = {t: float(v) for t, v in zip(TERMS, terms[0, 0], strict=True) if v != 0}
    return Prediction(probability, bool(accept), items, text, d.target, named)


def _one_world(state: st.State, w: int) -> st.State:
    """World position ``w`` of a batch as a W = 1 state (arrays are views, not copies)."""
    if state.n_worlds == 1:
        return state
    from dataclasses import fields

    values = {}
    for f in fields(st.State):
        v = getattr(state, f.name)
        if isinstance(v, np.ndarray):
            values[f.name] = v[w : w + 1]
        elif isinstance(v, st.Offers):
            values[f.name] = st.Offers(
                **{g.name: getattr(v, g.name)[w : w + 1] for g in fields(st.Offers)}
            )
        else:
            values[f.name] = v
    return st.State(**values)
