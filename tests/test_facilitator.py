"""The facilitator's console, driven headless: a six-team lesson with a timer, a pause, injected
events, an undo and a save reopened from a path, replayed bit-exactly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from game.engine.state import EV, EVENT_CODES
from game.scenario.loader import load_scenario
from game.session.facilitator import (
    DONE,
    PLAYING,
    TIMED_OUT,
    WAITING,
    Facilitator,
    FacilitatorError,
    pin_matches,
    pin_record,
)
from game.session.match import Match, state_hash
from game.session.orders import OfferDraft
from game.session.saves import SaveError, read_save, write_save
from game.text.words import event_sentence

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
TEAMS = ["USA", "CHN", "RUS", "EUR", "IND", "GLF"]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def classroom():
    return load_scenario(SCENARIOS / "classroom.yaml")


def new_lesson(scenario, seconds=60.0):
    clock = Clock()
    match = Match(scenario, humans=TEAMS, seed=11)
    return Facilitator(match, seconds=seconds, clock=clock), clock


def idx(f: Facilitator, nation: str) -> int:
    return f.match.catalog.nation(nation)


def play_team(f: Facilitator, clock: Clock, nation: str, seconds: float, research_share=0.5):
    """A team takes its seat, moves its research slider and ends its turn."""
    slot = f.pass_handover()
    assert f.match.catalog.nation_ids[slot.nation] == nation
    clock.advance(seconds)
    alloc = np.asarray(slot.orders.alloc)
    alloc = alloc * (1 - research_share) / max(1e-9, alloc.sum() - alloc[2])
    alloc[2] = research_share
    slot.orders.alloc = (alloc / alloc.sum()).tolist()
    f.finish(slot.nation)


def play_lesson(scenario):
    """Three turns of a six-team lesson with every console control; returns the facilitator."""
    f, clock = new_lesson(scenario)
    # turn 1: RUS runs out of time while writing an offer; IND's slot is paused for a while
    for nation in TEAMS:
        if nation == "RUS":
            slot = f.pass_handover()
            slot.orders.alloc = [0.6, 0.0, 0.3, 0.05, 0.05]
            slot.composing = OfferDraft("funding", idx(f, "IND"), funds=1.0)
            clock.advance(59.0)
            assert f.tick() == []
            clock.advance(2.0)
            assert f.tick() == [
                "Russia's time ran out: its turn ends with what it had set "
                "(the offer it was still writing was not sent)."
            ]
        elif nation == "IND":
            slot = f.pass_handover()
            clock.advance(20.0)
            f.pause()
            clock.advance(900.0)  # a long discussion: the clock stands still
            assert f.tick() == [] and f.slots[slot.nation].status == PLAYING
            f.resume()
            assert f.seconds_left(slot.nation) == pytest.approx(40.0)
            clock.advance(10.0)
            f.finish(slot.nation)
        else:
            play_team(f, clock, nation, 15.0)
    f.inject_written(
        "Stimulus package",
        "Europe's finance ministers add money for space.",
        [
            {"type": "budget", "nations": ["EUR"], "factor": 1.0, "delta": 2.5},
            {"type": "relations", "nations": ["EUR"], "others": ["IND"], "delta": 0.2},
            {"type": "news", "text": "Europe spends more on space."},
        ],
    )
    f.inject_random("breakthrough", ["IND"])
    f.end_turn()
    # turns 2 and 3 played normally, the facilitator forcing turn 3
    for nation in TEAMS:
        play_team(f, clock, nation, 10.0, research_share=0.6)
    f.end_turn()
    play_team(f, clock, "USA", 5.0)
    f.end_turn(force=True)
    # undo turn 3, then play it again with a forbidden pair lifted
    f.undo_to(3)
    f.inject_written(
        "Sanctions lifted",
        "Europe and Russia may work together again.",
        [{"type": "allow_pair", "pair": "eur-rus-sanctions"}],
    )
    for nation in TEAMS:
        play_team(f, clock, nation, 12.0, research_share=0.4)
    f.end_turn()
    return f


def test_a_six_team_lesson_replays_bit_exactly_from_its_save(classroom, tmp_path):
    f = play_lesson(classroom)
    match = f.match
    assert match.turn == 3
    # the injected events were applied by the engine in turn 1, and are in the news
    ev = match.events[0]
    rows = np.flatnonzero(ev.code == EV["injected_event"])
    assert [int(ev.nation[r]) for r in rows] == [idx(f, "EUR")]  # the nations its effects name
    sentence = event_sentence(match.catalog, ev, int(rows[0]), injected=match.orders[0].injected)
    assert sentence.startswith("Stimulus package (Europe (ESA members)). Europe")
    struck = np.flatnonzero((ev.code == EV["random_event"]) & (ev.nation == idx(f, "IND")))
    assert len(struck) >= 1
    # the ledger books the written event's money to it, and the books balance
    eur = idx(f, "EUR")
    book = match.ledgers[0]
    causes, table = book.table("budget")
    assert table[0, eur, causes.index(("injected", 0))] == pytest.approx(2.5)
    change = match.states[1].budget[0, eur] - match.states[0].budget[0, eur]
    assert table[0, eur].sum() == pytest.approx(change, abs=1e-9)
    # turn 3, played again after the undo, lifted the sanctions pair
    rus = idx(f, "RUS")
    assert not match.state.forbidden[0, eur, rus]
    assert [len(o.injected) for o in match.orders] == [2, 0, 1]

    path = tmp_path / "week1.lbsave"
    match.save(path)
    again = Match.load(path)
    assert again.hashes == match.hashes
    assert [state_hash(s) for s in again.states] == [state_hash(s) for s in match.states]
    # the reopened game goes on exactly as the original does
    assert match.end_turn().turn == again.end_turn().turn == 4
    assert state_hash(match.state) == state_hash(again.state)


def test_the_same_lesson_twice_gives_the_same_game(classroom):
    one, two = play_lesson(classroom), play_lesson(classroom)
    assert one.match.hashes == two.match.hashes


def test_a_team_clock_starts_only_when_its_hand_over_is_passed(classroom):
    f, clock = new_lesson(classroom, seconds=30)
    usa = idx(f, "USA")
    clock.advance(1000)
    assert f.seconds_left(usa) == 30 and f.finished()["USA"] == WAITING
    f.pass_handover()
    clock.advance(12)
    assert f.seconds_left(usa) == pytest.approx(18)
    f.finish(usa)
    clock.advance(100)
    assert f.finished()["USA"] == DONE and f.seconds_left(usa) == pytest.approx(18)
    assert f.next_team() == idx(f, "CHN")


def test_a_turn_cannot_end_while_teams_play_unless_forced(classroom):
    f, clock = new_lesson(classroom)
    play_team(f, clock, "USA", 5)
    with pytest.raises(FacilitatorError, match="still playing: China"):
        f.end_turn()
    f.pause()
    with pytest.raises(FacilitatorError, match="paused"):
        f.end_turn(force=True)
    f.resume()
    f.end_turn(force=True)
    assert f.match.turn == 1
    statuses = {k: v for k, v in f.finished().items()}
    assert set(statuses.values()) == {WAITING}  # a new round


def test_time_running_out_keeps_what_the_team_had_set(classroom):
    f, clock = new_lesson(classroom, seconds=10)
    play_team(f, clock, "USA", 1)
    slot = f.pass_handover()
    slot.orders.alloc = [0.1, 0.0, 0.8, 0.05, 0.05]
    slot.orders.offers.append(OfferDraft("funding", idx(f, "RUS"), funds=0.5))
    slot.composing = OfferDraft("funding", idx(f, "IND"), funds=0.5)
    clock.advance(11)
    assert f.finished()["CHN"] == TIMED_OUT
    assert slot.composing is None and len(slot.orders.offers) == 1
    waiting = [n for n, status in f.finished().items() if status == WAITING]
    f.end_turn(force=True)
    # the teams the facilitator cut short are told so, not that their time ran out
    assert waiting and all(
        any(m.startswith(name) and "ended by the facilitator" in m for m in f.messages)
        for name in (f.match.catalog.nation_names[idx(f, n)] for n in waiting)
    )
    chn = idx(f, "CHN")
    assert f.match.orders[0].alloc[0, chn].tolist() == [0.1, 0.0, 0.8, 0.05, 0.05]
    sent = f.match.orders[0].new
    assert ((sent.sender[0] == chn) & sent.active[0]).sum() == 1


def test_written_events_name_the_closest_thing_when_a_name_is_wrong(classroom):
    f, _ = new_lesson(classroom)
    with pytest.raises(FacilitatorError, match="unknown nation 'EUX' \\(did you mean 'EUR'\\?\\)"):
        f.inject_written("x", "", [{"type": "support", "nations": ["EUX"], "delta": 0.1}])
    with pytest.raises(FacilitatorError, match="unknown domain 'robotic'"):
        f.inject_written(
            "x", "", [{"type": "tech", "nations": "all", "domain": "robotic", "delta": 0.1}]
        )
    with pytest.raises(FacilitatorError, match="cannot be written during a game"):
        f.inject_written("x", "", [{"type": "expel", "nations": ["EUR"], "bloc": "artemis"}])
    with pytest.raises(FacilitatorError, match="effect 1"):
        f.inject_written("x", "", [{"type": "budget", "nations": ["EUR"], "factor": 99}])
    with pytest.raises(FacilitatorError, match="unknown random event"):
        f.inject_random("launch-failures", ["USA"])
    assert f.pending == []


def test_an_injected_event_can_be_taken_back_before_the_turn_ends(classroom):
    f, _ = new_lesson(classroom)
    f.inject_random("budget-cut", ["USA"])
    f.cancel_injected(0)
    f.end_turn(force=True)
    assert f.match.orders[0].injected == ()


def test_the_all_seeing_view_shows_every_nation_with_teams_first(classroom):
    f, clock = new_lesson(classroom)
    f.pass_handover()
    clock.advance(5)
    figures = f.figures()
    assert [x.nation for x in figures[:6]] == TEAMS
    assert figures[0].status == PLAYING and figures[0].seconds_left == pytest.approx(55)
    assert {x.status for x in figures[6:]} == {"computer"}
    usa = idx(f, "USA")
    assert figures[0].budget == f.match.state.budget[0, usa]


def test_an_edited_injected_event_in_a_save_is_refused_in_one_line(classroom, tmp_path):
    f, _ = new_lesson(classroom)
    f.inject_written("Gift", "", [{"type": "budget", "nations": ["EUR"], "delta": 1.0}])
    f.end_turn(force=True)
    path = f.match.save(tmp_path / "a.lbsave")
    payload = read_save(path)
    payload["orders"][0]["injected"][0]["effects"][0]["type"] = "explode"
    write_save(tmp_path / "b.lbsave", payload)
    with pytest.raises(SaveError, match="unknown effect type") as info:
        Match.load(tmp_path / "b.lbsave")
    assert "\n" not in str(info.value)
    payload["orders"][0]["injected"] = "lots"
    write_save(tmp_path / "c.lbsave", payload)
    with pytest.raises(SaveError, match="not a list"):
        Match.load(tmp_path / "c.lbsave")


def test_a_save_from_before_injected_events_still_loads(classroom, tmp_path):
    match = Match(classroom, humans=["EUR"], seed=3)
    match.end_turn()
    payload = json.loads(json.dumps(match.to_payload()))
    for orders in payload["orders"]:
        del orders["injected"]
    write_save(tmp_path / "old.lbsave", payload)
    assert Match.load(tmp_path / "old.lbsave").hashes == match.hashes


def test_undo_goes_back_to_the_start_of_a_turn(classroom):
    f, _ = new_lesson(classroom)
    for _turn in range(3):
        f.end_turn(force=True)
    hashes = list(f.match.hashes)
    f.undo_to(2)
    assert f.match.turn == 1 and f.match.hashes == hashes[:2]
    assert len(f.match.orders) == len(f.match.events) == len(f.match.ledgers) == 1
    with pytest.raises(FacilitatorError, match="no turn 5"):
        f.undo_to(5)


def test_a_console_pin_is_kept_only_as_a_salted_hash():
    record = pin_record("4321")
    assert "4321" not in json.dumps(record)
    assert pin_matches(record, "4321") and not pin_matches(record, "1234")
    assert pin_matches(None, "")
    assert not pin_matches({"salt": "zz"}, "4321")
    with pytest.raises(FacilitatorError):
        pin_record("12a4")


def test_every_event_code_has_words_or_is_a_known_silent_one(classroom):
    assert EVENT_CODES[-1] == "injected_event"
