"""``lunar-blocs replay SAVE``: replay a saved game from its orders and verify every turn.

A save made under older rules is not replayed (its turns would play out differently): it
says so, and what it holds is its stored state, checked; a game continued from one replays
the turns played since (``session.match``).
"""

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
    if match.notice:
        print(f"{args.save}: {match.notice}")
    if not args.quiet:
        people = ", ".join(match.humans) or "none"
        print(f"{match.scenario.meta.title} — seed {match.seed}, people: {people}")
        for index, state in enumerate(match.states[1:], start=1):
            t = match.first_turn + index
            sizes = []
            for k, name in enumerate(catalog.bloc_short):
                sizes.append(f"{name} {int(state.member[0, :, k].sum())}")
            done = int(state.done[0].sum())
            print(
                f"turn {t:2d} ({catalog.date(t)}): {', '.join(sizes)}; "
                f"milestones done {done}; hash {match.hashes[index][:12]}"
            )
    played = len(match.orders)
    if match.first_turn == 0:
        print(f"{args.save}: replayed {played} turns; every state matches the save")
    elif played:
        print(
            f"{args.save}: replayed turns {match.first_turn + 1}-{match.turn} from its stored "
            f"state after turn {match.first_turn}; every state matches the save"
        )
    else:
        print(
            f"{args.save}: nothing to replay under these rules; its stored state after turn "
            f"{match.first_turn} is sound and the game goes on from it"
        )
    return 0
