"""The facilitator's console: the teacher's mode of the game window (F9, optional PIN), or
the same screen in a window of its own (F10: ``ui.console_window``).

Spec card:
    Reads: ``session.facilitator.Facilitator`` (through ``app.nav.facilitator``): every team's
        figures (``figures()``), their clocks and who has finished, the events injected this
        turn, its messages. Nothing here computes a rule: the engine applies every event.
    Does: the time per team, pause and resume, inject an event from the scenario's random
        table or written on the spot (budget, support, prestige, technology or news only),
        take one back, end the turn now, undo to the start of an earlier turn (after a
        confirm), show the room's view, lock the console with a PIN.
    Privacy: this screen shows every team's secrets: it draws over the whole window (no
        picture of the screen below) and Esc returns to the game as it was. In its own
        window (``app.detached``) it stays open beside the room's view: Esc closes that
        window, and setting a PIN locks it at once (the laptop may be left unattended).
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.session.facilitator import FacilitatorError
from game.ui.classroom import TIMER_CHOICES, minutes, timer_name
from game.ui.results import Confirmed
from game.ui.screens.base import Screen
from game.ui.widgets import money

#: The written event's kinds: (menu text, effect type, what one unit of the amount is).
WRITTEN = (
    ("Budget ($ B a year)", "budget", 1.0),
    ("Support (points of %)", "support", 0.01),
    ("Prestige (points)", "prestige", 1.0),
    ("Technology (points of %)", "tech", 0.01),
    ("Relations with… (%)", "relations", 0.01),
    ("Forbid a declared pair", "forbid_pair", 0.0),
    ("Lift a declared pair", "allow_pair", 0.0),
    ("News only", "news", 0.0),
)
#: The second choice of a written event: whom relations change with, or which declared pair.
WITH, PAIR = "with: ", "pair: "
EVERYONE = "Every nation"
UNDO = "undo"


def chosen(menu) -> str:
    """A drop-down's current text (pygame_gui gives a pair in some versions)."""
    value = menu.selected_option
    return value[0] if isinstance(value, tuple) else value


