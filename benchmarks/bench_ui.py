"""The UI's speed as a player feels it: frame time, End Turn, start-up, memory.

Run: ``python benchmarks/bench_ui.py [--frames 300] [--turns 20] [--profile]``. Headless (SDL
dummy driver), in a scratch user folder. Targets (issue 4): main-screen frame median < 8 ms
at 1280x720 with the mouse moving over the map; End Turn with every other nation played by the
computer (AI + engine + autosave + new main screen + turn report, drawn) median < 100 ms;
start to the title screen in a fresh process < 1.5 s. ``--profile`` prints the top of a
cProfile of the End Turns.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("LUNAR_BLOCS_HOME", tempfile.mkdtemp(prefix="lunar-blocs-bench-"))

from _common import peak_rss_mb  # noqa: E402

PLAYER = "IND"
STARTUP = """
import time, sys
t0 = float(sys.argv[1])
from game.ui.launch import build_app
app, _ = build_app(size=(1280, 720))
app.frame(1 / 60)
print(time.time() - t0)
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
"""


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def new_app(size=(1280, 720)):
    """An app with the default scenario's main screen on top, played as PLAYER."""
    from game.paths import DEFAULT_SCENARIO
    from game.scenario.loader import load_scenario
    from game.session.library import Library
    from game.session.match import Match
    from game.ui.app import App
    from game.ui.settings import Settings

    app = App(Settings(), size=size, persist_settings=False)
    app.services = Library(Path(os.environ["LUNAR_BLOCS_HOME"]) / "saves")
    app.open_window()
    app.nav.push("title")
    scenario = load_scenario(DEFAULT_SCENARIO)
    game = Match(scenario, humans=[PLAYER], scenario_path=DEFAULT_SCENARIO)
    app.nav.show(game)
    return app, game


def frame_times(n: int) -> list[float]:
    """Frames of the main screen while the mouse sweeps over the map, in ms."""
    import pygame

    app, _game = new_app()
    rect = app.top.map_rect
    times = []
    for f in range(n + 30):
        t = f / 40.0
        pos = (
            int(rect.centerx + 0.45 * rect.w * math.sin(t)),
            int(rect.centery + 0.4 * rect.h * math.sin(1.7 * t)),
        )
        pygame.mouse.set_pos(pos)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
        )
        start = time.perf_counter()
        app.frame(1 / 60)
        if f >= 30:  # the first frames fill caches
            times.append(1000 * (time.perf_counter() - start))
    return times


def end_turns(n: int, profile: bool) -> tuple[list[float], list[float], pstats.Stats | None]:
    """End Turn as the player sees it: click to the report drawn; also the Match alone."""
    from game.ui.screens.main import MainScreen
    from game.ui.screens.turn_report import TurnReportScreen

    app, game = new_app()
    app.frame(1 / 60)
    whole, match = [], []
    profiler = cProfile.Profile() if profile else None
    original = game.end_turn

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            match.append(1000 * (time.perf_counter() - start))

    game.end_turn = timed
    for _ in range(n):
        if game.over:
            break
        main = app.top
        assert isinstance(main, MainScreen), type(main)
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        main.end_turn()
        app.frame(1 / 60)
        if profiler:
            profiler.disable()
        whole.append(1000 * (time.perf_counter() - start))
        assert isinstance(app.top, TurnReportScreen), type(app.top)
        app.pop(None)
        app.frame(1 / 60)
    stats = pstats.Stats(profiler) if profiler else None
    return whole, match, stats


def startup(runs: int) -> tuple[list[float], float]:
    """Seconds from a fresh interpreter's launch to the title screen drawn; child peak MB."""
    root = Path(__file__).resolve().parent.parent
    times, peak = [], 0.0
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP, repr(time.time())],
            capture_output=True,
            text=True,
            cwd=root,
            check=True,
            env=os.environ,
        ).stdout.split()
        times.append(float(out[0]))
        peak = max(peak, float(out[1]))
    return times, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the End Turns")
    args = parser.parse_args()

    starts, child_peak = startup(args.starts)
    print(f"start to title     {statistics.median(starts):6.2f} s median  (target < 1.5 s)")
    print(f"  title process    {child_peak:6.0f} MB peak RSS")

    frames = frame_times(args.frames)
    print(
        f"main-screen frame  {statistics.median(frames):6.2f} ms median, "
        f"p95 {percentile(frames, 0.95):.2f} ms  (target median < 8 ms; {len(frames)} frames)"
    )

    whole, match, stats = end_turns(args.turns, args.profile)
    ui = [w - m for w, m in zip(whole, match, strict=True)]
    print(
        f"End Turn           {statistics.median(whole):6.1f} ms median, "
        f"p95 {percentile(whole, 0.95):.1f} ms  (target median < 100 ms; {len(whole)} turns)"
    )
    print(f"  Match.end_turn   {statistics.median(match):6.1f} ms median (AI + engine)")
    print(f"  the rest         {statistics.median(ui):6.1f} ms median (autosave + screens)")
    print(f"peak memory        {peak_rss_mb():6.0f} MB (this process, resource.getrusage)")
    if stats is not None:
        stats.sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
