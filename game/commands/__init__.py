"""One module per command: ``add_arguments(parser)`` and ``run(args) -> int``.

Conventions shared by every command (README, "Command line"):
    exit codes: 0 fine, 1 problems found (a bad scenario or save included), 2 usage,
    3 internal error; ``-q/--quiet`` prints only the result, ``-v/--verbose`` adds what the
    command is doing on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

#: Exit codes (the README documents them).
OK, PROBLEMS, USAGE, INTERNAL = 0, 1, 2, 3
#: World ids key the random draws as 64-bit integers.
MAX_WORLD = 2**63 - 1


def add_verbosity(parser: argparse.ArgumentParser, quiet: str) -> None:
    """The shared ``-q/--quiet`` and ``-v/--verbose`` flags (``quiet`` says what -q keeps)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help=quiet)
    group.add_argument(
        "-v", "--verbose", action="store_true", help="say what is being done, on stderr"
    )


def verbose_printer(args: argparse.Namespace) -> Callable[[str], None]:
    """A ``say(text)`` that writes to stderr under ``--verbose`` and does nothing otherwise."""
    prog = f"lunar-blocs {getattr(args, 'command', '') or ''}".strip()
    if getattr(args, "verbose", False):
        return lambda text: print(f"{prog}: {text}", file=sys.stderr)
    return lambda text: None
