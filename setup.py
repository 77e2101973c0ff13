"""Build hook: the shipped scenarios and assets travel inside the package.

``scenarios/`` and ``assets/`` stay top-level folders of the repository (designers and artists
edit them there); a wheel copies them to ``game/_data/`` so that an installed game finds them
through ``game.paths`` (``importlib.resources``). An editable install reads them in place.
Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: Top-level folders shipped inside the package, and the files of each that the game reads.
DATA = {
    "scenarios": ("*.yaml", "*.json"),
    "assets": ("*.json", "*.otf", "*.ttf", "*.png", "*.ogg", "*.wav", "NOTICE", "*.txt", "*.md"),
}


class BuildWithData(build_py):
    """``build_py`` that also copies the data folders into ``game/_data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        target = Path(self.build_lib) / "game" / "_data"
        for folder, patterns in DATA.items():
            source = HERE / folder
            for pattern in patterns:
                for path in sorted(source.rglob(pattern)):
                    if path.is_file():
                        dest = target / folder / path.relative_to(source)
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, dest)


setup(cmdclass={"build_py": BuildWithData})
