"""Keyboard shortcuts, as data: the app dispatches them and the help overlay lists them."""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True, slots=True)
class Binding:
    """One shortcut: a key (with optional Ctrl) that triggers an action in a scope."""

    key: int
    action: str
    label: str
    scope: str = "global"
    ctrl: bool = False

    @property
    def keys_text(self) -> str:
        name = KEY_NAMES.get(self.key) or pygame.key.name(self.key).upper()
        return f"Ctrl+{name}" if self.ctrl else name


KEY_NAMES = {
    pygame.K_ESCAPE: "Esc",
    pygame.K_RETURN: "Enter",
    pygame.K_SPACE: "Space",
    pygame.K_TAB: "Tab",
    pygame.K_UP: "Up",
    pygame.K_DOWN: "Down",
    pygame.K_LEFT: "Left",
    pygame.K_RIGHT: "Right",
    pygame.K_PLUS: "+",
    pygame.K_EQUALS: "+",
    pygame.K_MINUS: "-",
    pygame.K_SLASH: "?",
}

#: Every shortcut in the game. Scope "global" works everywhere; other scopes name a screen.
BINDINGS: tuple[Binding, ...] = (
    Binding(pygame.K_F1, "help", "Show or hide this help"),
    Binding(pygame.K_SLASH, "help", "Show or hide this help"),
    Binding(pygame.K_F11, "fullscreen", "Toggle fullscreen"),
    Binding(pygame.K_F9, "console", "Teacher: the facilitator's console (timer, events, undo)"),
    Binding(
        pygame.K_F10,
        "console_window",
        "Teacher: the console in a window of its own (open or close)",
    ),
    Binding(
        pygame.K_F12,
        "room_window",
        "Teacher: the room's view full screen on the projector (open or close)",
    ),
    Binding(pygame.K_ESCAPE, "back", "Back / close / game menu"),
    Binding(pygame.K_UP, "prev", "Previous item in a list", "lists"),
    Binding(pygame.K_DOWN, "next", "Next item in a list", "lists"),
    Binding(pygame.K_RETURN, "confirm", "Choose / continue", "lists"),
    Binding(pygame.K_n, "new", "New game", "title"),
    Binding(pygame.K_r, "debrief", "Write the debrief of this game (HTML)", "end"),
    Binding(pygame.K_c, "continue", "Continue the latest autosave", "title"),
    Binding(pygame.K_l, "load", "Load a saved game", "title"),
    Binding(pygame.K_s, "settings", "Settings", "title"),
    Binding(pygame.K_q, "quit", "Quit", "title"),
    Binding(pygame.K_SPACE, "toggle", "Person or computer for the highlighted nation", "nations"),
    Binding(pygame.K_d, "difficulty", "Next level for the computer players", "nations"),
    Binding(pygame.K_EQUALS, "scale_up", "Larger interface", "settings"),
    Binding(pygame.K_MINUS, "scale_down", "Smaller interface", "settings"),
    Binding(pygame.K_RETURN, "end_turn", "End turn", "main", ctrl=True),
    Binding(pygame.K_e, "end_turn", "End turn", "main"),
    Binding(pygame.K_1, "tab_budget", "Budget tab", "main"),
    Binding(pygame.K_2, "tab_offers", "Compose an offer", "main"),
    Binding(pygame.K_3, "tab_inbox", "Inbox (offers to you)", "main"),
    Binding(pygame.K_4, "tab_news", "News of the last turn", "main"),
    Binding(pygame.K_5, "tab_relations", "Relations of the selected nation", "main"),
    Binding(pygame.K_6, "tab_charts", "Charts over turns", "main"),
    Binding(pygame.K_7, "tab_goals", "Goals: objectives, score and the race forecast", "main"),
    Binding(pygame.K_TAB, "next_nation", "Select the next nation on the map", "main"),
    Binding(pygame.K_h, "home", "Select your own nation", "main"),
    Binding(pygame.K_a, "accept", "Accept the selected offer (inbox)", "main"),
    Binding(pygame.K_r, "reject", "Reject the selected offer (inbox)", "main"),
    Binding(pygame.K_RETURN, "confirm", "Send the offer being composed (Offers tab)", "main"),
    Binding(pygame.K_s, "save", "Save the game", "main", ctrl=True),
    Binding(pygame.K_EQUALS, "zoom_in", "Zoom the map in", "main"),
    Binding(pygame.K_MINUS, "zoom_out", "Zoom the map out", "main"),
    Binding(pygame.K_0, "zoom_reset", "Reset the map view", "main"),
)

#: Actions a held key repeats (walking a list, zooming); every other action, above all
#: confirming and ending a turn, needs the key to be pressed again.
REPEATABLE = frozenset({"prev", "next", "next_nation", "zoom_in", "zoom_out"})

SCOPE_TITLES = {
    "global": "Everywhere",
    "lists": "Pickers and lists",
    "title": "Title screen",
    "nations": "Choosing nations",
    "settings": "Settings",
    "main": "Playing a turn",
}


def action_for(event: pygame.event.Event, scopes: tuple[str, ...]) -> str | None:
    """The action a KEYDOWN event triggers in the given scopes (first match wins)."""
    ctrl = bool(event.mod & pygame.KMOD_CTRL)
    for scope in scopes:
        for binding in BINDINGS:
            if binding.scope == scope and binding.key == event.key and binding.ctrl == ctrl:
                return binding.action
    return None
