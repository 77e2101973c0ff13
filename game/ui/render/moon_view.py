"""What the Moon panel shows: plain, frozen data built from State + Catalog (``MoonView``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from game.ui.render.palette import RGB


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """One milestone of a bloc's programme."""

    id: str
    name: str
    short: str = ""
    progress: float = 0.0  # share of the cost invested, 0..1
    odds: float | None = None  # chance of success when attempted
    done: bool = False
    failures: int = 0
    crewed: bool = False
    base: bool = False

    @property
    def label(self) -> str:
        """The short label: ``short``, else an abbreviation in brackets, else the name's head."""
        if self.short:
            return self.short
        if "(" in self.name and ")" in self.name.split("(", 1)[1]:
            return self.name.split("(", 1)[1].split(")", 1)[0].strip()
        return self.name.split(":")[0].strip()


@dataclass(frozen=True, slots=True)
class TrackView:
    """A bloc and its programme."""

    id: str
    name: str
    short: str
    colour: RGB | str
    pattern: str = "solid"
    milestones: tuple[MilestoneView, ...] = ()
    members: int = 0
    player: bool = False  # the player's own bloc (drawn with emphasis)

    @property
    def current(self) -> int:
        """Index of the first milestone not yet done (len when all are done)."""
        for i, m in enumerate(self.milestones):
            if not m.done:
                return i
        return len(self.milestones)


@dataclass(frozen=True, slots=True)
class MoonView:
    """Everything the Moon panel shows."""

    tracks: tuple[TrackView, ...]
    title: str = "Moon — south pole race"
    date: str = ""

    @classmethod
    def from_state(
        cls,
        scenario,
        state,
        world: int = 0,
        player_bloc: str | None = None,
        odds: Mapping[str, float] | None = None,
        date: str = "",
    ) -> MoonView:
        """Build the view from a ``Scenario`` and a ``State`` (milestones in scenario order).

        ``odds`` maps milestone ids to the engine's current success chance; where missing,
        the milestone's base chance from the scenario is shown.
        """
        bloc_of = np.asarray(state.bloc[world])
        tracks = []
        m = 0
        for k, b in enumerate(scenario.blocs):
            ms = []
            for mil in b.program:
                ms.append(
                    MilestoneView(
                        id=mil.id,
                        name=mil.name,
                        progress=float(min(1.0, state.progress[world, m] / mil.cost)),
                        odds=float((odds or {}).get(mil.id, mil.success)),
                        done=bool(state.done[world, m]),
                        failures=int(state.failures[world, m]),
                        crewed=mil.crewed,
                        base=mil.base,
                    )
                )
                m += 1
            tracks.append(
                TrackView(
                    id=b.id,
                    name=b.name,
                    short=b.short or b.id,
                    colour=b.colour,
                    pattern=b.pattern,
                    milestones=tuple(ms),
                    members=int((bloc_of == k).sum()),
                    player=b.id == player_bloc,
                )
            )
        return cls(tuple(tracks), date=date)
