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
from pathlib import Path

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


def write_pdf(html: Path, command: str, no_pdf: bool, pages: str = "") -> int:
    """The PDF-or-HTML ending of a command that wrote ``html``: a PDF of it beside it through
    a headless Chromium, or (none installed) a line saying how to get one. ``pages`` adds
    what the PDF holds to the closing line. Returns the command's exit code."""
    from game.report.pdf import HOW_TO, PdfError, find_browser, print_pdf

    if no_pdf:
        return OK
    browser = find_browser()
    if browser is None:
        print(HOW_TO)
        return OK
    pdf = html.with_suffix(".pdf")
    try:
        print_pdf(html, pdf, browser)
    except PdfError as exc:
        print(f"lunar-blocs {command}: no PDF: {exc}", file=sys.stderr)
        return PROBLEMS
    print(f"wrote {pdf}" + (f" ({pages})" if pages else ""))
    return OK
