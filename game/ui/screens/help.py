"""The help overlay: every keyboard shortcut, grouped by where it works (from keys.BINDINGS)."""

from __future__ import annotations

import pygame

from game.ui import keys
from game.ui.screens.base import Screen
from game.ui.widgets import esc


class HelpScreen(Screen):
    """A modal listing the shortcuts; Esc, F1 or ? close it."""

    modal = True
    is_help = True
    title = "Help"

    def __init__(self, app, scopes: tuple[str, ...] = ()) -> None:
        super().__init__(app)
        self.for_scopes = scopes

    def action_help(self) -> None:
        self.app.pop(None)

    def action_back(self) -> None:
        self.app.pop(None)

    def action_confirm(self) -> None:
        self.app.pop(None)

    def action_prev(self) -> bool:
        return False

    def action_next(self) -> bool:
        return False

    def build(self) -> None:
        w, h = self.app.size
        box = pygame.Rect(0, 0, min(w - self.s(40), self.s(760)), min(h - self.s(40), self.s(600)))
        box.center = (w // 2, h // 2)
        self.box = box
        order = [*self.for_scopes, "global", "lists"]
        seen: list[str] = []
        for scope in order:
            if scope not in seen:
                seen.append(scope)
        parts = []
        for scope in seen:
            rows = []
            done = set()
            for b in keys.BINDINGS:
                if b.scope != scope or (b.action, b.label) in done:
                    continue
                done.add((b.action, b.label))
                same = [
                    x.keys_text for x in keys.BINDINGS if x.scope == scope and x.action == b.action
                ]
                rows.append(
                    f"<b><font color=#ffd479>{esc(' / '.join(dict.fromkeys(same)))}</font></b>"
                    f"   {esc(b.label)}"
                )
            if rows:
                parts.append(
                    f"<b>{esc(keys.SCOPE_TITLES.get(scope, scope))}</b><br>" + "<br>".join(rows)
                )
        mouse = (
            "<b>Mouse</b><br>Click a nation on the map to select it; hover for details; "
            "scroll to zoom and drag with the right button to pan. Every button has a tooltip."
        )
        text = "<br><br>".join([*parts, mouse])
        self.textbox(
            pygame.Rect(
                box.x + self.s(16), box.y + self.s(52), box.w - self.s(32), box.h - self.s(110)
            ),
            text,
        )
        self.button(
            pygame.Rect(box.centerx - self.s(80), box.bottom - self.s(50), self.s(160), self.s(38)),
            "Close (Esc)",
            on=lambda: self.app.pop(None),
        )

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.panel(surface, self.box, None)
        self.text(
            surface,
            "Keyboard shortcuts",
            (self.box.x + self.s(18), self.box.y + self.s(14)),
            22,
            self.colours.bright,
            True,
        )
