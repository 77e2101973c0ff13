"""`lunar-blocs play [SCENARIO] [--nation ID] [--length N] [--scale S] [--fullscreen] [--windowed WxH]
[--console-window]`.

Opens the game window. Without a display it says so in one line (and how to run the
headless commands instead) and exits 1, never with a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from game.scenario.rescale import MAX_TURNS

NO_DISPLAY_HINT = (
    "try the headless commands instead, e.g. `lunar-blocs simulate` or `lunar-blocs check`"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", help="a scenario to start with: a file, or an id such as tutorial"
    )
    parser.add_argument("--nation", help="nation id to play (skips the pickers)")
    parser.add_argument("--scale", type=float, help="interface scale, e.g. 1.3 for projectors")
    parser.add_argument("--fullscreen", action="store_true", help="start in fullscreen")
    parser.add_argument("--windowed", metavar="WxH", help="start in a window of this size")
    parser.add_argument(
        "--difficulty", choices=("easy", "normal", "hard"), help="computer players' level"
    )
    parser.add_argument(
        "--length",
        type=int,
        metavar="N",
        help="play the scenario in N turns from the same start (turn length, per-turn rules "
        "and, if the calendar must change, programme costs rescaled so a base stays reachable)",
    )
    parser.add_argument(
        "--console-window",
        action="store_true",
        help="teachers: open the facilitator's console in a second window as soon as a game "
        "is on screen (the game window stays the room's view for the projector; F10 too)",
    )
    parser.add_argument(
        "--room-window",
        action="store_true",
        help="teachers: show the room's view full screen on the projector (a second display) "
        "and keep the game window, where teams play in turn, on the laptop (F12 too)",
    )
    parser.add_argument(
        "--exit-after-frames",
        type=int,
        metavar="N",
        help="quit by itself after N frames with exit code 0 (smoke tests, demos)",
    )
    parser.add_argument(
        "--exit-after-seconds",
        type=float,
        metavar="S",
        help="quit by itself after S seconds with exit code 0 (smoke tests, demos)",
    )


def _size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"lunar-blocs play: --windowed wants WIDTHxHEIGHT, not {text!r}") from None
    if w < 640 or h < 400:
        raise SystemExit("lunar-blocs play: the window must be at least 640x400")
    return w, h


def run(args: argparse.Namespace) -> int:
    try:
        size = _size(args.windowed)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.scale is not None and not 0.5 <= args.scale <= 3.0:
        print("lunar-blocs play: --scale must be between 0.5 and 3", file=sys.stderr)
        return 2
    for name in ("exit_after_frames", "exit_after_seconds"):
        value = getattr(args, name)
        if value is not None and not 0 < value < 10**9:
            print(f"lunar-blocs play: --{name.replace('_', '-')} must be positive", file=sys.stderr)
            return 2
    if args.length is not None and not 1 <= args.length <= MAX_TURNS:
        print(f"lunar-blocs play: --length must be from 1 to {MAX_TURNS} turns", file=sys.stderr)
        return 2
    if args.length is not None and not args.scenario:
        print(
            "lunar-blocs play: --length needs a scenario, e.g. play classroom --length 6",
            file=sys.stderr,
        )
        return 2
    scenario = None
    if args.scenario:
        from game.scenario.named import UnknownScenario, resolve

        try:
            scenario = resolve(args.scenario)
        except UnknownScenario as exc:
            print(f"lunar-blocs play: {exc}", file=sys.stderr)
            return 1
        from game.safeio import entry_problem, visible

        reason = entry_problem(scenario)
        if reason:
            print(f"lunar-blocs play: {visible(scenario)}: {reason}", file=sys.stderr)
            return 1

    # Before pygame is first imported: its greeting is noise in a terminal.
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from game.ui.app import display_problem

    problem = display_problem()
    if problem:
        print(
            f"lunar-blocs play: cannot open a window: {problem}; {NO_DISPLAY_HINT}.",
            file=sys.stderr,
        )
        return 1
    from game.ui.launch import launch

    return launch(
        scenario=scenario,
        nation=args.nation,
        scale=args.scale,
        fullscreen=args.fullscreen,
        size=size,
        difficulty=args.difficulty,
        length=args.length,
        console_window=args.console_window,
        room_window=args.room_window,
        exit_after_frames=args.exit_after_frames,
        exit_after_seconds=args.exit_after_seconds,
        no_display_hint=NO_DISPLAY_HINT,
    )
