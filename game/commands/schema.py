"""`lunar-blocs schema [--out FILE]`: the JSON Schema of the scenario format.

The same text is committed as ``scenarios/scenario.schema.json`` (regenerate it with
``python tools/gen_schema_docs.py``); editors use it through each scenario's first line,
``# yaml-language-server: $schema=./scenario.schema.json``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.scenario.docs import schema_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", help="write the schema to FILE instead")


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    if not args.out:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(
            f"lunar-blocs schema: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr
        )
        return 2
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
