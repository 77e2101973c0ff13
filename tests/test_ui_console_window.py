"""The facilitator's console in a second window (F10, ``play --console-window``): the game
window stays the room's view for the projector while the teacher runs the lesson from the
laptop. SDL's dummy driver opens two windows, so the lesson is driven headless with events
that carry the console's window, as SDL gives them; one test opens both for real under an X
server (Xvfb) and skips, saying why, when there is none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pygame
import pygame_gui
import pytest
from ui_driver import Driver

from game.paths import SCENARIOS
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.ui import app as app_module
from game.ui import console_window
from game.ui.console_window import COVERED, NO_ROOM, TITLE_BAR, place
from game.ui.stage import AWAY
from game.ui.widgets import money

SCENARIO = SCENARIOS / "classroom-50min.yaml"
ROOT = Path(__file__).resolve().parents[1]


class Clock:
    """The classroom's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Console:
    """Drives the console's own window as a person at the laptop would: every event carries
    that window, and its widgets live in its own manager."""

    def __init__(self, d: Driver) -> None:
        self.d = d

    @property
    def stage(self):
        return self.d.app.console

    @property
    def top(self):
        return self.stage.top

    def post(self, kind: int, **fields) -> None:
        pygame.event.post(pygame.event.Event(kind, window=self.stage.os_window, **fields))

    def click(self, pos, frames: int = 3) -> None:
        pos = (int(pos[0]), int(pos[1]))
        self.post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        self.d.frames()
        self.post(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False)
        self.d.frames()
        self.post(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False)
        self.d.frames(frames)

    def key(self, key: int, frames: int = 3) -> None:
        for kind in (pygame.KEYDOWN, pygame.KEYUP):
            self.post(kind, key=key, mod=0, unicode="", scancode=0)
        self.d.frames(frames)

    def type_into(self, entry, text: str) -> None:
        self.click(entry.rect.center)
        for char in text:
            self.post(pygame.TEXTINPUT, text=char)
            self.d.frames()

    def buttons(self) -> list:
        return [
            w
            for w in self.stage.manager.get_sprite_group().sprites()
            if isinstance(w, pygame_gui.elements.UIButton) and w.alive() and w.visible
        ]

    def click_button(self, text: str, frames: int = 3) -> None:
        found = [b for b in self.buttons() if b.text.strip().startswith(text)]
        assert found, f"no button {text!r}; have {[b.text for b in self.buttons()]}"
        self.click(found[0].rect.center, frames)

    def choose(self, dropdown, option: str) -> None:
        self.click(dropdown.rect.center)
        assert self.d.until(lambda: dropdown.current_state is dropdown.menu_states["expanded"]), (
            "the drop-down did not open"
        )
        items = dropdown.current_state.options_selection_list.item_list_container.elements
        rects = {item.text: item.rect.copy() for item in items if item.visible}
        assert option in rects, f"{option!r} is not in {sorted(rects)}"
        self.click(rects[option].center, frames=6)


def close(app) -> None:
    """Close the console's window and the display: once a second window has been destroyed,
    the dummy driver leaves the mouse in no window, so later tests' pointer warps would be
    lost; the next app opens a fresh display (a real X server gives the mouse back as soon
    as it moves)."""
    app.close_console_window()
    app.close_room_window()
    pygame.display.quit()


def name(screen) -> str:
    return type(screen).__name__


@pytest.fixture
def lesson(tmp_path):
    """Six teams at one machine, the first team at the computer."""
    scenario = load_scenario(SCENARIO)
    teams = [n.id for n in scenario.nations if n.playable][:6]
    d = Driver(tmp_path)
    clock = Clock()
    d.app.nav.seconds = clock
    match = Match(scenario, humans=teams, scenario_path=SCENARIO, game_id="lesson")
    d.app.nav.show(match)
    d.frames(3)
    d.key(pygame.K_RETURN, frames=4)
    assert name(d.top) == "MainScreen"
    yield d, clock, match, Console(d)
    close(d.app)


