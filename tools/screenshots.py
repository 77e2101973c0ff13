"""Regenerate the README's screenshots headlessly, at 1280x720 unless told otherwise.

Usage: python tools/screenshots.py [--out DIR] [--size WxH] [--scale S] [--all]

Every screen is set up and drawn (see ``game.ui.gallery``), and again with each of its
drop-downs clicked open; ``--scale`` is the interface-scale setting: ``auto`` (the default,
fit to the window) or an absolute scale (1.5 or 150%: the 1280x720 design half as large
again), capped by the window as in play. Into docs/images go only the
pictures the README shows (README_SHOTS), to keep the repository small; into any other
folder, or with ``--all``, every screen. The same code gives the same PNG files on every run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "images"
#: The screens the README shows: the main screen, a turn report, the offer predictor, the
#: nation picker and the end of a game.
README_SHOTS = ("main", "report", "main-offers", "nations", "end")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS)
    parser.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT")
    parser.add_argument(
        "--scale", default="auto", help="interface scale: auto (fit the window), 1.5 or 150%%"
    )
    parser.add_argument("--all", action="store_true", help="every screen, even into docs/images")
    args = parser.parse_args(argv)
    try:
        w, h = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        print(f"screenshots: --size wants WIDTHxHEIGHT, not {args.size!r}", file=sys.stderr)
        return 2
    text = args.scale.strip().lower()
    scale: float | None = None
    if text != "auto":
        try:
            scale = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            scale = 0.0
        if not 0.5 <= scale <= 3.0:
            print(
                f"screenshots: --scale wants auto, or 0.5 to 3 (50% to 300%), not {args.scale!r}",
                file=sys.stderr,
            )
            return 2
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sys.path.insert(0, str(ROOT))
    from game.ui.gallery import shoot

    every = args.all or args.out.resolve() != DOCS.resolve()
    for path in shoot(args.out, (w, h), None if every else README_SHOTS, scale):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
