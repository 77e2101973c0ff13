"""`lunar-blocs check FILE...`: every problem of each scenario file, one line each.

Output: ``file:line:column: error: message (hint: ...)`` per problem, in reading order, then
a summary line. Exit 0 when no file has an error (warnings allowed), 1 when any does, 2 on a
usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from game.paths import user_scenarios
from game.scenario.loader import load
from game.scenario.named import Shadow, UnknownScenario, resolve, shadowing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="SCENARIO", help="scenario files or scenario ids to check"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only (no warnings, no summary)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also say which file each name resolved to"
    )


def run(args: argparse.Namespace) -> int:
    errors = warnings = broken = 0
    for name in args.files:
        try:
            path = resolve(name)
        except UnknownScenario as exc:
            print(f"{exc}")
            errors += 1
            broken += 1
            continue
        if args.verbose and str(path) != name:
            print(f"{name}: {path}")
        loaded = load(path)
        for problem in loaded.problems:
            if problem.is_error or not args.quiet:
                print(problem)
        shadow = _shadow_of(path) if not args.quiet else None
        if shadow is not None:
            print(shadow)
            warnings += 1
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


def _shadow_of(path: Path) -> Shadow | None:
    """The warning for a user scenario that hides a shipped one of the same id, if it does."""
    from game.scenario.catalog_files import list_scenarios

    try:
        folder = user_scenarios().resolve()
        if folder not in path.resolve().parents:
            return None
    except OSError:
        return None
    for shadow in shadowing(list_scenarios()):
        if shadow.user.resolve() == path.resolve():
            return shadow
    return None


def _s(count: int) -> str:
    return "" if count == 1 else "s"
