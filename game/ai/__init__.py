"""Computer players: Orders from State, with the reasons for each decision.

``decide(state, rules, seed, difficulty, controlled) -> Decision`` plays the nations in
``controlled``; ``predict_offer(state, rules, offer) -> Prediction`` foresees a target's answer
with its reasons; ``explain_offer(terms)`` puts the engine's utility terms into words.
Difficulty levels are in ``game.ai.difficulty.DIFFICULTIES``.
"""

from game.ai.decide import Decision, Reason, decide
from game.ai.difficulty import DEFAULT_DIFFICULTY, DIFFICULTIES, Difficulty, get_difficulty
from game.ai.explain import explain_offer
from game.ai.predict import OfferDraft, Prediction, predict_offer

__all__ = [
    "DEFAULT_DIFFICULTY",
    "DIFFICULTIES",
    "Decision",
    "Difficulty",
    "OfferDraft",
    "Prediction",
    "Reason",
    "decide",
    "explain_offer",
    "get_difficulty",
    "predict_offer",
]
