"""Where things live: the shipped scenarios and assets, and the user's data folder.

This is the one place that knows where shipped data is. In an installed wheel the build step
(``setup.py``) has copied ``scenarios/`` and ``assets/`` into the package as ``game/_data``;
in a source checkout (editable install, tests, tools) they are read from the repository's
top-level folders, where designers and artists edit them.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: The installed package folder, as importlib.resources sees it.
PACKAGE = Path(str(resources.files("game")))
_BUNDLED = PACKAGE / "_data"
#: The folder holding ``scenarios/`` and ``assets/``.
DATA = _BUNDLED if _BUNDLED.is_dir() else PACKAGE.parent
#: The source checkout (for tools and tests; not meaningful inside an installed wheel).
ROOT = PACKAGE.parent
SCENARIOS = DATA / "scenarios"
ASSETS = DATA / "assets"
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


def log_dir() -> Path:
    """Where internal errors write their tracebacks (the platform's log folder)."""
    override = os.environ.get("LUNAR_BLOCS_HOME")
    if override:
        return Path(override) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir("lunar-blocs", appauthor=False))
