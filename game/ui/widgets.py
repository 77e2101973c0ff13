"""Small drawing helpers shared by screens: panels, text that fits, bars, HTML escaping."""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame
import pygame_gui

from game.text.words import money  # noqa: F401  (the UI's money format: one for all)
from game.ui import theme as th
from game.ui.render import text as rtext

#: Rendered labels (and whether each was shortened), most recently used last: a frame
#: redraws the same texts, so it blits.
_LABELS: OrderedDict[tuple, tuple[pygame.Surface, bool]] = OrderedDict()
#: Texts drawn shortened with an ellipsis on each watched surface, by the surface's id
#: (``cuts_on``): (where, the whole text), so hovering one shows it whole.
_CUTS: dict[int, list[tuple[pygame.Rect, str]]] = {}


#: Object ids whose theme blocks set pygame_gui's expansion direction (read when built only).
OPENS_UP = "#opens_up"
OPENS_DOWN = "#opens_down"
#: The options list's shadow and border, above and below (theme: border 1, pygame_gui's
#: default shadow 2).
_LIST_FRAME = 2 * (2 + 1)


def options_height(manager, count: int) -> int:
    """Pixels a drop-down's open list needs to show ``count`` options without scrolling."""
    try:
        item = int(
            manager.get_theme().get_misc_data(
                "list_item_height", ["drop_down_menu.#drop_down_options_list"]
            )
        )
    except (LookupError, ValueError):
        item = 20
    return item * count + _LIST_FRAME


