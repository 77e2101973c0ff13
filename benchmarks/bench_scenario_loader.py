"""How fast hostile and large scenario files are refused, and real ones loaded.

Target (issue 2): an empty file, a binary file, a YAML bomb, a 10 MB file and a file with a
`!!python/object` tag each get a one-line error within two seconds, through the CLI.
Run: python benchmarks/bench_scenario_loader.py   (exits 1 when a case misses the target)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load

TARGET_SECONDS = 2.0


def cases(folder: Path) -> dict[str, Path]:
    bomb = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    files = {
        "empty": b"",
        "binary": bytes(range(256)) * 4096,
        "yaml bomb (9 levels)": ("\n".join(bomb) + "\n").encode(),
        "10 MB": b"a: '" + b"x" * (10 * 1024 * 1024) + b"'\n",
        "!!python/object tag": b"meta: !!python/object/apply:os.system ['echo owned']\n",
        "100,000 nested [": b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "1 MB, 99,000 values": b"x: [" + b"1," * 98_990 + b"1]\n",
    }
    out = {}
    for i, (name, data) in enumerate(files.items()):
        path = folder / f"case-{i}.yaml"
        path.write_bytes(data)
        out[name] = path
    if DEFAULT_SCENARIO.exists():
        out["default scenario"] = DEFAULT_SCENARIO
    return out


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in cases(Path(tmp)).items():
            start = time.perf_counter()
            loaded = load(path)
            inside = time.perf_counter() - start
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "game", "check", str(path)], capture_output=True, text=True
            )
            cli = time.perf_counter() - start
            lines = [line for line in result.stdout.splitlines() if ": error: " in line]
            ok = cli < TARGET_SECONDS and "Traceback" not in result.stderr
            failed += not ok
            verdict = "ok  " if ok else "SLOW"
            print(
                f"{verdict} {name:22} load {inside * 1000:7.1f} ms   CLI {cli * 1000:7.1f} ms   "
                f"exit {result.returncode}  {len(lines)} error line(s)  "
                f"{(loaded.problems[0].message[:50] if loaded.problems else 'clean')}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
