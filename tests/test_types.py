"""The core packages type-check: ``python -m mypy`` (configured by mypy.ini) finds nothing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Files whose remaining errors are still to be fixed (validate.py is being rewritten on
#: another branch); every other file of the checked packages must be clean. Empty this.
NOT_YET = (
    "game/scenario/validate.py",
    "game/scenario/merge.py",
    "game/scenario/loader.py",
    "game/scenario/check_law.py",
)


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed: types not checked"
)
def test_the_engine_scenario_and_session_packages_type_check():
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "mypy.ini")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode in (0, 1), done.stdout[-4000:] + done.stderr[-2000:]
    assert not [e for e in errors if not e.startswith(NOT_YET)], "\n".join(errors)
