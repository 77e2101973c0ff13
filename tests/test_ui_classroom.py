"""The classroom on screen, driven as a teacher and six teams would: the console behind F9
and a PIN, the timer (an injected clock, so nothing waits), pause, injected events, undo,
the room's view on the projector, a save reopened from its path, and the lesson length."""

from __future__ import annotations

import pygame
import pytest
from ui_driver import Driver

from game.paths import SCENARIOS
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.ui.widgets import money

SCENARIO = SCENARIOS / "classroom-50min.yaml"


class Clock:
    """The classroom's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def type_into(d: Driver, entry, text: str) -> None:
    """Click a text field and type, as a person does."""
    d.click(entry.rect.center)
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        d.frames()


def screen_name(d: Driver) -> str:
    return type(d.top).__name__


@pytest.fixture
def lesson(tmp_path):
    """Six teams at one machine, the first team's hand-over on screen."""
    scenario = load_scenario(SCENARIO)
    teams = [n.id for n in scenario.nations if n.playable][:6]
    assert len(teams) == 6
    d = Driver(tmp_path)
    clock = Clock()
    d.app.nav.seconds = clock
    match = Match(scenario, humans=teams, scenario_path=SCENARIO, game_id="lesson")
    d.app.nav.show(match)
    d.frames(3)
    return d, clock, match


def open_console(d: Driver) -> None:
    d.key(pygame.K_F9, frames=4)
    assert screen_name(d) == "ConsoleScreen"


def test_a_lesson_with_pin_timer_pause_injected_events_time_out_and_undo(lesson):
    d, clock, match = lesson
    assert screen_name(d) == "HandoverScreen"
    d.key(pygame.K_RETURN, frames=4)
    assert screen_name(d) == "MainScreen" and d.top.player == match.people[0]

    # The teacher opens the console and locks it with a PIN.
    open_console(d)
    type_into(d, d.top.pin_entry, "2468")
    d.click_button("Lock with this PIN")
    assert match.console.pin is not None and "2468" not in str(match.console.pin)
    d.key(pygame.K_ESCAPE, frames=4)
    assert screen_name(d) == "MainScreen"
    open_console(d)
    assert d.top.locked and "Pause" not in [b.text for b in d.widgets()]
    type_into(d, d.top.pin_entry, "1111")
    d.click_button("Open the console")
    assert d.top.locked
    type_into(d, d.top.pin_entry, "2468")
    d.click_button("Open the console", frames=4)
    assert not d.top.locked
    fac = d.app.nav.classroom

    # Two minutes a team; the clock starts for the team already at the computer.
    d.choose(d.top.timer_menu, "2:00 per team")
    assert fac.seconds == 120
    d.click_button("Pause")
    assert fac.paused
    d.frames()
    assert any("PAUSED" in line for line in d.top.shown)
    clock.now += 1000  # a long pause costs the team nothing
    d.frames(2)
    d.click_button("Resume")
    assert not fac.paused and fac.seconds_left(match.people[0]) == pytest.approx(120)

    # One event from the random table, one written on the spot.
    first_title = d.top.random_menu.selected_option
    first_title = first_title[0] if isinstance(first_title, tuple) else first_title
    d.click_button("Inject this event")
    type_into(d, d.top.title_entry, "Strike at the launch site")
    d.choose(d.top.kind_menu, "Support (points of %)")
    type_into(d, d.top.amount_entry, "-5")
    d.click_button("Inject written")
    assert [i.title for i in fac.pending] == [first_title, "Strike at the launch site"]
    d.frames()
    assert any("Strike at the launch site" in line for line in d.top.shown)

    # Back to the team: its clock is on its screen; when it runs out the turn passes on.
    d.key(pygame.K_ESCAPE, frames=4)
    assert screen_name(d) == "MainScreen"
    assert d.app.nav.clock_of(match, d.top.player) == "2:00 left"
    clock.now += 121
    assert d.until(lambda: screen_name(d) == "ProjectorScreen")
    assert "time ran out" in d.app.toast[0]
    assert fac.slots[match.people[0]].status == "timed out"

    # The room's view: public things only.
    room = d.top
    d.frames()
    seen = " ".join(room.shown) + " ".join(b.text for b in d.widgets())
    for nation in match.people:
        assert money(match.state.budget[0, nation]) not in seen
        assert money(match.state.budget[0, nation], "yr") not in seen
    for private in ("Budget", "Inbox", "Offers", "Score", "Support"):
        assert private not in seen
    assert "out of time" in seen and "Call China to the computer" in seen

    # The other five teams play through hand-over screens; the last one plays the turn.
    for team in match.people[1:]:
        d.key(pygame.K_RETURN, frames=4)
        assert screen_name(d) == "HandoverScreen" and d.top.player == team
        d.key(pygame.K_RETURN, frames=4)
        assert screen_name(d) == "MainScreen" and d.top.player == team
        d.key(pygame.K_e, frames=4)
        assert screen_name(d) == "ProjectorScreen"
    assert match.turn == 1 and not d.app.errors
    assert [i.title for i in match.orders[0].injected] == [first_title, "Strike at the launch site"]

    # Undo to the start of turn 1, after a confirm.
    open_console(d)
    assert d.top.locked  # the PIN still guards it
    type_into(d, d.top.pin_entry, "2468")
    d.click_button("Open the console", frames=4)
    d.choose(d.top.undo_menu, "Turn 1")
    d.click_button("Undo to this turn")
    assert screen_name(d) == "ConfirmScreen"
    d.click_button("Undo", frames=4)
    assert match.turn == 0 and screen_name(d) == "ProjectorScreen"
    assert all(s.status == "waiting" for s in fac.slots.values())


