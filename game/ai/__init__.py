"""Computer players: Orders from State, with the reasons for each decision.

``decide(state, rules, seed, difficulty, controlled, people) -> Decision`` plays the nations in
``controlled``; ``explain_offer(terms)`` puts the engine's utility terms into words.
What a target will answer to an offer is foreseen by running the engine
(``session.foresee``), not here.
Difficulty levels are in ``game.ai.difficulty.DIFFICULTIES``.
"""

from game.ai.decide import Decision, Reason, decide
from game.ai.difficulty import DEFAULT_DIFFICULTY, DIFFICULTIES, Difficulty, get_difficulty
from game.ai.explain import explain_offer

__all__ = [
    "DEFAULT_DIFFICULTY",
    "DIFFICULTIES",
    "Decision",
    "Difficulty",
    "Reason",
    "decide",
    "explain_offer",
    "get_difficulty",
]
