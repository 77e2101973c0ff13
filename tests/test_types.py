"""The core packages type-check: ``python -m mypy`` (configured in pyproject.toml) finds nothing."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed: types not checked"
)
def test_the_engine_scenario_and_session_packages_type_check():
    # No --config-file: the settings live in pyproject.toml, where a bare `mypy` finds them.
    done = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert not errors, "\n".join(errors)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    # a configuration that checked nothing would also be "clean": the core must be read
    checked = re.search(r"in (\d+) source files", done.stdout)
    assert checked and int(checked[1]) > 0, done.stdout[-2000:]