def room_sees(d: Driver) -> str:
    d.frames()
    return " ".join(d.top.shown) + " ".join(b.text for b in d.widgets())


def test_f10_opens_the_console_in_its_own_window_and_the_game_window_keeps_its_screen(lesson):
    d, _, match, con = lesson
    d.key(pygame.K_F10, frames=4)
    assert d.app.console is not None and name(con.top) == "ConsoleScreen"
    assert name(d.top) == "MainScreen" and d.top.player == match.people[0]
    assert con.stage.os_window.title.endswith("facilitator's console")
    assert con.stage.manager is not d.app.manager
    texts = [b.text for b in con.buttons()]
    assert "Pause" in texts and not any("Room view" in t for t in texts)
    # The console's secrets are drawn in its window, not in the game window.
    con.d.frames()
    assert any("Facilitator's console" in line for line in con.top.shown)
    assert not any(isinstance(s, type(con.top)) for s in d.app.stack)
    # F9 in the game window does not bring the console onto the projector.
    d.key(pygame.K_F9, frames=4)
    assert name(d.top) == "MainScreen" and "its own window" in d.app.toast[0]
    # F10 again closes the window; F9 is the one-window console again.
    d.key(pygame.K_F10, frames=4)
    assert d.app.console is None
    d.key(pygame.K_F9, frames=4)
    assert name(d.top) == "ConsoleScreen"
    # F10 from that console moves it into a window of its own, and the game is back.
    d.key(pygame.K_F10, frames=4)
    assert d.app.console is not None and name(d.top) == "MainScreen"


def test_a_lesson_run_from_the_console_window_with_the_room_view_on_the_projector(lesson):
    d, clock, match, con = lesson
    d.key(pygame.K_F10, frames=4)
    fac = d.app.nav.classroom
    con.choose(con.top.timer_menu, "2:00 per team")
    assert fac.seconds == 120
    con.click_button("Pause")
    assert fac.paused
    clock.now += 600
    d.frames(2)
    con.click_button("Resume")
    assert fac.seconds_left(match.people[0]) == pytest.approx(120)

    con.type_into(con.top.title_entry, "Strike at the launch site")
    con.choose(con.top.kind_menu, "Support (points of %)")
    con.type_into(con.top.amount_entry, "-5")
    con.click_button("Inject written")
    assert [i.title for i in fac.pending] == ["Strike at the launch site"]

    # The team's time runs out: the game window goes to the room's view by itself, and
    # both windows say why.
    clock.now += 121
    assert d.until(lambda: name(d.top) == "ProjectorScreen")
    assert "time ran out" in d.app.toast[0]
    seen = room_sees(d)
    for nation in match.people:
        assert money(match.state.budget[0, nation]) not in seen
    for private in ("Budget", "Inbox", "Offers", "Score", "Strike"):
        assert private not in seen
    assert d.app.console is not None
    con.d.frames()
    assert any(line == "timed out" for line in con.top.shown)

    # The teacher ends the turn from the laptop; the console stays, with the new turn.
    con.click_button("End the turn now", frames=4)
    assert match.turn == 1 and name(d.top) == "ProjectorScreen" and not d.app.errors
    assert [i.title for i in match.orders[0].injected] == ["Strike at the launch site"]
    d.frames(2)
    assert "turn 2" in con.top.shown[0]

    # Undo asks in the console's window, not on the projector.
    con.choose(con.top.undo_menu, "Turn 1")
    con.click_button("Undo to this turn")
    assert name(con.top) == "ConfirmScreen" and name(d.top) == "ProjectorScreen"
    con.click_button("Undo", frames=4)
    assert match.turn == 0 and name(con.top) == "ConsoleScreen"
    assert name(d.top) == "ProjectorScreen"


