"""Settings: UI scale, projector mode (large + high contrast), fullscreen, sound, difficulty."""

from __future__ import annotations

import pygame
import pygame_gui

from game.ai.difficulty import DESCRIPTIONS
from game.ui.screens.base import Screen
from game.ui.settings import SCALES, auto_scale
from game.ui.stage import projector_scale
from game.ui.widgets import draw_lines


def _scale_text(value: float) -> str:
    return f"{round(value * 100)}%"


def _auto_text(size: tuple[int, int]) -> str:
    """The Auto choice, with what it draws at in this window: "Auto (150%)"."""
    return f"Auto ({_scale_text(auto_scale(size))})"


#: The volume steps offered, in percent (0 keeps sound on but silent).
VOLUMES = tuple(range(0, 101, 10))


def _volume_text(value: int) -> str:
    return f"Volume {value}%"


class SettingsScreen(Screen):
    """A modal; changes apply at once (the window rebuilds) and are saved."""

    modal = True
    scopes = ("settings", "lists")
    title = "Settings"

    def build(self) -> None:
        w, h = self.app.size
        st = self.app.settings
        # Six rows, the note on the scale, then Done: rows shrink (never below a widget's
        # height) rather than let Done fall onto the last row.
        head, note, foot = self.s(70), self.s(34), self.s(64)
        room = h - self.s(40) - head - note - foot
        row = max(self.s(40), min(self.s(52), room // 6))
        box = pygame.Rect(0, 0, min(w - self.s(40), self.s(620)), head + 6 * row + note + foot)
        box.center = (w // 2, h // 2)
        self.box = box
        x, y = box.x + self.s(24), box.y + head
        lw, cw = self.s(230), box.w - self.s(48) - self.s(230)
        self.label(pygame.Rect(x, y, lw, self.s(36)), "Interface scale")
        auto = _auto_text(self.app.size)
        chosen = auto
        if st.scale is not None:
            chosen = _scale_text(min(SCALES, key=lambda v: abs(v - st.scale)))
        self.scale_menu = self.dropdown(
            [auto, *(_scale_text(v) for v in SCALES)],
            chosen,
            pygame.Rect(x + lw, y, cw, self.s(36)),
        )
        y += row
        # The rows with drop-downs come first, where each list has the room to open whole
        # below its row: the Volume list's eleven steps opened upwards from the fifth row and
        # one was off the top at 150% in 1280x720.
        self.toggle_row(pygame.Rect(x, y, lw, self.s(36)), "Sound", "sound", st.sound)
        left = x + lw + self.s(132)
        self.volume_menu = self.dropdown(
            [_volume_text(v) for v in VOLUMES],
            _volume_text(min(VOLUMES, key=lambda v: abs(v - st.volume))),
            pygame.Rect(left, y, x + lw + cw - left, self.s(36)),
        )
        y += row
        # the level a new game starts at: a game in progress keeps the one it began with
        self.label(pygame.Rect(x, y, lw, self.s(36)), "Computer players (new games)")
        self.diff_menu = self.dropdown(
            ["easy", "normal", "hard"],
            st.difficulty,
            pygame.Rect(x + lw, y, cw, self.s(36)),
        )
        self.diff_menu.set_tips(DESCRIPTIONS, wrap_width=self.s(420))
        y += row
        for text, key, value in (
            ("Projector mode", "projector", st.projector),
            ("High contrast", "high_contrast", st.high_contrast),
            ("Fullscreen (F11)", "fullscreen", st.fullscreen),
        ):
            self.toggle_row(pygame.Rect(x, y, lw, self.s(36)), text, key, value)
            y += row
        self.note_pos = (x, y)
        self.button(
            pygame.Rect(box.centerx - self.s(80), box.bottom - self.s(54), self.s(160), self.s(40)),
            "Done (Esc)",
            on=lambda: self.app.pop(None),
            ring=True,
        )

    #: The tool tips of the switches that have one.
    TIPS = {
        "projector": "Large text and the high-contrast theme",
        "high_contrast": "White on black, yellow focus",
    }

    def toggle_row(self, rect: pygame.Rect, text: str, key: str, value: bool) -> None:
        """A label and its On/Off switch (the volume shares the Sound row)."""
        self.label(rect, text)
        self.button(
            pygame.Rect(rect.right, rect.y, self.s(120), rect.h),
            "On" if value else "Off",
            cls="@primary" if value else None,
            tip=self.sound_tip() if key == "sound" else self.TIPS.get(key),
            on=lambda: self.toggle(key),
            ring=True,
        )

    def toast_anchor(self) -> tuple[int, int]:
        """Messages (a sound device that failed) go in the box's heading row, right of its
        title: at the window's foot they covered Done and the scale note at 150%."""
        return (self.box.centerx + self.s(65), self.box.y + self.s(56))

    def _scale(self, step: int) -> None:
        """A key steps to the next offered scale up or down from the one drawn now (from
        Auto too: the step after Auto's 150% is 175%)."""
        st = self.app.settings
        if st.scale is None:
            now = self.app.scale
            larger = [v for v in SCALES if v > now + 1e-9]
            smaller = [v for v in SCALES if v < now - 1e-9]
            steps = larger[:1] if step > 0 else smaller[-1:]
            st.scale = steps[0] if steps else (SCALES[-1] if step > 0 else SCALES[0])
        else:
            here = min(range(len(SCALES)), key=lambda i: abs(SCALES[i] - st.scale))
            st.scale = SCALES[max(0, min(len(SCALES) - 1, here + step))]
        self.app.apply_settings()

    def action_scale_up(self) -> None:
        self._scale(1)

    def action_scale_down(self) -> None:
        self._scale(-1)

    def toggle(self, key: str) -> None:
        st = self.app.settings
        if key == "projector":
            on = not st.projector
            st.high_contrast = on
            st.scale = projector_scale(self.app.size) if on else None
        elif key == "fullscreen":
            self.app.toggle_fullscreen()
            return
        else:
            setattr(st, key, not getattr(st, key))
        self.app.apply_settings()  # switching sound on tries the mixer: say if it failed
        if key == "sound" and st.sound and self.app.sound.off:
            self.app.notify(self.app.sound.off)

    def sound_tip(self) -> str:
        if self.app.sound.off:
            return self.app.sound.off  # one plain line; the audio stack's words are logged
        return "End Turn, the turn report's news and a quiet background loop"

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.scale_menu:
                if event.text.startswith("Auto"):
                    self.app.settings.scale = None
                    self.app.apply_settings()
                    return True
                chosen = [v for v in SCALES if _scale_text(v) == event.text]
                if chosen:
                    self.app.settings.scale = chosen[0]
                    self.app.apply_settings()
                return True
            if event.ui_element is self.volume_menu:
                chosen = [v for v in VOLUMES if _volume_text(v) == event.text]
                if chosen:
                    self.app.settings.volume = chosen[0]
                    self.app.save_settings()
                    self.app.sound.apply()
                    self.app.sound.play("end_turn")  # so the player hears the new level
                return True
            if event.ui_element is self.diff_menu:
                self.app.settings.difficulty = event.text
                self.app.save_settings()
                return True
        return super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.panel(surface, self.box, None)
        self.text(
            surface,
            "Settings",
            (self.box.x + self.s(24), self.box.y + self.s(20)),
            22,
            self.colours.bright,
            True,
        )
        width = self.box.w - self.s(48)
        x, y = self.note_pos
        colour = self.colours.warn if self.app.scale_capped else self.colours.muted
        bottom = y + 2 * self.s(17)  # two lines; more ends in "…" and shows whole on hover
        draw_lines(surface, self.scale_note(), (x, y), self.s(13), colour, False, width, bottom)

    def scale_note(self) -> str:
        """What the interface scale does in this window, and why when it is capped.

        It names the largest scale offered that the window holds (at 2560x1440 the window
        could hold 300%, but the choices end at 200%: saying "up to 300%" promised a scale
        nobody can choose)."""
        w, h = self.app.size
        limit = self.app.scale_limit
        most = _scale_text(min(limit, SCALES[-1]))
        chosen = self.app.settings.scale
        if self.app.scale_capped:
            return (
                f"{_scale_text(chosen)} is capped at {most}: a {w}x{h} window holds no more "
                "without cutting off the map and the Moon panel"
            )
        if limit >= SCALES[-1] - 1e-9:
            holds = f"This {w}x{h} window holds every scale offered, up to {most}"
        else:
            holds = f"This {w}x{h} window holds up to {most}: a larger choice is drawn at {most}"
        if chosen is None:
            return f"Auto fits the game to the window: {_scale_text(self.app.scale)} here. {holds}"
        return f"100% is the game's 1280x720 size. {holds}"
