"""The map as the screens use it: a thin adapter over the renderer's ``WorldMap``.

Screens speak nation ids; this adapter builds the renderer's ``MapView`` (from the scenario
alone on the nation picker, from the State during a game), forwards layout, input, picking
and zoom, and draws the hover tooltip (name, bloc, and whatever the screen adds).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.scenario.models import Scenario
from game.ui.render import palette
from game.ui.render.map import MapBloc, MapClick, MapNation, MapView, WorldMap
from game.ui.stage import AWAY
from game.ui.widgets import draw_tooltip


def render_theme(high_contrast: bool) -> palette.Theme:
    """The renderer's theme that matches the UI's (projector = high contrast)."""
    return palette.PROJECTOR if high_contrast else palette.DARK


class MapPanel:
    """A world map of one scenario's nations, coloured by bloc."""

    def __init__(self, scenario: Scenario, high_contrast: bool = False) -> None:
        self.scenario = scenario
        self.names = {n.id: n.name for n in scenario.nations}
        self.map = WorldMap(render_theme(high_contrast))
        self.scale = 1.0
        self.tooltip: Callable[[str], list[str]] | None = None
        membership: dict[str, str | None] = {n.id: None for n in scenario.nations}
        for bloc in scenario.blocs:
            for nid in {bloc.leader, *bloc.members}:
                membership[nid] = bloc.id
        self.membership = membership
        self.player: str | None = None
        self.selected: str | None = None
        self._push_static()

    # --------------------------------------------------------------- views
    def _push_static(self) -> None:
        """A view from the scenario alone (no game yet): starting blocs, no links."""
        nations = tuple(
            MapNation(
                id=n.id,
                name=n.name,
                capital=(float(n.capital[0]), float(n.capital[1])),
                iso3=tuple(([n.iso3] if n.iso3 else []) + list(n.map_iso3)) or (n.id,),
                bloc=self.membership.get(n.id),
            )
            for n in self.scenario.nations
        )
        blocs = tuple(
            MapBloc(b.id, b.name, b.colour, b.pattern, b.short or b.id, b.leader)
            for b in self.scenario.blocs
        )
        self.map.set_view(MapView(nations, blocs, (), self.player, self.selected))

    def show_state(self, state, player: str | None, selected: str | None) -> None:
        """Show a game's State: blocs, links, deals and the player's open offers."""
        self.player, self.selected = player, selected
        view = MapView.from_state(self.scenario, state, player=player, selected=selected)
        self.membership = {n.id: n.bloc for n in view.nations}
        self.map.set_view(view)

    def select(self, nation_id: str | None, people: list[str] | None = None) -> None:
        """Mark the selected nation (and, before a game, the people's first nation)."""
        self.selected = nation_id
        if people is not None:
            # "You" only means someone when one person plays; in hot-seat the list marks them
            self.player = people[0] if len(people) == 1 else None
            self._push_static()
        else:
            view = self.map.view
            self.map.set_view(MapView(view.nations, view.blocs, view.links, view.player, nation_id))

    # --------------------------------------------------------------- layout and input
    def set_rect(self, rect: pygame.Rect, scale: float) -> None:
        self.scale = scale
        self.map.layout(rect, scale)

    @property
    def rect(self) -> pygame.Rect:
        return self.map.rect

    def handle(self, event: pygame.event.Event) -> MapClick | None:
        return self.map.handle_event(event)

    def pick(self, pos: tuple[int, int]) -> str | None:
        return self.map.nation_at(pos)

    def hover(self, pos: tuple[int, int] | None) -> str | None:
        return self.map.hover(pos)

    # --------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        self.map.draw(surface)
        pygame.draw.rect(
            surface, (52, 66, 98), self.map.rect, 1, border_radius=round(4 * self.scale)
        )

    def draw_overlay(self, surface: pygame.Surface, pointer: tuple[int, int]) -> None:
        """The hover tooltip at ``pointer`` (the stage's), drawn last so that no panel or
        widget covers it; none while the mouse is over another window."""
        if pointer == AWAY:
            # The mouse left for another window: that window's moves never reach this map,
            # so the nation it last hovered would stay marked.
            self.map.hover(None)
            return
        if self.map.hovered and not self.map.dragging:
            self.draw_tooltip(surface, self.map.hovered, pointer)

    def bloc_label(self, nation_id: str) -> str:
        bloc = self.membership.get(nation_id)
        for b in self.scenario.blocs:
            if b.id == bloc:
                return b.short or b.name
        return "unaligned"

    def draw_tooltip(
        self, surface: pygame.Surface, nation_id: str, pointer: tuple[int, int]
    ) -> None:
        lines = [f"{self.names.get(nation_id, nation_id)} · {self.bloc_label(nation_id)}"]
        if self.tooltip is not None:
            lines += self.tooltip(nation_id)
        draw_tooltip(surface, lines, self.scale, pointer)
