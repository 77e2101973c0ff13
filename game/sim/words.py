"""Words, once: the sentences the game, ``simulate`` and exports use for the engine's records.

Spec card:
    What: turns the engine's records into words: refusal codes (``engine.law.Refusal``),
        ledger causes (``engine.ledger.CAUSES``) and a nation's largest causes of change.
        The news, the turn report's "Why" and ``simulate``'s text read this module; nothing
        here computes a rule, it only names what the engine recorded.
"""

from __future__ import annotations

from game.engine.law import Refusal

#: Why the engine refuses an offer, in words (one per ``Refusal`` code but OK).
REFUSAL_WORDS = {
    Refusal.NO_SUCH_NATION: "no such partner",
    Refusal.SELF: "a nation cannot make an offer to itself",
    Refusal.FORBIDDEN_PAIR: "a standing ban forbids this partnership",
    Refusal.NO_SUCH_BLOC: "no such bloc",
    Refusal.NO_LEADER: "the bloc has no members to answer",
    Refusal.ALREADY_MEMBER: "already a member",
    Refusal.NOT_A_MEMBER: "only members can invite",
    Refusal.NOT_THE_LEADER: "only the bloc's leader answers applications",
    Refusal.BARRED_BY_MEMBER: "a standing ban forbids working with a member",
    Refusal.BLOCKED: "membership is blocked",
    Refusal.TECH_BELOW_ENTRY: "technology below the bloc's entry level",
    Refusal.RELATIONS_BELOW_ENTRY: "relations with the bloc's leader below its entry level",
}


#: The catalog table that names each cause kind's id (kinds absent here have no id).
_CAUSE_TABLES = {
    "refund": "bloc_ids",
    "spill_over": "bloc_ids",
    "mission_refund": "mission_ids",
    "mission": "mission_ids",
    "milestone": "milestone_ids",
    "milestone_failure": "milestone_ids",
    "event": "scripted_ids",
    "random_event": "random_ids",
}


def cause_id(catalog, kind: str, index: int) -> str | None:
    """The scenario's id of a ledger cause (None for causes without one)."""
    table = _CAUSE_TABLES.get(kind)
    if table is None or index < 0:
        return None
    return getattr(catalog, table)[index]


def sending_words(code: int, kind: str) -> str:
    """Why a player's offer of ``kind`` cannot be sent (refusal ``code``), told to the sender."""
    if code in (Refusal.NO_SUCH_NATION, Refusal.SELF):
        return "choose another nation"
    if code == Refusal.NOT_A_MEMBER or (kind == "invite" and code == Refusal.NO_SUCH_BLOC):
        return "you are in no bloc to invite anyone into"
    if code == Refusal.ALREADY_MEMBER:
        return "they are already in your bloc" if kind == "invite" else "you are already a member"
    if code == Refusal.NO_SUCH_BLOC:
        return "choose the bloc to apply to"
    return REFUSAL_WORDS[Refusal(code)]


def refusal_words(code: int) -> str | None:
    """The reason for refusal code ``code`` in words, or None when the offer is allowed."""
    return None if int(code) == Refusal.OK else REFUSAL_WORDS[Refusal(int(code))]