def test_the_pin_locks_the_console_window_at_once_and_still_guards_f9(lesson):
    d, _, _, con = lesson
    d.key(pygame.K_F10, frames=4)
    con.type_into(con.top.pin_entry, "2468")
    con.click_button("Lock with this PIN", frames=4)
    assert con.top.locked and "Pause" not in [b.text for b in con.buttons()]
    con.type_into(con.top.pin_entry, "1111")
    con.click_button("Open the console")
    assert con.top.locked
    con.type_into(con.top.pin_entry, "2468")
    con.click_button("Open the console", frames=4)
    assert not con.top.locked
    # Esc closes the window; the game window's F9 console asks for the PIN.
    con.key(pygame.K_ESCAPE, frames=4)
    assert d.app.console is None and name(d.top) == "MainScreen"
    d.key(pygame.K_F9, frames=4)
    assert name(d.top) == "ConsoleScreen" and d.top.locked


def test_the_console_saves_the_game_and_says_the_whole_path(lesson, tmp_path):
    d, _, match, con = lesson
    d.key(pygame.K_F10, frames=4)
    con.click_button("Save the game", frames=4)
    saved = sorted(tmp_path.glob("*turn01*.lbsave"))
    assert len(saved) == 1
    assert str(saved[0]) in d.app.console.toast[0]
    con.d.frames()
    assert f"Saved: {saved[0]}" in con.top.shown
    # The same button in the game window's console (one screen, F9).
    con.key(pygame.K_ESCAPE, frames=4)
    d.key(pygame.K_F9, frames=4)
    d.click_button("Save the game", frames=4)
    assert str(tmp_path) in d.app.toast[0] and not d.app.errors


def test_events_reach_only_the_window_they_belong_to(lesson):
    d, _, match, con = lesson
    d.key(pygame.K_F10, frames=4)
    # A key typed in the console's window is not the team's: E there ends no turn.
    con.key(pygame.K_e, frames=4)
    assert name(d.top) == "MainScreen" and d.app.nav.classroom.playing() == match.people[0]
    # While the pointer is over the console's window, the game window's widgets see it away.
    con.post(pygame.MOUSEMOTION, pos=(200, 200), rel=(0, 0), buttons=(0, 0, 0))
    d.frames()
    assert d.app.manager.get_mouse_position() == AWAY
    assert con.stage.manager.get_mouse_position() != AWAY
    d.move((200, 200))
    d.frames()
    assert d.app.manager.get_mouse_position() != AWAY
    assert con.stage.manager.get_mouse_position() == AWAY


def test_the_console_window_closes_by_its_button_and_when_its_game_leaves(lesson):
    d, _, _, con = lesson
    d.key(pygame.K_F10, frames=4)
    con.post(pygame.WINDOWCLOSE)
    d.frames(2)
    assert d.app.console is None and d.app.running
    d.key(pygame.K_F10, frames=4)
    d.app.nav.to_title()
    d.frames(2)
    assert d.app.console is None and "no longer open" in d.app.toast[0]
    # F10 with no game says what it needs and opens nothing.
    d.key(pygame.K_F10, frames=4)
    assert d.app.console is None and "Start or open a game" in d.app.toast[0]


def test_closing_the_game_window_with_the_console_open_quits(lesson):
    d, _, _, con = lesson
    d.key(pygame.K_F10, frames=4)
    # SDL sends no QUIT while another window is open: the game window's close comes alone.
    pygame.event.post(pygame.event.Event(pygame.WINDOWCLOSE, window=None))
    d.frames(2)
    assert not d.app.running or name(d.top) == "ConfirmScreen"


FLAG = textwrap.dedent(
    """
    from game.paths import SCENARIOS
    from game.scenario.loader import load_scenario
    from game.ui.launch import build_app
    path = SCENARIOS / "classroom-50min.yaml"
    nation = next(n.id for n in load_scenario(path).nations if n.playable)
    app, message = build_app(scenario=path, nation=nation, size=(1280, 720), console_window=True)
    before = app.console
    app.frame(1 / 60)
    print(message, before, type(app.top).__name__, type(app.console.top).__name__)
    app.close_console_window()
    """
)


