"""Small statistics and text helpers for Monte-Carlo reports (no dependencies beyond numpy)."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Sequence
from typing import TextIO

import numpy as np

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    Well behaved at 0 and 1 (unlike the normal approximation), which matters here: a
    designer wants to know that "0 wins in 2,000 worlds" still means "up to 0.2%".

    Returns:
        (low, high) in 0..1; (0, 1) when there are no trials.
    """
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    denom = 1.0 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denom
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= trials else min(1.0, centre + half)
    return low, high


def percentiles(values: np.ndarray, qs: Sequence[float]) -> list[float]:
    """Percentiles (``qs`` in 0..100) of ``values``, by the inverted-CDF rule.

    The inverted-CDF rule always returns an observed value, so a percentile of turns is a
    turn that happened (no "turn 17.4").
    """
    if values.size == 0:
        return [math.nan for _ in qs]
    return [float(v) for v in np.percentile(values, list(qs), method="inverted_cdf")]


def text_histogram(
    labels: Sequence[str], counts: Sequence[int], width: int = 40, total: int | None = None
) -> list[str]:
    """Rows ``label  ####### count (share%)``, bars scaled to the largest count."""
    if not counts:
        return []
    top = max(max(counts), 1)
    total = sum(counts) if total is None else total
    pad = max(len(label) for label in labels)
    rows = []
    for label, count in zip(labels, counts, strict=True):
        bar = "#" * round(width * count / top)
        share = 100.0 * count / total if total else 0.0
        rows.append(f"{label:<{pad}}  {bar:<{width}} {count:>6} ({share:4.1f}%)")
    return rows


class ProgressBar:
    """A plain-text progress bar on a stream (stderr by default), redrawn in place.

    On a terminal it redraws one line with ``\\r``; elsewhere (a log file, CI) it prints a
    few milestones so logs stay short.
    """

    def __init__(self, total: int, label: str = "", stream: TextIO | None = None, width: int = 30):
        self.total = max(int(total), 1)
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        self.width = width
        self.start = time.perf_counter()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_decile = -1

    def update(self, done: int) -> None:
        """Show ``done`` of ``total`` steps finished."""
        frac = min(max(done / self.total, 0.0), 1.0)
        elapsed = time.perf_counter() - self.start
        if self._tty:
            filled = round(self.width * frac)
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"\r{self.label} [{bar}] {done}/{self.total} {elapsed:5.1f}s"
            self.stream.write(line)
            self.stream.flush()
            return
        decile = int(frac * 10)
        if decile > self._last_decile:
            self._last_decile = decile
            self.stream.write(f"{self.label} {100 * frac:3.0f}% ({done}/{self.total})\n")
            self.stream.flush()

    def close(self) -> None:
        """End the bar (a newline on a terminal)."""
        if self._tty:
            self.stream.write("\n")
            self.stream.flush()
