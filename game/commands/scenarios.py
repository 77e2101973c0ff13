"""`lunar-blocs scenarios`: the shipped and user scenarios, with title, nations and turns.

A broken file is listed too, with its first problems, so a person sees why it can't be played.
"""

from __future__ import annotations

import argparse
import os

from game import paths
from game.scenario.catalog_files import list_scenarios
from game.scenario.named import shadowing

#: Problems shown under a broken scenario (``lunar-blocs check FILE`` lists them all).
SHOWN_PROBLEMS = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paths", action="store_true", help="show full paths instead of names relative to here"
    )


def run(args: argparse.Namespace) -> int:
    infos = list_scenarios()
    if not infos:
        print(f"no scenarios found in {paths.SCENARIOS} or {paths.user_scenarios()}")
        return 0
    rows = []
    for info in infos:
        shown = str(info.path) if args.paths else _short(info.path)
        tag = " (default)" if info.is_default else ""
        if info.ok:
            playable = len(info.playable)
            what = f"{info.nations} nations ({playable} playable), {info.turns} turns"
        else:
            what = f"BROKEN: {len(info.errors)} error{'s' if len(info.errors) != 1 else ''}"
        rows.append((info, f"{info.source:7}  {info.title}{tag}", what, shown))
    width = max(len(row[1]) for row in rows)
    for info, title, what, shown in rows:
        print(f"{title:{width}}  {what}  {shown}")
        if not info.ok:
            for problem in info.errors[:SHOWN_PROBLEMS]:
                print(f"    {problem}")
            if len(info.errors) > SHOWN_PROBLEMS:
                print(f"    ... run 'lunar-blocs check {shown}' for the rest")
    for shadow in shadowing(infos):
        print(shadow)
    # Exit 1 when a listed scenario cannot be played (the convention: problems found).
    return 0 if all(info.ok for info in infos) else 1


def _short(path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative
