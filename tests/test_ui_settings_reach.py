"""Settings at every supported window size and scale (issue 10): every option of every
drop-down is drawn inside the window and chosen by a click, and what the note says about the
scale matches what is offered and what the window holds. Driven as a person would: the
scale is chosen from the Interface scale menu, options clicked where they are drawn."""

from __future__ import annotations

import os
import re

import pygame
import pytest
from ui_driver import Driver

SHOTS = os.environ.get("LUNAR_BLOCS_SHOTS", "/tmp/s8-polish")

#: The window sizes supported and the scales each is played at (Auto besides).
SUPPORTED = {
    (1280, 720): ("100%", "110%", "125%", "150%"),
    (1920, 1080): ("100%", "110%", "125%", "150%", "175%", "200%"),
    (2560, 1440): ("100%", "110%", "125%", "150%", "175%", "200%"),
}


def settings(tmp_path, size) -> Driver:
    from game.ui.screens.settings import SettingsScreen

    d = Driver(tmp_path, size=size)
    d.app.push(SettingsScreen(d.app))
    d.frames(2)
    return d


def every_option_drawn(d: Driver, menu) -> None:
    drawn = d.open_menu(menu)
    options = [text for text, _ in menu.options_list]
    window = d.app.window.get_rect()
    assert all(window.contains(rect) for rect in drawn.values())
    assert sorted(drawn) == sorted(options), f"not on screen: {set(options) - set(drawn)}"
    d.close_menu(menu)


@pytest.mark.parametrize("size", list(SUPPORTED))
def test_every_settings_drop_down_shows_all_its_options_at_every_scale(tmp_path, size):
    d = settings(tmp_path, size)
    for scale in ("Auto", *SUPPORTED[size]):
        menu = d.top.scale_menu
        auto = next(text for text, _ in menu.options_list if text.startswith("Auto"))
        d.choose(menu, auto if scale == "Auto" else scale)
        d.frames(2)
        for name in ("scale_menu", "volume_menu", "diff_menu"):
            every_option_drawn(d, getattr(d.top, name))
        if scale == SUPPORTED[size][-1]:
            d.open_menu(d.top.volume_menu)
            os.makedirs(SHOTS, exist_ok=True)
            pygame.image.save(d.app.window, f"{SHOTS}/settings-volume-{size[0]}-{scale}.png")
            d.close_menu(d.top.volume_menu)
    # the last volume step, drawn and clicked at the largest scale
    d.choose(d.top.volume_menu, "Volume 0%")
    assert d.app.settings.volume == 0


@pytest.mark.parametrize("size", list(SUPPORTED))
def test_the_scale_note_names_only_scales_offered_and_held(tmp_path, size):
    d = settings(tmp_path, size)
    for scale in ("Auto", *SUPPORTED[size]):
        menu = d.top.scale_menu
        offered = [text for text, _ in menu.options_list]
        auto = next(text for text in offered if text.startswith("Auto"))
        d.choose(menu, auto if scale == "Auto" else scale)
        d.frames(2)
        note = d.top.scale_note()
        held = round(min(d.app.scale_limit, 2.0) * 100)
        named = [int(n) for n in re.findall(r"(\d+)%", note)]
        # every scale named is one the menu offers (Auto's own among them), none above what
        # the window holds nor above the largest offered (2560x1440 said "up to 300%")
        assert named and all(f"{n}%" in " ".join(offered) for n in named), note
        assert max(named) <= held, note
        assert f"up to {held}%" in note, note
        os.makedirs(SHOTS, exist_ok=True)
        pygame.image.save(d.app.window, f"{SHOTS}/settings-note-{size[0]}-{scale}.png")


@pytest.mark.parametrize("size", list(SUPPORTED))
def test_a_message_in_settings_covers_no_control_nor_the_note(tmp_path, size):
    import pygame_gui

    d = settings(tmp_path, size)
    d.choose(d.top.scale_menu, SUPPORTED[size][-1])  # the largest scale the window is for
    d.frames(2)
    d.app.notify("Sound is off: no audio device was found")
    d.frames(2)
    box = d.app.toast_rect
    assert box is not None and d.app.window.get_rect().contains(box)
    for widget in d.widgets(pygame_gui.core.UIElement):
        if widget is not d.top.root and widget.rect.w < d.app.size[0]:
            assert not box.colliderect(widget.rect), (widget, widget.rect, box)
    x, y = d.top.note_pos
    note = pygame.Rect(x, y, d.top.box.w - d.app.s(48), 2 * d.app.s(17))
    assert not box.colliderect(note)
    pygame.image.save(d.app.window, f"{SHOTS}/settings-message-{size[0]}.png")


@pytest.mark.parametrize("size", [(1280, 720), (2560, 1440)])
def test_resting_on_a_level_in_settings_says_what_it_does(tmp_path, size):
    # the largest scale each size holds: the longest tooltip must still lie inside the window
    from game.ai.difficulty import DESCRIPTIONS

    d = settings(tmp_path, size)
    d.choose(d.top.scale_menu, SUPPORTED[size][-1])
    d.frames(2)
    menu = d.top.diff_menu
    tip = d.rest(menu.rect.center)
    assert tip is not None and tip.text_block.html_text == DESCRIPTIONS[d.app.settings.difficulty]
    assert d.app.window.get_rect().contains(tip.rect)
    drawn = d.open_menu(menu)
    d.move((0, 0))
    d.until(lambda: not d.tooltips())
    tip = d.rest(drawn["hard"].center)
    assert tip is not None and tip.text_block.html_text == DESCRIPTIONS["hard"]
    d.frames(2)
    assert d.app.window.get_rect().contains(tip.rect)
    assert not tip.rect.colliderect(menu.current_state.options_selection_list.rect)