def test_a_saved_lesson_reopens_from_its_path_and_replays_exactly(lesson, tmp_path):
    d, clock, match = lesson
    open_console(d)
    type_into(d, d.top.title_entry, "Budget cut")
    d.choose(d.top.kind_menu, "Budget ($ B a year)")
    type_into(d, d.top.amount_entry, "-1")
    d.click_button("Inject written")
    d.click_button("End the turn now", frames=4)
    assert match.turn == 1 and screen_name(d) == "ProjectorScreen"
    d.key(pygame.K_RETURN, frames=4)
    d.key(pygame.K_RETURN, frames=4)
    assert screen_name(d) == "TurnReportScreen"  # each team reads the last turn first
    d.key(pygame.K_ESCAPE, frames=4)
    assert screen_name(d) == "MainScreen"
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL, frames=4)
    saved = [p for p in tmp_path.glob("*.lbsave") if not p.name.startswith("autosave")]
    assert len(saved) == 1

    # Next week: a fresh program opens the file (what `lunar-blocs play FILE` does).
    again = Driver(tmp_path / "next-week")
    again.app.nav.open_save(saved[0])
    again.frames(3)
    assert screen_name(again) == "HandoverScreen"
    reopened = again.top.game
    assert reopened.hashes == match.hashes
    assert [i.title for i in reopened.orders[0].injected] == ["Budget cut"]


def test_the_new_game_screen_offers_a_lesson_length(tmp_path):
    d = Driver(tmp_path)
    d.click_button("New game", frames=4)
    assert screen_name(d) == "ScenarioPicker"
    picker = d.top
    d.choose(picker.length_menu, "Length: 8 turns")
    d.click_button("Choose nation", frames=4)
    assert screen_name(d) == "NationPicker"
    assert d.top.entry.turns == 8


def _written(d: Driver, title: str, kind: str, second: str, target=None, amount=None):
    """Fill the console's written-event form as a teacher does, and inject it."""
    type_into(d, d.top.title_entry, title)
    d.choose(d.top.kind_menu, kind)
    if target is not None:
        d.choose(d.top.written_target, target)
    d.choose(d.top.second_menu, second)
    if amount is not None:
        type_into(d, d.top.amount_entry, amount)
    d.click_button("Inject written")


def test_a_written_event_moves_relations_between_two_nations(lesson):
    d, clock, match = lesson
    c = match.catalog
    usa, chn = c.nation("USA"), c.nation("CHN")
    open_console(d)
    _written(
        d,
        "Summit in Geneva",
        "Relations with… (%)",
        "with: " + c.nation_names[chn],
        target=c.nation_names[usa],
        amount="20",
    )
    assert [i.title for i in d.top.fac.pending] == ["Summit in Geneva"]
    d.click_button("End the turn now", frames=4)
    assert match.turn == 1
    # the same turn without the summit: the event, not the drift, moved the relation
    plain = Match(load_scenario(SCENARIO), humans=list(match.humans), game_id="plain")
    plain.end_turn()
    moved = float(match.state.relations[0, usa, chn]) - float(plain.state.relations[0, usa, chn])
    assert 0.1 < moved <= 0.2 + 1e-6, moved


def test_a_written_event_lifts_a_declared_pair(lesson):
    d, clock, match = lesson
    c = match.catalog
    usa, chn = c.nation("USA"), c.nation("CHN")
    assert match.state.forbidden[0, usa, chn]  # the Wolf Amendment holds at the start
    open_console(d)
    _written(d, "Congress lifts the ban", "Lift a declared pair", "pair: wolf")
    # a pair kind asks for a pair, not a nation: one line, nothing injected
    _written(d, "Oops", "Forbid a declared pair", "with: " + c.nation_names[chn])
    assert [i.title for i in d.top.fac.pending] == ["Congress lifts the ban"]
    d.click_button("End the turn now", frames=4)
    assert match.turn == 1 and not match.state.forbidden[0, usa, chn]


def test_the_nation_map_says_you_only_when_one_person_plays(tmp_path):
    """In hot-seat the map named the first team "You" for every team in the room."""
    d = Driver(tmp_path)
    d.click_button("New game", frames=4)
    d.click_button("Choose nation", frames=4)
    picker = d.top
    assert screen_name(d) == "NationPicker"
    assert picker.map.player == picker.nation.id
    d.click_button("Add players (hot-seat)  [Space]", frames=3)
    assert len(d.top.people) == 1 and d.top.map.player == d.top.people[0]
    d.key(pygame.K_DOWN, frames=3)
    d.key(pygame.K_SPACE, frames=3)
    assert len(d.top.people) == 2
    assert d.top.map.player is None
