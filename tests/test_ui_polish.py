"""The last player-facing defects (issue 10, session 5): driven as a person would, with mouse
events at the pixels where things are drawn and keys."""

from __future__ import annotations

import logging

import pygame
import pygame_gui
from test_sound import FakeMixer
from ui_driver import Driver

from game.ui.sound import NO_DEVICE, SoundBoard

ALSA = (
    "ALSA lib confmisc.c:855:(parse_card) cannot find card '0' ALSA lib conf.c:5178:"
    "(_snd_config_evaluate) function snd_func_card_inum returned error: No such file"
)


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
