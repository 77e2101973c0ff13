"""The facilitator's console in an OS window of its own, beside the game window.

Spec card:
    Why: a teacher with a laptop and a projector keeps the room's view on the projector (the
        game window) and the console, which shows every team's secrets, on the laptop.
    What: a ``stage.Stage`` on a ``pygame.Window`` with its own pygame_gui manager and
        screen stack: the console screen, and the modals it opens (confirm, help). The game
        itself stays with the game window's navigator: the facilitator, the PIN, ending and
        undoing a turn all go through it (``WindowNav``), so one game has one set of controls
        whichever window shows them.
    Events: the app hands over every event that carries this window (keys, mouse, text,
        window events) or comes from one of this manager's widgets (``owns``).
    Lifetime: opened with F10 or ``play --console-window``; closed by its close button, Esc
        or F10, and by itself when its game leaves the game window. Closing it returns to the
        console as a mode of the game window (F9).
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.navigator import SCREENS
from game.ui.stage import Stage

#: The console window's first size (it is resizable; the layout follows).
CONSOLE_SIZE = (1280, 720)
TITLE = "Lunar Blocs — facilitator's console"


def beside(game: pygame.Rect, size: tuple[int, int], desktop_width: int) -> tuple[int, int] | None:
    """Where a window of ``size`` goes beside the game window without covering it: on its
    right, else on its left, else None (the system places it).

    Screens side by side (a laptop and a projector as one wide desktop) add their widths.
    """
    if game.right + size[0] <= desktop_width:
        return game.right, game.y
    if game.x - size[0] >= 0:
        return game.x - size[0], game.y
    return None


class WindowNav:
    """The game window's navigator, except that screens open in the console's window."""

    def __init__(self, stage: Stage, nav) -> None:
        object.__setattr__(self, "_stage", stage)
        object.__setattr__(self, "_nav", nav)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nav, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._nav, name, value)  # the PIN belongs to the game, not to a window

    def make(self, name: str, *args: Any, **kwargs: Any):
        return SCREENS[name](self._stage, *args, **kwargs)

    def push(self, name: str, *args: Any, **kwargs: Any):
        screen = self.make(name, *args, **kwargs)
        self._stage.push(screen)
        return screen

    def replace(self, name: str, *args: Any, **kwargs: Any):
        screen = self.make(name, *args, **kwargs)
        self._stage.replace(screen)
        return screen


class ConsoleWindow(Stage):
    """The console screen in a window of its own."""

    detached = True

    def __init__(self, app, game, size: tuple[int, int] = CONSOLE_SIZE) -> None:
        super().__init__(app.settings)
        self.app = app
        self.game = game
        self.nav = WindowNav(self, app.nav)
        self.os_window: pygame.Window | None = None
        self.first_size = size
        self.open_window()
        self.nav.push("console", game)

    # --------------------------------------------------------------- window
    def open_window(self) -> None:
        if self.os_window is not None:
            return
        game = pygame.Rect(pygame.display.get_window_position(), self.app.size)
        wide = sum(w for w, _ in pygame.display.get_desktop_sizes())
        place = beside(game, self.first_size, wide)
        self.os_window = pygame.Window(
            TITLE,
            self.first_size,
            pygame.WINDOWPOS_UNDEFINED if place is None else place,
            resizable=True,
        )
        self.os_window.minimum_size = (800, 450)
        self.window = self.os_window.get_surface()
        self.rebuild()

    @property
    def size(self) -> tuple[int, int]:
        return self.os_window.size if self.os_window is not None else self.first_size

    def pointer_here(self) -> bool:
        return self.app.pointer_in is self.os_window

    def raise_window(self) -> None:
        if self.os_window is not None:
            self.os_window.show()
            self.os_window.focus()

    def close(self) -> None:
        """Tear the screens down and destroy the window (the app forgets it first)."""
        while self.stack:
            self.stack.pop().teardown()
        if self.manager is not None:
            self.manager.clear_and_reset()
        if self.os_window is not None:
            self.os_window.destroy()
            self.os_window = None
            self.window = None

    # --------------------------------------------------------------- events
    def owns(self, event: pygame.event.Event) -> bool:
        """Whether ``event`` belongs to this window."""
        if self.os_window is None:
            return False
        if getattr(event, "window", None) is self.os_window:
            return True
        element = getattr(event, "ui_element", None)
        return element is not None and getattr(element, "ui_manager", None) is self.manager

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.WINDOWCLOSE:
            self.app.nav.close_console_window()
            return
        if event.type in (pygame.WINDOWRESIZED, pygame.WINDOWSIZECHANGED):
            self.window = self.os_window.get_surface()
            if self.manager is not None and self.manager.window_resolution != self.size:
                self.rebuild()
            return
        self.route(event)

    def stage_action(self, name: str) -> bool:
        if name == "console_window":
            self.app.nav.close_console_window()
            return True
        if name in ("console", "fullscreen"):
            return True  # F9 and F11 belong to the game window
        return super().stage_action(name)

    def emptied(self) -> None:
        # The console's own "back": the window closes, the game window carries on.
        self.app.nav.close_console_window()

    def announce(self, text: str, error: bool = False, seconds: float = 3.5) -> None:
        self.notify(text, error, seconds)
        self.app.notify(text, error, seconds)

    # --------------------------------------------------------------- loop
    def frame(self, dt: float) -> None:
        """Update, draw and flip this window (the app calls it after its own frame)."""
        if not self.app.nav.still_on_screen(self.game):
            self.app.notify("The console's window closed: its game is no longer open.")
            self.app.nav.close_console_window()
            return
        self.window = self.os_window.get_surface()
        self.paint(dt)
        if self.os_window is not None:
            self.os_window.flip()
