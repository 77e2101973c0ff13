"""``lunar-blocs debrief SAVE --out DIR``: a debrief of a saved game for the class.

Writes ``DIR/debrief.html`` (self-contained, opens offline, prints well; a PDF of it through
a headless Chromium when one is installed), ``DIR/debrief.json`` (every turn, the score's
parts, the comparisons) and the long-format CSV files of ``balance --export``
(``nations.csv``, ``attempts.csv``, ``membership.csv``) for the class's one world.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.commands import write_pdf

#: More worlds than this would take long on a classroom laptop for no visible gain.
MAX_WORLDS = 100_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from game.report.debrief import DEFAULT_WORLDS

    parser.add_argument("save", help="a .lbsave file")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    parser.add_argument(
        "--worlds",
        type=int,
        default=DEFAULT_WORLDS,
        help="computer-played worlds to compare with (default: %(default)s)",
    )
    parser.add_argument(
        "--what-if-from",
        type=int,
        default=None,
        metavar="TURN",
        help="the computer plays on from this turn of the class's game (default: halfway)",
    )
    parser.add_argument("--no-pdf", action="store_true", help="write no PDF")


def run(args: argparse.Namespace) -> int:
    from game.report.debrief import build, class_history, debrief_data, debrief_html
    from game.session.match import Match
    from game.session.saves import SaveError
    from game.sim.export import export_history

    if not 1 <= args.worlds <= MAX_WORLDS:
        print(f"lunar-blocs debrief: --worlds must be 1 to {MAX_WORLDS:,}", file=sys.stderr)
        return 2
    try:
        match = Match.load(args.save)
    except SaveError as exc:
        print(f"{args.save}: {exc}", file=sys.stderr)
        return 1
    if match.debrief_problem:
        print(f"{args.save}: {match.debrief_problem}", file=sys.stderr)
        return 1
    try:
        report = build(match, args.worlds, args.what_if_from)
    except ValueError as exc:
        print(f"lunar-blocs debrief: {exc}", file=sys.stderr)
        return 2

    out = Path(args.out)
    html = out / "debrief.html"
    try:
        out.mkdir(parents=True, exist_ok=True)
        html.write_text(debrief_html(report), encoding="utf-8")
        with open(out / "debrief.json", "w", encoding="utf-8") as handle:
            json.dump(debrief_data(report), handle, ensure_ascii=False, indent=1, allow_nan=False)
        export_history(class_history(match), out, match.orders)
    except OSError as exc:
        print(f"lunar-blocs debrief: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {html}, debrief.json and the CSV files of every turn to {out}")
    return write_pdf(html, "debrief", args.no_pdf)
