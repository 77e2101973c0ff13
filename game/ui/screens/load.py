"""The load screen: saved games, newest first; a broken save shows its error and loads nothing.

With ``in_progress`` it is Continue's list: each game in progress (its own autosave) by name.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.session.library import AUTOSAVE_NAME
from game.session.match import check_payload, save_notice
from game.session.saves import list_saves
from game.ui.screens.base import ListScreen
from game.ui.widgets import esc, friendly_path, starfield


class LoadScreen(ListScreen):
    """Pick a save and load it (Enter or double-click)."""

    modal = True
    scopes = ("lists",)
    title = "Load"

    def __init__(self, app, in_progress: bool = False) -> None:
        super().__init__(app)
        self.in_progress = in_progress

    def open(self) -> None:
        if self.in_progress:
            self.saves = self.app.services.in_progress()
        else:
            self.saves = list_saves(
                self.app.services.saves_folder(), check=check_payload, notice=save_notice
            )
        self.index = 0

    def build(self) -> None:
        w, h = self.app.size
        box = pygame.Rect(0, 0, min(w - self.s(40), self.s(900)), min(h - self.s(40), self.s(560)))
        box.center = (w // 2, h // 2)
        self.box = box
        inner = pygame.Rect(
            box.x + self.s(20), box.y + self.s(60), box.w - self.s(40), box.h - self.s(180)
        )
        rows = [self.row(i, info) for i, info in enumerate(self.saves)]
        if rows:
            self.list = pygame_gui.elements.UISelectionList(
                inner,
                rows,
                manager=self.app.manager,
                container=self.root,
                default_selection=rows[self.index],
            )
        else:
            self.list = None
            self.textbox(
                inner,
                f"No saved games yet in {esc(friendly_path(self.app.services.saves_folder()))}.",
            )
        self.detail = self.textbox(
            pygame.Rect(inner.x, inner.bottom + self.s(8), inner.w, self.s(52)),
            self.detail_html(),
            cls="@plain",
        )
        by = box.bottom - self.s(56)
        self.button(
            pygame.Rect(box.x + self.s(20), by, self.s(140), self.s(40)),
            "Back  [Esc]",
            on=self.back,
        )
        self.go = self.button(
            pygame.Rect(box.right - self.s(200), by, self.s(180), self.s(40)),
            "Load  [Enter]",
            cls="@primary",
            on=self.load,
        )
        if not rows:
            self.go.disable()

    def row(self, i: int, info) -> str:
        when = info.modified.astimezone().strftime("%Y-%m-%d %H:%M")
        if info.error:
            return f"{i + 1}. {info.name}  ·  unreadable: {info.error}"
        kind = "Autosave · " if info.path.stem.startswith(AUTOSAVE_NAME) else ""
        older = "  ·  older rules" if info.notice and "rules v" in info.notice else ""
        return f"{i + 1}. {kind}{info.title}  ·  {info.detail}{older}  ·  saved {when}"

    def detail_html(self) -> str:
        if not self.saves:
            return ""
        info = self.saves[self.index]
        if info.error:
            return f"<font color=#ff8a8a>{esc(info.name)}: unreadable: {esc(info.error)}</font>"
        if info.notice:
            return f"{esc(info.name)}<br><font color=#ffd479>{esc(info.notice)}</font>"
        return f"{esc(info.name)}"

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION
            and event.ui_element is self.list
        ):
            self.load()
            return True
        return super().handle(event)

    def row_count(self) -> int:
        return len(self.saves)

    def pick(self, index: int) -> None:
        self.index = index
        self.detail.set_text(self.detail_html())

    def action_confirm(self) -> None:
        self.load()

    def load(self) -> None:
        if not self.saves:
            return
        info = self.saves[self.index]
        if info.error:
            self.app.notify(f"Cannot load: {info.error}", error=True, seconds=6)
            return
        self.app.nav.open_save(info.path)

    def draw(self, surface: pygame.Surface) -> None:
        if self.backdrop is None:
            surface.blit(starfield(surface.get_size(), self.colours), (0, 0))
        else:
            super().draw(surface)
        self.panel(surface, self.box, None)
        self.text(
            surface,
            "Continue a game in progress" if self.in_progress else "Load a saved game",
            (self.box.x + self.s(20), self.box.y + self.s(18)),
            22,
            self.colours.bright,
            True,
        )
