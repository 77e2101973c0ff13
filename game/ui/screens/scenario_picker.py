"""The scenario picker: shipped and user scenarios, with what each is about (or its problems)."""

from __future__ import annotations

import dataclasses

import pygame
import pygame_gui

from game.paths import user_scenarios
from game.scenario.catalog_files import ScenarioInfo, list_scenarios
from game.scenario.rescale import RescaleError, rescale
from game.text.words import counted
from game.ui import theme as th
from game.ui.screens.base import ListScreen
from game.ui.theme import heading_px
from game.ui.widgets import esc, fit, friendly_path, scroll_to_row, starfield

#: Lesson lengths the picker offers besides the scenario's own (turns; ``scenario.rescale``
#: keeps the base reachable in each).
LENGTHS = (6, 8, 10, 12, 16, 20, 24)


def length_name(turns: int | None, entry: ScenarioInfo | None = None) -> str:
    if turns is None:
        own = f" ({counted(entry.turns, 'turn')})" if entry is not None and entry.ok else ""
        return f"Length: as written{own}"
    return f"Length: {counted(turns, 'turn')}"


def describe(entry: ScenarioInfo, hp: int = 20) -> str:
    """The detail text of one scenario (HTML for a UITextBox)."""
    if not entry.ok:
        # Each problem starts with the file's full path: the name is enough next to it.
        lines = "<br>".join(
            esc(str(p).replace(str(entry.path), entry.path.name)) for p in entry.problems[:30]
        )
        return (
            f"<b><font color=#ff8a8a>This scenario cannot be played.</font></b><br>"
            f"{esc(friendly_path(entry.path))}<br><br>{lines}<br><br>"
            f"<i>Fix the file and reopen this screen, or run "
            f"lunar-blocs check {esc(entry.path.name)}.</i>"
        )
    sc = entry.scenario
    meta = sc.meta
    playable = [n.name for n in sc.nations if n.playable]
    blocs = ", ".join(f"{b.name} ({len(set([b.leader, *b.members]))})" for b in sc.blocs)
    parts = [
        f"<font pixel_size={hp}><b>{esc(meta.title)}</b></font>",
        f"<font color=#9aa8c4>{esc(meta.start)} to {esc(meta.end)} · "
        f"{counted(entry.turns, 'turn')} of {counted(meta.turn_months, 'month')} · "
        f"{counted(len(sc.nations), 'nation')} · "
        f"{'your scenario' if entry.source == 'user' else 'shipped with the game'}</font>",
        "",
        esc(meta.description) or "<i>No description.</i>",
        "",
        f"<b>Blocs:</b> {esc(blocs)}",
        f"<b>Playable nations ({len(playable)}):</b> {esc(', '.join(playable))}",
    ]
    if meta.authors:
        parts.append(f"<b>By:</b> {esc(', '.join(meta.authors))}")
    warnings = [p for p in entry.problems if not p.is_error]
    if warnings:
        parts += ["", f"<font color=#f0c85a><b>Warnings ({len(warnings)}):</b></font>"]
        parts += [f"<font color=#9aa8c4>{esc(p)}</font>" for p in warnings[:10]]
    return "<br>".join(parts)


