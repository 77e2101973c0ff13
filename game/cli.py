"""The command line: ``lunar-blocs [COMMAND] ...``; with no command it plays.

Each command lives in ``game/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``; modules are imported lazily so that only ``play`` loads pygame.
No person ever sees a traceback: unexpected errors become one clear line and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's module is imported (fast start)."""
    parser = argparse.ArgumentParser(
        prog="lunar-blocs",
        description="Lunar Blocs: alliances in the race to the first permanent Moon base.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            module = importlib.import_module(f"game.commands.{name.replace('-', '_')}")
            module.add_arguments(p)
            p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
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
        print(f"lunar-blocs: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("Please report this with the command you ran.", file=sys.stderr)
        return 2
