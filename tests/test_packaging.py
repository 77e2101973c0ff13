"""The package installs the right libraries and keeps its seams."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_pygame_is_pygame_ce():
    import pygame

    assert getattr(pygame, "IS_CE", False), "plain pygame is installed instead of pygame-ce"


def test_pygame_gui_imports_beside_pygame_ce():
    import pygame_gui  # noqa: F401  (fails when plain pygame overwrote pygame-ce)


def test_core_packages_never_import_pygame():
    code = (
        "import sys, importlib, pkgutil\n"
        "import game.engine, game.scenario, game.ai, game.session, game.cli\n"
        "for pkg in (game.engine, game.scenario, game.ai, game.session):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "assert 'pygame' not in sys.modules, 'a core package imported pygame'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _ruff() -> list[str]:
    exe = shutil.which("ruff")
    if exe:
        return [exe]
    pytest.importorskip("ruff")
    return [sys.executable, "-m", "ruff"]


def test_ruff_lint_is_clean():
    result = subprocess.run([*_ruff(), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = subprocess.run(
        [*_ruff(), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
