"""Handouts and the debrief: SVG and HTML that hold the engine's numbers, on every scenario.

The browser tests print real pages with Debian's ``chromium`` and turn the PDF into PNGs
with ``pdftoppm`` (poppler-utils); they skip with a message when either is missing.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.engine.phases.victory import SCORE_PARTS, score_parts
from game.paths import DEFAULT_SCENARIO, ROOT
from game.report.debrief import percentile
from game.report.handouts import handouts_html, playable
from game.report.pdf import find_browser, print_pdf, screenshot
from game.report.svg import Series, line_chart, map_view, world_map
from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.sim.driver import run_batch
from game.sim.export import ATTEMPT_COLUMNS, MEMBERSHIP_COLUMNS, NATION_COLUMNS
from game.text.words import money

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
CLASSROOM = ROOT / "scenarios" / "classroom.yaml"
SVG = "{http://www.w3.org/2000/svg}"


class _Checker(HTMLParser):
    """Counts page sections and checks that every opened element (but void ones) closes."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}
    SVG_LEAVES = {"path", "circle", "rect", "line", "polyline"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.pages = 0
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "section" and ("class", "page") in attrs:
            self.pages += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def check_html(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    assert not checker.errors, checker.errors[:3]
    assert checker.stack == [], checker.stack
    assert text.startswith("<!DOCTYPE html>")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    assert "https://" not in text and "<script" not in text
    return checker


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def classroom_save(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("save") / "class.lbsave"
    scenario = load_scenario(CLASSROOM)
    match = Match(scenario, humans=("EUR", "IND"), seed=11)
    while not match.over:
        match.end_turn()
    match.save(path)
    return path


# --------------------------------------------------------------------------- SVG


def test_the_map_is_well_formed_svg_with_every_country_and_the_team_outlined():
    compiled = compile_scenario(load_scenario(CLASSROOM), worlds=1)
    nations, blocs = map_view(compiled.catalog.scenario, compiled.state.bloc[0])
    root = ET.fromstring(world_map(nations, blocs, focus="IND", title="India"))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "India" in titles and "China" in titles
    # the focus outline is drawn once more on top, in black
    focus = [g for g in root.iter(f"{SVG}g") if g.get("stroke") == "#000"]
    assert len(focus) == 1 and len(list(focus[0])) >= 1
    # a bloc's members are filled with the bloc's colour or its pattern
    china = next(p for p in root.iter(f"{SVG}path") if p.findtext(f"{SVG}title") == "China")
    bloc = next(b for b in blocs if b.id == nations[compiled.catalog.nation("CHN")].bloc)
    assert china.get("fill") in (bloc.colour, f"url(#pat-{bloc.id})")


def test_a_chart_is_well_formed_and_skips_missing_values():
    markup = line_chart(
        "Budget",
        ["2021-03", "2021-09", "2022-03"],
        [Series("A", "#123456", [1.0, float("nan"), 3.0])],
    )
    svg = re.search(r"<svg.*?</svg>", markup, re.S).group(0)
    root = ET.fromstring(svg)
    # a gap breaks the line: two single points, no polyline across the missing turn
    assert not list(root.iter(f"{SVG}polyline"))
    assert len(list(root.iter(f"{SVG}circle"))) == 2


# --------------------------------------------------------------------------- handouts


def test_a_handout_shows_the_engines_starting_figures_and_objective_points():
    compiled = compile_scenario(load_scenario(CLASSROOM), worlds=1)
    i = compiled.catalog.nation("IND")
    page = handouts_html(compiled, [i])
    state, rules = compiled.state, compiled.rules
    assert f"US{money(float(state.budget[0, i]))}" in page
    assert f"{100 * float(state.support[0, i]):.0f}%" in page
    for j in np.flatnonzero(rules.obj_nation == i):
        text = compiled.catalog.objective_texts[j]
        points = rules.constants.score_objectives * float(rules.obj_points[j])
        assert re.search(re.escape(text) + r"</td><td class=\"num\">" + f"{points:.0f}<", page)
    assert f"{rules.constants.winner_bonus:g} points if your bloc wins" in page


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_handouts_command_writes_a_page_per_playable_team(path, tmp_path, capsys):
    code, out, err = run_cli(capsys, "handouts", path, "--out", tmp_path, "--no-pdf")
    assert code == 0, err
    compiled = compile_scenario(load_scenario(path), worlds=1)
    teams = playable(compiled)
    whole = tmp_path / f"{compiled.catalog.scenario.meta.id}-handouts.html"
    assert check_html(whole.read_text(encoding="utf-8")).pages == len(teams)
    for i in teams:
        one = (
            tmp_path / f"{compiled.catalog.scenario.meta.id}-{compiled.catalog.nation_ids[i]}.html"
        )
        assert check_html(one.read_text(encoding="utf-8")).pages == 1


def test_handouts_of_a_variant_written_with_extends(tmp_path, capsys):
    variant = tmp_path / "short.yaml"
    variant.write_text("extends: classroom.yaml\nmeta:\n  id: short-class\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "handouts", variant, "--out", tmp_path / "out", "--no-pdf")
    assert code == 0, err
    assert (tmp_path / "out" / "short-class-handouts.html").is_file()


def test_handouts_of_a_broken_file_say_so_in_a_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: [\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "handouts", bad, "--out", tmp_path)
    assert code == 1 and "Traceback" not in err and err.strip()


# --------------------------------------------------------------------------- debrief


def test_score_parts_add_up_to_the_engines_score():
    compiled = compile_scenario(load_scenario(CLASSROOM), worlds=6)
    final = run_batch(compiled, keep_states=False, keep_events=False).final
    parts, _ = score_parts(final, compiled.rules)
    total = sum(parts[p] for p in SCORE_PARTS)
    assert np.allclose(total, final.score, rtol=0, atol=1e-9)
    assert parts["winner"].max() == compiled.rules.constants.winner_bonus


def test_percentile_counts_half_the_ties():
    assert percentile(5.0, np.array([1.0, 5.0, 9.0, 9.0])) == pytest.approx(37.5)
    assert percentile(float("inf"), np.array([1.0, float("inf")])) == pytest.approx(75.0)


def test_debrief_of_a_class_game_holds_the_engines_numbers(classroom_save, tmp_path, capsys):
    code, out, err = run_cli(
        capsys, "debrief", classroom_save, "--out", tmp_path, "--worlds", "40", "--no-pdf"
    )
    assert code == 0, err
    match = Match.load(classroom_save)
    page = (tmp_path / "debrief.html").read_text(encoding="utf-8")
    assert check_html(page).pages == 4
    data = json.loads((tmp_path / "debrief.json").read_text(encoding="utf-8"))
    final = match.state
    cat = match.catalog
    for i, nid in enumerate(cat.nation_ids):
        parts = data["score_parts"][nid]
        assert sum(parts.values()) == pytest.approx(float(final.score[0, i]), abs=1e-5)
        assert f"{float(final.score[0, i]):.1f}" in page
    assert len(data["game"]["turns"]) == match.turn + 1
    assert data["compare"]["worlds"] == 40 and data["what_if"]["from_turn"] == match.turn // 2
    assert sum(data["compare"]["wins"].values()) == 40
    winner = int(final.winner[0])
    if winner >= 0:
        assert f"{cat.bloc_names[winner]} won" in page
    # the CSV files are issue 9's export columns, one nations row per turn and nation
    with open(tmp_path / "nations.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == NATION_COLUMNS
    assert len(rows) - 1 == (match.turn + 1) * len(cat.nation_ids)
    for name, columns in (
        ("attempts.csv", ATTEMPT_COLUMNS),
        ("membership.csv", MEMBERSHIP_COLUMNS),
    ):
        with open(tmp_path / name, newline="", encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))) == columns


def test_what_if_from_the_last_turn_is_the_class_result(classroom_save, tmp_path, capsys):
    match = Match.load(classroom_save)
    code, _, err = run_cli(
        capsys,
        "debrief",
        classroom_save,
        "--out",
        tmp_path,
        "--worlds",
        "5",
        "--what-if-from",
        match.turn,
        "--no-pdf",
    )
    assert code == 0, err
    data = json.loads((tmp_path / "debrief.json").read_text(encoding="utf-8"))
    if match.over:  # nothing is left to play: every world ends as the class did
        winner = int(match.state.winner[0])
        key = match.catalog.bloc_ids[winner] if winner >= 0 else "none"
        assert data["what_if"]["wins"][key] == 5


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_simulate_save_then_debrief_on_every_shipped_scenario(path, tmp_path, capsys):
    save = tmp_path / "sim.lbsave"
    code, _, err = run_cli(capsys, "simulate", path, "--turns", "6", "--save", save)
    assert code == 0, err
    loaded = Match.load(save)
    assert loaded.turn == 6 or (loaded.over and loaded.turn < 6)  # a base may end it sooner
    code, _, err = run_cli(
        capsys, "debrief", save, "--out", tmp_path / "d", "--worlds", "8", "--no-pdf"
    )
    assert code == 0, err
    check_html((tmp_path / "d" / "debrief.html").read_text(encoding="utf-8"))


def test_debrief_of_a_damaged_save_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.lbsave"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run_cli(capsys, "debrief", bad, "--out", tmp_path / "d")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_debrief_refuses_a_what_if_turn_outside_the_game(classroom_save, tmp_path, capsys):
    code, _, err = run_cli(
        capsys, "debrief", classroom_save, "--out", tmp_path, "--what-if-from", "999"
    )
    assert code == 2 and "--what-if-from" in err


# --------------------------------------------------------------------------- a real browser

BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None or shutil.which("pdftoppm") is None,
    reason="needs Debian's chromium and poppler-utils (apt-get install chromium poppler-utils)",
)


def _dark_share(png: Path) -> float:
    """Share of dark pixels in a PNG (pygame only reads the file; nothing is displayed)."""
    import pygame

    surface = pygame.image.load(str(png))
    pixels = pygame.surfarray.array3d(surface)
    return float((pixels.mean(axis=2) < 128).mean())


@needs_browser
def test_a_handout_and_a_debrief_print_in_a_real_browser(classroom_save, tmp_path, capsys):
    code, out, err = run_cli(capsys, "handouts", CLASSROOM, "--out", tmp_path / "h")
    assert code == 0, err
    compiled = compile_scenario(load_scenario(CLASSROOM), worlds=1)
    stem = compiled.catalog.scenario.meta.id
    pdf = tmp_path / "h" / f"{stem}-handouts.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages == len(playable(compiled))  # one printed page per team
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "hand")],
        check=True,
    )
    png = next(tmp_path.glob("hand*.png"))
    assert 0.01 < _dark_share(png) < 0.6  # ink on the page, not a blank or black sheet
    shot = screenshot(tmp_path / "h" / f"{stem}-IND.html", tmp_path / "hand-screen.png")
    assert 0.01 < _dark_share(shot) < 0.6

    code, _, err = run_cli(
        capsys, "debrief", classroom_save, "--out", tmp_path / "d", "--worlds", "20"
    )
    assert code == 0, err
    dpdf = tmp_path / "d" / "debrief.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(dpdf), str(tmp_path / "deb")], check=True)
    shots = sorted(tmp_path.glob("deb*.png"))
    assert len(shots) >= 3
    assert all(0.005 < _dark_share(p) < 0.6 for p in shots)
    print_pdf(tmp_path / "d" / "debrief.html", tmp_path / "again.pdf", BROWSER)
    assert (tmp_path / "again.pdf").stat().st_size > 0


