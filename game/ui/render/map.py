"""The world map: countries coloured by bloc, capitals, partnership links, picking, zoom and pan.

Spec card:
    What: ``WorldMap`` draws the Natural Earth outlines (``assets/map/world-110m.json``, Equal
        Earth projection) into a rectangle, coloured by each nation's bloc with the bloc's
        pattern on top (colour is never the only cue); nations without a usable outline
        (microstates, or too small at the current zoom) become markers at their capital;
        links between capitals show bloc ties, bilateral deals and open offers; the player's
        nation, the selected one and the hovered one are marked.
    Input: a ``MapView`` (plain, frozen data the UI builds from State + Catalog, or with
        ``MapView.from_state``); it never reads or changes the engine's state itself.
    Cost: the countries are rendered once into a cached surface, again only when the size,
        zoom, pan, theme, UI scale or colours change; links and markers go into a cached
        overlay; a frame is then a few blits plus the hover highlight. Picking reads an
        off-screen surface where each country is filled with its index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pygame

from game.geo import MAP_PATH, MapAsset, equal_earth, load_asset  # noqa: F401  (re-exported)
from game.geo import frame_outline as _frame_outline
from game.geo import graticule as _graticule
from game.ui.render import palette
from game.ui.render.map_overlay import MapOverlay
from game.ui.render.map_view import (  # noqa: F401  (re-exported)
    BLOC_MARKERS,
    LINK_KINDS,
    MapBloc,
    MapClick,
    MapLink,
    MapNation,
    MapView,
)
from game.ui.render.palette import RGB, Theme

MIN_ZOOM, MAX_ZOOM = 1.0, 8.0
#: A nation whose outline covers fewer screen pixels than this (squared) gets a marker too.
SMALL_PX = 7.0
#: Mouse travel (pixels) that turns a press into a drag instead of a click.
DRAG_SLOP = 4
HOVER_FADE_MS = 120
#: How long after the last wheel notch the zoom preview is replaced by a sharp render.
SETTLE_MS = 160

# The asset and the projection live in game.geo (no pygame), shared with the printed reports.


# --------------------------------------------------------------------------- the map


class WorldMap(MapOverlay):
    """A zoomable, pannable, pickable world map drawn into a rectangle of the screen."""

    def __init__(self, theme: Theme = palette.DARK, asset_path: Path = MAP_PATH) -> None:
        self.asset = load_asset(asset_path)
        self.theme = theme
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.ui_scale = 1.0
        self.zoom = 1.0
        gw, gh = self.asset.size
        self.centre = (gw / 2.0, gh / 2.0)
        self.view: MapView = MapView((), ())
        self.hovered: str | None = None
        self.show_legend = True
        self._frame = _frame_outline(self.asset)
        self._graticule = _graticule(self.asset)
        # Caches and their keys.
        self._geom_key: tuple | None = None
        self._screen_rings: list[list[list[tuple[float, float]]]] = []
        self._screen_holes: list[list[list[tuple[float, float]]]] = []
        self._visible: list[bool] = []
        self._base: pygame.Surface | None = None
        self._base_key: tuple | None = None
        self._base_centre = self.centre
        self._base_scale = 0.0
        self._settle_at = 0
        self._overlay: pygame.Surface | None = None
        self.overlay_text: list[pygame.Rect] = []  # its labels' and legend's rects
        self._overlay_key: tuple | None = None
        self._index: pygame.Surface | None = None
        self._index_key: tuple | None = None
        self._hover_surf: tuple[str, tuple, pygame.Surface, tuple[int, int]] | None = None
        self._markers: dict[str, tuple[float, float, float]] = {}
        self._markers_ready = False
        self._runs_cache: dict[tuple, list[list[tuple[float, float]]]] = {}
        self._country_nation: dict[int, str] = {}
        self._nation_countries: dict[str, list[int]] = {}
        self._fade_for: str | None = None
        self._fade_start = 0
        self._press: tuple[int, int, int] | None = None
        self._dragging = False
        self._drag_last = (0, 0)

    # ------------------------------------------------------------------ inputs

    def set_view(self, view: MapView) -> None:
        """Show ``view`` (cheap when nothing the map draws has changed)."""
        if view == self.view:
            return
        if view.nations != self.view.nations:
            self._markers_ready = False
        self.view = view
        self._country_nation = {}
        self._nation_countries = {}
        for n in view.nations:
            idxs = [self.asset.index[c] for c in n.iso3 if c in self.asset.index]
            self._nation_countries[n.id] = idxs
            for i in idxs:
                self._country_nation.setdefault(i, n.id)
        self._hover_surf = None

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._hover_surf = None

    def layout(self, rect: pygame.Rect | Sequence[int], ui_scale: float = 1.0) -> None:
        """Place the map in ``rect`` (screen pixels) at UI scale ``ui_scale``."""
        rect = pygame.Rect(rect)
        if rect.size != self.rect.size or ui_scale != self.ui_scale:
            self._hover_surf = None
        self.rect = rect
        self.ui_scale = max(0.5, float(ui_scale))
        self._clamp()

    @property
    def preferred_aspect(self) -> float:
        """Width / height at which the whole map fills its rect without bands (about 2.3)."""
        gw, gh = self.asset.size
        return gw / gh

    # ------------------------------------------------------------------ transform

    @property
    def scale(self) -> float:
        """Screen pixels per grid unit."""
        gw, gh = self.asset.size
        w, h = max(1, self.rect.w), max(1, self.rect.h)
        return min(w / gw, h / gh) * self.zoom

    def to_local(self, gx: float, gy: float, centre=None) -> tuple[float, float]:
        cx, cy = centre or self.centre
        s = self.scale
        return ((gx - cx) * s + self.rect.w / 2, (gy - cy) * s + self.rect.h / 2)

    def to_grid(self, lx: float, ly: float) -> tuple[float, float]:
        s = self.scale
        return (
            (lx - self.rect.w / 2) / s + self.centre[0],
            (ly - self.rect.h / 2) / s + self.centre[1],
        )

    def screen_pos(self, lat: float, lon: float) -> tuple[int, int]:
        """Where a latitude/longitude falls on the screen."""
        lx, ly = self.to_local(*self.asset.project(lat, lon))
        return (round(lx + self.rect.x), round(ly + self.rect.y))

    def anchor(self, nation: str) -> tuple[int, int] | None:
        """A nation's capital on the screen (for tooltips and the UI's own overlays)."""
        for n in self.view.nations:
            if n.id == nation:
                return self.screen_pos(*n.capital)
        return None

    def _clamp(self) -> None:
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom))
        gw, gh = self.asset.size
        s = self.scale
        half_w, half_h = self.rect.w / (2 * s), self.rect.h / (2 * s)
        cx, cy = self.centre
        cx = gw / 2 if half_w * 2 >= gw else min(max(cx, half_w), gw - half_w)
        cy = gh / 2 if half_h * 2 >= gh else min(max(cy, half_h), gh - half_h)
        self.centre = (cx, cy)

    # ------------------------------------------------------------------ zoom and pan

    def zoom_by(self, factor: float, around: tuple[int, int] | None = None) -> None:
        """Zoom by ``factor`` keeping the point under ``around`` (screen pixels) still."""
        if around is None:
            around = self.rect.center
        lx, ly = around[0] - self.rect.x, around[1] - self.rect.y
        before = self.to_grid(lx, ly)
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        after = self.to_grid(lx, ly)
        self.centre = (
            self.centre[0] + before[0] - after[0],
            self.centre[1] + before[1] - after[1],
        )
        self._clamp()
        if self._base is not None:
            self._settle_at = pygame.time.get_ticks() + SETTLE_MS

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the map by (dx, dy) screen pixels."""
        s = self.scale
        self.centre = (self.centre[0] - dx / s, self.centre[1] - dy / s)
        self._clamp()

    def reset_view(self) -> None:
        gw, gh = self.asset.size
        self.zoom = 1.0
        self.centre = (gw / 2.0, gh / 2.0)
        self._clamp()

    def focus(self, nation: str, zoom: float | None = None) -> None:
        """Centre the map on a nation's capital."""
        for n in self.view.nations:
            if n.id == nation:
                if zoom is not None:
                    self.zoom = zoom
                self.centre = self.asset.project(*n.capital)
                self._clamp()
                return

    def handle_event(self, event: pygame.event.Event) -> MapClick | None:
        """Wheel zooms, drag pans, a click returns a ``MapClick``. Other events pass through."""
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            # Touchpads send fractional steps in precise_y (pygame-ce); wheels send whole ones.
            steps = float(getattr(event, "precise_y", 0.0) or getattr(event, "y", 0))
            if self.rect.collidepoint(pos) and steps:
                self.zoom_by(1.25 ** max(-3.0, min(3.0, steps)), pos)
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 2, 3):
            if self.rect.collidepoint(event.pos):
                self._press = (event.pos[0], event.pos[1], event.button)
                self._drag_last = event.pos
                self._dragging = False
            return None
        if event.type == pygame.MOUSEMOTION and self._press is not None:
            px, py, _ = self._press
            if not self._dragging and math.hypot(event.pos[0] - px, event.pos[1] - py) > DRAG_SLOP:
                self._dragging = True
            if self._dragging:
                self.pan_by(event.pos[0] - self._drag_last[0], event.pos[1] - self._drag_last[1])
                self._drag_last = event.pos
            return None
        if event.type == pygame.MOUSEBUTTONUP and self._press is not None:
            press, self._press = self._press, None
            if self._dragging:
                self._dragging = False
                return None
            if event.button == press[2] and self.rect.collidepoint(event.pos):
                return MapClick(self.nation_at(event.pos), event.button, tuple(event.pos))
        return None

    @property
    def dragging(self) -> bool:
        return self._dragging

    # ------------------------------------------------------------------ caches

    def _colour_key(self) -> tuple:
        return (
            self.view.nations,
            self.view.blocs,
            self.theme,
        )

    def _ensure_geometry(self) -> None:
        key = (self.rect.size, self.zoom, self.centre, self.ui_scale)
        if key == self._geom_key:
            return
        self._geom_key = key
        s = self.scale
        cx, cy = self.centre
        ox, oy = self.rect.w / 2 - cx * s, self.rect.h / 2 - cy * s
        # Visible grid window, to skip countries outside the view when zoomed in.
        gx0, gy0 = -ox / s, -oy / s
        gx1, gy1 = gx0 + self.rect.w / s, gy0 + self.rect.h / s
        self._screen_rings, self._screen_holes, self._visible = [], [], []
        for rings, holes, boxes in zip(
            self.asset.rings, self.asset.holes, self.asset.boxes, strict=True
        ):
            vis = (
                (boxes[:, 2] >= gx0)
                & (boxes[:, 0] <= gx1)
                & (boxes[:, 3] >= gy0)
                & (boxes[:, 1] <= gy1)
            )
            self._visible.append(bool(vis.any()))
            self._screen_rings.append(
                [(r * s + (ox, oy)).tolist() for r, v in zip(rings, vis, strict=True) if v]
            )
            self._screen_holes.append(
                [(r * s + (ox, oy)).tolist() for r in holes] if vis.any() else []
            )
        self._markers_ready = False
        self._runs_cache = {}

    def _nation_fill(self, nation: MapNation | None) -> tuple[RGB, str, int]:
        """Fill colour, pattern and bloc order for a nation (or a country outside the scenario)."""
        if nation is None:
            return self.theme.land_outside, "solid", -1
        for k, b in enumerate(self.view.blocs):
            if b.id == nation.bloc:
                return palette.to_rgb(b.colour), b.pattern, k
        return self.theme.land_unaligned, "solid", -1

    def _order(self) -> list[int]:
        # Big countries first, so that enclaves (Lesotho in South Africa) are drawn on top.
        return list(np.argsort(-self.asset.area, kind="stable"))

    def _render_base(self) -> None:
        self._ensure_geometry()
        key = (self._geom_key, self._colour_key())
        if key == self._base_key and self._base is not None:
            return
        self._base_key = key
        self._base_centre = self.centre
        self._base_scale = self.scale
        t = self.theme
        w, h = max(1, self.rect.w), max(1, self.rect.h)
        surf = pygame.Surface((w, h))
        surf.fill(t.background)
        s = self.scale
        cx, cy = self.centre
        off = np.array([w / 2 - cx * s, h / 2 - cy * s])
        pygame.draw.polygon(surf, t.ocean, (self._frame * s + off).tolist())
        for line in self._graticule:
            pygame.draw.aalines(surf, t.graticule, False, (line * s + off).tolist())
        nations = {n.id: n for n in self.view.nations}
        fills: dict[int, tuple[RGB, str, int]] = {}
        for i in self._order():
            if not self._visible[i]:
                continue
            nid = self._country_nation.get(i)
            fill = self._nation_fill(nations.get(nid) if nid else None)
            fills[i] = fill
            for ring in self._screen_rings[i]:
                if len(ring) >= 3:
                    pygame.draw.polygon(surf, fill[0], ring)
            for ring in self._screen_holes[i]:
                if len(ring) >= 3:
                    pygame.draw.polygon(surf, t.ocean, ring)
        self._apply_patterns(surf, fills)
        for i, fill in fills.items():
            edge = t.outline_outside if fill[2] < 0 and fill[0] == t.land_outside else t.outline
            for ring in self._screen_rings[i]:
                if len(ring) >= 3:
                    pygame.draw.aalines(surf, edge, True, ring)
        self._base = surf
        self._overlay_key = None

    def _apply_patterns(self, surf: pygame.Surface, fills: dict[int, tuple[RGB, str, int]]) -> None:
        for k, b in enumerate(self.view.blocs):
            if b.pattern == "solid" or b.pattern not in palette.PATTERNS:
                continue
            members = [i for i, f in fills.items() if f[2] == k]
            if not members:
                continue
            mask = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
            for i in members:
                for ring in self._screen_rings[i]:
                    if len(ring) >= 3:
                        pygame.draw.polygon(mask, (255, 255, 255, 255), ring)
            colour = palette.to_rgb(b.colour)
            layer = palette.tiled(
                b.pattern, palette.pattern_ink(colour), surf.get_size(), self.ui_scale
            )
            # White mask times the (shared, cached) pattern layer: the pattern inside the bloc.
            mask.blit(layer, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
            mask.set_alpha(150)
            surf.blit(mask, (0, 0))

    def _render_index(self) -> None:
        self._ensure_geometry()
        if self._index_key == self._geom_key and self._index is not None:
            return
        self._index_key = self._geom_key
        surf = pygame.Surface((max(1, self.rect.w), max(1, self.rect.h)))
        surf.fill((0, 0, 0))
        for i in self._order():
            code = i + 1
            colour = ((code >> 16) & 255, (code >> 8) & 255, code & 255)
            for ring in self._screen_rings[i]:
                if len(ring) >= 3:
                    pygame.draw.polygon(surf, colour, ring)
            for ring in self._screen_holes[i]:
                if len(ring) >= 3:
                    pygame.draw.polygon(surf, (0, 0, 0), ring)
        self._index = surf

    def _marker_positions(self) -> dict[str, tuple[float, float, float]]:
        """Nations drawn as capital markers: (x, y, radius) in local pixels."""
        if self._markers_ready:
            return self._markers
        s = self.scale
        r = 4.0 * self.ui_scale
        out = {}
        for n in self.view.nations:
            idxs = self._nation_countries.get(n.id, [])
            px_area = sum(float(self.asset.area[i]) for i in idxs) * s * s
            if idxs and px_area >= SMALL_PX * SMALL_PX:
                continue
            x, y = self.to_local(*self.asset.project(*n.capital))
            out[n.id] = (x, y, r)
        self._markers = out
        self._markers_ready = True
        return out

    def _bloc_index(self, bloc: str | None) -> int:
        for k, b in enumerate(self.view.blocs):
            if b.id == bloc:
                return k
        return -1

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the map into its rect: cached base and overlay, then the hover highlight."""
        if self.rect.w <= 0 or self.rect.h <= 0:
            return
        clip = surface.get_clip()
        surface.set_clip(self.rect.clip(clip) if clip else self.rect)
        if self._preview(surface):
            surface.set_clip(clip)
            return
        self._render_base()
        self._render_overlay()
        surface.blit(self._base, self.rect.topleft)
        hover = self._hover_surface()
        if hover is not None:
            # Fade the highlight in over HOVER_FADE_MS: smooth feedback, no flicker.
            if self.hovered != self._fade_for:
                self._fade_for, self._fade_start = self.hovered, pygame.time.get_ticks()
            age = pygame.time.get_ticks() - self._fade_start
            hover[0].set_alpha(round(255 * min(1.0, 0.35 + age / HOVER_FADE_MS)))
            surface.blit(hover[0], (self.rect.x + hover[1][0], self.rect.y + hover[1][1]))
        else:
            self._fade_for = None
        surface.blit(self._overlay, self.rect.topleft)
        surface.set_clip(clip)

    def settle(self) -> None:
        """End the zoom preview now: the next ``draw`` renders the map sharp at once."""
        self._settle_at = 0

    def _preview(self, surface: pygame.Surface) -> bool:
        """While the user drags or spins the wheel, move or scale the last render instead.

        A full render costs tens of milliseconds; re-rendering on every wheel notch would
        stutter. The sharp render comes SETTLE_MS after the last notch (or on release).
        """
        base = self._base
        if base is None or base.get_size() != self.rect.size:
            return False
        moving = self._dragging or pygame.time.get_ticks() < self._settle_at
        if not moving or self._base_key is None:
            return False
        s, s0 = self.scale, self._base_scale
        k = s / s0 if s0 else 1.0
        if not 0.25 <= k <= 4.0:
            return False
        half = (self.rect.w / 2, self.rect.h / 2)
        ox = half[0] * (1 - k) + (self._base_centre[0] - self.centre[0]) * s
        oy = half[1] * (1 - k) + (self._base_centre[1] - self.centre[1]) * s
        surface.fill(self.theme.background, self.rect)
        if abs(k - 1.0) < 1e-6:
            surface.blit(base, (self.rect.x + round(ox), self.rect.y + round(oy)))
        else:
            size = (max(1, round(base.get_width() * k)), max(1, round(base.get_height() * k)))
            surface.blit(
                pygame.transform.scale(base, size),
                (self.rect.x + round(ox), self.rect.y + round(oy)),
            )
        return True

    def hover(self, pos: tuple[int, int] | None) -> str | None:
        """Update the hovered nation from a mouse position; return it."""
        if pos is None or self._dragging:
            self.hovered = None
        elif pygame.time.get_ticks() < self._settle_at:
            # Mid-zoom: picking would need a fresh index render on every notch; wait.
            return self.hovered
        else:
            self.hovered = self.nation_at(pos)
        return self.hovered

    def nation_at(self, pos: tuple[int, int]) -> str | None:
        """The scenario nation under a screen position (markers first), or None."""
        if not self.rect.collidepoint(pos):
            return None
        lx, ly = pos[0] - self.rect.x, pos[1] - self.rect.y
        self._ensure_geometry()
        best, best_d = None, float("inf")
        for nid, (x, y, r) in self._marker_positions().items():
            d = math.hypot(lx - x, ly - y)
            if d <= r + 4 * self.ui_scale and d < best_d:
                best, best_d = nid, d
        if best is not None:
            return best
        self._render_index()
        assert self._index is not None
        c = self._index.get_at((lx, ly))
        code = (c.r << 16) | (c.g << 8) | c.b
        if code == 0:
            return None
        return self._country_nation.get(code - 1)

    def country_name(self, pos: tuple[int, int]) -> str | None:
        """The Natural Earth name of the country under a position (in the scenario or not)."""
        if not self.rect.collidepoint(pos):
            return None
        self._render_index()
        assert self._index is not None
        c = self._index.get_at((pos[0] - self.rect.x, pos[1] - self.rect.y))
        code = (c.r << 16) | (c.g << 8) | c.b
        return self.asset.names[self.asset.codes[code - 1]] if code else None
