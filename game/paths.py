"""Where things live: the shipped scenarios and assets, and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

#: The project folder (the game runs from a clone installed in editable mode).
ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
ASSETS = ROOT / "assets"
DEFAULT_SCENARIO = SCENARIOS / "ilrs-2021.yaml"


def user_dir() -> Path:
    """The user's data folder (saves, user scenarios, settings).

    ``LUNAR_BLOCS_HOME`` overrides it (tests point it at a temporary folder).
    """
    override = os.environ.get("LUNAR_BLOCS_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("lunar-blocs", appauthor=False))


def user_scenarios() -> Path:
    return user_dir() / "scenarios"


def saves_dir() -> Path:
    return user_dir() / "saves"
