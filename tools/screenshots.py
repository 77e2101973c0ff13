"""Regenerate the README's screenshots headlessly: every screen at 1280x720.

Usage: python tools/screenshots.py [--out DIR] [--size WxH]   (default DIR: docs/images)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--size", default="1280x720", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    try:
        w, h = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        print(f"screenshots: --size wants WIDTHxHEIGHT, not {args.size!r}", file=sys.stderr)
        return 2
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sys.path.insert(0, str(ROOT))
    from game.ui.gallery import shoot

    for path in shoot(args.out, (w, h)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
