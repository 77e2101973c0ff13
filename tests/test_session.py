"""A game in progress: people's orders, the computer's, saves that load back to the same game."""

import subprocess
import sys

import numpy as np
import pytest

from game.ai import OfferDraft
from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.match import Match, latest_autosave, state_hash
from game.session.saves import SaveError, read_save


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


def play(match, turns, offer_first=True):
    people = match.human_indices()
    for k in range(turns):
        orders = {}
        for i in people:
            h = match.draft(i)
            h.alloc = (
                np.array([0.3, 0.0, 0.5, 0.1, 0.1]) if match.state.bloc[0, i] >= 0 else h.alloc
            )
            if k == 0 and offer_first and match.state.bloc[0, i] < 0:
                h.offers.append(OfferDraft("apply", i, bloc=0))
            for slot in match.inbox(i):
                h.answers[int(slot)] = st.ANSWER_ACCEPT if k % 2 else st.ANSWER_REJECT
            orders[i] = h
        match.end_turn(orders)


def test_two_matches_with_the_same_orders_are_the_same_game(scenario):
    a = Match(scenario, humans=["IND"], seed=11)
    b = Match(scenario, humans=["IND"], seed=11)
    play(a, 4)
    play(b, 4)
    assert a.hashes == b.hashes


def test_a_person_spends_what_they_allocate(scenario):
    m = Match(scenario, humans=["FRA"], seed=3)
    i = m.catalog.nation("FRA")
    h = m.draft(i)
    h.alloc = np.array([0.0, 0.0, 0.2, 0.3, 0.5])
    m.end_turn({i: h})
    assert m.orders[-1].alloc[0, i].tolist() == [0.0, 0.0, 0.2, 0.3, 0.5]
    assert not m.orders[-1].auto[0, i]


def test_a_persons_offer_enters_the_offer_table(scenario):
    m = Match(scenario, humans=["BRA"], seed=5)
    i = m.catalog.nation("BRA")
    h = m.draft(i)
    h.offers.append(OfferDraft("apply", i, bloc=1))
    m.end_turn({i: h})
    new = m.orders[-1].new
    assert new.active[0, 0] and new.sender[0, 0] == i and new.bloc[0, 0] == 1
    assert new.target[0, 0] == m.states[0].leader[0, 1]


def test_save_then_load_gives_the_same_state(scenario, tmp_path):
    m = Match(scenario, humans=["IND", "BRA", "FRA"], seed=9)  # hot-seat of three
    play(m, 5)
    path = m.save(tmp_path / "game.lbsave")
    back = Match.load(path)
    assert back.hashes == m.hashes
    assert state_hash(back.state) == state_hash(m.state)
    assert back.humans == m.humans and back.turn == m.turn == 5
    play(m, 2)
    play(back, 2)
    assert back.hashes == m.hashes  # and the game goes on identically


def test_a_tampered_save_is_refused_and_other_saves_are_untouched(scenario, tmp_path):
    m = Match(scenario, humans=["IND"], seed=1)
    play(m, 2)
    good = m.save(tmp_path / "good.lbsave")
    bad = tmp_path / "bad.lbsave"
    bad.write_bytes(good.read_bytes().replace(b'"seed":1', b'"seed":2'))
    before = good.read_bytes()
    with pytest.raises(SaveError):
        Match.load(bad)
    assert good.read_bytes() == before
    assert Match.load(good).turn == 2


def test_autosave_is_found_for_continue(scenario):
    m = Match(scenario, humans=["JPN"], seed=2)
    play(m, 1)
    path = m.autosave()
    assert latest_autosave() == path
    assert read_save(path)["summary"]["detail"].startswith("turn 2")


def test_replay_command_verifies_a_save(scenario, tmp_path):
    m = Match(scenario, humans=["IND"], seed=4)
    play(m, 3)
    path = m.save(tmp_path / "r.lbsave")
    ok = subprocess.run(
        [sys.executable, "-m", "game", "replay", str(path)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert "replayed 3 turns" in ok.stdout
    broken = tmp_path / "broken.lbsave"
    broken.write_text("{not json")
    bad = subprocess.run(
        [sys.executable, "-m", "game", "replay", str(broken)], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr and "not a Lunar Blocs save" in bad.stderr
