"""Saves that outlive a rule change, and the classroom console's settings kept in the save.

``fixtures/rules-v3.lbsave`` is a real save of rules v3: the game's code at commit 61647df
(``RULES_VERSION = 3``, before ``State.member``/``since`` existed), exported to /tmp and run
on ``fixtures/engine_small.yaml``: ``Match(scenario, humans=["USA"], seed=2021)``, three
End Turns, ``save``.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from engine_vocab import scenario as small_scenario

from game.cli import main
from game.engine import RULES_VERSION
from game.engine.invariants import check_invariants
from game.session.facilitator import Facilitator, FacilitatorError
from game.session.match import Match, save_notice, state_hash
from game.session.saves import SaveError, list_saves, read_save, write_save
from game.session.snapshot import decode_state

V3 = Path(__file__).parent / "fixtures" / "rules-v3.lbsave"
NOTICE = (
    f"Made with rules v3; continues from its last state under rules v{RULES_VERSION} — "
    "earlier turns can't be replayed exactly"
)


@pytest.fixture(scope="module")
def small():
    return small_scenario()


def stored(path: Path) -> dict:
    return read_save(path)["snapshot"]


def array_of(blob: dict) -> np.ndarray:
    raw = base64.b64decode(blob["data"])
    return np.frombuffer(raw, dtype=np.dtype(blob["dtype"])).reshape(blob["shape"])


# ---------------------------------------------------------------------- older rules


def test_a_rules_v3_save_continues_from_its_stored_state_with_a_notice():
    payload = read_save(V3)
    assert payload["rules_version"] == 3 < RULES_VERSION
    assert "member" not in payload["snapshot"]  # made before the field existed
    match = Match.load(V3)
    assert match.notice == NOTICE
    assert match.first_turn == match.turn == 3 and match.made_under == 3
    assert not match.orders  # nothing was replayed under these rules
    state = match.state
    for name in ("budget", "reserve", "prestige", "relations", "bloc", "tenure", "progress"):
        assert np.array_equal(getattr(state, name), array_of(payload["snapshot"][name])), name
    # membership of several blocs came with rules 4: derived from the one bloc each was in
    bloc = state.bloc[0]
    for n, k in enumerate(bloc):
        assert state.member[0, n].tolist() == [k == j for j in range(state.member.shape[2])]
        assert (state.since[0, n] >= 0).tolist() == state.member[0, n].tolist()
    check_invariants(state, match.rules)
    match.end_turn()
    match.end_turn()
    assert match.turn == 5
    check_invariants(match.state, match.rules)


def test_a_continued_game_saves_and_replays_exactly_from_where_it_continued(tmp_path):
    match = Match.load(V3)
    match.end_turn()
    match.end_turn()
    path = match.save(tmp_path / "next-week.lbsave")
    payload = read_save(path)
    assert payload["rules_version"] == RULES_VERSION
    assert payload["continued"] == {"rules_version": 3, "turn": 3}
    again = Match.load(path)
    assert again.hashes == match.hashes and again.first_turn == 3 and again.turn == 5
    assert again.notice == (
        f"Made with rules v3; continued after turn 3 under rules v{RULES_VERSION} — "
        "turns up to then can't be replayed exactly"
    )
    # an edit of a continued game's orders is still found at its turn
    payload["orders"][1]["alloc"] = payload["orders"][0]["alloc"] | {"data": "AAAA"}
    write_save(tmp_path / "edited.lbsave", payload)
    with pytest.raises(SaveError):
        Match.load(tmp_path / "edited.lbsave")


def test_a_current_save_with_its_rules_version_lowered_takes_the_state_path(small, tmp_path):
    match = Match(small, humans=["USA"], seed=5)
    for _ in range(2):
        match.end_turn()
    payload = match.to_payload()
    write_save(tmp_path / "same.lbsave", payload)
    replayed = Match.load(tmp_path / "same.lbsave")
    assert replayed.notice is None and len(replayed.orders) == 2  # these rules: replayed
    payload["rules_version"] = RULES_VERSION - 1
    write_save(tmp_path / "lowered.lbsave", payload)
    continued = Match.load(tmp_path / "lowered.lbsave")
    assert not continued.orders and continued.first_turn == 2
    assert continued.hashes == [match.hashes[-1]]  # exactly the state it stored
    assert continued.notice.startswith(f"Made with rules v{RULES_VERSION - 1}; continues")


def test_undo_cannot_go_back_before_the_turn_a_game_continued_from():
    match = Match.load(V3)
    for _ in range(3):
        match.end_turn()
    with pytest.raises(ValueError, match="cannot go back before that turn") as info:
        match.rewind(3)
    assert "\n" not in str(info.value)
    match.rewind(5)  # turns played since continuing can be undone
    assert match.turn == 4 and len(match.orders) == 1 and len(match.states) == 2
    fac = Facilitator(match, seconds=None, clock=lambda: 0.0)
    with pytest.raises(FacilitatorError, match="rules v3 save at the start of turn 4"):
        fac.undo_to(1)
    fac.undo_to(4)
    assert match.turn == 3 and match.states == match.states[:1]


def test_replay_and_debrief_of_an_older_rules_save_say_so_in_one_line(tmp_path, capsys):
    assert main(["replay", str(V3)]) == 0
    out = capsys.readouterr().out
    assert NOTICE in out and "nothing to replay under these rules" in out
    assert main(["debrief", str(V3), "--out", str(tmp_path / "d"), "--worlds", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "no debrief: its turns up to turn 3 were played under rules v3" in err
    match = Match.load(V3)
    match.end_turn()
    path = match.save(tmp_path / "on.lbsave")
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "turn  4 (" in out and "replayed turns 4-4 from its stored state after turn 3" in out


def test_the_load_list_shows_the_notice_beside_an_older_save(tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "v3.lbsave").write_bytes(V3.read_bytes())
    [info] = list_saves(folder, notice=save_notice)
    assert info.error is None and info.notice == NOTICE


def test_a_save_of_newer_rules_is_refused_in_one_line(tmp_path):
    payload = read_save(V3)
    payload["rules_version"] = RULES_VERSION + 1
    write_save(tmp_path / "future.lbsave", payload)
    with pytest.raises(SaveError, match=r"made with newer rules \(v\d+\)") as info:
        Match.load(tmp_path / "future.lbsave")
    assert "\n" not in str(info.value)


def _edit(snapshot: dict, name: str, change) -> None:
    blob = snapshot[name] if "." not in name else snapshot["offers"][name.split(".")[1]]
    values = array_of(blob).copy()
    change(values)
    blob["data"] = base64.b64encode(values.tobytes()).decode()


def _reshape(snapshot: dict) -> None:
    snapshot["budget"]["shape"] = [snapshot["budget"]["shape"][1], 1]


def _retype(snapshot: dict) -> None:
    values = array_of(snapshot["support"]).astype(np.float32)
    snapshot["support"] = {
        "dtype": values.dtype.str,
        "shape": list(values.shape),
        "data": base64.b64encode(values.tobytes()).decode(),
    }


def _open_offer_with_bad_bloc(snapshot: dict) -> None:
    _edit(snapshot, "offers.active", lambda a: a.__setitem__((0, 0), True))
    _edit(snapshot, "offers.sender", lambda a: a.__setitem__((0, 0), 0))
    _edit(snapshot, "offers.target", lambda a: a.__setitem__((0, 0), 1))
    _edit(snapshot, "offers.bloc", lambda a: a.__setitem__((0, 0), 40))


def _set(name, index, value):
    return lambda s: _edit(s, name, lambda a: a.__setitem__(index, value))


EDITS = {
    "wrong shape": (_reshape, "'budget' is float64[6, 1]"),
    "wrong dtype": (_retype, "'support' is float32"),
    "NaN budget": (_set("budget", (0, 2), np.nan), "budget has NaN"),
    "support above 1": (_set("support", (0, 1), 1.5), "support has values outside 0..1"),
    "negative reserve": (_set("reserve", (0, 0), -3.0), "reserve has values outside"),
    "one-sided relation": (_set("relations", (0, 0, 1), 0.9), "relations are not symmetric"),
    "bloc out of range": (_set("bloc", (0, 4), 9), "bloc index is out of range"),
    "leader out of range": (_set("leader", (0, 0), 300), "leader"),
    "bad open offer": (_open_offer_with_bad_bloc, "an open offer names no bloc"),
    "turn past the end": (lambda s: s.__setitem__("turn", 10**6), "turn is not 0 to"),
    "another world": (_set("world", (0,), 7), "of another world"),
    "damaged bytes": (lambda s: s["tech"].__setitem__("data", "@@@"), "damaged array"),
    "no tenure": (lambda s: s.pop("tenure"), "too old to continue: its stored state has no"),
    "no state": (lambda s: s.clear(), "turn is not 0 to"),
    # sound, but not what the recorded history led to
    "a richer USA": (_set("budget", (0, 0), 999.0), "not the one its last turn recorded"),
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_a_stored_state_that_is_not_sound_is_refused_in_one_line(edit, tmp_path):
    change, words = EDITS[edit]
    payload = read_save(V3)
    change(payload["snapshot"])
    path = tmp_path / "edited.lbsave"
    write_save(path, payload)  # a deliberate edit: the checksum is recomputed
    with pytest.raises(SaveError) as info:
        Match.load(path)
    said = str(info.value)
    assert words in said and "\n" not in said, said


def test_the_stored_state_decodes_to_the_same_bytes_as_the_game_had(small):
    match = Match(small, humans=["USA"], seed=9)
    match.end_turn()
    blob = json.loads(json.dumps(match.to_payload()["snapshot"]))
    back = decode_state(blob, match.compiled, 0)
    assert state_hash(back) == match.hashes[-1]


# ---------------------------------------------------------------------- console settings


def test_the_console_pin_and_timer_are_kept_in_the_save(small, tmp_path):
    match = Match(small, humans=["USA", "CHN"], seed=3)
    fac = Facilitator(match, seconds=180, clock=lambda: 0.0)
    fac.lock("2468")
    match.end_turn()
    path = match.save(tmp_path / "week1.lbsave")
    text = path.read_text()
    assert "2468" not in text
    again = Match.load(path)
    assert again.console.seconds == 180 and again.notice is None
    reopened = Facilitator(again, seconds=again.console.seconds, clock=lambda: 0.0)
    assert reopened.locked and reopened.opens("2468") and not reopened.opens("1357")
    reopened.set_timer(None)
    assert again.console.seconds is None
    with pytest.raises(FacilitatorError):
        reopened.set_timer(float("nan"))


@pytest.mark.parametrize(
    ("console", "words", "pin_kept", "timer_kept"),
    [
        ({"pin": {"salt": "zz", "hash": 3}, "seconds": 120}, "console PIN was damaged", 0, 1),
        ({"pin": "keep", "seconds": -5}, "turn timer was damaged", 1, 0),
        ({"pin": [1], "seconds": "soon"}, "PIN and turn timer were damaged", 0, 0),
        ("garbage", "console settings were damaged", 0, 0),
    ],
)
def test_a_damaged_console_setting_is_dropped_with_one_line_and_the_game_opens(
    small, tmp_path, console, words, pin_kept, timer_kept
):
    match = Match(small, humans=["USA"], seed=3)
    fac = Facilitator(match, seconds=120, clock=lambda: 0.0)
    fac.lock("2468")
    match.end_turn()
    payload = match.to_payload()
    if isinstance(console, dict) and console["pin"] == "keep":
        console = {**console, "pin": payload["console"]["pin"]}
    payload["console"] = console
    write_save(tmp_path / "edited.lbsave", payload)
    again = Match.load(tmp_path / "edited.lbsave")
    assert again.hashes == match.hashes  # the game itself is whole
    assert words in again.notice and "\n" not in again.notice
    assert (again.console.pin is not None) == bool(pin_kept)
    assert (again.console.seconds == 120) == bool(timer_kept)
    # an edit that does not recompute the checksum is refused whole, like any other
    raw = json.loads((tmp_path / "edited.lbsave").read_text())
    raw["payload"]["console"] = {"pin": None, "seconds": 60}
    (tmp_path / "hand.lbsave").write_text(json.dumps(raw))
    with pytest.raises(SaveError, match="checksum"):
        Match.load(tmp_path / "hand.lbsave")


def test_a_save_from_before_the_console_settings_opens_with_none(small, tmp_path):
    match = Match(small, humans=["USA"], seed=3)
    payload = match.to_payload()
    del payload["console"]
    write_save(tmp_path / "old.lbsave", payload)
    again = Match.load(tmp_path / "old.lbsave")
    assert again.console.pin is None and again.console.seconds is None and again.notice is None


# ---------------------------------------------------------------------- on screen


def test_the_load_screen_shows_the_notice_and_the_game_opens_with_it(tmp_path):
    from ui_driver import Driver

    from game.ui.screens.load import LoadScreen

    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "lesson-v3.lbsave").write_bytes(V3.read_bytes())
    d = Driver(folder)
    d.app.nav.push("load")
    d.frames(3)
    assert isinstance(d.top, LoadScreen)
    assert "older rules" in d.top.row(0, d.top.saves[0])
    assert NOTICE in d.top.detail_html()
    d.top.load()
    d.frames(3)
    assert type(d.top).__name__ in ("HandoverScreen", "MainScreen", "TurnReportScreen")
    assert d.app.toast is not None and d.app.toast[0] == NOTICE + "."


def test_a_reopened_class_has_its_console_lock_and_timer(small, tmp_path):
    from ui_driver import Driver

    match = Match(small, humans=["USA", "CHN"], seed=3)
    fac = Facilitator(match, seconds=240, clock=lambda: 0.0)
    fac.lock("2468")
    path = match.save(tmp_path / "week1.lbsave")
    d = Driver(tmp_path)
    d.app.nav.open_save(path)
    d.frames(3)
    game = d.top.game
    d.app.nav.open_console()
    d.frames(3)
    assert type(d.top).__name__ == "ConsoleScreen" and d.top.locked
    assert d.app.nav.classroom.seconds == 240 and game.console.pin == match.console.pin


def test_play_of_an_older_rules_save_prints_the_notice(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "LUNAR_BLOCS_HOME": str(tmp_path), "SDL_VIDEODRIVER": "dummy"}
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", str(V3), "--exit-after-frames", "3"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"rules-v3.lbsave: {NOTICE}." in result.stdout
