"""Every screen of the game, set up in a fixed state, for screenshots and screenshot tests.

Spec card:
    What: ``scenes(app)`` walks the app through each screen (title, pickers, the main screen's
        tabs, turn report, hand-over, menu, load, settings, help, end of game) and yields
        ``(name, screen)`` once each is on top and drawn; ``shoot(out, size)`` saves them as
        PNG files. Deterministic: the default scenario, its seed, India, normal difficulty.
    Needs: a window (the SDL dummy driver is enough) and ``LUNAR_BLOCS_HOME`` pointing at a
        scratch folder (``shoot`` makes one), since it writes a save and a broken scenario.
    Same pixels every run: saves get their names and file times from a fixed clock, shown
        in UTC, so regenerating without changes rewrites identical PNG files.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pygame

from game.paths import DEFAULT_SCENARIO, SCENARIOS, user_scenarios
from game.scenario.catalog_files import scenario_info
from game.session.library import Library
from game.session.match import Match
from game.session.orders import OfferDraft
from game.sim.forecast_service import InlineForecasts
from game.ui.app import App
from game.ui.settings import Settings

PLAYER = "IND"
TUTORIAL_SCENARIO = SCENARIOS / "tutorial.yaml"
HOT_SEAT = ("IND", "BRA", "ZAF")
BROKEN = "nations: [\n  {id: XX, name: Broken\n"


def _frames(app, n: int = 3) -> None:
    for _ in range(n):
        app.frame(1 / 60)


def _click(app, pos: tuple[int, int]) -> None:
    """A left click at ``pos`` through the event queue, as a person makes it."""
    pygame.mouse.set_pos(pos)
    for kind in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        extra = {"rel": (0, 0), "buttons": (0, 0, 0)} if kind == pygame.MOUSEMOTION else {}
        pygame.event.post(pygame.event.Event(kind, pos=pos, button=1, touch=False, **extra))
        _frames(app, 1)
    _frames(app, 2)


def _opened(app, name: str, screen, menus: tuple[str, ...]) -> Iterator[tuple[str, object]]:
    """Each named drop-down of ``screen`` clicked open (yielded as ``name-menu``), then shut."""
    for attr in menus:
        holder = screen.pane if name.startswith("main-") else screen
        menu = getattr(holder, attr, None)
        if menu is None or not menu.alive():
            continue
        _click(app, menu.rect.center)
        yield f"{name}-{attr.removesuffix('_menu')}-open", screen
        state = menu.current_state
        if state is menu.menu_states["expanded"] and state.close_button is not None:
            _click(app, state.close_button.rect.center)


#: The drop-downs of each screen, by attribute name, shown open in the gallery.
MENUS = {
    "nations": ("diff_menu",),
    "main-budget": ("focus_menu", "mission_menu"),
    "main-offers": ("kind_menu", "target_menu"),
    "main-charts": ("chart_menu",),
    "settings": ("scale_menu", "diff_menu"),
    "end": ("menu",),
}


def scenes(app) -> Iterator[tuple[str, object]]:
    """Put each screen on top in turn; yields its name and the screen, and then the same
    screen with each of its drop-downs open; last, each step of the tutorial's coach."""
    for name, screen in _scenes(app):
        yield name, screen
        yield from _opened(app, name, screen, MENUS.get(name, ()))
    yield from tutorial_steps(app)


def tutorial_steps(app) -> Iterator[tuple[str, object]]:
    """The tutorial played by following its coach, one picture per step (``tutorial-N-key``):
    each step is done by a click where the coach points, as a person would."""
    path = TUTORIAL_SCENARIO
    if not path.exists():
        return
    item = scenario_info(path, "shipped")
    game = Match(
        item.scenario,
        humans=[item.scenario.meta.default_nation or item.scenario.nations[0].id],
        scenario_path=item.path,
        game_id="tutorial",
    )
    app.nav.show(game)
    _frames(app)
    for n in range(40):
        main = app.top
        coach = getattr(main, "coach", None)
        if coach is None:  # the turn report after End Turn
            app.pop(None)
            _frames(app)
            continue
        shown = coach.pointer()
        if shown is None:
            return
        yield f"tutorial-{n:02d}-{shown.lesson}", main
        at_tab = any(b.rect == shown.rect for b in main.tab_buttons.values())
        r = shown.rect
        slider = any(x.rect == r for x in getattr(main.pane, "sliders", []))
        if slider and shown.lesson == "mission_next":
            _click(app, (r.left + main.s(6), r.centery))  # every mission flown: share back
        elif slider:
            _click(app, (r.right - main.s(6), r.centery))
        elif shown.lesson == "answer" and not at_tab:
            _click(app, (r.x + main.s(20), r.centery))
        elif shown.choice is not None:
            # a drop-down the card names an option of: open it, click that option
            _click(app, r.center)
            yield f"tutorial-{n:02d}-{shown.lesson}-open", main
            menus = [getattr(main.pane, a, None) for a in ("kind_menu", "target_menu")]
            menu = next(m for m in menus if m is not None and m.rect == r)
            items = menu.current_state.options_selection_list.item_list_container.elements
            _click(app, next(i for i in items if i.text == shown.choice).rect.center)
            _frames(app, 6)  # the tab rebuilds on the menu's change: let it, before the next
        elif shown.lesson in ("mission", "mission_next") and not at_tab:
            _click(app, r.center)
            menu = main.pane.mission_menu
            yield f"tutorial-{n:02d}-{shown.lesson}-open", main
            items = menu.current_state.options_selection_list.item_list_container.elements
            flown = game.state.mission_done[0, main.player]
            first = next(m for q, m in enumerate(game.catalog.mission_names) if not flown[q])
            _click(app, next(i for i in items if i.text == first).rect.center)
            _frames(app, 6)
        else:
            _click(app, r.center)