class DropDown(pygame_gui.elements.UIDropDownMenu):
    """A drop-down that can say what each of its options means where the pointer rests.

    pygame_gui hovers the buttons a drop-down is drawn with (they lie above the menu), never
    the menu itself, and it builds new buttons each time the menu opens, closes or scrolls,
    so a tooltip set on the menu never shows. ``set_tips`` names a text per option; each
    frame hands it to the buttons drawn now: the closed menu's buttons say what the chosen
    option does, and each option of the open list what that one would do.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.tips: dict[str, str] = {}
        self.tip_width: int | None = None
        super().__init__(*args, **kwargs)

    def set_tips(self, tips: dict[str, str], wrap_width: int | None = None) -> None:
        """``tips``: option text -> what it means; ``wrap_width``: the tooltip's width."""
        self.tips = dict(tips)
        self.tip_width = wrap_width
        self._tip_buttons()

    def chosen(self) -> str:
        """The text of the option chosen now."""
        option = self.selected_option
        return option[0] if isinstance(option, tuple) else str(option)

    def update(self, time_delta: float) -> None:
        super().update(time_delta)
        self._tip_buttons()

    def _tip_buttons(self) -> None:
        if not self.tips:
            return
        state = self.current_state
        chosen = self.tips.get(self.chosen())
        buttons = [(b, chosen) for b in getattr(state, "active_buttons", ())]
        shown = getattr(state, "options_selection_list", None)
        if shown is not None:
            # the open list: each option says what it does (the chosen one's button too)
            items = shown.item_list_container.elements
            buttons = [(b, self.tips.get(getattr(b, "text", ""))) for b in items] + buttons
        for button, tip in buttons:
            if tip and button.tool_tip_text != tip:
                button.set_tooltip(tip, wrap_width=self.tip_width)
        if shown is not None:
            self._beside(shown.rect, shown.item_list_container.elements)

    def _beside(self, area: pygame.Rect, items) -> None:
        """An option's tooltip opens over the pointer and hid the options above it: it is
        moved beside the open list, level with its option (right, else left), or above or
        below the list where neither side has the room; left where it is if nothing fits."""
        window = self.ui_manager.get_root_container().get_rect()
        gap = 4
        for item in items:
            tip = getattr(item, "tool_tip", None)
            if tip is None or not tip.rect.colliderect(area):
                continue
            w, h = tip.rect.size
            y = min(max(item.rect.centery - h // 2, window.top), window.bottom - h)
            x = min(max(item.rect.centerx - w // 2, window.left), window.right - w)
            for place in (
                pygame.Rect(area.right + gap, y, w, h),
                pygame.Rect(area.left - gap - w, y, w, h),
                pygame.Rect(x, area.top - gap - h, w, h),
                pygame.Rect(x, area.bottom + gap, w, h),
            ):
                if window.contains(place):
                    tip.set_position(place.topleft)
                    break


def dropdown(
    options: list,
    start,
    rect: pygame.Rect,
    manager,
    container,
    window_h: int,
    margin: int = 4,
) -> DropDown:
    """A drop-down whose list opens on the side of the window with room for it.

    pygame_gui reads the expansion direction from the theme once, when the menu is built
    (setting ``expand_direction`` afterwards is ignored), so the side is chosen here: below
    when every option fits there, else wherever there is more room; the list is then limited
    to that room and scrolls, so no option ever lies outside the window.
    """
    top = rect.y + (container.get_abs_rect().y if container is not None else 0)
    below = window_h - (top + rect.h) - margin
    above = top - margin
    needed = options_height(manager, len(options))
    up = needed > below and above > below
    return DropDown(
        options,
        start,
        rect,
        manager=manager,
        container=container,
        object_id=OPENS_UP if up else OPENS_DOWN,
        expansion_height_limit=max(1, min(needed, above if up else below)),
    )


def possessive(name: str) -> str:
    """``name`` owning something: "India's", but "United States'" (no 's after an s)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def esc(text: object) -> str:
    """Text made safe for pygame_gui's HTML-like markup."""
    return html.escape(str(text), quote=False)


def friendly_path(path) -> str:
    """A path as a person reads it: the home folder as ``~``."""
    path = Path(path)
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def hexcolour(rgb: tuple) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def fit(text: str, font: pygame.font.Font, width: int | None) -> str:
    """Shorten ``text`` with an ellipsis so that it fits in ``width`` pixels."""
    if width is None or font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def draw_text(
    surface: pygame.Surface,
    text: str,
    pos: tuple[int, int],
    size: int,
    colour: tuple,
    bold: bool = False,
    anchor: str = "topleft",
    width: int | None = None,
) -> pygame.Rect:
    """Draw one line of text (shortened to ``width``, and then noted so hovering it shows it
    whole); returns the rect drawn."""
    key = (str(text), size, tuple(colour), bold, width)
    cached = _LABELS.get(key)
    if cached is None:
        face = th.font(size, bold)
        shown = fit(str(text), face, width)
        cached = (face.render(shown, True, colour), shown != str(text))
        _LABELS[key] = cached
        if len(_LABELS) > 2048:
            _LABELS.popitem(last=False)
    else:
        _LABELS.move_to_end(key)
    image, cut = cached
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    rtext.note(surface, rect)
    if cut:
        note_cut(surface, rect, str(text))
    return rect


@contextmanager
def cuts_on(surface: pygame.Surface) -> Iterator[list[tuple[pygame.Rect, str]]]:
    """For a ``with`` block, note every text drawn shortened on ``surface``: (rect, whole)."""
    cuts: list[tuple[pygame.Rect, str]] = []
    _CUTS[id(surface)] = cuts
    try:
        yield cuts
    finally:
        _CUTS.pop(id(surface), None)


def note_cut(surface: pygame.Surface, rect: pygame.Rect, whole: str) -> None:
    """``whole`` was drawn shortened in ``rect`` (kept only while ``cuts_on`` the surface)."""
    cuts = _CUTS.get(id(surface))
    if cuts is not None:
        cuts.append((pygame.Rect(rect), whole))


def draw_lines(
    surface: pygame.Surface,
    text: str,
    pos: tuple[int, int],
    size: int,
    colour: tuple,
    bold: bool,
    width: int,
    bottom: int,
    most: int = 99,
    step: int | None = None,
) -> int:
    """``text`` wrapped to ``width``, as many lines as fit above ``bottom`` (at most
    ``most``); a text that does not fit ends its last line with "…" and shows whole on hover.

    Returns the y under the last line drawn.
    """
    face = th.font(size, bold)
    step = step or face.get_linesize()
    x, y = pos
    lines = wrap(text, face, width)
    room = max(0, min(most, (bottom - y) // max(1, step)))
    shown = lines[:room]
    if len(lines) > room and shown:
        # the rest joins the last line, which ends in an ellipsis (never a silent cut)
        shown[-1] = fit(" ".join(lines[room - 1 :]), face, width)
        if not shown[-1].endswith("…"):
            shown[-1] = fit(shown[-1] + " …", face, width)
    for line in shown:
        rect = draw_text(surface, line, (x, y), size, colour, bold, width=width)
        if len(lines) > room:
            note_cut(surface, rect, text)
        y += step
    return y


def wrap(text: str, face: pygame.font.Font, width: int) -> list[str]:
    """Split text into lines that fit ``width`` pixels."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if face.size(candidate)[0] <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def draw_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    colours: th.Colours,
    heading: str | None,
    s: Callable[[float], int],
) -> pygame.Rect:
    """A rounded panel with an optional heading; returns the content rect below the heading."""
    radius = s(7)
    pygame.draw.rect(surface, colours.panel, rect, border_radius=radius)
    pygame.draw.rect(surface, colours.panel_border, rect, width=1, border_radius=radius)
    if not heading:
        return rect.inflate(-s(16), -s(16))
    draw_text(
        surface,
        heading.upper(),
        (rect.x + s(12), rect.y + s(8)),
        s(13),
        colours.muted,
        bold=True,
        width=rect.w - s(24),
    )
    top = rect.y + s(30)
    return pygame.Rect(rect.x + s(10), top, rect.w - s(20), rect.bottom - top - s(8))


def draw_bar(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fraction: float,
    colour: tuple,
    track: tuple,
) -> None:
    """A horizontal progress bar filled to ``fraction`` (0..1)."""
    radius = max(2, rect.h // 2)
    pygame.draw.rect(surface, track, rect, border_radius=radius)
    fraction = min(max(float(fraction), 0.0), 1.0)
    if fraction > 0:
        filled = rect.copy()
        filled.w = max(rect.h, round(rect.w * fraction))
        pygame.draw.rect(surface, colour, filled, border_radius=radius)


_STARS: dict[tuple[int, int, bool], pygame.Surface] = {}


def starfield(size: tuple[int, int], colours: th.Colours) -> pygame.Surface:
    """A cached background of faint stars over a deep gradient (deterministic)."""
    key = (size[0], size[1], colours is th.HIGH_CONTRAST)
    cached = _STARS.get(key)
    if cached is not None:
        return cached
    w, h = size
    surface = pygame.Surface(size)
    surface.fill(colours.background)
    if colours is not th.HIGH_CONTRAST:
        top = pygame.Color(*colours.background)
        glow = pygame.Color(20, 30, 58)
        for y in range(0, h, 4):
            t = y / max(1, h)
            pygame.draw.rect(surface, top.lerp(glow, t * 0.9), (0, y, w, 4))
    # A small linear congruential generator keeps the stars fixed without global random state.
    state = 12345
    for _ in range(w * h // 2600):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        x = state % w
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        y = state % h
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        shade = 90 + state % 140
        surface.set_at((x, y), (shade, shade, min(255, shade + 25)))
        if state % 23 == 0:
            pygame.draw.circle(surface, (shade, shade, min(255, shade + 25)), (x, y), 1)
    _STARS.clear()
    _STARS[key] = surface
    return surface


def draw_moon(surface: pygame.Surface, centre: tuple[int, int], radius: int) -> None:
    """A decorative Moon lit from the upper left, with soft maria and a soft terminator."""
    size = radius * 2 + 4
    c = (size // 2, size // 2)
    moon = pygame.Surface((size, size), pygame.SRCALPHA)
    # Lit disc: a radial gradient from a bright spot toward the limb.
    for i in range(radius, 0, -1):
        t = i / radius
        shade = int(92 + 120 * (1 - t) ** 0.8)
        off = int((radius - i) * 0.35)
        pygame.draw.circle(moon, (shade, shade + 3, shade + 10), (c[0] - off, c[1] - off), i)
    # Maria and craters, as soft darker patches (placed by fixed fractions of the radius).
    patches = pygame.Surface((size, size), pygame.SRCALPHA)
    for dx, dy, rx, ry, alpha in (
        (-0.30, -0.25, 0.34, 0.24, 46),
        (0.05, -0.05, 0.22, 0.30, 38),
        (-0.15, 0.30, 0.26, 0.16, 40),
        (0.32, 0.22, 0.14, 0.12, 34),
    ):
        for step in range(5):  # concentric layers give the patch a soft edge
            f = 1.0 - step * 0.14
            rect = pygame.Rect(0, 0, int(rx * 2 * radius * f), int(ry * 2 * radius * f))
            rect.center = (int(c[0] + dx * radius), int(c[1] + dy * radius))
            pygame.draw.ellipse(patches, (30, 34, 48, alpha // 4), rect)
    for dx, dy, r in (
        (0.42, -0.35, 0.07),
        (-0.52, 0.05, 0.05),
        (0.12, 0.55, 0.06),
        (0.55, 0.1, 0.04),
    ):
        p = (int(c[0] + dx * radius), int(c[1] + dy * radius))
        pygame.draw.circle(patches, (40, 44, 58, 70), p, max(2, int(r * radius)))
        pygame.draw.circle(
            patches, (235, 238, 245, 60), (p[0] - 1, p[1] - 1), max(2, int(r * radius)), 1
        )
    moon.blit(patches, (0, 0))
    # Terminator: stacked translucent discs shifted toward the lower right make a soft edge.
    shadow = pygame.Surface((size, size), pygame.SRCALPHA)
    steps = 10
    for k in range(steps):
        shift = int(radius * (0.35 + 0.05 * k))
        pygame.draw.circle(shadow, (4, 6, 14, 22), (c[0] + shift, c[1] + shift // 2), radius)
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), c, radius)
    shadow.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    moon.blit(shadow, (0, 0))
    glow = pygame.Surface((size + radius, size + radius), pygame.SRCALPHA)
    g = (glow.get_width() // 2, glow.get_height() // 2)
    for i in range(8):
        pygame.draw.circle(glow, (120, 150, 220, 4), g, radius + max(1, radius // 60) * (i + 1))
    surface.blit(glow, (centre[0] - g[0], centre[1] - g[1]))
    surface.blit(moon, (centre[0] - c[0], centre[1] - c[1]))


def row_of(selection_list, text: str) -> int | None:
    """Index of the row whose text is ``text`` in a UISelectionList, or None."""
    for i, item in enumerate(selection_list.item_list):
        if item["text"] == text:
            return i
    return None


def select_row(selection_list, index: int) -> None:
    """Select row ``index`` of a pygame_gui UISelectionList from code (keyboard navigation)."""
    scroll_to_row(selection_list, index)
    for i, item in enumerate(selection_list.item_list):
        item["selected"] = i == index
        button = item.get("button_element")
        if button is not None:
            button.select() if i == index else button.unselect()


def scroll_to_row(selection_list, index: int) -> None:
    """Scroll a UISelectionList just enough that row ``index`` is in view."""
    bar = selection_list.scroll_bar
    container = selection_list.item_list_container
    total = selection_list.total_height_of_list
    if bar is None or container is None or total <= 0:
        return
    row = selection_list.list_item_height
    top, view = index * row, container.relative_rect.height
    current = bar.start_percentage * total
    if top < current:
        wanted = top
    elif top + row > current + view:
        wanted = top + row - view
    else:
        return
    bar.set_scroll_from_start_percentage(wanted / total)
    # The list moves its rows when it sees the bar moved; let it look now, not next frame.
    selection_list.update(0.0)


def draw_tooltip(
    surface: pygame.Surface,
    lines: list[str],
    scale: float,
    pointer: tuple[int, int] | None = None,
    plain: bool = False,
) -> None:
    """A tooltip box near ``pointer`` (the mouse when not given): a bold first line (unless
    ``plain``), then plain ones; kept on screen."""
    s = scale
    body = th.font(round(13 * s))
    bold = body if plain else th.font(round(14 * s), True)
    images = [bold.render(lines[0], True, (255, 255, 255))] + [
        body.render(line, True, (214, 222, 238)) for line in lines[1:]
    ]
    pad = round(8 * s)
    w = max(i.get_width() for i in images) + 2 * pad
    h = sum(i.get_height() for i in images) + 2 * pad
    mx, my = pygame.mouse.get_pos() if pointer is None else pointer
    box = pygame.Rect(mx + round(16 * s), my + round(12 * s), w, h)
    box.clamp_ip(surface.get_rect())
    if box.collidepoint(mx, my):
        box.bottom = my - round(8 * s)
        box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, (11, 17, 32), box, border_radius=round(5 * s))
    pygame.draw.rect(surface, (111, 155, 232), box, 1, border_radius=round(5 * s))
    y = box.y + pad
    for image in images:
        surface.blit(image, (box.x + pad, y))
        y += image.get_height()
