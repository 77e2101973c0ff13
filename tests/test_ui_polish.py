"""The last player-facing defects (issue 10, session 5): driven as a person would, with mouse
events at the pixels where things are drawn and keys."""

from __future__ import annotations

import logging
import os

import numpy as np
import pygame
import pygame_gui
import pytest
from test_sound import FakeMixer
from test_ui_budget_advice import InProcess
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.session.match import Match
from game.sim import forecast as fc
from game.ui.screens.main.advisers import HOLD_TURNS
from game.ui.sound import NO_DEVICE, SoundBoard

ALSA = (
    "ALSA lib confmisc.c:855:(parse_card) cannot find card '0' ALSA lib conf.c:5178:"
    "(_snd_config_evaluate) function snd_func_card_inum returned error: No such file"
)


def shot(d: Driver, name: str) -> None:
    """Keep a screenshot when ``LUNAR_BLOCS_SHOTS=DIR`` asks for them."""
    folder = os.environ.get("LUNAR_BLOCS_SHOTS")
    if folder:
        pygame.image.save(d.app.window, os.path.join(folder, f"{name}.png"))


def hover_tip(d: Driver, widget, cap: int = 240) -> str:
    """Rest the mouse on ``widget`` until its tooltip opens; the tooltip's text."""
    d.move(widget.rect.center)
    assert d.until(lambda: widget.tool_tip is not None, cap=cap), "no tooltip opened"
    return widget.tool_tip.text_block.html_text


def row_button(d: Driver, caption: str):
    """The button on the Settings row whose label reads ``caption``."""
    label = next(w for w in d.widgets(pygame_gui.elements.UILabel) if w.text == caption)
    return next(b for b in d.widgets() if b.rect.y == label.rect.y and b.text in ("On", "Off"))


# ------------------------------------------ sound: one plain line, the detail to the log


def test_without_a_sound_device_settings_says_one_plain_line_and_logs_the_detail(
    tmp_path, monkeypatch, caplog
):
    from game.ui.screens.settings import SettingsScreen

    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path))
    d = Driver(tmp_path, sound=False)
    broken = FakeMixer(fail=pygame.error(ALSA))
    d.app.sound = SoundBoard(d.app.settings, mixer=broken, silent_because=None)
    d.app.push(SettingsScreen(d.app))
    d.frames(2)
    with caplog.at_level(logging.WARNING, logger="game.ui.sound"):
        d.click(row_button(d, "Sound").rect.center)
    assert d.app.settings.sound is True and broken.inits == 1
    assert d.app.toast[0] == NO_DEVICE
    assert any("ALSA lib confmisc.c" in r.getMessage() for r in caplog.records)
    tip = hover_tip(d, row_button(d, "Sound"))
    assert tip == NO_DEVICE
    assert d.app.errors == []


# ------------------------------------------ "Your side": every line reachable at every scale


def side_lines_seen(d: Driver, panel, monkeypatch) -> tuple[str, list[str]]:
    """The heading and the lines the panel draws in one frame."""
    from game.ui import sides

    seen: list[str] = []
    real = sides.draw_text

    def spy(surface, text, *args, **kwargs):
        seen.append(str(text))
        return real(surface, text, *args, **kwargs)

    monkeypatch.setattr(sides, "draw_text", spy)
    d.frames(1)
    monkeypatch.undo()
    return seen[0], seen[1:]


@pytest.mark.parametrize(
    ("size", "scale"), [((1920, 1080), 2.0), ((2560, 1440), 2.0), ((1280, 720), 1.5)]
)
def test_every_line_of_your_side_can_be_read_by_scrolling(tmp_path, size, scale, monkeypatch):
    from test_ui_offers_law import choose

    from game.session.offers import KIND_WORDS

    d = Driver(tmp_path, size=size, scale=scale)
    d.app.forecasts = lambda: InProcess()
    game = Match(load_scenario(DEFAULT_SCENARIO), humans=["IND"], seed=3)
    d.app.nav.show(game)
    d.frames(3)
    d.click(d.top.tab_buttons["offers"].rect.center)
    tab = d.top.tabs["offers"]
    d.choose(tab.kind_menu, KIND_WORDS["funding"])
    tab = d.top.tabs["offers"]
    choose(d, tab.target_menu, "Japan")
    for key in ("funds", "funds", "tech", "tech", "seats"):  # an offer with much to say
        d.click(tab.sweeteners[key].right_button.rect.center, frames=2)
    d.frames(3)
    if tab.views_left is not None:
        # a short right panel shows the other side's answer or this side, by its buttons
        d.click_button("Your side")
        tab = d.top.tabs["offers"]
    lines = [text for text, _tone in tab.sides.lines()]
    assert len(lines) >= 3, lines
    panel = tab.sides_panel
    heading, shown = side_lines_seen(d, panel, monkeypatch)
    by_index = dict(enumerate(shown, start=panel.first))
    if panel.hidden:  # the panel holds a few lines: it scrolls, and says which it shows
        assert f"lines 1-{panel.room} of {panel.total}" in heading, heading
        assert "smaller UI scale" not in heading
    for _ in range(panel.total):
        if panel.first >= panel.hidden:
            break
        d.move(panel.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1))
        _, shown = side_lines_seen(d, panel, monkeypatch)
        by_index.update(enumerate(shown, start=panel.first))
    assert sorted(by_index) == list(range(panel.total))
    if panel.hidden:
        shot(d, f"your-side-scrolled-{size[0]}-{scale:g}")
        # the heading's up arrow, clicked where it is drawn, goes back a line
        first = panel.first
        d.click(panel.up.center)
        assert panel.first == first - 1
    read = " ".join(by_index[i] for i in range(panel.total))
    for text in lines:
        assert text in read, f"{text!r} could not be read"


