"""Every file from outside is untrusted: a corpus of hostile files in a real user folder.

The corpus holds one of each kind the hostile-files audit found (issue 7): long, invalid and
control-character titles, huge integers, NaN, forged saves, dangling links, link loops, named
pipes, device links, bad ``extends:`` paths, NUL characters in names, and bad settings. The
game is started on it in a subprocess (so a hang is caught by a generous timeout, never by a
timing assertion), and every command is run on every hostile file.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game import paths, safeio
from game.session.saves import SAVE_SUFFIX, checksum, decode_array, encode_array, read_save

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = paths.SCENARIOS / "tutorial.yaml"
#: Generous: a command on a hostile file takes well under a second; a hang takes forever.
TIMEOUT = 60
HAS_FIFO = hasattr(os, "mkfifo")
HAS_LINKS = os.name == "posix"
HAS_DEV_ZERO = os.path.exists("/dev/zero")


def run(args: list[str], home: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    env = dict(os.environ, LUNAR_BLOCS_HOME=str(home), SDL_VIDEODRIVER="dummy")
    env["SDL_AUDIODRIVER"] = "dummy"
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )


# --------------------------------------------------------------------------- the corpus


def good_payload() -> dict:
    """The payload of a real two-turn game of the tutorial."""
    from game.scenario.loader import load_scenario
    from game.session.match import Match

    scenario = load_scenario(TUTORIAL)
    match = Match(scenario, humans=[scenario.nations[0].id], seed=5)
    match.end_turn()
    match.end_turn()
    return match.to_payload()


def forge(payload: dict) -> bytes:
    """A save document whose checksum matches whatever the payload says (a forger's)."""
    document = {"magic": "lunar-blocs-save", "version": 1, "checksum": checksum(payload)}
    document["payload"] = payload
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


def with_summary(payload: dict, title: str) -> dict:
    changed = json.loads(json.dumps(payload))
    changed["summary"]["title"] = title
    return changed


def edited_orders(payload: dict) -> dict:
    """Turn 1's orders changed (a budget share moved), the checksum recomputed."""
    changed = json.loads(json.dumps(payload))
    orders = changed["orders"][0]
    for key, blob in orders.items():
        if isinstance(blob, dict) and blob.get("dtype", "").endswith("f8"):
            array = decode_array(blob)
            if array.size:
                # a real change whatever the share was (1 - x leaves a share of 0.5 as it was)
                array.flat[0] = array.flat[0] + 0.25
                orders[key] = encode_array(array)
                return changed
    raise AssertionError("the orders hold no float array to edit")


def build_saves(folder: Path, payload: dict) -> tuple[dict[str, str], dict[str, str]]:
    """Write the save corpus; returns ({name: what} loadable, {name: what} refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = forge(payload).decode("utf-8")
    loadable = {
        "good.lbsave": "a real save",
        "autosave-tutorial.lbsave": "a real autosave",
        "title-20k.lbsave": "a 20,000-character title",
        "title-10m.lbsave": "a 10-million-character title",
        "title-surrogate.lbsave": "a lone surrogate in the title",
        "title-escape.lbsave": "terminal escape sequences and NUL in the title",
    }
    (folder / "good.lbsave").write_bytes(forge(payload))
    (folder / "autosave-tutorial.lbsave").write_bytes(forge(payload))
    (folder / "title-20k.lbsave").write_bytes(forge(with_summary(payload, "T" * 20_000)))
    (folder / "title-10m.lbsave").write_bytes(forge(with_summary(payload, "M" * 10_000_000)))
    (folder / "title-surrogate.lbsave").write_bytes(forge(with_summary(payload, "bad \ud800 x")))
    (folder / "title-escape.lbsave").write_bytes(
        forge(with_summary(payload, "\x1b[2J\x1b]0;owned\x07 \x00 \u202e title"))
    )
    refused = {}

    def bad(name: str, what: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        refused[name] = what

    seed = f'"seed":{payload["seed"]}'
    assert seed in text
    bad(
        "int-5000.lbsave",
        "a 5,000-digit integer",
        text.replace(seed, '"seed":' + "9" * 5000).encode(),
    )
    bad("nan.lbsave", "NaN", text.replace(seed, '"seed":NaN').encode())
    bad("huge-float.lbsave", "1e999", text.replace(seed, '"seed":1e999').encode())
    bad("world-1e30.lbsave", "world 10**30", forge({**payload, "world": 10**30}))
    bad("world-2e63.lbsave", "world 2**63", forge({**payload, "world": 2**63}))
    nul_nation = json.loads(json.dumps(payload))
    nul_nation["scenario"]["nations"][0]["name"] = "Aurora\x00Union"
    bad("nul-nation.lbsave", "a NUL in a nation's name", forge(nul_nation))
    broken_rules = json.loads(json.dumps(payload))
    broken_rules["scenario"]["blocs"][0]["founders"] = ["NOBODY"]
    bad("rule-broken.lbsave", "a scenario that fails a rule check", forge(broken_rules))
    bad("edited-orders.lbsave", "edited orders", forge(edited_orders(payload)))
    bad("deep.lbsave", "100,000 nested '['", b"[" * 100_000)
    bad("empty.lbsave", "an empty file", b"")
    bad(
        "checksum.lbsave", "an edit without a new checksum", text.replace(seed, '"seed":6').encode()
    )
    if HAS_LINKS:
        os.symlink("nowhere.lbsave", folder / "dangling.lbsave")
        refused["dangling.lbsave"] = "a dangling link"
        os.symlink("loop-b.lbsave", folder / "loop-a.lbsave")
        os.symlink("loop-a.lbsave", folder / "loop-b.lbsave")
        refused["loop-a.lbsave"] = refused["loop-b.lbsave"] = "a link loop"
        # Named like the newest autosave, a loop once stopped ``play`` at its start.
        os.symlink("autosave-loop.lbsave", folder / "autosave-loop.lbsave")
        refused["autosave-loop.lbsave"] = "a link to itself named as an autosave"
        if HAS_DEV_ZERO:
            os.symlink("/dev/zero", folder / "zero.lbsave")
            refused["zero.lbsave"] = "a link to /dev/zero"
        os.symlink(folder, folder / "folder-link.lbsave")
        refused["folder-link.lbsave"] = "a link to a folder"
    if HAS_FIFO:
        os.mkfifo(folder / "pipe.lbsave")
        refused["pipe.lbsave"] = "a named pipe"
    (folder / "a-folder.lbsave").mkdir()  # a folder named like a save is not an entry
    (folder / f"{safeio.TEMP_PREFIX}999999999-x{SAVE_SUFFIX}").write_bytes(b"half a save")
    return loadable, refused


def build_scenarios(folder: Path) -> dict[str, str]:
    """Write the scenario corpus; returns {name: what} (every one must be refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = TUTORIAL.read_text("utf-8")
    assert "name: Aurora Union" in text
    files = {}

    def bad(name: str, what: str, content: str) -> None:
        (folder / name).write_text(content, "utf-8")
        files[name] = what

    bad(
        "nul-name.yaml",
        "a NUL in a nation's name",
        text.replace("name: Aurora Union", 'name: "Aurora\\0Union"', 1),
    )
    bad(
        "escape-name.yaml",
        "an escape sequence in a name",
        text.replace("name: Aurora Union", 'name: "\\e[31mAurora"', 1),
    )
    bad("extends-nul.yaml", "extends with a NUL", 'extends: "tutorial\\0.yaml"\n')
    bad("extends-long.yaml", "extends with a 300-byte name", f"extends: {'x' * 300}.yaml\n")
    bad("extends-missing.yaml", "extends a missing file", "extends: no-such-file.yaml\n")
    bad("extends-absolute.yaml", "extends an absolute path", "extends: /etc/passwd\n")
    bad(
        "huge-int.yaml",
        "a 5,000-digit integer",
        text.replace("turn_months: ", "turn_months: " + "9" * 5000 + " #", 1),
    )
    if HAS_LINKS:
        os.symlink("scen-loop.yaml", folder / "scen-loop.yaml")
        files["scen-loop.yaml"] = "a link to itself"
        os.symlink("missing.yaml", folder / "dangling.yaml")
        files["dangling.yaml"] = "a dangling link"
        bad("extends-loop.yaml", "extends a link loop", "extends: scen-loop.yaml\n")
        if HAS_DEV_ZERO:
            os.symlink("/dev/zero", folder / "zero.yaml")
            files["zero.yaml"] = "a link to /dev/zero"
            bad("extends-zero.yaml", "extends /dev/zero", "extends: zero.yaml\n")
    if HAS_FIFO:
        os.mkfifo(folder / "pipe.yaml")
        files["pipe.yaml"] = "a named pipe"
        bad("extends-pipe.yaml", "extends a named pipe", "extends: pipe.yaml\n")
    return files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    home = tmp_path_factory.mktemp("hostile-home")
    loadable, refused = build_saves(home / "saves", good_payload())
    scenarios = build_scenarios(home / "scenarios")
    (home / "settings.json").write_text('{"scale": NaN}', "utf-8")
    return home, loadable, refused, scenarios


# --------------------------------------------------------------------------- the game

#: Forged saves whose fault only a replay of their turns finds (the load screen lists them
#: as loadable; opening one says why it is refused, as ``replay`` does).
FOUND_ON_REPLAY = {"edited-orders.lbsave"}

GAME_SCRIPT = """
import json, sys
from game.ui.app import App
from game.ui.screens.title import TitleScreen
from game.ui.screens.load import LoadScreen

app = App()
app.open_window()
app.push(TitleScreen(app))
for _ in range(3):
    app.frame(1 / 60)
title = app.top
app.push(LoadScreen(app))
for _ in range(3):
    app.frame(1 / 60)
load = app.top
rows = [load.row(i, info) for i, info in enumerate(load.saves)]
for i in range(len(load.saves)):
    load.action("next")
    app.frame(1 / 60)
print(json.dumps({
    "title": type(title).__name__,
    "continue": title.continue_text,
    "load": type(load).__name__,
    "rows": rows,
    "names": [info.path.name for info in load.saves],
    "errors": [info.error for info in load.saves],
    "toast": app.toast[0] if app.toast else "",
    "failures": [repr(e) for e in app.errors],
}))
"""


def test_the_game_starts_on_a_hostile_user_folder_and_lists_every_save(corpus):
    home, loadable, refused, _ = corpus
    result = run(["-c", GAME_SCRIPT], home)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["title"] == "TitleScreen" and seen["load"] == "LoadScreen"
    assert seen["failures"] == []
    assert "Settings were reset" in seen["toast"] and "not a usable number" in seen["toast"]
    by_name = dict(zip(seen["names"], seen["errors"], strict=True))
    assert set(by_name) == set(loadable) | set(refused)
    for name in loadable:
        assert by_name[name] is None, f"{name} ({loadable[name]}): {by_name[name]}"
    for name in refused:
        if name in FOUND_ON_REPLAY:
            # Finding it means replaying every turn: the list shows it, loading refuses it.
            assert by_name[name] is None
            continue
        assert by_name[name], f"{name} ({refused[name]}) was not marked unreadable"
    for row in seen["rows"]:
        assert len(row) < 400 and not any(ord(c) < 32 or 0xD800 <= ord(c) < 0xE000 for c in row)
    unreadable = [row for row in seen["rows"] if "unreadable: " in row]
    assert len(unreadable) == len(refused) - len(FOUND_ON_REPLAY)
    # Nothing temporary survives a start; the bad settings file is kept aside, not lost.
    assert not [p for p in (home / "saves").iterdir() if p.name.startswith(safeio.TEMP_PREFIX)]
    assert (home / "settings.json.bad").read_text("utf-8") == '{"scale": NaN}'


@pytest.mark.skipif(not HAS_LINKS, reason="symbolic links need a POSIX system here")
def test_continue_with_a_link_loop_as_the_newest_autosave_still_starts(tmp_path):
    saves = tmp_path / "saves"
    saves.mkdir()
    os.symlink("autosave-x.lbsave", saves / "autosave-x.lbsave")
    result = run(["-m", "game", "play", "--exit-after-frames", "3"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize(
    "content",
    ['{"scale": NaN}', "[" * 100_000, '{"scale": "big", "width": [1], "sound": 3}', "\x00\xff"],
    ids=["nan", "deep", "wrong-types", "binary"],
)
def test_a_bad_settings_file_falls_back_to_defaults_with_a_notice(tmp_path, content):
    from game.ui.settings import Settings, load_settings, save_settings

    path = tmp_path / "settings.json"
    path.write_text(content, "utf-8")
    loaded = load_settings(path)
    assert loaded == Settings()
    if content.startswith('{"scale": "big"'):
        assert loaded.notice == ""  # readable: wrong values fall back one by one
    else:
        assert loaded.notice.startswith("Settings were reset")
        assert (tmp_path / "settings.json.bad").read_text("utf-8") == content
    save_settings(Settings(scale=1.3), path)
    assert load_settings(path).scale == 1.3 and "notice" not in path.read_text("utf-8")
    result = run(["-m", "game", "play", "--exit-after-frames", "2"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]


# --------------------------------------------------------------------------- the commands


def test_replay_refuses_each_hostile_save_with_one_line(corpus):
    home, loadable, refused, _ = corpus
    for name, what in refused.items():
        result = run(["-m", "game", "replay", str(home / "saves" / name)], home)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, f"{name} ({what}): {result.stderr[-500:]}"
        assert len(lines) == 1 and "Traceback" not in result.stderr, f"{name}: {lines}"
        assert name in lines[0] and "pydantic" not in lines[0]
        assert not any(ord(c) < 32 for c in lines[0])


def test_replay_of_a_save_with_a_hostile_title_still_works(corpus):
    home, loadable, _, _ = corpus
    for name in ("title-surrogate.lbsave", "title-escape.lbsave"):
        result = run(["-m", "game", "replay", "--quiet", str(home / "saves" / name)], home)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout


def test_the_messages_say_edited_or_other_version_or_out_of_range(corpus):
    home, _, _, _ = corpus
    from game.session.match import Match
    from game.session.saves import SaveError

    def reason(name: str) -> str:
        with pytest.raises(SaveError) as caught:
            Match.load(home / "saves" / name)
        return str(caught.value)

    assert reason("edited-orders.lbsave").startswith("edited: its orders for turn 1")
    assert "5,001 digits" in reason("int-5000.lbsave") or "digits" in reason("int-5000.lbsave")
    assert "not a usable number" in reason("nan.lbsave") or "NaN" in reason("nan.lbsave")
    assert "world" in reason("world-2e63.lbsave")
    assert "NUL" in reason("nul-nation.lbsave")
    assert "does not pass the checks" in reason("rule-broken.lbsave")
    payload = read_save(home / "saves" / "good.lbsave")
    older = {**payload, "game_version": "0.0.1"}
    path = home / "older.lbsave"
    path.write_bytes(forge(edited_orders(older)))
    with pytest.raises(SaveError, match="different version of the game"):
        Match.load(path)
    assert "\n" not in reason("rule-broken.lbsave")


def test_check_simulate_and_balance_refuse_each_hostile_scenario_with_one_line(corpus):
    home, _, _, scenarios = corpus
    folder = home / "scenarios"
    for name, what in scenarios.items():
        path = str(folder / name)
        checked = run(["-m", "game", "check", "-q", path], home)
        assert checked.returncode == 1, f"{name} ({what}): {checked.stdout}{checked.stderr}"
        problems = checked.stdout.strip().splitlines()
        assert problems and "Traceback" not in checked.stdout + checked.stderr
        for command in (["simulate", path, "--turns", "1"], ["balance", path, "--worlds", "2"]):
            result = run(["-m", "game", *command], home)
            lines = result.stderr.strip().splitlines()
            assert result.returncode == 1, f"{command[0]} {name} ({what}): {result.stderr}"
            assert len(lines) == 1 and "Traceback" not in result.stderr, f"{name}: {lines}"
            assert not any(ord(c) < 32 for c in lines[0])


def test_the_scenario_list_shows_unreadable_entries_and_keeps_the_rest(corpus):
    home, _, _, scenarios = corpus
    result = run(["-m", "game", "scenarios"], home)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1)
    assert "Tutorial: Your First Moon Race" in result.stdout
    for name in scenarios:
        assert name in result.stdout, name
    if HAS_LINKS:
        assert "unreadable: a symbolic link loop" in result.stdout
        assert "unreadable: a link to a file that does not exist" in result.stdout


def test_an_unreadable_scenarios_folder_is_one_entry(tmp_path, monkeypatch):
    from game.scenario.catalog_files import list_scenarios

    # We may run as root, which reads every folder: a file where the folder should be
    # gives the same "cannot list it" path without permissions.
    (tmp_path / "scenarios").write_text("not a folder", "utf-8")
    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path))
    infos = list_scenarios()
    user = [info for info in infos if info.source == "user"]
    assert len(user) == 1 and user[0].errors[0].message.startswith("unreadable: ")
    assert any(info.ok for info in infos)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_read_permission_is_one_entry(tmp_path):
    from game.session.saves import list_saves

    folder = tmp_path / "saves"
    folder.mkdir()
    folder.chmod(0)
    try:
        infos = list_saves(folder)
    finally:
        folder.chmod(0o700)
    assert len(infos) == 1 and infos[0].error == "permission denied"


def test_simulate_refuses_a_world_id_out_of_range(tmp_path):
    result = run(["-m", "game", "simulate", str(TUTORIAL), "--world", str(2**63)], tmp_path)
    assert result.returncode == 2 and "--world" in result.stderr


# --------------------------------------------------------------------------- kills

KILL_SCRIPT = """
import sys
from pathlib import Path
from game.session.saves import read_save, write_save
from game.ui.settings import Settings, save_settings
folder = sys.argv[1]
pad = "x" * 400_000
# Go on from the last save, so that a save lost to a kill shows as a count going back.
n = read_save(folder + "/game.lbsave")["n"] if Path(folder, "game.lbsave").exists() else 0
first = n + 1
while True:
    n += 1
    write_save(folder + "/game.lbsave", {"n": n, "pad": pad})
    save_settings(Settings(width=960 + n % 1000), Path(folder) / "s.json")
    if n == first:
        print("ready", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_kill_during_save_never_loses_the_last_good_save(tmp_path):
    from game.ui.settings import load_settings

    rounds = int(os.environ.get("LUNAR_BLOCS_KILL_ROUNDS", "24"))
    rng = random.Random(7)
    env = dict(os.environ, LUNAR_BLOCS_HOME=str(tmp_path))
    last, lost, leftovers = 0, 0, 0
    for _ in range(rounds):
        child = subprocess.Popen(
            [sys.executable, "-c", KILL_SCRIPT, str(tmp_path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout.readline().strip() == "ready"
            # A random moment inside the save loop (no timing is asserted, only outcomes).
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=rng.uniform(0.0, 0.05))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=TIMEOUT)
            child.stdout.close()
        try:
            n = read_save(tmp_path / "game.lbsave")["n"]
        except Exception:
            lost += 1
            continue
        lost += n < last
        last = n
        settings = load_settings(tmp_path / "s.json")
        assert settings.notice == "" and settings.width > 960 - 1
        leftovers += safeio.clean_temp_files(tmp_path)  # what the next start does
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(safeio.TEMP_PREFIX)]
    print(f"kill-during-save: {rounds} kills, {lost} saves lost, {leftovers} temp files cleaned")
    assert lost == 0