def test_play_console_window_opens_it_when_the_game_shows(tmp_path):
    # In a process of its own: the game it starts keeps a forecast process and settings.
    env = dict(os.environ, LUNAR_BLOCS_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    done = subprocess.run(
        [sys.executable, "-c", FLAG], env=env, cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-4:] == ["None", "None", "MainScreen", "ConsoleScreen"]


def R(x, y, w, h) -> pygame.Rect:
    return pygame.Rect(x, y, w, h)


def test_on_one_wide_screen_the_game_window_moves_left_and_the_console_takes_the_rest():
    # 2560x1080, the game window centred by the system: neither side has 1280 pixels free.
    where = place(R(640, 180, 1280, 720), (1280, 720), [R(0, 0, 2560, 1080)])
    assert where.game == (0, 180) and where.console == (1280, 180)
    assert where.size == (1280, 720) and not where.note
    assert not R(*where.game, 1280, 720).colliderect(R(*where.console, *where.size))


def test_on_one_screen_the_console_goes_right_of_the_game_window_else_left():
    screen = [R(0, 0, 2560, 1080)]
    assert place(R(0, 100, 1280, 720), (1280, 720), screen).console == (1280, 100)
    assert place(R(1280, 100, 1280, 720), (1280, 720), screen).console == (0, 100)
    assert place(R(0, 100, 1280, 720), (1280, 720), screen).game is None


def test_a_narrower_console_fills_the_room_left_beside_the_game_window():
    where = place(R(500, 100, 1280, 720), (1280, 720), [R(0, 0, 2200, 1000)])
    assert where.game == (0, 100) and where.console == (1280, 100)
    assert where.size == (920, 720)


def test_with_two_displays_the_console_is_on_the_main_one_and_the_game_on_the_other():
    laptop, projector = R(0, 0, 1280, 720), R(1280, 0, 1920, 1080)
    # The game opened on the laptop (the main display): it moves to the projector's middle,
    # and the console fills the laptop's screen below room for its title bar.
    where = place(R(0, 0, 1280, 720), (1280, 720), [laptop, projector])
    assert where.game == (1280 + 320, 180) and where.display == 0 and not where.note
    assert where.console == (0, TITLE_BAR) and where.size == (1280, 720 - TITLE_BAR)
    # Already on the projector: it stays there.
    where = place(R(1400, 60, 1280, 720), (1280, 720), [laptop, projector])
    assert where.game is None and where.display == 0
    # Full screen on the main display (it may not move): the console takes the other.
    where = place(R(0, 0, 1280, 720), (1280, 720), [laptop, projector], movable=False)
    assert where.game is None and where.display == 1 and where.console == (1280 + 320, 180)
    # A display above another (negative coordinates) counts the same.
    above = R(0, -1080, 1920, 1080)
    where = place(R(0, 0, 1280, 720), (1280, 720), [laptop, above])
    assert where.game == (320, -1080 + 180) and where.display == 0


def test_a_task_bar_counts_the_screen_as_smaller():
    # Usable bounds 1280x690 below a 30-pixel bar at the top; the console goes right.
    where = place(R(0, 60, 1000, 600), (800, 720), [R(0, 30, 1900, 690)])
    assert where.console == (1000, 30 + TITLE_BAR) and where.size == (800, 690 - TITLE_BAR)


def test_with_no_room_anywhere_the_system_places_the_console_and_it_says_what_to_do():
    where = place(R(0, 0, 1280, 720), (1280, 720), [R(0, 0, 1280, 720)])
    assert where.console is None and where.note == NO_ROOM
    assert "drag this window" in NO_ROOM


def test_sdl_gives_each_display_where_it_stands():
    pygame.display.init()
    rects = console_window.display_rects()
    assert len(rects) == len(pygame.display.get_desktop_sizes()) >= 1
    assert all(r.w > 0 and r.h > 0 for r in rects)


def test_the_console_says_where_it_could_not_be_put_clear_of_the_game(lesson, monkeypatch):
    d, _, _, con = lesson
    monkeypatch.setattr(console_window, "display_rects", lambda: [R(0, 0, 1280, 720)])
    d.key(pygame.K_F10, frames=4)
    assert con.stage.placement.note == NO_ROOM
    d.frames()
    assert NO_ROOM in con.top.shown


def test_full_screen_over_the_console_on_the_same_screen_says_how_to_reach_it(lesson, monkeypatch):
    d, _, _, con = lesson
    d.key(pygame.K_F10, frames=4)
    monkeypatch.setattr(app_module, "display_rects", lambda: [R(-5000, -5000, 20000, 20000)])
    d.key(pygame.K_F11, frames=3)
    assert d.app.settings.fullscreen
    assert con.stage.toast[0] == COVERED
    d.key(pygame.K_F11, frames=3)
    assert not d.app.settings.fullscreen
    # The game and the console on different displays: nothing is said.
    con.stage.toast = None
    monkeypatch.setattr(app_module, "display_of", lambda rect, displays: id(rect))
    d.key(pygame.K_F11, frames=3)
    assert d.app.settings.fullscreen and con.stage.toast is None
    d.key(pygame.K_F11, frames=3)


def a_nation_on_the_map(screen) -> tuple[int, int]:
    r = screen.map.rect
    for y in range(r.y + 10, r.bottom, 12):
        for x in range(r.x + 10, r.right, 12):
            if screen.map.pick((x, y)) is not None:
                return x, y
    raise AssertionError("no nation found on the map")


def test_the_map_hover_follows_only_the_mouse_over_its_own_window(lesson):
    d, _, _, con = lesson
    d.key(pygame.K_F10, frames=4)
    main = d.top
    spot = a_nation_on_the_map(main)
    d.move(spot)
    d.frames(2)
    assert main.map.map.hovered is not None and d.app.pointer() != AWAY
    # The same position in the console's window: SDL would give that position to
    # pygame.mouse.get_pos(), but the game window's map hovers nothing and draws no card.
    con.post(pygame.MOUSEMOTION, pos=spot, rel=(0, 0), buttons=(0, 0, 0))
    d.frames(2)
    assert d.app.pointer() == AWAY and con.stage.pointer() != AWAY
    assert main.map.map.hovered is None
    # Back over the game window, and then off every window to the desktop.
    d.move(spot)
    d.frames(2)
    assert main.map.map.hovered is not None
    pygame.event.post(pygame.event.Event(pygame.WINDOWLEAVE, window=None))
    d.frames(2)
    assert d.app.pointer() == AWAY and main.map.map.hovered is None


REAL = textwrap.dedent(
    """
    import subprocess, sys
    import pygame
    from game.paths import SCENARIOS
    from game.ui.launch import build_app
    from game.scenario.loader import load_scenario
    path = SCENARIOS / "classroom-50min.yaml"
    nation = next(n.id for n in load_scenario(path).nations if n.playable)
    app, _ = build_app(scenario=path, nation=nation, size=(1200, 700), console_window=True)
    app.persist_settings = False
    for _ in range(20):
        app.frame(1 / 60)
    game = pygame.Rect(pygame.display.get_window_position(), app.size)
    console = pygame.Rect(app.console.os_window.position, app.console.os_window.size)
    print("OVERLAP", int(game.colliderect(console)), game, console)
    print(subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout)
    if len(sys.argv) > 1:
        subprocess.run(["import", "-window", "root", sys.argv[1]], check=True)
    app.close_console_window()
    pygame.quit()
    """
)


def test_both_windows_open_for_real_under_an_x_server(tmp_path):
    """Two OS windows on a real X display, one wide screen: the console opens beside the
    game window by itself (a screenshot is kept in tmp)."""
    if not shutil.which("xwininfo"):
        pytest.skip("no xwininfo (package x11-utils) to list the X server's windows")
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY")}
    env.update(SDL_AUDIODRIVER="dummy", LUNAR_BLOCS_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    server = None
    if os.environ.get("DISPLAY") and os.environ.get("SDL_VIDEODRIVER", "x11") == "x11":
        env["DISPLAY"] = os.environ["DISPLAY"]
    elif shutil.which("Xvfb"):
        # -displayfd: the server picks a free display number and writes it to us.
        read, write = os.pipe()
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "2560x800x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            server.kill()
            pytest.skip("Xvfb did not start")
        env["DISPLAY"] = f":{number}"
    else:
        pytest.skip("no X server: set DISPLAY, or install Xvfb (package xvfb)")
    try:
        shot = tmp_path / "two-windows.png"
        command = [sys.executable, "-c", REAL] + ([str(shot)] if shutil.which("import") else [])
        done = subprocess.run(
            command,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"Lunar Blocs"' in done.stdout
    assert "facilitator's console" in done.stdout
    # One wide screen: the console opened beside the game window, not over it.
    assert "OVERLAP 0" in done.stdout, done.stdout[:400]


TWO = [R(0, 0, 1280, 720), R(1280, 0, 1280, 720)]


def test_the_room_window_fills_the_display_the_game_window_is_not_on():
    assert console_window.room_place(R(0, 0, 1280, 720), [R(0, 0, 2560, 1080)]) is None
    assert console_window.room_place(R(0, 0, 1200, 700), TWO) == 1
    # The game window dragged to the other display: the room's view swaps with it.
    assert console_window.room_place(R(1300, 10, 1200, 700), TWO) == 0


def test_f12_with_one_screen_says_the_room_window_needs_a_second(lesson, monkeypatch):
    d, _, _, _ = lesson
    monkeypatch.setattr(app_module, "display_rects", lambda: [R(0, 0, 2560, 1080)])
    d.key(pygame.K_F12, frames=3)
    assert d.app.room is None and "second screen" in d.app.toast[0]


def test_the_room_window_shows_the_public_view_while_a_team_plays_on_the_laptop(
    lesson, monkeypatch
):
    d, _, match, con = lesson
    monkeypatch.setattr(app_module, "display_rects", lambda: TWO)
    monkeypatch.setattr(console_window, "display_rects", lambda: TWO)
    d.key(pygame.K_F12, frames=3)
    room = d.app.room
    assert room is not None and name(room.top) == "ProjectorScreen" and room.top.public
    assert room.os_window.title.endswith("the room's view")
    # The team at the computer plays in the game window; the room sees none of its figures.
    assert name(d.top) == "MainScreen"
    d.frames()
    seen = " ".join(room.top.shown)
    for nation in match.people:
        assert money(match.state.budget[0, nation]) not in seen
    assert not [
        w
        for w in room.manager.get_sprite_group().sprites()
        if isinstance(w, pygame_gui.elements.UIButton)
    ]
    # The console goes on the laptop's screen beside the game window, and says nothing.
    d.key(pygame.K_F10, frames=4)
    assert con.stage.placement.display == 0 and not con.stage.placement.note
    # A key in the room's window reaches no screen: E there ends no team's turn.
    pygame.event.post(
        pygame.event.Event(
            pygame.KEYDOWN, key=pygame.K_e, mod=0, unicode="e", scancode=0, window=room.os_window
        )
    )
    d.frames(3)
    assert name(d.top) == "MainScreen" and match.turn == 0
    # The room's view follows the game: a turn played, then undone.
    con.click_button("End the turn now", frames=4)
    assert match.turn == 1
    d.frames(2)
    assert room.top.built_from is match.state and "turn 2 of" in " ".join(room.top.shown)
    con.choose(con.top.undo_menu, "Turn 1")
    con.click_button("Undo to this turn")
    con.click_button("Undo", frames=4)
    d.frames(2)
    assert match.turn == 0 and "turn 1 of" in " ".join(room.top.shown)
    # F12 closes it; so does the game leaving the game window.
    d.key(pygame.K_F12, frames=3)
    assert d.app.room is None
    d.key(pygame.K_F12, frames=3)
    assert d.app.room is not None
    d.app.nav.to_title()
    d.frames(2)
    assert d.app.room is None and not d.app.errors