# ------------------------------------------ Help: how to win, the tabs, the forecast, keys


def start_game(tmp_path, size=(1280, 720), scale=1.0, nation="IND", seed=3) -> tuple[Driver, Match]:
    d = Driver(tmp_path, size=size, scale=scale)
    d.app.forecasts = lambda: InProcess()
    game = Match(load_scenario(DEFAULT_SCENARIO), humans=[nation], seed=seed)
    d.app.nav.show(game)
    d.frames(3)
    return d, game


def test_help_tells_how_to_win_with_the_games_own_numbers(tmp_path):
    from game.ui.screens.main.guide import TAB_PURPOSES
    from game.ui.screens.main.host import TABS

    d, game = start_game(tmp_path)
    d.click(d.button("?").rect.center, frames=4)
    assert getattr(d.top, "is_help", False)
    said = " ".join(line.text for line in d.top.guide)
    r, k = game.rules, game.rules.constants
    # the end date and the turns, the weights and the bonus: the scenario's own
    assert f"end date, {game.catalog.date(int(r.n_turns))} (after turn {int(r.n_turns)}" in said
    assert f"{k.score_contribution:g} × your share" in said
    assert f"{k.score_tech:g} × your mean technology" in said
    assert f"up to {k.winner_bonus:g} points" in said
    bases = [game.catalog.milestone_names[m] for m in np.flatnonzero(r.ms_base)]
    assert bases and all(name in said for name in bases)
    mine = np.flatnonzero(np.asarray(r.obj_nation) == game.people[0])
    assert len(mine) and all(game.catalog.objective_texts[j] in said for j in mine)
    assert set(TAB_PURPOSES) == {key for key, _c, _s in TABS}
    assert all(f"{caption} [{shortcut}]" in said for _k, caption, shortcut in TABS)
    race = d.app.stack[-2].outlook.race  # the futures the forecast played, when it came
    futures = race.futures if race is not None else fc.FUTURES
    assert f"plays {futures} futures" in said and f"kept {HOLD_TURNS} turns" in said
    shot(d, "help-1280")
    d.key(pygame.K_ESCAPE)
    assert d.top is not None and getattr(d.top, "tabs", None) is not None


def test_help_with_another_scenario_says_that_scenarios_numbers(tmp_path):
    classroom = load_scenario(DEFAULT_SCENARIO.parent / "classroom.yaml")
    game = Match(classroom, humans=[classroom.nations[0].id], seed=1)
    d = Driver(tmp_path)
    d.app.forecasts = lambda: InProcess()
    d.app.nav.show(game)
    d.frames(3)
    d.key(pygame.K_F1, frames=4)
    said = " ".join(line.text for line in d.top.guide)
    assert f"end date, {game.catalog.date(int(game.rules.n_turns))}" in said


@pytest.mark.parametrize(
    ("size", "scale"),
    [((1280, 720), 1.0), ((1280, 720), 1.5), ((1920, 1080), 2.0), ((2560, 1440), 2.0)],
)
def test_help_is_legible_and_scrolls_to_its_last_line(tmp_path, size, scale):
    d, _game = start_game(tmp_path, size, scale)
    d.key(pygame.K_F1, frames=4)
    column = d.top.column
    window = d.app.window.get_rect()
    assert window.contains(d.top.box) and d.top.box.contains(column.rect)
    assert column.max_offset > 0  # more than a window holds: it scrolls
    # the wheel over the column, then Page Down, reach the bottom
    d.move(column.rect.center)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-3))
    d.frames(2)
    assert column.offset > 0
    for _ in range(40):
        if column.offset >= column.max_offset:
            break
        d.key(pygame.K_PAGEDOWN, frames=1)
    assert column.offset == column.max_offset
    shot(d, f"help-bottom-{size[0]}-{scale:g}")
    # every line fits the column's width (wrapped, never cut)
    assert all(image.get_width() <= column.rect.w for image, _x, _y in column.images)
    d.key(pygame.K_UP, frames=2)
    assert column.offset < column.max_offset


# ------------------------------------------ the tutorial's arrow never draws over text