def _scenes(app) -> Iterator[tuple[str, object]]:
    """Put each screen on top in turn; yields its name and the screen."""

    folder = user_scenarios()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "my-broken-scenario.yaml").write_text(BROKEN, encoding="utf-8")

    nav = app.nav
    app.reset_to(nav.make("title")) if app.stack else nav.push("title")
    _frames(app)
    yield "title", app.top
    nav.push("scenario_picker")
    _frames(app)
    yield "scenarios", app.top
    broken = [i for i, e in enumerate(app.top.entries) if not e.ok]
    if broken:
        app.top.index = broken[0]
        app.top.rebuild()
        _frames(app)
        yield "scenario-broken", app.top
    item = scenario_info(DEFAULT_SCENARIO, "shipped")
    picker = nav.make("nation_picker", item)
    picker.index = [n.id for n in picker.nations].index(PLAYER)
    picker.people = [PLAYER]
    app.push(picker)
    _frames(app)
    yield "nations", app.top

    game = Match(item.scenario, humans=[PLAYER], scenario_path=item.path, game_id="gallery")
    nav.show(game)
    _frames(app)
    main = app.top
    yield "main", main
    for turn in range(3):
        if turn == 2 and "JPN" in game.catalog.nation_ids:
            # Answered in the next turn, so the report shows an answer and its reasons.
            offer = OfferDraft("tech_transfer", game.catalog.nation("JPN"), tech=0.2, funds=0.3)
            game.draft(game.people[0]).offers.append(offer)
        main.end_turn()
        _frames(app)
        app.pop(None)
        main = app.top
    main.end_turn()
    _frames(app)
    yield "report", app.top
    app.pop(None)
    main = app.top
    for key, _text, _shortcut in main.TABS:
        main.show_tab(key)
        # an unaligned player's first question: what applying to the leading bloc brings
        if key == "offers" and "apply" in main.pane.kinds_available():
            main.pane.compose.kind = "apply"
            main.pane.compose.bloc = 0
            main.pane.compose.funds = 0.1
            main.rebuild()
        if key == "relations":
            main.select(game.catalog.nation("BRA") if "BRA" in game.catalog.nation_ids else 0)
        _frames(app)
        yield f"main-{key}", main
    _click(app, main.moon_rect.center)  # the Moon panel zoomed, as a click shows it
    yield "main-moon-zoom", main
    _click(app, main.race_rect.center)
    app.services.save_new(game)
    nav.push("menu", game)
    _frames(app)
    yield "menu", app.top
    nav.replace("load")
    _frames(app)
    yield "load", app.top
    app.pop(None)
    _frames(app)
    nav.push("settings")
    _frames(app)
    yield "settings", app.top
    app.pop(None)
    _frames(app)
    nav.push("help", ("main",), app.guide())
    _frames(app)
    yield "help", app.top
    app.pop(None)

    seat = Match(item.scenario, humans=list(HOT_SEAT), scenario_path=item.path, game_id="seats")
    app.reset_to(nav.make("handover", seat, seat.people[1]))
    _frames(app)
    yield "handover", app.top

    while not game.over:
        game.end_turn()
    app.reset_to(nav.make("end", game))
    _frames(app)
    yield "end", app.top


def fixed_clock():
    """A clock for saves that starts at a fixed date and ticks a minute per reading."""
    start = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    ticks = itertools.count()
    return lambda: start + timedelta(minutes=next(ticks))


def shoot(
    out: Path,
    size: tuple[int, int] = (1280, 720),
    only: tuple[str, ...] | None = None,
    scale: float | None = None,
) -> list[Path]:
    """Save every screen (or those named in ``only``) as ``out/<name>.png``; returns them.

    ``scale`` is the interface-scale setting: None is Auto (fit to the window), a number is
    absolute (1.5 = 150% of the 1280x720 design), capped by the window as in play.
    """
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="lunar-blocs-shots-") as home:
        old = os.environ.get("LUNAR_BLOCS_HOME")
        old_tz = os.environ.get("TZ")
        old_home = os.environ.get("HOME")
        # Paths are shown from ~: a scratch home makes them the same on every run.
        os.environ["HOME"] = home
        home = str(Path(home) / "lunar-blocs")
        os.environ["LUNAR_BLOCS_HOME"] = home
        # Save times are shown in local time: UTC makes the pictures the same everywhere.
        os.environ["TZ"] = "UTC"
        time.tzset()
        try:
            app = App(Settings(scale=scale), size=size, persist_settings=False)
            app.services = Library(Path(home) / "saves", clock=fixed_clock())
            # the race line and advisers answered at once: the same pixels every run
            app.forecasts = InlineForecasts
            app.open_window()
            for name, _screen in scenes(app):
                if only is not None and name not in only:
                    continue
                path = out / f"{name}.png"
                pygame.image.save(app.window, str(path))
                written.append(path)
        finally:
            for name, value in (("LUNAR_BLOCS_HOME", old), ("TZ", old_tz), ("HOME", old_home)):
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            time.tzset()
    return written
