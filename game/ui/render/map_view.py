"""What the world map shows: plain, frozen data built from State + Catalog (``MapView``), and
what a click on it means (``MapClick``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.geo import MAP_PATH, MapAsset, equal_earth, load_asset  # noqa: F401  (re-exported)
from game.ui.render.palette import RGB

#: Marker shape per bloc (by order), a second cue beside colour and pattern.
BLOC_MARKERS = ("circle", "square", "triangle", "diamond", "star", "cross")
LINK_KINDS = ("bloc", "deal", "offer")


@dataclass(frozen=True, slots=True)
class MapBloc:
    """A bloc as the map shows it."""

    id: str
    name: str
    colour: RGB | str
    pattern: str = "solid"
    short: str = ""
    leader: str | None = None


@dataclass(frozen=True, slots=True)
class MapNation:
    """A scenario nation: its outlines (ISO alpha-3 codes), capital and current bloc."""

    id: str
    name: str
    capital: tuple[float, float]  # (latitude, longitude) in degrees
    iso3: tuple[str, ...] = ()
    bloc: str | None = None


@dataclass(frozen=True, slots=True)
class MapLink:
    """A line between two nations' capitals: ``bloc`` tie, bilateral ``deal`` or open ``offer``.

    For an offer, ``a`` is the sender and ``b`` the target (an arrow points at ``b``).
    """

    a: str
    b: str
    kind: str = "bloc"
    bloc: str | None = None


@dataclass(frozen=True, slots=True)
class MapView:
    """Everything the map shows, as plain data."""

    nations: tuple[MapNation, ...]
    blocs: tuple[MapBloc, ...]
    links: tuple[MapLink, ...] = ()
    player: str | None = None
    selected: str | None = None

    @classmethod
    def from_state(
        cls,
        scenario,
        state,
        world: int = 0,
        player: str | None = None,
        selected: str | None = None,
        offers_for: str | None = None,
    ) -> MapView:
        """Build the view from a ``Scenario`` and an engine ``State`` (nation/bloc order = index).

        Links: every member to its bloc's leader, every bilateral deal in force, and the open
        offers sent to or by ``offers_for`` (default: the player).
        """
        nations_m = scenario.nations
        ids = [n.id for n in nations_m]
        bloc_ids = [b.id for b in scenario.blocs]
        bloc_of = np.asarray(state.bloc[world])
        nations = tuple(
            MapNation(
                id=n.id,
                name=n.name,
                capital=(float(n.capital[0]), float(n.capital[1])),
                iso3=tuple(([n.iso3] if n.iso3 else []) + list(n.map_iso3)) or (n.id,),
                bloc=bloc_ids[int(bloc_of[i])] if int(bloc_of[i]) >= 0 else None,
            )
            for i, n in enumerate(nations_m)
        )
        blocs = tuple(
            MapBloc(
                id=b.id,
                name=b.name,
                colour=b.colour,
                pattern=b.pattern,
                short=b.short or b.id,
                leader=b.leader,
            )
            for b in scenario.blocs
        )
        links: list[MapLink] = []
        leaders = {b.id: b.leader for b in scenario.blocs}
        for n in nations:
            lead = leaders.get(n.bloc) if n.bloc else None
            if lead and lead != n.id and lead in ids:
                links.append(MapLink(n.id, lead, "bloc", n.bloc))
        deals = (np.asarray(state.deal_tech[world]) > 0) | (np.asarray(state.deal_funds[world]) > 0)
        deals = deals | deals.T
        for i, j in zip(*np.nonzero(np.triu(deals, 1)), strict=True):
            links.append(MapLink(ids[int(i)], ids[int(j)], "deal"))
        who = offers_for or player
        if who in ids:
            k = ids.index(who)
            off = state.offers
            active = np.asarray(off.active[world])
            for slot in np.nonzero(active)[0]:
                s, t = int(off.sender[world, slot]), int(off.target[world, slot])
                if k in (s, t) and 0 <= s < len(ids) and 0 <= t < len(ids) and s != t:
                    b = int(off.bloc[world, slot])
                    links.append(
                        MapLink(
                            ids[s], ids[t], "offer", bloc_ids[b] if 0 <= b < len(bloc_ids) else None
                        )
                    )
        return cls(nations, blocs, tuple(dict.fromkeys(links)), player, selected)


@dataclass(frozen=True, slots=True)
class MapClick:
    """A click on the map (a press and release without dragging)."""

    nation: str | None
    button: int
    pos: tuple[int, int]
