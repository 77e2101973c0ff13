"""Regenerate what is derived from the scenario models, after changing game/scenario/models.py.

Writes ``scenarios/scenario.schema.json`` (the JSON Schema editors use) and the generated
reference section of ``docs/scenario-format.md`` (between its BEGIN/END markers; the rest of
that file is written by hand). ``--check`` only reports drift and exits 1 when there is some.

Usage: python tools/gen_schema_docs.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.paths import ROOT, SCENARIOS
from game.scenario.docs import schema_text, splice_reference

SCHEMA = SCENARIOS / "scenario.schema.json"
DOC = ROOT / "docs" / "scenario-format.md"


def outputs() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    return {SCHEMA: schema_text(), DOC: splice_reference(DOC.read_text(encoding="utf-8"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if args.check and stale:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1
    if not stale:
        print("schema and reference are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
