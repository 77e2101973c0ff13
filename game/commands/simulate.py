"""`lunar-blocs simulate SCENARIO`: one computer-played game, told turn by turn (or as JSON).

Every nation is played by the computer at the chosen difficulty. The same scenario, seed and
world give the same text every time; ``--world 7`` plays the world that is world 7 of any
balance batch with the same seed (``--json`` of it equals world 7 of that batch).
"""

from __future__ import annotations

import argparse
import json
import sys

from game.ai.difficulty import DEFAULT_DIFFICULTY, DIFFICULTIES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="the scenario file (YAML)")
    parser.add_argument(
        "--seed", type=int, default=None, help="random seed (default: the scenario's)"
    )
    parser.add_argument(
        "--turns", type=int, default=None, help="stop after this many turns (default: to the end)"
    )
    parser.add_argument(
        "--world",
        type=int,
        default=0,
        help="world id: the same game as world N of a batch (default 0)",
    )
    parser.add_argument(
        "--difficulty",
        choices=list(DIFFICULTIES),
        default=DEFAULT_DIFFICULTY,
        help="how well the computer players choose (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the whole game as JSON")


def run(args: argparse.Namespace) -> int:
    from game.sim.account import game_json, game_text
    from game.sim.driver import run_batch
    from game.sim.load import CommandError, compile_for, load

    if args.turns is not None and args.turns < 0:
        print("lunar-blocs simulate: --turns must be 0 or more", file=sys.stderr)
        return 2
    if not 0 <= args.world < 2**63:
        print("lunar-blocs simulate: --world must be between 0 and 2**63 - 1", file=sys.stderr)
        return 2
    if args.seed is not None and not 0 <= args.seed < 2**63:
        print("lunar-blocs simulate: --seed must be between 0 and 2**63 - 1", file=sys.stderr)
        return 2
    try:
        scenario = load(args.scenario)
        compiled = compile_for(scenario, worlds=1, seed=args.seed, world_ids=[args.world])
    except CommandError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    history = run_batch(compiled, args.turns, args.difficulty, keep_decisions=not args.json)
    if args.json:
        json.dump(game_json(history, 0), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for line in game_text(history, 0):
            print(line)
    return 0