def text_on_screen(main) -> list[pygame.Rect]:
    """Every rect with words in the frame just drawn: each line drawn on the window, the
    map's labels and legend, the Moon panel, a message, every label whole and every button's
    caption."""
    rects = list(main.text_drawn)
    world = main.map.map
    rects += [r.move(world.rect.topleft) for r in world.overlay_text]
    rects.append(main.race_rect.copy())
    if main.app.toast and main.app.toast_rect is not None:
        rects.append(main.app.toast_rect.copy())
    for widget in main.app.manager.get_sprite_group().sprites():
        if not getattr(widget, "visible", False):
            continue
        if isinstance(widget, pygame_gui.elements.UIButton) and widget.text.strip():
            w, h = widget.font.size(widget.text)
            caption = pygame.Rect(0, 0, w, h)
            caption.center = widget.rect.center
            if getattr(widget, "text_horiz_alignment", "center") == "left":
                caption.left = widget.rect.left
            rects.append(caption.clip(widget.rect))
        elif isinstance(widget, pygame_gui.elements.UILabel | pygame_gui.elements.UITextBox):
            rects.append(widget.rect.copy())
    return rects


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_tutorial_arrow_never_draws_over_text(tmp_path, size, monkeypatch):
    from game.ui.gallery import tutorial_steps

    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(tmp_path))
    d = Driver(tmp_path, size=size)
    d.app.forecasts = lambda: InProcess()
    steps = 0
    for name, main in tutorial_steps(d.app):
        shown = main.coach.pointer()
        if shown is None:
            continue
        steps += 1
        arrow = main.coach.arrow
        card = main.coach.card(shown.text)[0]
        ring = shown.rect.inflate(main.s(10), main.s(10))
        assert arrow is not None or ring.colliderect(card), f"{name}: no arrow"
        if arrow is None:
            continue
        # the arrow's own pixels, drawn alone, against every rect with words
        alone = pygame.Surface(d.app.window.get_size())
        arrow.draw(alone, (255, 255, 255))
        mask = pygame.mask.from_threshold(alone, (255, 255, 255), (1, 1, 1, 255))
        assert mask.count() > 0
        for rect in text_on_screen(main):
            inside = rect.clip(alone.get_rect())
            if inside.w and inside.h:
                hit = mask.overlap_area(pygame.mask.Mask(inside.size, fill=True), inside.topleft)
                assert hit == 0, f"{name}: the arrow draws over text at {rect}"
        # it leaves from the card and its tip touches the ring
        assert card.inflate(2, 2).collidepoint(arrow.points[0])
        assert ring.inflate(2, 2).collidepoint(arrow.head[0])
        shot(d, f"arrow-{size[0]}-{name}")
    assert steps >= 10
    # the window's text is noted only during the main screen's frame: nothing piles up after
    from game.ui.render import text

    assert id(d.app.window) not in text._seen


@pytest.mark.parametrize("size", [(1920, 1080), (2560, 1440)])
def test_every_line_of_the_inbox_side_can_be_read_by_scrolling(tmp_path, size, monkeypatch):
    d, game = start_game(tmp_path, size, 2.0, seed=2)
    d.key(pygame.K_e, frames=5)  # a turn played: the United States invites India
    while d.top is not None and getattr(d.top, "tabs", None) is None:
        d.key(pygame.K_RETURN)
    d.click(d.top.tab_buttons["inbox"].rect.center)
    inbox = d.top.tabs["inbox"]
    assert inbox.mail(), "no offer came in"
    d.click(inbox.inbox_list.item_list_container.elements[0].rect.center)
    inbox = d.top.tabs["inbox"]
    lines = [text for text, _tone in inbox.sides_lines()]
    panel = inbox.sides_panel
    _heading, shown = side_lines_seen(d, panel, monkeypatch)
    by_index = dict(enumerate(shown, start=panel.first))
    if size == (1920, 1080):
        # 200% there: the offer's side, the deals and the answers are more than fit (at
        # 2560x1440, 200% is the window's own fit and they all show)
        assert panel.hidden > 0
    for _ in range(panel.total):
        if panel.first >= panel.hidden:
            break
        d.move(panel.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1))
        _heading, shown = side_lines_seen(d, panel, monkeypatch)
        by_index.update(enumerate(shown, start=panel.first))
    assert sorted(by_index) == list(range(panel.total))
    read = " ".join(by_index[i] for i in range(panel.total))
    assert all(text in read for text in lines)
    shot(d, f"inbox-side-{size[0]}")


def test_a_tooltip_open_when_the_turn_ends_is_not_left_over_the_report(tmp_path):
    from pygame_gui.elements import UITooltip

    d, game = start_game(tmp_path, nation="JPN")
    label = next(
        w for w in d.widgets(pygame_gui.elements.UILabel) if w.text == "Research" and w.visible
    )
    d.move(label.rect.center)
    d.frames(90)  # past the tooltip's delay
    tips = [e for e in d.app.manager.get_sprite_group().sprites() if isinstance(e, UITooltip)]
    assert tips and "partners know" in tips[0].text_block.html_text
    d.key(pygame.K_e, frames=4)
    assert type(d.top).__name__ == "TurnReportScreen"
    left = [e for e in d.app.manager.get_sprite_group().sprites() if isinstance(e, UITooltip)]
    assert not left, [t.text_block.html_text for t in left]