def test_the_end_screen_writes_the_debrief_with_one_key(tmp_path, monkeypatch):
    import pygame
    from ui_driver import Driver

    from game.paths import SCENARIOS
    from game.ui.screens.end import EndScreen

    started = []

    class Job:
        """The debrief's process, finished when the test says so."""

        code = None

        def __init__(self, cmd, **_kw):
            started.append(cmd)

        def poll(self):
            return Job.code

    monkeypatch.setattr(subprocess, "Popen", Job)
    d = Driver(tmp_path)
    game = d.play_to_the_end(SCENARIOS / "tutorial.yaml")
    assert isinstance(d.top, EndScreen)
    d.key(pygame.K_r)
    assert len(started) == 1 and started[0][3] == "debrief"
    save = Path(started[0][4])
    assert Match.load(save).turn == game.turn  # the debrief reads the game just finished
    d.frames(2)
    assert d.top.debrief_status().startswith("Writing the debrief")
    d.key(pygame.K_r)  # a second R while it is written starts nothing
    assert len(started) == 1
    Job.code = 0  # done: the screen says where the debrief is, until the player leaves
    d.frames(2)
    assert d.top.debrief_status().startswith("Debrief written: ")
    assert d.top.debrief_status().endswith("debrief.html")
    assert not d.app.errors


