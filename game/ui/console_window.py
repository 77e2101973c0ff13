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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from game.ui.navigator import SCREENS
from game.ui.stage import Stage

#: The console window's first size (it is resizable; the layout follows).
CONSOLE_SIZE = (1280, 720)
TITLE = "Lunar Blocs — facilitator's console"


#: The console's smallest size (its layout needs it; the window refuses to shrink below).
CONSOLE_MIN = (800, 450)
#: Height kept free for the window's title bar, which the system adds above its contents
#: (a console exactly as tall as the screen would lose its bottom row of buttons).
TITLE_BAR = 40
#: What the console says when it could not be put where the room does not see it.
NO_ROOM = "No room beside the game: drag this window to the laptop's screen (displays: extend)."
#: What F11 says when the full-screen game covers the console's window on the same display.
COVERED = "Full screen covers the console on this screen: Alt+Tab reaches it, F11 undoes it."


@dataclass(frozen=True)
class Placement:
    """Where the console's window goes, and whether the game window moves to make room.

    Attributes:
        console: the console window's position, or None when the system places it.
        size: the console window's size (smaller than asked where a screen is small).
        game: where the game window moves first, or None when it stays.
        display: the index of the display the console goes on (None: unknown).
        note: what to tell the teacher ("" when the console is clear of the game).
    """

    console: tuple[int, int] | None
    size: tuple[int, int]
    game: tuple[int, int] | None = None
    display: int | None = None
    note: str = ""


def display_of(window: pygame.Rect, displays: list[pygame.Rect]) -> int:
    """The index of the display that holds most of ``window`` (0 when none does)."""
    best, most = 0, 0
    for i, rect in enumerate(displays):
        part = window.clip(rect)
        if part.w * part.h > most:
            best, most = i, part.w * part.h
    return best


def place(
    game: pygame.Rect,
    size: tuple[int, int],
    displays: list[pygame.Rect],
    minimum: tuple[int, int] = CONSOLE_MIN,
    movable: bool = True,
) -> Placement:
    """Where the console's window goes so that it covers none of the game window.

    Args:
        game: the game window (the room's view) in desktop coordinates.
        size: the console window's wanted size.
        displays: each display's usable rectangle in desktop coordinates (SDL's usable
            bounds: without task bars).
        minimum: the smallest console the screens still lay out.
        movable: whether the game window may move (not while it fills its screen).

    With two displays or more the console goes on the main one (SDL's first: the laptop's
    own screen when a projector extends the desktop) and the game window, the room's view,
    on another: it moves there when it opened on the main one, unless it may not move, and
    then the console goes on another instead. With one display the console goes on the game
    window's right, else its left; else, when the screen is wide enough for both, the game
    window moves to the screen's left edge and the console takes the rest; else the system
    places it and ``note`` says what the teacher can do.
    """
    if not displays:
        return Placement(None, size, note=NO_ROOM)
    home = display_of(game, displays)
    if len(displays) > 1:
        moved = None
        mine = 0
        if home == 0 and movable:
            room = displays[1]
            box = game.copy()
            box.center = room.center
            box.y = max(box.y, room.y + TITLE_BAR)
            moved = box.topleft
        elif home == 0:
            mine = 1
        rect = displays[mine]
        fit = (min(size[0], rect.w), min(size[1], rect.h - TITLE_BAR))
        box = pygame.Rect((0, 0), fit)
        box.center = rect.center
        box.y = max(box.y, rect.y + TITLE_BAR)
        return Placement(box.topleft, fit, moved, mine)
    screen = displays[home]
    h = min(size[1], screen.h - TITLE_BAR)
    y = max(screen.y + TITLE_BAR, min(game.y, screen.bottom - h))
    if game.right + size[0] <= screen.right:
        return Placement((game.right, y), (size[0], h), display=home)
    if game.x - size[0] >= screen.x:
        return Placement((game.x - size[0], y), (size[0], h), display=home)
    room = screen.w - game.w
    if room >= minimum[0] and movable:
        # A single wide screen (a laptop joined to a projector as one desktop, or a wide
        # monitor) holds both side by side once the game window stands at its left edge.
        w = min(size[0], room)
        gy = max(screen.y + TITLE_BAR, min(game.y, screen.bottom - game.h))
        return Placement((screen.x + game.w, y), (w, h), (screen.x, gy), home)
    return Placement(None, size, display=home, note=NO_ROOM)


def room_place(game: pygame.Rect, displays: list[pygame.Rect]) -> int | None:
    """The display the room's window fills: the first one the game window is not on.

    The game window, where teams play in turn, stays where the teacher put it (the game
    opens on the main display, the laptop's as a rule, so the room's view goes on the
    projector); dragging it to the other display and opening the room's window again swaps
    them. None with a single display: the room would see the teams' screens beside it.
    """
    if len(displays) < 2:
        return None
    home = display_of(game, displays)
    return next(i for i in range(len(displays)) if i != home)


def sdl_library():
    """The SDL library pygame uses, through ctypes (None where it cannot be found).

    pygame-ce gives displays' sizes but not where they stand on the desktop, nor the part
    of each that task bars leave free; SDL knows both. Opening the file pygame already
    loaded returns that same library, so the answers are about the same displays.
    """
    import ctypes
    import ctypes.util

    folder = Path(pygame.__file__).parent
    names = ("libSDL2-2", "SDL2.dll", "libSDL2-2.0")
    for where in (folder, folder.parent / "pygame_ce.libs", folder / ".dylibs"):
        if not where.is_dir():
            continue
        for path in sorted(where.iterdir()):
            if path.name.startswith(names):
                try:
                    return ctypes.CDLL(str(path))
                except OSError:
                    continue
    found = ctypes.util.find_library("SDL2")
    try:
        return ctypes.CDLL(found) if found else None
    except OSError:
        return None