class ConsoleScreen(Screen):
    """The teacher's console over one Match."""

    scopes = ("lists",)
    title = "Console"

    def __init__(self, app, game) -> None:
        super().__init__(app)
        self.game = game
        self.locked = game.console.pin is not None  # the game's own lock, kept in its save
        #: The game's turn when the widgets were built (the undo menu lists earlier turns).
        self.built_turn = game.turn
        #: Every line of text drawn on the last frame (tests read what the teacher saw).
        self.shown: list[str] = []
        #: Where the last save from the console went ("" before one).
        self.saved_to = ""

    @property
    def fac(self):
        return self.app.nav.facilitator(self.game)

    # --------------------------------------------------------------- widgets
    def build(self) -> None:
        self.built_turn = self.game.turn
        w, h = self.app.size
        m = self.s(14)
        if self.locked:
            box = pygame.Rect(0, 0, self.s(260), self.s(40))
            box.center = (w // 2, h // 2)
            self.pin_entry = pygame_gui.elements.UITextEntryLine(
                box, manager=self.app.manager, container=self.root
            )
            self.pin_entry.set_text_hidden(True)
            self.pin_entry.focus()
            self.button(box.move(0, self.s(52)), "Open the console", cls="@primary", on=self.unlock)
            self.button(box.move(0, self.s(100)), "Back  [Esc]", on=self.back)
            return
        col = pygame.Rect(w - self.s(420) - m, self.s(60), self.s(420), self.s(34))
        self.table_rect = pygame.Rect(m, self.s(60), col.x - 2 * m, h - self.s(210))
        gap = self.s(8)
        half = (col.w - gap) // 2

        def row(y_step: int = 1) -> pygame.Rect:
            rect = col.copy()
            col.y += (col.h + gap) * y_step
            return rect

        def halves(rect: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
            return rect.inflate(-(rect.w - half), 0).move(-(rect.w - half) // 2, 0), rect.inflate(
                -(rect.w - half), 0
            ).move((rect.w - half) // 2, 0)

        fac = self.fac
        a, b = halves(row())
        self.timer_menu = self.dropdown(
            [timer_name(t) for t in TIMER_CHOICES],
            timer_name(int(fac.seconds) if fac.seconds is not None else None)
            if (fac.seconds is None or int(fac.seconds) in TIMER_CHOICES)
            else timer_name(None),
            a,
        )
        self.pause_button = self.button(
            b, "Resume" if fac.paused else "Pause", cls="@primary", on=self.toggle_pause
        )
        c = self.game.catalog
        self.events = {
            c.random_titles[row_]: event_id for event_id, row_ in c.index["random"].items()
        }
        self.targets = [EVERYONE] + [c.nation_names[i] for i in range(self.game.n)]
        col.y += self.s(18)
        self.random_y = col.y - self.s(18)
        titles = list(self.events) or ["(this scenario has no random events)"]
        self.random_menu = self.dropdown(titles, titles[0], row())
        a, b = halves(row())
        self.random_target = self.dropdown(self.targets, EVERYONE, a)
        self.inject_button = self.button(b, "Inject this event", on=self.inject_random)
        if not self.events:
            self.inject_button.disable()
        col.y += self.s(18)
        self.written_y = col.y - self.s(18)
        self.title_entry = pygame_gui.elements.UITextEntryLine(
            row(), manager=self.app.manager, container=self.root, placeholder_text="Headline"
        )
        a, b = halves(row())
        self.kind_menu = self.dropdown([k[0] for k in WRITTEN], WRITTEN[0][0], a)
        self.written_target = self.dropdown(self.targets, EVERYONE, b)
        a, b = halves(row())
        self.amount_entry = pygame_gui.elements.UITextEntryLine(
            a, manager=self.app.manager, container=self.root, placeholder_text="Amount, e.g. -5"
        )
        self.seconds_choices = [WITH + name for name in self.targets] + [
            PAIR + pair for pair in c.pair_ids
        ]
        self.second_menu = self.dropdown(self.seconds_choices, self.seconds_choices[0], b)
        self.button(row(), "Inject written", on=self.inject_written)
        col.y += self.s(8)
        a, b = halves(row())
        self.button(a, "Take back last", on=self.take_back)
        self.button(b, "End the turn now", cls="@danger", on=self.force)
        a, b = halves(row())
        # A game continued from an older-rules save cannot go back before it went on.
        turns = [f"Turn {t}" for t in range(self.game.first_turn + 1, self.game.turn + 2)]
        self.undo_menu = self.dropdown(turns, turns[max(0, len(turns) - 2)], a)
        self.button(b, "Undo to this turn…", cls="@danger", on=self.ask_undo)
        a, b = halves(row())
        self.pin_entry = pygame_gui.elements.UITextEntryLine(
            a, manager=self.app.manager, container=self.root, placeholder_text="New PIN (4-12)"
        )
        self.pin_entry.set_text_hidden(True)
        self.button(b, "Lock with this PIN", on=self.set_pin)
        by = h - self.s(58)
        save = pygame.Rect(0, by, self.s(230), self.s(44))
        if self.app.detached:
            # The room's view stays on the game window; this one only closes.
            self.button(
                pygame.Rect(m, by, self.s(300), self.s(44)),
                "Close the console window  [Esc]",
                on=self.back,
            )
            self.button(save.move(m + self.s(310), 0), "Save the game", on=self.save)
            return
        self.button(
            pygame.Rect(m, by, self.s(230), self.s(44)), "Back to the game  [Esc]", on=self.back
        )
        self.button(
            pygame.Rect(m + self.s(240), by, self.s(260), self.s(44)),
            "Room view (projector)",
            cls="@primary",
            on=self.room_view,
        )
        self.button(save.move(m + self.s(510), 0), "Save the game", on=self.save)

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and not self.locked
            and event.ui_element is self.timer_menu
        ):
            names = [timer_name(t) for t in TIMER_CHOICES]
            self.fac.set_timer(TIMER_CHOICES[names.index(chosen(self.timer_menu))])
            self.app.nav.autosave(self.game)  # the class's save keeps its timer
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and self.locked:
            self.unlock()
            return True
        return super().handle(event)

    # --------------------------------------------------------------- actions
    def say(self, text: str, error: bool = False) -> None:
        self.app.notify(text, error=error, seconds=5)

    def unlock(self) -> None:
        if self.fac.opens(self.pin_entry.get_text()):
            self.locked = False
            self.rebuild()
        else:
            self.pin_entry.set_text("")
            self.say("That is not the console's PIN.", error=True)

    def set_pin(self) -> None:
        try:
            self.fac.lock(self.pin_entry.get_text().strip())
        except FacilitatorError as exc:
            self.say(str(exc), error=True)
            return
        self.pin_entry.set_text("")
        self.app.nav.autosave(self.game)  # the class's save keeps its lock
        if self.app.detached:
            self.locked = True
            self.rebuild()
            self.say("The console is locked: type the PIN to open it again.")
            return
        self.say("The console is locked: F9 asks for this PIN from now on.")

    def save(self) -> None:
        """A named save, its whole path said (the teacher may copy it for next week)."""
        try:
            path = self.app.nav.save_copy(self.game)
        except OSError as exc:
            self.say(f"Could not save: {exc}", error=True)
            return
        self.saved_to = f"Saved: {path}"
        self.app.notify(self.saved_to, seconds=8)

    def toggle_pause(self) -> None:
        fac = self.fac
        fac.resume() if fac.paused else fac.pause()
        self.pause_button.set_text("Resume" if fac.paused else "Pause")

    def _target(self, menu) -> list[str]:
        name = chosen(menu)
        ids = self.game.catalog.nation_ids
        return list(ids) if name == EVERYONE else [ids[self.targets.index(name) - 1]]

    def inject_random(self) -> None:
        title = chosen(self.random_menu)
        try:
            self.fac.inject_random(self.events[title], self._target(self.random_target))
        except (FacilitatorError, KeyError) as exc:
            self.say(str(exc), error=True)
            return
        self.say(f"'{title}' will happen when this turn is played.")

    def inject_written(self) -> None:
        title = self.title_entry.get_text().strip()
        text, kind, unit = next(k for k in WRITTEN if k[0] == chosen(self.kind_menu))
        target = chosen(self.written_target)
        nations = "all" if target == EVERYONE else self._target(self.written_target)
        second = chosen(self.second_menu)
        if kind == "news":
            effects = [{"type": "news", "text": title or "News"}]
        elif kind in ("forbid_pair", "allow_pair"):
            if not second.startswith(PAIR):
                self.say(f"{text}: choose one of the scenario's pairs (pair: …).", error=True)
                return
            effects = [{"type": kind, "pair": second[len(PAIR) :]}]
        else:
            try:
                amount = float(self.amount_entry.get_text().replace(",", "."))
            except ValueError:
                self.say(f"{text}: type an amount, e.g. -5 or 10.", error=True)
                return
            effects = [{"type": kind, "nations": nations, "delta": amount * unit}]
            if kind == "tech":
                effects[0]["domain"] = "all"
            if kind == "relations":
                if not second.startswith(WITH):
                    self.say(f"{text}: choose whom with (with: …).", error=True)
                    return
                name = second[len(WITH) :]
                ids = self.game.catalog.nation_ids
                others = "all" if name == EVERYONE else [ids[self.targets.index(name) - 1]]
                effects[0]["others"] = others
        try:
            self.fac.inject_written(title, "", effects)
        except FacilitatorError as exc:
            self.say(str(exc), error=True)
            return
        self.title_entry.set_text("")
        self.amount_entry.set_text("")
        self.say(f"'{title}' will happen when this turn is played.")

    def take_back(self) -> None:
        fac = self.fac
        if not fac.pending:
            self.say("No event was injected this turn.", error=True)
            return
        fac.cancel_injected(len(fac.pending) - 1)

    def force(self) -> None:
        self.app.nav.force_turn(self.game)

    def ask_undo(self) -> None:
        turn = chosen(self.undo_menu)
        self.app.nav.push(
            "confirm",
            f"Go back to the start of {turn.lower()}? Every later turn leaves the game.",
            "Undo",
            "Keep playing",
            UNDO,
        )

    def resume(self, result) -> None:
        if result == Confirmed(UNDO):
            self.app.nav.undo(self.game, int(chosen(self.undo_menu).split()[-1]))

    def room_view(self) -> None:
        self.app.nav.replace("projector", self.game)

    def action_console(self) -> None:
        self.back()

    def toast_anchor(self) -> tuple[int, int]:
        """Messages sit at the foot of the table (rows fill it from the top), clear of the
        message lines and the buttons under it."""
        rect = getattr(self, "table_rect", None)
        if rect is None or self.locked:
            return (self.app.size[0] // 2, self.app.size[1] - self.s(70))
        return (rect.centerx, rect.bottom - self.s(10))

    def update(self, dt: float) -> None:
        fac = self.fac
        if fac is None:
            return
        said = fac.tick()
        if said:
            self.app.announce(" ".join(said), seconds=6)
        if self.game.turn != self.built_turn and not self.locked:
            self.rebuild()  # a turn was played, forced or undone: new choices of undo

    # --------------------------------------------------------------- drawing
    def say_at(
        self, surface, text, pos, size=15, colour=None, bold=False, anchor="topleft", width=None
    ):
        self.shown.append(text)
        return self.text(surface, text, pos, size, colour, bold, anchor, width)

    def draw(self, surface: pygame.Surface) -> None:
        self.shown = []
        surface.fill(self.colours.background)
        c = self.colours
        g = self.game
        self.say_at(
            surface,
            f"Facilitator's console · {g.scenario.meta.title} · {g.date()} · turn {g.turn + 1}",
            (self.s(14), self.s(14)),
            20,
            c.bright,
            True,
            width=self.table_rect.w if not self.locked else None,
        )
        if self.locked:
            w, h = surface.get_size()
            self.say_at(
                surface,
                "Type the console's PIN",
                (w // 2, h // 2 - self.s(34)),
                18,
                c.bright,
                True,
                "midbottom",
            )
            return
        fac = self.fac
        state = "PAUSED" if fac.paused else "running"
        self.say_at(
            surface,
            f"The game is {state} · {timer_name(fac.seconds and int(fac.seconds))}",
            (surface.get_width() - self.s(14), self.s(18)),
            16,
            c.warn if fac.paused else c.muted,
            True,
            "topright",
        )
        self.draw_table(surface)
        self.draw_side(surface)

    def draw_table(self, surface: pygame.Surface) -> None:
        """Every nation's figures as the engine has them (the all-seeing view)."""
        c = self.colours
        r = self.table_rect
        self.panel(surface, r, None)
        heads = (
            "Nation",
            "Turn",
            "Clock",
            "Bloc",
            "Budget",
            "Support",
            "Prestige",
            "Tech",
            "Score",
            "In/out",
        )
        share = (0.17, 0.1, 0.07, 0.14, 0.11, 0.08, 0.08, 0.06, 0.06, 0.13)
        xs, x = [], r.x + self.s(10)
        for part in share:
            xs.append(x)
            x += int((r.w - self.s(20)) * part)
        y = r.y + self.s(8)
        for head, x, part in zip(heads, xs, share, strict=True):
            self.say_at(surface, head, (x, y), 12, c.muted, True, width=int(r.w * part) - self.s(4))
        y += self.s(22)
        for f in self.fac.figures():
            if y + self.s(20) > r.bottom:
                break
            clock = "" if f.seconds_left is None else minutes(f.seconds_left)
            cells = (
                f.name,
                f.status,
                clock,
                f.bloc or "unaligned",
                money(f.budget),
                f"{f.support * 100:.0f}%",
                f"{f.prestige:.0f}",
                f"{f.tech * 100:.0f}",
                f"{f.score:.0f}",
                f"{f.inbox} / {f.outbox}",
            )
            colour = c.bright if f.team else c.muted
            for cell, x, part in zip(cells, xs, share, strict=True):
                self.say_at(
                    surface, cell, (x, y), 14, colour, f.team, width=int(r.w * part) - self.s(4)
                )
            y += self.s(21)

    def draw_side(self, surface: pygame.Surface) -> None:
        c = self.colours
        x = self.timer_menu.rect.x
        self.say_at(surface, "INJECT FROM THE RANDOM TABLE", (x, self.random_y), 12, c.muted, True)
        self.say_at(surface, "OR WRITE ONE", (x, self.written_y), 12, c.muted, True)
        fac = self.fac
        lines = [f"Injected this turn: {', '.join(i.title for i in fac.pending) or 'none'}"]
        # Where this window could not be put clear of the room's view, and what to do.
        where = getattr(self.app, "placement", None)
        if where is not None and where.note:
            lines.append(where.note)
        # Four lines fit between the table and the buttons.
        room = 4 - len(lines) - bool(self.saved_to)
        lines += fac.messages[-room:] if room > 0 else []
        if self.saved_to:
            lines.append(self.saved_to)
        y = self.table_rect.bottom + self.s(8)
        for line in lines:
            self.say_at(surface, line, (self.table_rect.x, y), 14, c.text, width=self.table_rect.w)
            y += self.s(20)
