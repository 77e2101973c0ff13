"""`lunar-blocs balance SCENARIO --worlds 2000`: a Monte-Carlo balance report of a scenario.

One batch of computer-played worlds through the same engine as a single game, with a
progress bar on stderr; the report goes to stdout and per-world results to ``--csv``.

The strategy lab: ``--as NATION --policy NAME`` plays that nation with a scripted policy
(``game.sim.policies``) against the computer and reports its score, its bloc's win rate and
its objectives beside the computer's own play of the seat in the same worlds (``--json``
for a machine). ``--export DIR`` writes the long-format study files (``game.sim.export``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    parser.add_argument(
        "--as", dest="seat", metavar="NATION", default=None, help="the nation a policy plays"
    )
    parser.add_argument(
        "--policy",
        default=None,
        help="the scripted policy of --as (see --policy list); "
        "tilt-CATEGORY@A-B or cut-CATEGORY@A-B tilts on turns A..B only (1: the first turn), "
        "e.g. tilt-reserve@5-8",
    )
    parser.add_argument(
        "--seat-difficulty",
        choices=list(DIFFICULTIES),
        default=DEFAULT_DIFFICULTY,
        help="the level the computer plays --as at, in the comparison (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the lab's figures as JSON")
    parser.add_argument(
        "--export", metavar="DIR", default=None, help="write nations/attempts/membership CSVs"
    )


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
    if args.policy is not None or args.seat is not None or args.json:
        return _lab(args, compiled, fail)
    if args.export and Path(args.export).exists() and not Path(args.export).is_dir():
        return fail(f"cannot write into {args.export}: it is a file")
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
    if args.export:
        # the study files of the same worlds, computer-played (a second, exporting run)
        return _lab(args, compiled, fail)
    return 0


def _lab(args: argparse.Namespace, compiled, fail) -> int:
    """The strategy lab (``--as``/``--policy``) or an exported computer-only batch."""
    import json

    from game.sim.export import StudyExport
    from game.sim.lab import compare, format_lab, play_lab, seat_summary
    from game.sim.policies import POLICIES, WINDOW_SYNTAX, get_policy

    cat = compiled.catalog
    if args.policy == "list":
        for name, fn in POLICIES.items():
            print(f"{name:<16} {(fn.__doc__ or '').strip().splitlines()[0] if fn.__doc__ else ''}")
        print(f"and windows: {WINDOW_SYNTAX}")
        return 0
    if (args.seat is None) != (args.policy is None):
        return fail("--as and --policy go together")
    if args.json and args.seat is None:
        return fail("--json needs --as and --policy")
    seat = -1
    if args.seat is not None:
        if args.seat not in cat.nation_ids:
            near = ", ".join(cat.nation_ids)
            return fail(f"no nation {args.seat!r} in the scenario (nations: {near})")
        try:
            get_policy(args.policy)
        except ValueError as exc:
            return fail(str(exc))
        seat = cat.nation(args.seat)
    exporter = None
    if args.export:
        if Path(args.export).exists() and not Path(args.export).is_dir():
            return fail(f"cannot write into {args.export}: it is a file")
        exporter = StudyExport(cat, compiled.rules, compiled.seed)
    result = play_lab(
        compiled,
        seat,
        args.policy or "computer",
        args.difficulty,
        args.seat_difficulty,
        turns=args.turns,
        export=exporter,
    )
    if exporter is not None:
        try:
            paths = exporter.write(args.export)
        except OSError as exc:
            return fail(f"cannot write {args.export}: {exc.strerror or exc}")
    if seat >= 0:
        base = play_lab(
            compiled, seat, "computer", args.difficulty, args.seat_difficulty, turns=args.turns
        )
        if args.json:
            out = {
                "scenario": cat.scenario.meta.id if hasattr(cat.scenario.meta, "id") else "",
                "nation": args.seat,
                "difficulty": result.difficulty,
                "seat_difficulty": result.seat_difficulty,
                "policy": seat_summary(result, compiled.rules),
                "computer": seat_summary(base, compiled.rules),
                "difference": compare(result, base),
            }
            print(json.dumps(out, indent=2))
        else:
            for line in format_lab(result, base, cat, compiled.rules):
                print(line)
    if exporter is not None and not args.json:
        print("Study files written: " + ", ".join(str(p) for p in paths))
    return 0
