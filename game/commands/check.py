"""`lunar-blocs check FILE...`: every problem of each scenario file, one line each.

Output: ``file:line:column: error: message (hint: ...)`` per problem, in reading order, then
a summary line. Exit 0 when no file has an error (warnings allowed), 1 when any does, 2 on a
usage error.
"""

from __future__ import annotations

import argparse

from game.scenario.loader import load


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files to check")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only (no warnings, no summary)"
    )


def run(args: argparse.Namespace) -> int:
    errors = warnings = broken = 0
    for name in args.files:
        loaded = load(name)
        for problem in loaded.problems:
            if problem.is_error or not args.quiet:
                print(problem)
        errors += len(loaded.errors)
        warnings += len(loaded.warnings)
        broken += bool(loaded.errors)
    if not args.quiet:
        files = len(args.files)
        summary = (
            f"{files} file{_s(files)} checked: {errors} error{_s(errors)}, "
            f"{warnings} warning{_s(warnings)}"
        )
        if broken:
            summary += f" ({broken} file{_s(broken)} with errors)"
        print(summary)
    return 1 if errors else 0


def _s(count: int) -> str:
    return "" if count == 1 else "s"
