"""The Help screen: the guide to the game being played (how to win, the tabs, the forecast
and the advisers, from ``main.guide``), then every keyboard shortcut grouped by where it
works (from ``keys.BINDINGS``) and the mouse. One scrolling column (``richtext``): the wheel,
the scrollbar, Up/Down and Page Up/Down move it, at any size and scale."""

from __future__ import annotations

import pygame

from game.ui import keys
from game.ui.richtext import Line, ScrollText
from game.ui.screens.base import Screen


def shortcut_lines(scopes: tuple[str, ...]) -> list[Line]:
    """The shortcuts of ``scopes`` (then the global and list ones), one line per action."""
    seen: list[str] = []
    for scope in [*scopes, "global", "lists"]:
        if scope not in seen:
            seen.append(scope)
    lines: list[Line] = []
    for scope in seen:
        rows = []
        done = set()
        for b in keys.BINDINGS:
            if b.scope != scope or (b.action, b.label) in done:
                continue
            done.add((b.action, b.label))
            same = [x.keys_text for x in keys.BINDINGS if x.scope == scope and x.action == b.action]
            rows.append(Line(f"{' / '.join(dict.fromkeys(same))}  —  {b.label}", indent=12))
        if rows:
            title = f"Keys: {keys.SCOPE_TITLES.get(scope, scope)}"
            lines += [Line(title, "bright", bold=True, size=16, gap=12), *rows]
    return lines


MOUSE = [
    Line("Mouse", "bright", bold=True, size=16, gap=12),
    Line(
        "Click a nation on the map to select it; hover for details; scroll to zoom and drag "
        "with the right button to pan. Every button has a tooltip.",
        indent=12,
    ),
]


class HelpScreen(Screen):
    """A modal with the guide and the shortcuts; Esc, Enter, F1 or ? close it."""

    modal = True
    is_help = True
    title = "Help"
    scopes = ("lists",)  # Up/Down scroll, Enter closes

    def __init__(self, app, scopes: tuple[str, ...] = (), guide: list[Line] | None = None):
        super().__init__(app)
        self.for_scopes = scopes
        self.guide = list(guide or [])
        self.column: ScrollText | None = None

    def action_help(self) -> None:
        self.app.pop(None)

    def action_back(self) -> None:
        self.app.pop(None)

    def action_confirm(self) -> None:
        self.app.pop(None)

    def _scroll(self, pixels: int) -> bool:
        if self.column is not None:
            self.column.scroll(pixels)
        return True

    def action_prev(self) -> bool:
        return self._scroll(-self.s(40))

    def action_next(self) -> bool:
        return self._scroll(self.s(40))

    def build(self) -> None:
        w, h = self.app.size
        box = pygame.Rect(0, 0, min(w - self.s(40), self.s(820)), h - self.s(40))
        box.center = (w // 2, h // 2)
        self.box = box
        lines = [*self.guide, *shortcut_lines(self.for_scopes), *MOUSE]
        if not self.guide:
            lines[0] = Line(lines[0].text, "bright", bold=True, size=16)  # no gap on top
        keep = self.column.offset if self.column is not None else 0
        self.column = ScrollText(
            pygame.Rect(
                box.x + self.s(18), box.y + self.s(52), box.w - self.s(30), box.h - self.s(112)
            ),
            lines,
            self.app.scale,
            self.colours,
        )
        self.column.scroll(keep)
        self.button(
            pygame.Rect(box.centerx - self.s(80), box.bottom - self.s(50), self.s(160), self.s(38)),
            "Close (Esc)",
            on=lambda: self.app.pop(None),
        )

    def handle(self, event: pygame.event.Event) -> bool:
        if self.column is not None and self.column.handle(event):
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            if self.column is not None:
                self.column.page(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        return super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.panel(surface, self.box, None)
        title = "Help: how to win, and the keys" if self.guide else "Help: the keys"
        self.text(
            surface,
            title,
            (self.box.x + self.s(18), self.box.y + self.s(14)),
            22,
            self.colours.bright,
            True,
        )
        if self.column is not None:
            self.column.draw(surface)
