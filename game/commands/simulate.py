"""`lunar-blocs simulate` (not written yet)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    print("lunar-blocs simulate: not available yet in this build", file=sys.stderr)
    return 2
