"""Scenarios by name: every command takes a scenario by its id as well as by its path.

Spec card:
    What: ``resolve(text) -> Path`` for a command-line argument; ``shadowing()`` for the
        warnings of ``check`` and ``scenarios``.
    Rule: an existing path wins over an id. Otherwise ``text`` names a scenario of the user's
        folder or a shipped one, by its ``meta.id`` or by its file name without ``.yaml``
        (``classroom`` and ``classroom-2021`` both name the shipped classroom scenario). A user
        scenario with the same id as a shipped one shadows it: it is the one chosen, and
        ``check`` and ``scenarios`` warn about it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from game.safeio import visible
from game.scenario.catalog_files import ScenarioInfo, scenario_files

SUFFIXES = (".yaml", ".yml")


class UnknownScenario(Exception):
    """No file and no scenario of that name; the message says what there is."""


@dataclass(frozen=True)
class Shadow:
    """A user scenario that hides a shipped one of the same id."""

    user: Path
    shipped: Path
    name: str

    def __str__(self) -> str:
        return (
            f"{self.user}: warning: its id '{self.name}' is also a shipped scenario's "
            f"({self.shipped.name}); '{self.name}' on the command line now means this file "
            "(hint: give it another meta.id)"
        )


def _names(path: Path, info: ScenarioInfo | None) -> set[str]:
    names = {path.stem}
    if info is not None and info.scenario is not None:
        names.add(info.scenario.meta.id)
    return names


def resolve(text: str | Path) -> Path:
    """The scenario file ``text`` means (see the spec card); UnknownScenario if none."""
    path = Path(text)
    try:
        exists = path.exists()
    except (OSError, ValueError):  # a NUL byte, a name the OS refuses: not a path, maybe an id
        exists = False
    if exists or isinstance(text, Path):
        return path
    from game.scenario.catalog_files import scenario_info

    files = scenario_files()
    known: list[str] = []
    # The user's folder first, so that a user scenario shadows a shipped one of the same name;
    # in each folder a file name is matched before the (slower) ids inside the files.
    for source in ("user", "shipped"):
        mine = [(file, why) for file, where, why in files if where == source]
        for file, why in mine:
            if file.stem == text and why is None:
                return file
        for file, why in mine:
            if why is not None:
                continue
            names = _names(file, scenario_info(file, source))
            if text in names:
                return file
            known.extend(sorted(names))
    if any(sep in str(text) for sep in ("/", "\\")) or str(text).endswith(SUFFIXES):
        raise UnknownScenario(f"{visible(text)}: no such scenario file")
    near = difflib.get_close_matches(str(text), known, n=1)
    hint = f"did you mean '{near[0]}'?" if near else "'lunar-blocs scenarios' lists them"
    raise UnknownScenario(f"{visible(text)}: no such scenario file or scenario id ({hint})")


def shadowing(infos: list[ScenarioInfo]) -> list[Shadow]:
    """Every user scenario whose id or file name is also a shipped scenario's."""
    shipped: dict[str, Path] = {}
    for info in infos:
        if info.source == "shipped":
            for name in _names(info.path, info):
                shipped.setdefault(name, info.path)
    shadows = []
    for info in infos:
        if info.source != "user":
            continue
        for name in sorted(_names(info.path, info)):
            if name in shipped:
                shadows.append(Shadow(info.path, shipped[name], name))
                break
    return shadows
