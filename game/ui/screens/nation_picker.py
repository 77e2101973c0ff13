"""The nation picker: map, each playable nation's briefing, objectives and starting figures;
who is played by a person (hot-seat) and who by the computer; difficulty.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.ai.difficulty import DESCRIPTIONS, SUMMARIES
from game.scenario.catalog_files import ScenarioInfo
from game.text.words import counted
from game.ui import map_panel
from game.ui.screens.base import ListScreen
from game.ui.theme import heading_px
from game.ui.widgets import draw_bar, esc, money, select_row, starfield


class NationPicker(ListScreen):
    """Choose the nations people play (one or more, in play order) and the difficulty."""

    scopes = ("nations", "lists")
    title = "Nations"

    def __init__(self, app, entry: ScenarioInfo) -> None:
        super().__init__(app)
        self.entry = entry
        self.scenario = entry.scenario
        self.nations = [n for n in self.scenario.nations if n.playable]
        default = self.scenario.meta.default_nation
        ids = [n.id for n in self.nations]
        self.index = ids.index(default) if default in ids else 0
        self.people: list[str] = [ids[self.index]] if ids else []
        #: One person plays the nation picked, until the person button starts a hot-seat
        #: list: picking a nation must not leave the scenario's default nation as the player.
        self.single = True
        self.difficulty = app.settings.difficulty
        self.map = map_panel.MapPanel(self.scenario, app.settings.high_contrast)

    # --------------------------------------------------------------- layout
    def build(self) -> None:
        w, h = self.app.size
        m = self.s(20)
        top = self.s(74)
        list_w = min(self.s(330), w // 4)
        rows = [self.row_text(n) for n in self.nations]
        # The footer: hot-seat button, difficulty label and menu, Start. Where one row cannot
        # hold them all (a large scale on a small window), the difficulty gets a row of its
        # own above, rather than lying over Start.
        footer_w = self.s(270) + m + self.s(140) + self.s(130) + m + self.s(220)
        two_rows = list_w + 2 * m + footer_w > w - m
        extra = self.s(52) if two_rows else 0
        self.list_rect = pygame.Rect(m, top, list_w, h - top - self.s(84) - extra)
        self.list = pygame_gui.elements.UISelectionList(
            self.list_rect,
            rows,
            manager=self.app.manager,
            container=self.root,
            default_selection=rows[self.index] if rows else None,
        )
        right = pygame.Rect(self.list_rect.right + m, top, w - self.list_rect.right - 2 * m, 0)
        right.h = self.list_rect.h
        self.map_rect = pygame.Rect(right.x, right.y, right.w, int(right.h * 0.46))
        lower_y = self.map_rect.bottom + self.s(10)
        self.brief_rect = pygame.Rect(right.x, lower_y, int(right.w * 0.58), right.bottom - lower_y)
        self.figures_rect = pygame.Rect(
            self.brief_rect.right + self.s(10),
            lower_y,
            right.right - self.brief_rect.right - self.s(10),
            right.bottom - lower_y,
        )
        self.brief = self.textbox(self.brief_rect, self.briefing_html())
        by = h - self.s(66)
        self.button(pygame.Rect(m, by, self.s(130), self.s(44)), "Back  [Esc]", on=self.back)
        self.person_button = self.button(
            pygame.Rect(self.list_rect.right + m, by, self.s(270), self.s(44)),
            "",
            tip="Several people can play, taking turns on this computer (hot-seat)",
            on=self.toggle_person,
        )
        dx, dy = self.person_button.rect.right + m, by
        if two_rows:
            # above Start, clear of the line that names the people playing (left)
            dx, dy = w - m - self.s(270), by - extra
        self.label(
            pygame.Rect(dx, dy, self.s(140), self.s(44)),
            "Computer players",
            cls="@muted",
        )
        self.diff_menu = self.dropdown(
            ["easy", "normal", "hard"],
            self.difficulty,
            pygame.Rect(dx + self.s(140), dy + self.s(4), self.s(130), self.s(36)),
        )
        # what each level does, where the pointer rests on it (the menu or an open option)
        self.diff_menu.set_tips(DESCRIPTIONS, wrap_width=self.s(420))
        self.start = self.button(
            pygame.Rect(w - m - self.s(220), by, self.s(220), self.s(44)),
            "Start game  [Enter]",
            cls="@primary",
            on=self.start_game,
        )
        self.map.set_rect(self.map_rect, self.app.scale)
        self.refresh()

    def row_text(self, nation) -> str:
        # With one player the highlighted row is the player; marks are for hot-seat lists.
        hot_seat = not getattr(self, "single", True)
        mark = "  [person]" if hot_seat and nation.id in self.people else ""
        return f"{nation.name}{mark}"

    @property
    def nation(self):
        return self.nations[self.index]

    # --------------------------------------------------------------- content
    def bloc_of(self, nation_id: str):
        for bloc in self.scenario.blocs:
            if nation_id == bloc.leader or nation_id in bloc.members:
                return bloc
        return None

    def briefing_html(self) -> str:
        if not self.nations:
            return "This scenario has no playable nation."
        n = self.nation
        hp = heading_px(self.app.scale)
        parts = [f"<font pixel_size={hp}><b>{esc(n.name)}</b></font>"]
        parts.append(esc(n.briefing) if n.briefing else "<i>No briefing for this nation.</i>")
        if n.objectives:
            parts.append("<br><b>Objectives</b>")
            for o in n.objectives:
                parts.append(
                    f"• {esc(o.text)}  "
                    f"<font color=#9aa8c4>({counted(float(o.points), 'point')})</font>"
                )
        else:
            parts.append(
                "<br><b>Objectives</b><br>Score prestige, technology and a share of the winning "
                "bloc's programme."
            )
        if not self.tech_fits():  # the figures panel holds no bars: the levels are here
            levels = ", ".join(
                f"{d.replace('_', ' ')} {n.tech.get(d, 0.0):.2f}" for d in self.scenario.domains
            )
            parts.append(f"<br><b>Technology</b> (0 to 1)<br>{esc(levels)}")
        return "<br>".join(parts)

    def tech_fits(self) -> bool:
        """Whether the figures panel holds every technology bar (at 150% on 1280x720 it
        holds the four figures only, and the bars' heading stood over nothing)."""
        rect = getattr(self, "figures_rect", None)
        rows = self.s(32 + 4 * 22 + 6 + 20 + 19 * len(self.scenario.domains))
        return rect is None or rows <= rect.h

    def refresh(self) -> None:
        if not self.nations:
            self.start.disable()
            return
        self.brief.set_text(self.briefing_html())
        is_person = self.nation.id in self.people
        if self.single:
            self.person_button.set_text("Add players (hot-seat)  [Space]")
        else:
            self.person_button.set_text(
                f"{self.nation.name[:16]}: {'person' if is_person else 'computer'}  [Space]"
            )
        order = ", ".join(next(n.name for n in self.nations if n.id == pid) for pid in self.people)
        self.people_text = f"Played by people, in turn: {order}" if order else ""
        self.start.enable() if self.people else self.start.disable()
        self.map.select(self.nation.id, self.people)

    def pick(self, index: int) -> None:
        """Highlight nation ``index``; with one player, that is the nation they will play."""
        self.index = index
        if self.single:
            self.people = [self.nation.id]
        self.refresh()

    def toggle_person(self) -> None:
        if self.single:
            # From now on the button switches the highlighted nation between person and
            # computer, so several people can be chosen, in the order they will play.
            self.single = False
            self.app.notify("Hot-seat: pick another nation and press Space to add a player.")
            self.rebuild()
            return
        nid = self.nation.id
        if nid in self.people:
            self.people.remove(nid)
        else:
            self.people.append(nid)
        self.rebuild()

    # --------------------------------------------------------------- events
    def handle(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.diff_menu
        ):
            self.difficulty = event.text
            return True
        click = self.map.handle(event)
        if click is not None and click.button == 1:
            picked = click.nation
            ids = [n.id for n in self.nations]
            if picked in ids:
                select_row(self.list, ids.index(picked))
                self.pick(ids.index(picked))
                return True
        if event.type == pygame.MOUSEMOTION:
            self.map.hover(event.pos)
        return super().handle(event)

    def row_count(self) -> int:
        return len(self.nations)

    def action_confirm(self) -> None:
        self.start_game()

    def action_toggle(self) -> bool:
        if not self.nations:
            return False
        self.toggle_person()
        return True

    def action_difficulty(self) -> None:
        levels = ["easy", "normal", "hard"]
        self.difficulty = levels[(levels.index(self.difficulty) + 1) % len(levels)]
        self.rebuild()

    def start_game(self) -> None:
        if not self.people:
            self.app.notify("Pick at least one nation for a person to play.", error=True)
            return
        self.app.settings.difficulty = self.difficulty
        self.app.save_settings()
        self.app.nav.start_game(self.entry, list(self.people), self.difficulty)

    # --------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.blit(starfield((w, h), self.colours), (0, 0))
        c = self.colours
        self.text(surface, "Choose your nation", (self.s(20), self.s(16)), 28, c.bright, True)
        self.text(
            surface,
            f"{self.scenario.meta.title} · click a nation on the list or the map · "
            "several people may play in turn (hot-seat)",
            (self.s(22), self.s(50)),
            13,
            c.muted,
            width=w - self.s(40),
        )
        self.map.draw(surface)
        if self.nations:
            self.draw_figures(surface)
            self.text(
                surface,
                self.people_text,
                (self.list_rect.right + self.s(20), h - self.s(86)),
                13,
                c.muted,
                width=w - self.list_rect.right - self.s(40),
            )

        # what the chosen level does, under the row where it is chosen
        left = self.person_button.rect.x
        self.text(
            surface,
            self.level_line(self.difficulty),
            (left, h - self.s(20)),
            12,
            c.muted,
            width=w - left - self.s(20),
        )

    @staticmethod
    def level_line(level: str) -> str:
        """What a level does, in the one line under the row where it is chosen."""
        return f"{level.capitalize()}: {SUMMARIES.get(level, '')} (hover the level for more)"

    def draw_overlay(self, surface: pygame.Surface) -> None:
        self.map.draw_overlay(surface, self.app.pointer())

    def draw_figures(self, surface: pygame.Surface) -> None:
        n = self.nation
        c = self.colours
        inner = self.figures_rect
        self.panel(surface, inner, "Starting figures")
        x, y = inner.x + self.s(12), inner.y + self.s(32)
        right = inner.right - self.s(12)
        bloc = self.bloc_of(n.id)
        rows = [
            ("Space budget", f"{money(n.budget)} / year"),
            ("Domestic support", f"{n.support * 100:.0f}%"),
            ("Prestige", f"{n.prestige:.0f}"),
            ("Bloc", bloc.short or bloc.name if bloc else "unaligned"),
        ]
        line = self.s(22)
        for name, value in rows:
            self.text(surface, name, (x, y), 14, c.muted)
            self.text(surface, value, (right, y), 14, c.bright, True, anchor="topright")
            y += line
        y += self.s(6)
        if not self.tech_fits():
            self.text(surface, "Technology: in the briefing", (x, y), 12, c.muted, width=right - x)
            return
        head = self.text(surface, "TECHNOLOGY", (x, y), 12, c.muted, True)
        # the scale, as the Technology view says it: a level is not a share of anything
        left = head.right + self.s(8)
        self.text(surface, "0 to 1 (1 = mastered)", (left, y), 12, c.muted, width=right - left)
        y += self.s(20)
        label_w = self.s(92)
        for domain in self.scenario.domains:
            if y + self.s(16) > inner.bottom:
                break
            level = n.tech.get(domain, 0.0)
            self.text(surface, domain.replace("_", " "), (x, y), 13, c.text, width=label_w)
            bar = pygame.Rect(
                x + label_w, y + self.s(4), right - x - label_w - self.s(40), self.s(9)
            )
            draw_bar(surface, bar, level, c.accent, c.track)
            self.text(surface, f"{level:.2f}", (right, y), 13, c.text, anchor="topright")
            y += self.s(19)
