"""A hard rival leader turns away applications from the bloc it plays against (ai.answers):
the engine takes the leader's answer, logs it as the leader's own decision, and the
prediction, the report, the news and the account say so instead of weighing terms."""

import numpy as np
import pytest

from game.ai.answers import own_answers
from game.ai.budget import blocs_to_beat
from game.ai.decide import decide
from game.ai.difficulty import get_difficulty
from game.engine import state as st
from game.engine.state import EV
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.session.orders import OfferDraft
from game.sim.account import Namer, event_line
from game.text.words import event_sentence
from game.ui.report import changes_lines, happened_lines


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


def _hedge(match, nation: int) -> int:
    """A bloc the nation is not in, led by the computer (the nation is in another)."""
    member = match.state.member[0, nation]
    assert member.any(), "the test needs a nation that starts in a bloc"
    for k in np.flatnonzero(~member):
        if int(match.state.leader[0, k]) >= 0:
            return int(k)
    pytest.skip("no other bloc with a leader")


def _answer_rows(match, nation: int, k: int):
    """(turn index, event row) of answers to the nation's application to bloc ``k``."""
    out = []
    for index, ev in enumerate(match.events):
        rows = np.flatnonzero(
            np.isin(ev.code, [EV["offer_accepted"], EV["offer_rejected"]])
            & (ev.nation == nation)
            & (ev.bloc == k)
            & (ev.value == st.KIND["apply"])
        )
        out += [(index, int(r)) for r in rows]
    return out


def _apply_and_wait(match, nation: int, k: int, turns: int = 8):
    """Apply to ``k`` and end turns until the answer comes: (answer rows, the prediction of
    the open application made in the turn that answered it)."""
    match.draft(nation).offers.append(OfferDraft("apply", bloc=k))
    seen = None
    for _ in range(turns):
        match.end_turn()
        rows = _answer_rows(match, nation, k)
        if rows or match.over:
            return rows, seen
        o = match.state.offers
        mine = np.flatnonzero(
            o.active[0]
            & (o.sender[0] == nation)
            & (o.kind[0] == st.KIND["apply"])
            & (o.bloc[0] == k)
        )
        seen = match.predict_slot(int(mine[0]), nation) if mine.size else None
    return _answer_rows(match, nation, k), seen


@pytest.mark.parametrize("seed", [3, 11])
def test_a_hard_rival_leader_turns_away_the_persons_application_and_says_why(scenario, seed):
    match = Match(scenario, humans=["ARE"], difficulty="hard", seed=seed)
    me = match.catalog.nation("ARE")
    k = _hedge(match, me)
    rows, seen = _apply_and_wait(match, me, k)
    assert rows, "the application was never answered"
    # the prediction of the answering turn read the leader's decision: certain, with its reason
    assert seen is not None and seen.chance == 0.0 and seen.steps[0].decided == 1
    assert "by its own decision" in seen.summary and "both sides of the race" in seen.summary
    index, r = rows[0]
    ev = match.events[index]
    assert int(ev.code[r]) == EV["offer_rejected"]
    assert int(ev.reason[r]) == st.ANSWERED_BY_ORDER
    news = event_sentence(match.catalog, ev, r)
    assert news.endswith("by its own decision.")
    # the report gives the leader's reason, not the terms it would have weighed
    texts = [line.text for line in changes_lines(match, me, index)]
    mine = [t for t in texts if t.startswith("Your offer:")]
    assert mine and "by its own decision" in mine[0] and "both sides of the race" in mine[0]
    assert "mood of the moment" not in mine[0]
    assert any("by its own decision" in line.text for line in happened_lines(match, me, index))
    # the account of a game (simulate, debriefs) gives the same reason
    line = event_line(ev, r, Namer(match.catalog), None, match.decisions[index], 0)
    assert "by its own decision" in line and "both sides of the race" in line
    assert not match.state.member[0, me, k]


