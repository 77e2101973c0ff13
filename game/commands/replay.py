"""``lunar-blocs replay SAVE``: replay a saved game from its orders and verify every turn."""

from __future__ import annotations

import argparse
import sys

from game.commands import add_verbosity, verbose_printer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("save", help="a .lbsave file")
    add_verbosity(parser, quiet="print only the verdict")


def run(args: argparse.Namespace) -> int:
    from game.session.match import Match
    from game.session.saves import SaveError

    say = verbose_printer(args)
    say(f"loading {args.save} and replaying its orders")
    try:
        match = Match.load(args.save)
    except SaveError as exc:
        print(f"{args.save}: {exc}", file=sys.stderr)
        return 1
    catalog = match.catalog
    if not args.quiet:
        people = ", ".join(match.humans) or "none"
        print(f"{match.scenario.meta.title} — seed {match.seed}, people: {people}")
        for t in range(1, match.turn + 1):
            state = match.states[t]
            sizes = []
            for k, name in enumerate(catalog.bloc_short):
                sizes.append(f"{name} {int((state.bloc[0] == k).sum())}")
            done = int(state.done[0].sum())
            print(
                f"turn {t:2d} ({catalog.date(t)}): {', '.join(sizes)}; "
                f"milestones done {done}; hash {match.hashes[t][:12]}"
            )
    print(f"{args.save}: replayed {match.turn} turns; every state matches the save")
    return 0
