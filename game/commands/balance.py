"""`lunar-blocs balance SCENARIO --worlds 2000`: a Monte-Carlo balance report of a scenario.

One batch of computer-played worlds through the same engine as a single game, with a
progress bar on stderr; the report goes to stdout and per-world results to ``--csv``.
"""

from __future__ import annotations

import argparse
import sys

from game.ai.difficulty import DEFAULT_DIFFICULTY, DIFFICULTIES
from game.commands import add_verbosity, verbose_printer

#: A batch larger than this would need more memory than a laptop has for little gain.
MAX_WORLDS = 200_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="the scenario: a YAML file or a scenario id")
    parser.add_argument(
        "--worlds", type=int, default=2000, help="how many worlds to play (default: %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="random seed (default: the scenario's)"
    )
    parser.add_argument(
        "--turns", type=int, default=None, help="stop after this many turns (default: to the end)"
    )
    parser.add_argument(
        "--difficulty",
        choices=list(DIFFICULTIES),
        default=DEFAULT_DIFFICULTY,
        help="how well the computer players choose (default: %(default)s)",
    )
    parser.add_argument("--csv", metavar="FILE", default=None, help="write per-world results here")
    add_verbosity(parser, quiet="no progress bar")


def run(args: argparse.Namespace) -> int:
    from game.sim.balance import format_report, play_study, write_csv
    from game.sim.load import CommandError, compile_for, load
    from game.sim.stats import ProgressBar

    def fail(message: str) -> int:
        print(f"lunar-blocs balance: {message}", file=sys.stderr)
        return 2

    if not 1 <= args.worlds <= MAX_WORLDS:
        return fail(f"--worlds must be between 1 and {MAX_WORLDS:,}")
    if args.turns is not None and args.turns < 0:
        return fail("--turns must be 0 or more")
    if args.seed is not None and not 0 <= args.seed < 2**63:
        return fail("--seed must be between 0 and 2**63 - 1")
    try:
        scenario = load(args.scenario)
        compiled = compile_for(scenario, worlds=args.worlds, seed=args.seed)
    except CommandError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    if args.csv:
        try:
            # Fail before the batch runs, not after minutes of work.
            open(args.csv, "a", encoding="utf-8").close()
        except OSError as exc:
            return fail(f"cannot write {args.csv}: {exc.strerror or exc}")

    say = verbose_printer(args)
    say(f"scenario {scenario.meta.id}, {args.worlds:,} worlds, seed {compiled.seed}")
    bar = None if args.quiet else ProgressBar(args.worlds, label=f"{args.worlds:,} worlds")

    def progress(done, total):
        if bar is not None:
            bar.update(args.worlds * done // total)

    study = play_study(compiled, args.turns, args.difficulty, progress=progress)
    if bar is not None:
        bar.close()
    for line in format_report(study):
        print(line)
    if args.csv:
        try:
            write_csv(study, args.csv)
        except OSError as exc:
            return fail(f"cannot write {args.csv}: {exc.strerror or exc}")
        print(f"Per-world results written to {args.csv}")
    return 0
