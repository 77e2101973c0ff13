"""The world map's overlay: links between capitals, markers, labels, the legend and the hover
highlight (a part of ``WorldMap``, drawn over its cached country surface)."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.geo import MAP_PATH, MapAsset, equal_earth, load_asset  # noqa: F401  (re-exported)
from game.ui.render import palette, shapes, text
from game.ui.render.map_view import BLOC_MARKERS
from game.ui.render.palette import RGB


class MapOverlay:
    """Links, markers and the legend of ``WorldMap`` (its geometry and view are the map's)."""

    def _render_overlay(self) -> None:
        self._ensure_geometry()
        key = (
            self._geom_key,
            self._colour_key(),
            self.view.links,
            self.view.player,
            self.view.selected,
            self.show_legend,
        )
        if key == self._overlay_key and self._overlay is not None:
            return
        self._overlay_key = key
        t = self.theme
        sc = self.ui_scale * t.line_scale
        surf = pygame.Surface((max(1, self.rect.w), max(1, self.rect.h)), pygame.SRCALPHA)
        text.watch(surf)  # where the labels and the legend go (the tutorial's arrow avoids them)
        nations = {n.id: n for n in self.view.nations}
        blocs = {b.id: b for b in self.view.blocs}
        local = {n.id: self.to_local(*self.asset.project(*n.capital)) for n in self.view.nations}
        order = {"bloc": 0, "deal": 1, "offer": 2}
        for link in sorted(self.view.links, key=lambda lk: order.get(lk.kind, 0)):
            if link.a not in nations or link.b not in nations:
                continue
            bloc = blocs.get(link.bloc) if link.bloc else None
            ends = (nations[link.a].capital, nations[link.b].capital)
            runs = self._runs_cache.get(ends)
            if runs is None:
                runs = self._runs_cache[ends] = self._link_runs(*ends)
            if link.kind == "bloc":
                colour = (
                    (*palette.lighten(palette.to_rgb(bloc.colour), 0.25), 140)
                    if bloc
                    else (*t.text_dim, 150)
                )
                for run in runs:
                    shapes.polyline(surf, colour, run, max(1, round(1.2 * sc)))
            elif link.kind == "deal":
                for run in runs:
                    shapes.polyline(
                        surf,
                        (*t.text, 220),
                        run,
                        max(1, round(1.6 * sc)),
                        dash=(round(7 * sc), round(4 * sc)),
                    )
            else:
                colour = (*t.selected, 235)
                for run in runs:
                    shapes.polyline(
                        surf,
                        colour,
                        run,
                        max(2, round(2 * sc)),
                        dash=(round(3 * sc), round(4 * sc)),
                    )
                if runs and len(runs[-1]) >= 4:
                    shapes.arrow_head(surf, colour, runs[-1][-1], runs[-1][-4], 9 * sc)
        # Capital markers: microstates and outlines too small to see.
        for nid, (x, y, r) in self._marker_positions().items():
            n = nations[nid]
            fill, _pattern, k = self._nation_fill(n)
            shape = BLOC_MARKERS[k % len(BLOC_MARKERS)] if k >= 0 else "circle"
            shapes.marker(surf, shape, (x, y), r * 1.15, t.outline)
            shapes.marker(surf, shape, (x, y), r, fill, t.text if k >= 0 else t.text_dim, 1)
        # Bloc leaders: a small ring at the capital.
        for b in self.view.blocs:
            if b.leader in local and b.leader not in self._markers:
                x, y = local[b.leader]
                pygame.draw.circle(surf, t.outline, (x, y), 4.2 * sc)
                pygame.draw.circle(
                    surf, palette.lighten(palette.to_rgb(b.colour), 0.5), (x, y), 3.0 * sc
                )
        if self.view.selected in nations:
            self._draw_outline(surf, self.view.selected, t.selected, max(2, round(2.2 * sc)))
            if self.view.selected != self.view.player:
                x, y = self._label_point(self.view.selected, local)
                text.draw_halo(
                    surf,
                    nations[self.view.selected].name,
                    (x, y),
                    12 * self.ui_scale,
                    t.selected,
                    t.outline,
                    anchor="center",
                )
        if self.view.player in local:
            x, y = local[self.view.player]
            shapes.marker(surf, "star", (x, y), 7.5 * sc, t.outline)
            shapes.marker(surf, "star", (x, y), 6.0 * sc, t.player, t.outline, 1)
            label = "You: " + nations[self.view.player].name
            text.draw_halo(
                surf,
                label,
                (x, y - 14 * sc),
                12 * self.ui_scale,
                t.text,
                t.outline,
                anchor="midbottom",
            )
        if self.show_legend:
            self._draw_legend(surf)
        text.draw(
            surf,
            "Made with Natural Earth",
            (self.rect.w - 6, self.rect.h - 4),
            9.5 * self.ui_scale,
            t.text_dim,
            anchor="bottomright",
        )
        self._overlay = surf
        #: The overlay's text, in its own pixels.
        self.overlay_text = text.unwatch(surf)

    def _link_runs(
        self, a: tuple[float, float], b: tuple[float, float], steps: int = 48
    ) -> list[list[tuple[float, float]]]:
        """The route between two (lat, lon) points, in local pixels.

        The route takes the shorter way round in longitude, so Washington to Tokyo crosses
        the Pacific (two runs, one leaving each side of the map) rather than the whole world,
        and bows northwards a little so that links read as routes, not borders. (Great
        circles were tried: the long ones run off the top of a cropped map.)
        """
        dlat = b[0] - a[0]
        dlon = (b[1] - a[1] + 180.0) % 360.0 - 180.0
        if dlat == 0 and dlon == 0:
            return []
        t = np.linspace(0.0, 1.0, steps)
        bow = min(18.0, 0.15 * math.hypot(dlat, dlon)) * np.sin(np.pi * t)
        plat = a[0] + dlat * t + bow
        plon = (a[1] + dlon * t + 180.0) % 360.0 - 180.0
        grid = self.asset.project_many(plat, plon)
        s = self.scale
        local = np.column_stack(
            [
                (grid[:, 0] - self.centre[0]) * s + self.rect.w / 2,
                (grid[:, 1] - self.centre[1]) * s + self.rect.h / 2,
            ]
        )
        cuts = np.nonzero(np.abs(np.diff(plon)) > 180.0)[0]
        if len(cuts) == 0:
            return [local.tolist()]
        runs = []
        start = 0
        edge_in: list[list[float]] = []
        for c in cuts:
            # Close each run at the map's edge, where the route leaves one side for the other.
            side = 180.0 if plon[c] > 0 else -180.0
            gap = (side - plon[c]) % 360.0 if side > 0 else -((plon[c] - side) % 360.0)
            step = ((plon[c + 1] - plon[c] + 180.0) % 360.0) - 180.0
            frac = gap / step if step else 0.0
            lat_edge = float(plat[c] + (plat[c + 1] - plat[c]) * frac)
            edges = self.asset.project_many(np.array([lat_edge, lat_edge]), np.array([side, -side]))
            edge_px = (edges - np.asarray(self.centre)) * s + (self.rect.w / 2, self.rect.h / 2)
            runs.append(edge_in + local[start : c + 1].tolist() + [edge_px[0].tolist()])
            edge_in = [edge_px[1].tolist()]
            start = c + 1
        runs.append(edge_in + local[start:].tolist())
        return [r for r in runs if len(r) >= 2]

    def _label_point(
        self, nation: str, local: dict[str, tuple[float, float]]
    ) -> tuple[float, float]:
        """Where a nation's name goes: Natural Earth's label point of its largest outline."""
        idxs = self._nation_countries.get(nation, [])
        if idxs and nation not in self._markers:
            big = max(idxs, key=lambda i: self.asset.area[i])
            return self.to_local(*self.asset.labels[big])
        x, y = local[nation]
        return x, y - 14 * self.ui_scale

    def _draw_outline(self, surf: pygame.Surface, nation: str, colour, width: int) -> None:
        for i in self._nation_countries.get(nation, []):
            for ring in self._screen_rings[i]:
                if len(ring) >= 3:
                    pygame.draw.lines(surf, colour, True, ring, width)
        if nation in self._markers:
            x, y, r = self._markers[nation]
            pygame.draw.circle(surf, colour, (x, y), r + 4 * self.ui_scale, width)

    def _draw_legend(self, surf: pygame.Surface) -> None:
        t = self.theme
        sc = self.ui_scale
        size = 12.5 * sc
        f = text.font(size, "medium")
        counts = {b.id: 0 for b in self.view.blocs}
        unaligned = 0
        for n in self.view.nations:
            if n.bloc in counts:
                counts[n.bloc] += 1
            else:
                unaligned += 1
        rows: list[tuple[str, RGB, str, str]] = []
        for k, b in enumerate(self.view.blocs):
            # Long official names (International Lunar Research Station) give way to the short.
            name = b.name if f.size(b.name)[0] <= 170 * sc or not b.short else b.short
            rows.append(
                (
                    f"{name}  ({counts[b.id]})",
                    palette.to_rgb(b.colour),
                    b.pattern,
                    BLOC_MARKERS[k % len(BLOC_MARKERS)],
                )
            )
        if self.view.nations:
            rows.append((f"Unaligned  ({unaligned})", t.land_unaligned, "solid", "circle"))
        if not rows:
            return
        pad = round(8 * sc)
        sw = round(16 * sc)
        line_h = max(f.get_linesize(), sw) + round(4 * sc)
        max_w = max(60, min(self.rect.w // 2, round(260 * sc)))
        text_w = min(max_w - sw - 3 * pad, max(f.size(r[0])[0] for r in rows))
        box = pygame.Rect(0, 0, sw + 3 * pad + text_w, pad * 2 + line_h * len(rows) - round(4 * sc))
        box.bottomleft = (round(8 * sc), self.rect.h - round(8 * sc))
        if box.h > self.rect.h - 8 or box.w > self.rect.w - 8:
            return
        kinds = {lk.kind for lk in self.view.links}
        keys = [k for k in ("bloc", "deal", "offer") if k in kinds]
        key_h = line_h if keys else 0
        if key_h:
            box.h += key_h
            box.bottom = self.rect.h - round(8 * sc)
            fk = text.font(11.5 * sc, "regular")
            names = {"bloc": "tie", "deal": "deal", "offer": "offer"}
            keys_w = sum(round(35 * sc) + fk.size(names[k])[0] for k in keys) + 2 * pad
            box.w = max(box.w, min(keys_w, max(60, self.rect.w - round(16 * sc))))
        if box.top < 4:
            return
        pygame.draw.rect(surf, (*t.panel, 225), box, border_radius=round(6 * sc))
        pygame.draw.rect(surf, (*t.panel_edge, 255), box, 1, border_radius=round(6 * sc))
        y = box.y + pad
        for label, colour, pattern, _shape in rows:
            sw_rect = pygame.Rect(box.x + pad, y + (line_h - round(4 * sc) - sw) // 2, sw, sw)
            palette.swatch(surf, sw_rect, colour, pattern, t.outline, sc)
            text.draw(
                surf,
                label,
                (sw_rect.right + pad, sw_rect.centery),
                size,
                t.text,
                "medium",
                max_width=text_w,
                anchor="midleft",
            )
            y += line_h
        if key_h:
            self._draw_link_keys(
                surf, keys, box.x + pad, y + (line_h - round(4 * sc)) // 2, box.right - pad
            )

    def _draw_link_keys(
        self, surf: pygame.Surface, keys: list[str], x: int, cy: int, right: int
    ) -> None:
        t = self.theme
        sc = self.ui_scale * t.line_scale
        size = 11.5 * self.ui_scale
        names = {"bloc": "tie", "deal": "deal", "offer": "offer"}
        seg = round(18 * self.ui_scale)
        for kind in keys:
            label_w = text.font(size, "regular").size(names[kind])[0]
            if x + seg + 4 + label_w > right:
                break
            pts = [(x, cy), (x + seg, cy)]
            if kind == "bloc":
                shapes.polyline(surf, (*t.text_dim, 255), pts, max(1, round(1.2 * sc)))
            elif kind == "deal":
                shapes.polyline(
                    surf,
                    (*t.text, 255),
                    pts,
                    max(1, round(1.6 * sc)),
                    dash=(round(5 * sc), round(3 * sc)),
                )
            else:
                shapes.polyline(
                    surf,
                    (*t.selected, 255),
                    pts,
                    max(2, round(2 * sc)),
                    dash=(round(3 * sc), round(3 * sc)),
                )
                shapes.arrow_head(surf, (*t.selected, 255), (x + seg + 2, cy), (x, cy), 6 * sc)
            text.draw(surf, names[kind], (x + seg + 5, cy), size, t.text_dim, anchor="midleft")
            x += seg + 5 + label_w + round(12 * self.ui_scale)

    def _hover_surface(self) -> tuple[pygame.Surface, tuple[int, int]] | None:
        nid = self.hovered
        if nid is None:
            return None
        key = (nid, self._geom_key, self.theme)
        if (
            self._hover_surf is not None
            and self._hover_surf[0] == nid
            and self._hover_surf[1] == key
        ):
            return self._hover_surf[2], self._hover_surf[3]
        rings = [r for i in self._nation_countries.get(nid, []) for r in self._screen_rings[i]]
        t = self.theme
        width = max(2, round(1.8 * self.ui_scale))
        if rings:
            pts = np.vstack([np.asarray(r) for r in rings])
            x0, y0 = np.floor(pts.min(axis=0)).astype(int) - width
            x1, y1 = np.ceil(pts.max(axis=0)).astype(int) + width
            x0, y0 = max(x0, -width), max(y0, -width)
            x1, y1 = min(x1, self.rect.w + width), min(y1, self.rect.h + width)
            if x1 <= x0 or y1 <= y0:
                return None
            surf = pygame.Surface((x1 - x0, y1 - y0), pygame.SRCALPHA)
            for r in rings:
                shifted = [(x - x0, y - y0) for x, y in r]
                if len(shifted) >= 3:
                    pygame.draw.polygon(surf, (*t.hover, 60), shifted)
                    pygame.draw.lines(surf, (*t.hover, 230), True, shifted, width)
            pos = (int(x0), int(y0))
        else:
            markers = self._marker_positions()
            if nid not in markers:
                return None
            x, y, r = markers[nid]
            rr = round(r + 5 * self.ui_scale)
            surf = pygame.Surface((2 * rr + 4, 2 * rr + 4), pygame.SRCALPHA)
            pygame.draw.circle(surf, (*t.hover, 230), (rr + 2, rr + 2), rr, width)
            pos = (round(x) - rr - 2, round(y) - rr - 2)
        self._hover_surf = (nid, key, surf, pos)
        return surf, pos
