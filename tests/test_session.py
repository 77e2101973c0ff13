"""A game in progress: people's orders, the computer's, saves that load back to the same game."""

import subprocess
import sys

import pytest

from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.library import Library
from game.session.match import Match, state_hash
from game.session.orders import OfferDraft
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
            if match.state.bloc[0, i] >= 0:
                h.alloc = [0.3, 0.0, 0.5, 0.1, 0.1]
            if k == 0 and offer_first and match.state.bloc[0, i] < 0:
                h.offers.append(OfferDraft("apply", bloc=0))
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
    h.alloc = [0.0, 0.0, 0.2, 0.3, 0.5]
    m.end_turn({i: h})
    assert m.orders[-1].alloc[0, i].tolist() == [0.0, 0.0, 0.2, 0.3, 0.5]
    assert not m.orders[-1].auto[0, i]


def test_a_persons_offer_enters_the_offer_table(scenario):
    m = Match(scenario, humans=["BRA"], seed=5)
    i = m.catalog.nation("BRA")
    h = m.draft(i)
    h.offers.append(OfferDraft("apply", bloc=1))
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


def test_autosave_is_found_for_continue(scenario, tmp_path):
    m = Match(scenario, humans=["JPN"], seed=2)
    play(m, 1)
    library = Library(tmp_path)
    path = library.autosave(m)
    assert library.latest_autosave() == path
    assert read_save(path)["summary"]["detail"].startswith("turn 2")


def test_each_game_has_its_own_autosave_and_continue_lists_them_by_name(scenario, tmp_path):
    library = Library(tmp_path)
    first = Match(scenario, humans=["JPN"], seed=2)
    second = Match(scenario, humans=["IND"], seed=2)  # same scenario, a new game
    play(first, 1)
    play(second, 2)
    a, b = library.autosave(first), library.autosave(second)
    assert a != b and a.exists() and b.exists()
    titles = sorted(info.title for info in library.in_progress())
    assert titles == sorted([first.summary()["title"], second.summary()["title"]])
    # a loaded game keeps writing its own autosave, not the other's
    again = library.read(a)
    play(again, 1)
    assert library.autosave(again) == a
    assert Match.load(b).turn == 2


def test_quitting_knows_what_is_unsaved(scenario, tmp_path):
    m = Match(scenario, humans=["IND"], seed=3)
    me = m.people[0]
    m.draft(me)
    assert not m.unsaved  # a new game, nothing changed yet
    m.draft(me).alloc = [0.2] * 5
    assert m.unsaved  # orders being edited
    play(m, 1)
    assert m.unsaved  # a turn since the save
    m.save(tmp_path / "s.lbsave")
    assert not m.unsaved


def test_one_play_turn_serves_the_game_and_the_batches(scenario):
    from game.scenario.compile import compile_scenario
    from game.sim.driver import run_batch

    m = Match(scenario, seed=6)  # nobody at the table: the computer plays every seat
    for _ in range(4):
        m.end_turn()
    batch = run_batch(compile_scenario(scenario, seed=6, world_ids=[0]), turns=4)
    assert [state_hash(s) for s in batch.states] == m.hashes


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


def test_continue_lists_only_games_not_yet_over(scenario, tmp_path):
    library = Library(tmp_path)
    done, going = Match(scenario, humans=["JPN"], seed=2), Match(scenario, humans=["IND"], seed=2)
    while not done.over:
        done.end_turn()
    play(going, 1)
    over_path, going_path = library.autosave(done), library.autosave(going)
    # a named save of a finished game says so, not a turn after the last
    assert library.save_new(done).name.startswith(f"{scenario.meta.id}-turn{done.turn:02d}-end-")
    assert [info.path for info in library.in_progress()] == [going_path]
    # the finished game is still on the Load screen's list of every save
    from game.session.saves import list_saves

    listed = {info.path: info.over for info in list_saves(library.saves_folder())}
    assert listed[over_path] is True and listed[going_path] is False


def test_a_member_sees_what_its_blocs_diplomacy_lifts_of_the_coordination_cost(scenario):
    m = Match(scenario, humans=["USA"], seed=4)
    m.end_turn({})  # partners have spent a turn
    usa, nga = m.catalog.nation("USA"), m.catalog.nation("NGA")
    none = m.coordination_relief(usa, [0.9, 0.0, 0.1, 0.0, 0.0])
    some = m.coordination_relief(usa, [0.8, 0.0, 0.1, 0.1, 0.0])
    assert some is not None and none is not None
    # the USA's diplomacy adds to its partners' and lifts more of the cost
    assert 0.0 <= none[0] < some[0] <= m.rules.constants.diplomacy_relief
    assert some[1] > none[1]
    assert m.coordination_relief(nga, [0.0, 0.0, 1.0, 0.0, 0.0]) is None  # in no bloc yet


def test_a_member_sees_how_much_of_its_partners_technology_its_research_takes_in(scenario):
    m = Match(scenario, humans=["JPN"], seed=4)
    jpn, nga = m.catalog.nation("JPN"), m.catalog.nation("NGA")
    full = m.rules.constants.absorptive_share
    assert m.absorption(jpn, [0.9, 0.0, 0.0, 0.0, 0.1]) == 0.0  # no research: nothing
    assert m.absorption(jpn, [0.8, 0.0, full / 2, 0.0, 0.2 - full / 2]) == pytest.approx(0.5)
    assert m.absorption(jpn, [0.5, 0.0, 0.5, 0.0, 0.0]) == 1.0
    assert m.absorption(nga, [0.0, 0.0, 1.0, 0.0, 0.0]) is None  # in no bloc yet