class ScenarioPicker(ListScreen):
    """Pick a scenario; Enter or 'Choose nation' goes on to the nation picker."""

    scopes = ("lists",)
    title = "Scenario"

    def open(self) -> None:
        self.entries = list_scenarios()
        self.index = 0
        #: The lesson length chosen (turns), None for the scenario as written.
        self.length: int | None = None

    def build(self) -> None:
        w, h = self.app.size
        m = self.s(24)
        top = self.s(92)
        list_w = min(self.s(420), w // 3)
        # a title longer than the list is cut with an ellipsis (it was clipped mid-word); the
        # whole title is the detail panel's heading
        room = list_w - self.s(2 * 10 + 24)
        rows = [
            fit(self.row_text(i, e), th.font(self.s(15)), room) for i, e in enumerate(self.entries)
        ]
        self.list_rect = pygame.Rect(m, top, list_w, h - top - self.s(88))
        if rows:
            self.list = pygame_gui.elements.UISelectionList(
                self.list_rect,
                rows,
                manager=self.app.manager,
                container=self.root,
                default_selection=rows[min(self.index, len(rows) - 1)],
            )
            scroll_to_row(self.list, min(self.index, len(rows) - 1))
        else:
            self.list = None
        self.detail_rect = pygame.Rect(
            self.list_rect.right + m, top, w - self.list_rect.right - 2 * m, self.list_rect.h
        )
        self.detail = self.textbox(self.detail_rect, self.detail_html())
        by = h - self.s(68)
        self.button(pygame.Rect(m, by, self.s(150), self.s(44)), "Back  [Esc]", on=self.back)
        self.go = self.button(
            pygame.Rect(w - m - self.s(240), by, self.s(240), self.s(44)),
            "Choose nation  [Enter]",
            cls="@primary",
            on=self.choose,
        )
        self.length_menu = None
        self.refresh()

    def length_options(self) -> list[str]:
        entry = self.entries[self.index] if self.entries else None
        return [length_name(None, entry)] + [length_name(t) for t in LENGTHS]

    def build_length_menu(self) -> None:
        """The lesson length (rebuilt per scenario: its own length is in the first option)."""
        if self.length_menu is not None:
            self.length_menu.kill()
        w, h = self.app.size
        rect = pygame.Rect(self.go.rect.x - self.s(270), h - self.s(68), self.s(260), self.s(44))
        options = self.length_options()
        self.length_menu = self.dropdown(
            options, options[[None, *LENGTHS].index(self.length)], rect
        )

    def row_text(self, i: int, entry: ScenarioInfo) -> str:
        mark = "" if entry.ok else "  (broken)"
        own = "  · yours" if entry.source == "user" else ""
        return f"{i + 1}. {entry.title}{own}{mark}"

    def detail_html(self) -> str:
        if not self.entries:
            return (
                "<b>No scenarios found.</b><br>Shipped scenarios live in the game's scenarios "
                f"folder; your own go in {esc(friendly_path(user_scenarios()))}."
            )
        return describe(self.entries[self.index], heading_px(self.app.scale))

    def refresh(self) -> None:
        self.detail.set_text(self.detail_html())
        ok = bool(self.entries) and self.entries[self.index].ok
        self.go.enable() if ok else self.go.disable()
        self.build_length_menu()

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.length_menu
        ):
            options = self.length_options()
            text = event.text[0] if isinstance(event.text, tuple) else event.text
            self.length = [None, *LENGTHS][options.index(text)] if text in options else None
            return True
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION
            and event.ui_element is self.list
        ):
            self.choose()
            return True
        return super().handle(event)

    def row_count(self) -> int:
        return len(self.entries)

    def pick(self, index: int) -> None:
        self.index = index
        self.refresh()

    def action_confirm(self) -> None:
        self.choose()

    def choose(self) -> None:
        if not self.entries:
            return
        entry = self.entries[self.index]
        if not entry.ok:
            self.app.notify("This scenario has problems: see the list on the right.", error=True)
            return
        if self.length is not None:
            try:
                entry = dataclasses.replace(entry, scenario=rescale(entry.scenario, self.length))
            except RescaleError as exc:
                self.app.notify(
                    f"Cannot play it in {counted(self.length, 'turn')}: {exc}", error=True
                )
                return
        self.app.nav.push("nation_picker", entry)

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.blit(starfield((w, h), self.colours), (0, 0))
        self.text(
            surface, "Choose a scenario", (self.s(24), self.s(22)), 30, self.colours.bright, True
        )
        self.text(
            surface,
            f"{len(self.entries)} found · add your own .yaml files to {friendly_path(user_scenarios())}",
            (self.s(26), self.s(62)),
            13,
            self.colours.muted,
            width=w - self.s(50),
        )
