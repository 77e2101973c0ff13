"""``lunar-blocs handouts SCENARIO --out DIR``: a printable page per playable team.

Writes ``DIR/<scenario>-handouts.html`` (every team, one page each, for printing at once) and
``DIR/<scenario>-<nation>.html`` per team, plus a PDF of the whole set (a page per team) through a headless Chromium when
one is installed; without one, HTML only and a line saying how to get the PDF.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands import write_pdf


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="the scenario file (YAML; extends: works as usual)")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument(
        "--nation", action="append", default=None, help="only this nation id (repeatable)"
    )
    parser.add_argument("--no-pdf", action="store_true", help="write HTML only")


def run(args: argparse.Namespace) -> int:
    from game.report.handouts import handouts_html, playable
    from game.sim.load import CommandError, compile_for, load

    try:
        scenario = load(args.scenario)
        compiled = compile_for(scenario, worlds=1)
    except CommandError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    teams = playable(compiled)
    ids = compiled.catalog.nation_ids
    if args.nation:
        unknown = [n for n in args.nation if n not in ids]
        if unknown:
            print(f"lunar-blocs handouts: unknown nation(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        teams = [ids.index(n) for n in args.nation]
    if not teams:
        print(f"{args.scenario}: no playable nation, so no handouts", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        stem = scenario.meta.id
        files = [(out / f"{stem}-handouts.html", teams)]
        files += [(out / f"{stem}-{ids[i]}.html", [i]) for i in teams]
        for path, which in files:
            path.write_text(handouts_html(compiled, which), encoding="utf-8")
    except OSError as exc:
        print(
            f"lunar-blocs handouts: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    print(f"wrote {len(files)} HTML files for {len(teams)} teams to {out}")
    # One PDF of every team (a page each) is what a teacher prints; a team's own page is a
    # page of it, and its HTML is there to send on its own.
    return write_pdf(files[0][0], "handouts", args.no_pdf, f"{len(teams)} pages, one per team")
