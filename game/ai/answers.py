"""Answers a computer player gives in its own orders, where weighing the offer is not enough.

Spec card:
    What: ``own_answers(state, rules, level, controlled, beat)`` gives (W, O) int8 answers
        to the offer table (``ANSWER_NONE`` where the engine answers by utility, as it does
        for every other offer to a computer player: ``Orders.auto``).
    Why: the engine weighs an application by the leader's temperament (``engine.utility``);
        a sharp level also plays against the bloc to beat. A rival bloc that admitted the
        members of the bloc to beat would let them stand on both sides of the race: whichever
        bloc won, they would share its winner's bonus, its prestige and its spill-over, for
        a charter minimum (issue 9: against hard rivals, Nigeria in Artemis scored 15.3
        points more by applying to the ILRS from the first turn, and the trick of joining
        whichever bloc's base opens first gained through the same door).
    Rule: at a level with ``shut_out``, the controlled leader of a bloc that is not a bloc
        to beat rejects each open application to that bloc from a member of a bloc to beat.
        It still courts that bloc's members on its own terms (``counter``'s invitations):
        the choice of whom to take is the leader's, not the applicant's.
    The decision is the leader's and is said as such: the engine logs it with reason
    ``ANSWERED_BY_ORDER``, the report gives the leader's reason (``Decision.reasons``, kind
    "answer"), and a prediction reads it as certain, not as a draw.
    Shapes: state (W, ...), controlled (W, N), beat (W, K); out (W, O).
"""

from __future__ import annotations

import numpy as np

from game.engine import state as st


def own_answers(state, rules, level, controlled, beat) -> np.ndarray:
    """(W, O) the answers ``level``'s leaders give themselves (see the spec card)."""
    o = state.offers
    out = np.zeros(o.active.shape, dtype=np.int8)
    if not level.shut_out or not beat.any():
        return out
    w = o.active.shape[0]
    wi = np.arange(w)[:, None]
    k = rules.n_blocs
    bloc = o.bloc.astype(np.intp)
    kk = np.clip(bloc, 0, k - 1)
    target = np.maximum(o.target.astype(np.intp), 0)
    sender = np.maximum(o.sender.astype(np.intp), 0)
    application = o.active & (o.kind == st.KIND["apply"]) & (bloc >= 0) & (o.sender >= 0)
    application &= controlled[wi, target] & (state.leader[wi, kk] == o.target)
    application &= ~beat[wi, kk]  # the applicant's camp is the one it plays against:
    camp = (state.member[:, :, :k] & beat[:, None, :]).any(axis=2)  # (W, N)
    refuse = application & camp[wi, sender]
    out[refuse] = st.ANSWER_REJECT
    return out


def turned_away(applicant: str, theirs: str, bloc: str) -> str:
    """Why a leader turns an application away itself, in words (the report, the account and
    the offer's prediction say it the same way)."""
    return (
        f"{applicant} is in {theirs}, the bloc {bloc} plays against, and may not stand on "
        "both sides of the race"
    )
