"""Drive the game's UI headless, as a person would: posted mouse and key events, then frames.

Posted events do not move SDL's mouse, so every click also sets the mouse position (hover
and sliders poll it); pygame_gui answers a frame or more later, so helpers run frames until
what they wait for happens, with a cap.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from game.session.library import Library
from game.ui.app import App
from game.ui.screens.title import TitleScreen
from game.ui.settings import Settings


class Driver:
    """One app, a window of ``size``, saves in ``folder``."""

    def __init__(self, folder: Path, size: tuple[int, int] = (1280, 720), **settings) -> None:
        self.app = App(Settings(**settings), size=size, persist_settings=False)
        self.app.services = Library(folder=folder)
        self.app.open_window()
        self.app.push(TitleScreen(self.app))
        self.frames(2)

    # --------------------------------------------------------------- loop
    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            if not self.app.running:
                return
            self.app.frame(1 / 60)

    def until(self, check, cap: int = 30) -> bool:
        for _ in range(cap):
            if check():
                return True
            self.frames()
        return bool(check())

    @property
    def top(self):
        return self.app.top

    # --------------------------------------------------------------- input
    def move(self, pos: tuple[int, int]) -> None:
        pygame.mouse.set_pos(pos)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )

    def click(self, pos: tuple[int, int], frames: int = 3) -> None:
        pos = (int(pos[0]), int(pos[1]))
        self.move(pos)
        self.frames()
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False)
        )
        self.frames()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        self.frames(frames)

    def key(self, key: int, mod: int = 0, frames: int = 3) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
        )
        pygame.event.post(
            pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0)
        )
        self.frames(frames)

    # --------------------------------------------------------------- finding widgets
    def widgets(self, kind=pygame_gui.elements.UIButton) -> list:
        return [
            w
            for w in self.app.manager.get_sprite_group().sprites()
            if isinstance(w, kind) and w.alive() and w.visible
        ]

    def tooltips(self) -> list:
        """The tooltips open now (pygame_gui's, not the map's drawn one)."""
        return self.widgets(pygame_gui.elements.UITooltip)

    def rest(self, pos: tuple[int, int], cap: int = 120):
        """Rest the mouse at ``pos`` until a tooltip opens there; that tooltip (or None)."""
        self.move((int(pos[0]), int(pos[1])))
        self.until(lambda: self.tooltips(), cap=cap)
        tips = self.tooltips()
        return tips[0] if tips else None

    def button(self, text: str):
        """The visible button whose text starts with ``text``."""
        found = [b for b in self.widgets() if b.text.strip().startswith(text)]
        assert found, f"no button {text!r}; have {[b.text for b in self.widgets()]}"
        return found[0]

    def click_button(self, text: str, frames: int = 3) -> None:
        self.click(self.button(text).rect.center, frames)

    def open_menu(self, dropdown) -> dict[str, pygame.Rect]:
        """Click a drop-down open; its options as drawn: text -> the rect seen on screen.

        An option counts as drawn only where it is wholly inside both the window and the
        open list's visible area (a scrolled-away or clipped option is not there to click).
        """
        self.click(dropdown.rect.center)
        assert self.until(lambda: dropdown.current_state is dropdown.menu_states["expanded"]), (
            "the drop-down did not open"
        )
        shown = dropdown.current_state.options_selection_list
        view = shown.item_list_container.get_abs_rect().clip(self.app.window.get_rect())
        drawn = {}
        for item in shown.item_list_container.elements:
            if item.visible and view.contains(item.rect):
                drawn[item.text] = item.rect.copy()
        return drawn

    def close_menu(self, dropdown) -> None:
        if dropdown.current_state is dropdown.menu_states["expanded"]:
            self.click(dropdown.current_state.close_button.rect.center)

    def choose(self, dropdown, option: str) -> None:
        """Open a drop-down menu and click the pixel where ``option`` is drawn."""
        drawn = self.open_menu(dropdown)
        assert option in drawn, f"{option!r} is not drawn on screen; drawn: {sorted(drawn)}"
        current = dropdown.selected_option
        if (current[0] if isinstance(current, tuple) else current) == option:
            # pygame_gui keeps the list open when its current option is clicked again.
            self.close_menu(dropdown)
            return
        self.click(drawn[option].center, frames=6)

    def play_to_the_end(self, scenario) -> object:
        """From the title: start ``scenario`` (a path) with New game, accept the nation
        picker's choice, then End turn and close each report from the keyboard until the end
        screen. Returns the game played."""
        from game.ui.screens.end import EndScreen

        self.key(pygame.K_n)
        rows = [e.path for e in self.top.entries]
        for _ in range(rows.index(scenario)):
            self.key(pygame.K_DOWN, frames=1)
        self.key(pygame.K_RETURN)
        self.key(pygame.K_RETURN)
        game = self.top.game
        for _ in range(game.n_turns + 1):
            if isinstance(self.top, EndScreen):
                break
            self.key(pygame.K_e, frames=2)
            self.key(pygame.K_RETURN, frames=2)
        return game