def display_rects() -> list[pygame.Rect]:
    """Each display's usable rectangle on the desktop, in SDL's order.

    Without SDL's answers (no library found), the displays are taken to stand side by side
    from the left, in the order and sizes pygame gives.
    """
    import ctypes

    class SDLRect(ctypes.Structure):
        _fields_ = [(name, ctypes.c_int) for name in ("x", "y", "w", "h")]

    sizes = pygame.display.get_desktop_sizes()
    sdl = None
    try:
        sdl = sdl_library()
    except (OSError, AttributeError):
        sdl = None
    rects: list[pygame.Rect] = []
    if sdl is not None and hasattr(sdl, "SDL_GetDisplayUsableBounds"):
        for i in range(len(sizes)):
            box = SDLRect()
            if sdl.SDL_GetDisplayUsableBounds(i, ctypes.byref(box)) != 0:
                rects = []
                break
            rects.append(pygame.Rect(box.x, box.y, box.w, box.h))
    if rects:
        return rects
    x = 0
    for w, h in sizes:
        rects.append(pygame.Rect(x, 0, w, h))
        x += w
    return rects


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
    #: What the game window calls this window in its messages.
    noun = "console's window"
    #: This window's key in the key table (F10), which closes it.
    toggle = "console_window"

    def __init__(self, app, game, size: tuple[int, int] = CONSOLE_SIZE) -> None:
        super().__init__(app.settings)
        self.app = app
        self.game = game
        self.nav = WindowNav(self, app.nav)
        self.os_window: pygame.Window | None = None
        self.first_size = size
        self.placement: Placement | None = None
        self.open_window()
        self.push_first()

    def push_first(self) -> None:
        self.nav.push("console", self.game)

    # --------------------------------------------------------------- window
    def open_window(self) -> None:
        if self.os_window is not None:
            return
        game = pygame.Rect(pygame.display.get_window_position(), self.app.size)
        displays = display_rects()
        movable = not self.app.settings.fullscreen
        if self.app.room is not None and displays:
            # The projector shows the room's window: the console shares the laptop's screen
            # with the game window, which the room does not see either (so covering it
            # shows no secret, and there is nothing to warn about).
            home = display_of(game, displays)
            where = place(game, self.first_size, [displays[home]], movable=movable)
            where = Placement(where.console, where.size, where.game, home)
        else:
            where = place(game, self.first_size, displays, movable=movable)
        if where.game is not None:
            pygame.display.set_window_position(where.game)
        self.os_window = pygame.Window(
            TITLE,
            where.size,
            pygame.WINDOWPOS_UNDEFINED if where.console is None else where.console,
            resizable=True,
        )
        self.os_window.minimum_size = CONSOLE_MIN
        self.placement = where
        if where.note:
            self.notify(where.note, error=True, seconds=15)
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

    def close_me(self) -> None:
        """Close this window through the game's navigator (which forgets it)."""
        self.app.nav.close_console_window()

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.WINDOWCLOSE:
            self.close_me()
            return
        if event.type in (pygame.WINDOWRESIZED, pygame.WINDOWSIZECHANGED):
            self.window = self.os_window.get_surface()
            if self.manager is not None and self.manager.window_resolution != self.size:
                self.rebuild()
            return
        self.route(event)

    def stage_action(self, name: str) -> bool:
        if name == self.toggle:
            self.close_me()
            return True
        if name in ("console", "fullscreen", "console_window", "room_window"):
            return True  # the other windows' keys belong to the game window
        return super().stage_action(name)

    def emptied(self) -> None:
        # The console's own "back": the window closes, the game window carries on.
        self.close_me()

    def announce(self, text: str, error: bool = False, seconds: float = 3.5) -> None:
        self.notify(text, error, seconds)
        self.app.notify(text, error, seconds)

    # --------------------------------------------------------------- loop
    def frame(self, dt: float) -> None:
        """Update, draw and flip this window (the app calls it after its own frame)."""
        if not self.app.nav.still_on_screen(self.game):
            self.app.notify(f"The {self.noun} closed: its game is no longer open.")
            self.close_me()
            return
        self.window = self.os_window.get_surface()
        self.paint(dt)
        if self.os_window is not None:
            self.os_window.flip()


ROOM_TITLE = "Lunar Blocs — the room's view"


class RoomWindow(ConsoleWindow):
    """The room's view in a window of its own, filling the projector's display.

    Why: with the game window on the projector, the team at the computer would play its
    turn in front of the whole room. With this window on the projector, the game window
    (hand-over screens and each team's own screen) and the console stay on the laptop.
    What: the projector screen in its public form (``public=True``: no button; it follows
    the game by itself). It takes no input but its close button and F12.
    """

    noun = "room's window"
    toggle = "room_window"

    def __init__(self, app, game, display: int) -> None:
        self.display = display
        super().__init__(app, game)

    def push_first(self) -> None:
        self.nav.push("projector", self.game, public=True)

    def open_window(self) -> None:
        if self.os_window is not None:
            return
        screens = display_rects()
        screen = screens[self.display] if self.display < len(screens) else screens[-1]
        self.os_window = pygame.Window(ROOM_TITLE, screen.size, screen.topleft)
        # Full screen on the display it stands on (SDL keeps a window's display).
        self.os_window.set_fullscreen(desktop=True)
        self.window = self.os_window.get_surface()
        self.rebuild()

    def close_me(self) -> None:
        self.app.nav.close_room_window()

    def announce(self, text: str, error: bool = False, seconds: float = 3.5) -> None:
        self.notify(text, error, seconds)