def test_the_computer_worlds_never_replay_the_class_world(monkeypatch):
    # With the save's seed, the class's own world id would repeat the class's draws: a
    # computer-played save would then be compared with itself.
    from game.report import debrief

    scenario = load_scenario(ROOT / "scenarios" / "classroom.yaml")
    seen = []
    monkeypatch.setattr(debrief, "_play", lambda compiled, level: seen.append(compiled))
    for world in (0, 3):
        match = Match(scenario, humans=[], world=world)
        debrief.compare(match, 5)
        debrief.what_if(match, 0, 5)
        for compiled in seen[-2:]:
            ids = compiled.state.world.tolist()
            assert len(ids) == 5 and len(set(ids)) == 5 and world not in ids


def test_a_small_nations_handout_gives_its_budget_in_millions():
    # the handouts printed every budget as "US$ x.x B": Nigeria's US$ 50 M read "US$ 0.1 B"
    compiled = compile_scenario(load_scenario(DEFAULT_SCENARIO), worlds=1)
    i = compiled.catalog.nation("NGA")
    budget = float(compiled.state.budget[0, i])
    assert budget < 0.1
    page = handouts_html(compiled, [i])
    assert f"US${budget * 1000:.0f} M" in page or f"US${budget * 1000:.1f} M" in page
    assert "US$ 0.1 B" not in page and "US$0.0" not in page
