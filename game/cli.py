"""The command line: ``lunar-blocs [COMMAND] ...``; with no command it plays.

Each command lives in ``game/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``; modules are imported lazily so that only ``play`` loads pygame.
Exit codes: 0 fine, 1 problems found, 2 usage, 3 internal error. No person ever sees a
traceback: an unexpected error writes it to a log file and says so in one line.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from game.commands import INTERNAL

#: name -> one-line help. The module game.commands.<name> implements it.
COMMANDS: dict[str, str] = {
    "play": "open the game window (the default)",
    "check": "check scenario files and list every problem",
    "schema": "print the JSON Schema of the scenario format",
    "scenarios": "list shipped and user scenarios",
    "simulate": "play a game with computer players only and print what happened",
    "balance": "Monte-Carlo balance report of a scenario",
    "replay": "replay a saved game and verify it",
    "handouts": "write printable team handouts (HTML, and PDF with a browser)",
    "debrief": "write a debrief of a saved game: charts, timeline, CSV, comparison",
}

EPILOG = (
    "A SCENARIO is a file or the id of a shipped or user scenario (e.g. tutorial). "
    "Exit codes: 0 fine, 1 problems found, 2 usage, 3 internal error."
)


def version() -> str:
    """The installed distribution's version (the source tree's when run from a checkout)."""
    from importlib import metadata

    try:
        return metadata.version("lunar-blocs")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's module is imported (fast start)."""
    parser = argparse.ArgumentParser(
        prog="lunar-blocs",
        description="Lunar Blocs: alliances in the race to the first permanent Moon base.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"lunar-blocs {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG)
        if only is None or name == only:
            module = importlib.import_module(f"game.commands.{name.replace('-', '_')}")
            module.add_arguments(p)
            p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    parser = build_parser(argv[0] if argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last line of defence: a person never sees a traceback
        where = write_crash_log(argv)
        print(
            f"lunar-blocs: internal error: {type(exc).__name__}: {_one_line(str(exc))}",
            file=sys.stderr,
        )
        print(f"The details are in {where}; please report it with that file.", file=sys.stderr)
        return INTERNAL


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    flat = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def write_crash_log(argv: list[str]) -> str:
    """Write the current exception's traceback to the log folder; return where (or why not)."""
    import datetime
    import traceback

    from game.paths import log_dir

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"lunar-blocs {version()} on Python {sys.version.split()[0]} ({sys.platform})\n"
        f"command: {argv!r}\n\n{traceback.format_exc()}"
    )
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}.log"
        path.write_text(text, encoding="utf-8")
        return str(path)
    except OSError as exc:
        return f"(no log written: {exc.strerror or exc})"