def test_at_normal_the_same_application_is_weighed(scenario):
    match = Match(scenario, humans=["ARE"], difficulty="normal", seed=3)
    me = match.catalog.nation("ARE")
    k = _hedge(match, me)
    rows, seen = _apply_and_wait(match, me, k)
    assert rows and seen is not None
    assert seen.steps[0].decided == 0 and "by its own decision" not in seen.summary
    for index, r in rows:
        assert int(match.events[index].reason[r]) == 0


def test_only_a_rival_of_the_bloc_to_beat_and_only_its_members_are_turned_away(scenario):
    """Applications from the person's camp to a rival leader are rejected; an unaligned
    nation's, and any application at normal, are left to the engine's weighing."""
    match = Match(scenario, humans=["ARE"], difficulty="hard", seed=5)
    me = match.catalog.nation("ARE")
    k = _hedge(match, me)
    match.draft(me).offers.append(OfferDraft("apply", bloc=k))
    match.end_turn()
    state, rules = match.state, match.rules
    people = np.zeros(state.bloc.shape, dtype=bool)
    people[:, me] = True
    beat = blocs_to_beat(state, people)
    controlled = ~people
    hard = own_answers(state, rules, get_difficulty("hard"), controlled, beat)
    normal = own_answers(state, rules, get_difficulty("normal"), controlled, beat)
    assert not normal.any()
    o = state.offers
    refused = np.flatnonzero(hard[0] == st.ANSWER_REJECT)
    assert refused.size  # the person's application is among them
    for p in refused:
        assert int(o.kind[0, p]) == st.KIND["apply"]
        assert not beat[0, int(o.bloc[0, p])]  # to a rival of the bloc to beat
        assert (state.member[0, int(o.sender[0, p])] & beat[0]).any()  # from its camp
        assert controlled[0, int(o.target[0, p])]
    # the reason is the leader's, in the Decision the turn is played with
    d = decide(state, rules, 1, "hard", controlled, people)
    names = match.catalog.nation_names
    reasons = [x for x in d.reasons(0, names, match.catalog.bloc_names) if x.kind == "answer"]
    assert {x.slot for x in reasons} == {int(p) for p in refused}


def test_the_engine_takes_a_computer_players_own_answer_and_weighs_the_rest(scenario):
    """``Orders.auto``: an answer given in the orders is the nation's, logged as such; the
    others are weighed as before."""
    from game.engine.step import step

    match = Match(scenario, humans=[], difficulty="normal", seed=2)
    kinds = [EV["offer_accepted"], EV["offer_rejected"]]
    for _ in range(12):
        match.end_turn()
        state, rules = match.state, match.rules
        base = decide(state, rules, 7, "normal").orders
        _, a = step(state, base, rules, 7)
        answered = np.flatnonzero(np.isin(a.code, kinds))
        if answered.size >= 2:
            break
    else:
        pytest.skip("no turn answered two offers")
    r0 = int(answered[0])
    slot = int(a.item[r0])
    flip = st.ANSWER_REJECT if int(a.code[r0]) == EV["offer_accepted"] else st.ANSWER_ACCEPT
    answers = base.answers.copy()
    answers[0, slot] = flip
    _, ev = step(state, base.replace(answers=answers), rules, 7)
    r = int(np.flatnonzero(np.isin(ev.code, kinds + [EV["offer_refused"]]) & (ev.item == slot))[0])
    want = EV["offer_rejected"] if flip == st.ANSWER_REJECT else EV["offer_accepted"]
    if int(ev.code[r]) != EV["offer_refused"]:  # a yes the law may still refuse
        assert int(ev.code[r]) == want and int(ev.reason[r]) == st.ANSWERED_BY_ORDER
    assert not np.any(a.reason[np.isin(a.code, kinds)])  # the engine's own answers: reason 0
    # every answer to an offer between other nations is the engine's, as in the plain turn
    pair = {int(a.nation[r0]), int(a.other[r0])}

    def others(e):
        return sorted(
            (int(e.code[x]), int(e.item[x]))
            for x in np.flatnonzero(np.isin(e.code, kinds))
            if not pair & {int(e.nation[x]), int(e.other[x])}
        )

    assert others(a) == others(ev)
