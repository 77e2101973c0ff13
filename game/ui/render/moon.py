"""The Moon panel: each bloc's milestone track and a picture of its south-polar base growing.

Spec card:
    What: ``MoonPanel.draw(surface, rect, view, ui_scale)`` draws, top to bottom, a
        procedural picture of the lunar south pole (low sun, Earth on the horizon, a
        shadowed crater, one site per bloc where a lander, rover, solar array, habitat,
        ISRU plant or dome appears for each completed milestone, in the bloc's colour, and
        the milestone under way shows as a ghost), then one track per bloc: nodes for the
        milestones (done, under way with a progress ring, failed attempts, future, crewed
        icon, the base), short labels, and the current milestone's progress bar and odds.
    Input: a ``MoonView`` of plain data (``MoonView.from_state`` builds one from a
        ``Scenario`` and an engine ``State``); nothing here changes game state.
    Legibility: every label is measured and shortened with an ellipsis to its slot; at small
        sizes the picture shrinks first, then node labels go, then each track is a strip
        (its name beside its nodes) and the title goes, never overlapping.
    Cost: the whole panel is cached per (size, scale, theme, view); a frame is one blit.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.text.words import counted
from game.ui.render import palette, shapes, text
from game.ui.render.cached import CachedPanel
from game.ui.render.moon_current import draw_current
from game.ui.render.moon_structures import (  # noqa: F401  (re-exported)
    FALLBACK,
    _astronaut,
    _draw_structure,
    _hull,
    _wreck,
    structure_kind,
)
from game.ui.render.moon_view import MilestoneView, MoonView, TrackView  # noqa: F401
from game.ui.render.palette import Theme

# --------------------------------------------------------------------------- view model


# --------------------------------------------------------------------------- the panel


class MoonPanel(CachedPanel):
    """Draws a ``MoonView`` into a rectangle; cached, with hit-testing of milestone nodes."""

    def __init__(self, theme: Theme = palette.DARK) -> None:
        super().__init__(theme)
        self._nodes: list[tuple[pygame.Rect, str, str]] = []
        self._backdrop: dict[tuple, pygame.Surface] = {}
        self.detail = 2

    def milestone_at(self, pos: tuple[int, int]) -> tuple[str, str] | None:
        """(bloc id, milestone id) of the node under a screen position, if any."""
        lx, ly = pos[0] - self._origin[0], pos[1] - self._origin[1]
        for r, bloc, mid in self._nodes:
            if r.collidepoint(lx, ly):
                return bloc, mid
        return None

    # ------------------------------------------------------------------ layout

    def _render(self, size: tuple[int, int], view: MoonView, s: float) -> pygame.Surface:
        t = self.theme
        w, h = size
        # Opaque, in the panel colour: blitting it is exact and cheaper than alpha.
        surf = pygame.Surface(size)
        surf.fill(t.panel)
        self._nodes = []
        pad = round(10 * s)
        y = pad
        title_size = 14 * s
        n = max(1, len(view.tracks))
        levels = self._track_heights(s)
        # the title goes before a track does (the date is in the top bar too)
        if view.title and h - round(28 * s) - 2 * pad >= n * levels[-1]:
            tr = text.draw(
                surf,
                view.title.upper(),
                (pad, y),
                title_size,
                t.text_dim,
                "semibold",
                max_width=w - 2 * pad,
            )
            if view.date:
                dw = w - 2 * pad - tr.w - round(12 * s)
                if dw > 30 * s:
                    text.draw(
                        surf,
                        view.date,
                        (w - pad, y),
                        title_size,
                        t.text_dim,
                        "medium",
                        max_width=dw,
                        anchor="topright",
                    )
            y = tr.bottom + round(8 * s)
        avail = h - y - pad
        # The most detail that still leaves the picture 40% of the height (node labels go
        # first: the picture is what shows the race at a glance).
        level = 2
        while level > 0 and n * levels[level] > avail * 0.6:
            level -= 1
        least = 60 * s  # the smallest picture worth drawing
        if level == 0 and avail - n * levels[1] - round(10 * s) >= 36 * s:
            # the milestone being paid for, its progress and odds outrank a taller picture
            # (at 115% on 1280x720 they went while the picture kept 60% of the panel): a
            # strip of the picture still shows the race at a glance
            level, least = 1, 36 * s
        if level == 0:
            # nodes alone say less than the strip (the name beside the nodes, then the
            # milestone being paid for, its progress and odds), which is shorter too: at 200%
            # on 1920x1080 the panel showed the nodes only
            level = -1
        scene_h = min(avail - n * levels[level] - round(10 * s), round(w * 0.7))
        if scene_h < least:
            # No picture: the tracks get all the height (no gap after the last, half the
            # bottom padding), so the current milestone and its odds stay (they went at 190%).
            room = avail + pad // 2 + round(8 * s)
            level = 2
            while level > -1 and n * levels[level] > room:
                level -= 1  # down to a strip a track (at 150% on 1280x720 one bloc went)
            level = -1 if level == 0 else level  # the strip keeps the current milestone
            scene_h = min(avail - n * levels[level] - round(10 * s), round(w * 0.7))
        track_h = levels[level]
        # what was drawn: -1 a strip (name, nodes, current milestone), 0 nodes, 1 + current
        # milestone, 2 + labels
        self.detail = level
        if scene_h >= least:
            scene = pygame.Rect(pad, y, w - 2 * pad, scene_h)
            self._draw_scene(surf, scene, view, s)
            y = scene.bottom + round(10 * s)
        # Spread the tracks over what is left, so a tall panel doesn't leave a hole at the end.
        spare = max(0, (h - pad - y) - n * track_h)
        gap = min(spare // max(1, n), round(20 * s))
        for tv in view.tracks:
            if y + track_h > h + 1:
                break
            self._draw_track(surf, pygame.Rect(pad, y, w - 2 * pad, track_h), tv, s, level)
            y += track_h + gap
        return surf

    # ------------------------------------------------------------------ the picture

    def _scene_backdrop(self, size: tuple[int, int], s: float) -> pygame.Surface:
        key = (size, self.theme.name)
        cached = self._backdrop.get(key)
        if cached is not None:
            return cached
        w, h = size
        surf = pygame.Surface(size, pygame.SRCALPHA)
        horizon = round(h * 0.5)
        # Sky: near-black to a faint blue at the horizon.
        for yy in range(horizon):
            tt = yy / max(1, horizon)
            pygame.draw.line(surf, palette.mix((3, 5, 12), (20, 28, 52), tt**2), (0, yy), (w, yy))
        rng = np.random.default_rng(1969)  # a local generator: the same stars every time
        for x, yy, b in zip(
            rng.uniform(0, w, 90),
            rng.uniform(0, horizon * 0.95, 90),
            rng.uniform(90, 255, 90),
            strict=True,
        ):
            surf.set_at((int(x), int(yy)), (int(b), int(b), int(min(255, b + 20)), 255))
        # Earth, low on the horizon as it always is from the south pole.
        er = max(6, round(h * 0.09))
        ex, ey = round(w * 0.86), round(horizon - er * 0.9)
        pygame.draw.circle(surf, (28, 78, 150), (ex, ey), er)
        pygame.draw.circle(surf, (70, 140, 210), (ex - er * 0.25, ey - er * 0.1), er * 0.72)
        pygame.draw.circle(surf, (230, 236, 245), (ex - er * 0.35, ey - er * 0.35), er * 0.22)
        pygame.draw.circle(surf, (200, 214, 235), (ex + er * 0.1, ey + er * 0.3), er * 0.18)
        shade = pygame.Surface((er * 2 + 2, er * 2 + 2), pygame.SRCALPHA)
        # Lit from the left, like the ground: the sun sits low on the western horizon.
        pygame.draw.circle(shade, (3, 5, 12, 190), (er + 1 + er * 0.55, er + 1), er)
        mask = pygame.Surface((er * 2 + 2, er * 2 + 2), pygame.SRCALPHA)
        pygame.draw.circle(mask, (255, 255, 255, 255), (er + 1, er + 1), er)
        shade.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        surf.blit(shade, (ex - er - 1, ey - er - 1))
        # The sun's glare, just above the horizon at the left.
        glare = pygame.Surface((w, horizon + 1), pygame.SRCALPHA)
        glare.fill((255, 236, 200, 0))
        gr = max(8.0, h * 0.45)
        sun = (round(w * 0.05), round(horizon - h * 0.04))
        gx, gy = np.meshgrid(np.arange(w), np.arange(horizon + 1), indexing="ij")
        dist = np.hypot(gx - sun[0], gy - sun[1]) / gr
        alpha = pygame.surfarray.pixels_alpha(glare)
        alpha[:] = (150 * np.exp(-dist * dist * 5.0)).astype(np.uint8)
        del alpha
        pygame.draw.circle(glare, (255, 250, 235, 255), sun, max(3, h * 0.03))
        surf.blit(glare, (0, 0))
        # Far ridges, then the near ground, lit from the left by a grazing sun.
        xs = np.linspace(0, w, 48)
        ridge = horizon - h * 0.06 * (
            1 + np.sin(xs / w * 7.3) * 0.6 + np.sin(xs / w * 17.1 + 1) * 0.3
        )
        pygame.draw.polygon(
            surf, (70, 72, 80), [(0, h), *zip(xs.tolist(), ridge.tolist(), strict=True), (w, h)]
        )
        near = horizon + h * 0.03 * np.sin(xs / w * 4.1 + 0.5)
        pygame.draw.polygon(
            surf, (104, 106, 114), [(0, h), *zip(xs.tolist(), near.tolist(), strict=True), (w, h)]
        )
        for yy in range(round(near.min()), h):
            tt = (yy - near.min()) / max(1, h - near.min())
            pygame.draw.line(
                surf, (*palette.mix((118, 120, 128), (78, 80, 88), tt), 90), (0, yy), (w, yy)
            )
        # The shadowed crater (water ice lives in its permanent night).
        crater = pygame.Rect(0, 0, round(w * 0.3), round(h * 0.12))
        crater.center = (round(w * 0.5), round(h * 0.62))
        pygame.draw.ellipse(surf, (150, 152, 160), crater.inflate(6, 4))
        pygame.draw.ellipse(surf, (22, 24, 32), crater)
        pygame.draw.ellipse(surf, (40, 44, 56), crater.inflate(-crater.w * 0.5, -crater.h * 0.5))
        label = "permanent shadow: water ice"
        if crater.w > text.font(9.5 * s).size(label)[0] + 8:
            text.draw(surf, label, crater.center, 9.5 * s, (120, 130, 150), anchor="center")
        for _ in range(14):
            cx, cy = rng.uniform(0.02, 0.98), rng.uniform(0.55, 0.98)
            cr = rng.uniform(0.012, 0.03) * (0.4 + cy)
            r = pygame.Rect(0, 0, round(w * cr * 2), max(2, round(h * cr * (cy - 0.3))))
            r.center = (round(w * cx), round(h * cy))
            pygame.draw.ellipse(surf, (84, 86, 94), r)
            pygame.draw.arc(surf, (150, 152, 160), r, math.pi * 0.9, math.pi * 1.9, 1)
        self._backdrop[key] = surf
        return surf

    def _draw_scene(
        self, surf: pygame.Surface, rect: pygame.Rect, view: MoonView, s: float
    ) -> None:
        t = self.theme
        scene = pygame.Surface(rect.size, pygame.SRCALPHA)
        scene.blit(self._scene_backdrop(rect.size, s), (0, 0))
        w, h = rect.size
        n = max(1, len(view.tracks))
        u = max(3.0, min(h / 5.5, w / (n * 7.0)))
        ground = h * 0.74
        for k, tv in enumerate(view.tracks):
            colour = palette.to_rgb(tv.colour)
            site_x = w * (k + 0.5) / n
            ms = tv.milestones
            cur = tv.current
            shown = [(i, m, structure_kind(m, i)) for i, m in enumerate(ms) if m.done or i == cur]
            on_ground = [
                i
                for i, m, kind in ((i, m, structure_kind(m, i)) for i, m in enumerate(ms))
                if kind not in ("orbiter", "dome")
            ]
            in_orbit = [i for i, m in enumerate(ms) if structure_kind(m, i) == "orbiter"]
            span = min(w / n * 0.78, len(on_ground) * 1.3 * u)
            left = site_x - span / 2
            # The landing site: a ring of beacons marks where the bloc will build.
            site = pygame.Rect(0, 0, round(min(span + 1.5 * u, w / n * 0.94)), round(1.3 * u))
            site.center = (round(site_x), round(ground + 0.25 * u))
            pygame.draw.ellipse(scene, (*colour, 70), site, max(1, round(u / 14)))
            for b in range(8):
                ang = 2 * math.pi * b / 8
                bx = site.centerx + math.cos(ang) * site.w / 2
                by = site.centery + math.sin(ang) * site.h / 2
                pygame.draw.circle(
                    scene, (*palette.lighten(colour, 0.4), 200), (bx, by), max(1, u / 16)
                )
            # Depth: the dome at the back, then a back row and a front row of structures,
            # each row spread over the site so that neighbours don't overlap.
            back = on_ground[0::2]
            front = on_ground[1::2]
            order = {"orbiter": 0, "dome": 9}
            dome_shown = any(kind == "dome" for _, _, kind in shown)
            for i, m, kind in sorted(shown, key=lambda it: order.get(it[2], 2 + (it[0] in front))):
                alpha = 255 if m.done else 90
                if kind == "orbiter":
                    j = in_orbit.index(i)
                    ang = math.pi * (0.2 + 0.6 * (j + 0.5) / max(1, len(in_orbit)))
                    ox = site_x - math.cos(ang) * w / n * 0.36
                    oy = h * 0.22 - math.sin(ang) * h * 0.1
                    _draw_structure(scene, kind, ox, oy + 4.2 * u * 0.5, u * 0.5, colour, alpha)
                    continue
                size = u
                if kind == "dome":
                    # The base itself: front and centre, the front row makes way for it.
                    x, gy = site_x, ground + 0.75 * u
                elif i in back:
                    x = left + span * (back.index(i) + 0.5) / len(back)
                    gy, size = ground - 0.35 * u, u * 0.85
                else:
                    p = (front.index(i) + 0.5) / len(front)
                    x = left + span * p
                    if dome_shown:
                        half = max(span / 2, 1.6 * u + 1.0 * u)
                        off = 1.6 * u + (half - 1.6 * u) * abs(2 * p - 1)
                        x = site_x + (off if p >= 0.5 else -off)
                    gy = ground + 0.55 * u
                _draw_structure(
                    scene,
                    kind,
                    x,
                    gy,
                    size,
                    colour,
                    alpha,
                    flag=m.crewed and m.done and kind == "lander",
                )
                if m.crewed and m.done and kind in ("lander", "habitat", "dome"):
                    _astronaut(scene, x + 1.1 * size, gy, size, colour)
                if m.failures and not m.done:
                    # The wreck lies in the foreground, in front of the site.
                    _wreck(scene, left + span * 0.2, ground + 1.15 * u, u * 0.8, colour)
            # Site label on a small plate, with progress count.
            label = f"{tv.short}  {sum(m.done for m in ms)}/{len(ms)}"
            size = 11 * s
            f = text.font(size, "semibold")
            shown = text.fit(f, label, w / n - 8)
            if shown:
                lw, lh = f.size(shown)
                plate = pygame.Rect(0, 0, lw + round(10 * s), lh + round(4 * s))
                plate.midbottom = (round(site_x), h - round(3 * s))
                pygame.draw.rect(scene, (*t.panel, 210), plate, border_radius=round(4 * s))
                palette.swatch(scene, pygame.Rect(plate.x, plate.y, round(3 * s), plate.h), colour)
                text.draw(scene, shown, plate.center, size, t.text, "semibold", anchor="center")
        # Round the picture's corners.
        mask = pygame.Surface(rect.size, pygame.SRCALPHA)
        pygame.draw.rect(mask, (255, 255, 255, 255), mask.get_rect(), border_radius=round(8 * s))
        scene.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        surf.blit(scene, rect.topleft)
        pygame.draw.rect(surf, t.panel_edge, rect, 1, border_radius=round(8 * s))

    # ------------------------------------------------------------------ tracks

    @staticmethod
    def _track_heights(s: float) -> dict[int, int]:
        """Heights of a track at each level of detail: -1 a strip (the name beside the nodes,
        then the current milestone), 0 nodes only, 1 + current, 2 + labels."""
        header = text.font(14 * s, "semibold").get_height() + round(4 * s)
        nodes = round(11 * s) + 2 * max(4, round(7.5 * s)) + round(5 * s)
        labels = 2 * text.font(10.5 * s).get_linesize() + round(3 * s)
        detail = text.font(11.5 * s, "medium").get_linesize()
        gap = round(8 * s)  # between one track and the next
        strip = max(header - round(4 * s), 2 * max(4, round(7.5 * s))) + round(5 * s)
        return {
            -1: strip + detail + gap // 2,
            0: header + nodes + gap,
            1: header + nodes + detail + gap,
            2: header + nodes + labels + detail + gap,
        }

    def _draw_track(
        self, surf: pygame.Surface, rect: pygame.Rect, tv: TrackView, s: float, level: int
    ) -> None:
        compact = level < 2
        strip = level < 0  # the name left of the nodes, on one row
        lw = round(rect.w * 0.3) if strip else 0
        t = self.theme
        colour = palette.to_rgb(tv.colour)
        ms = tv.milestones
        cur = tv.current
        done_n = sum(m.done for m in ms)
        # Header: swatch, name, member count, done count.
        head_size = 14 * s
        fh = text.font(head_size, "semibold")
        sw = round(12 * s)
        sw_rect = pygame.Rect(rect.x, rect.y + (fh.get_height() - sw) // 2, sw, sw)
        palette.swatch(surf, sw_rect, colour, tv.pattern, t.outline, s)
        fr = text.font(12 * s, "medium")
        # The long form when it leaves the name room, else just the count.
        right = f"{done_n}/{len(ms)} done · {counted(tv.members, 'member')}"
        if fr.size(right)[0] > rect.w * 0.4:
            right = f"{done_n}/{len(ms)} done"
        right_shown = "" if strip else text.fit(fr, right, rect.w * 0.45)
        rw = fr.size(right_shown)[0]
        name = tv.name + ("  (your bloc)" if tv.player else "")
        name_w = (lw or rect.w - rw - round(10 * s)) - sw - round(8 * s)
        if fh.size(name)[0] > name_w:
            name = tv.short + ("  (you)" if tv.player else "")
        if strip and fh.size(name)[0] > name_w:
            name = tv.short  # the top bar names the player's bloc
        text.draw(
            surf,
            name,
            (sw_rect.right + round(8 * s), rect.y),
            head_size,
            palette.readable(palette.lighten(colour, 0.35), t.panel, 4.5),
            "semibold",
            max_width=name_w,
        )
        if right_shown:
            text.draw(
                surf,
                right_shown,
                (rect.right, rect.y + (fh.get_height() - fr.get_height()) // 2),
                12 * s,
                t.text_dim,
                "medium",
                anchor="topright",
            )
        y = rect.y + fh.get_height() + round(4 * s)
        if not ms:
            return
        # Node row (beside the name in a strip, with no crew row above it).
        r = max(4, round(7.5 * s))
        crew_h = 0 if strip else round(11 * s)
        if strip:
            y = rect.y + fh.get_height() // 2 - r
        node_y = y + crew_h + r
        margin = r + round(2 * s)
        n = len(ms)
        span = rect.w - lw - 2 * margin
        xs = [rect.x + lw + margin + span * (i / max(1, n - 1)) for i in range(n)]
        if n == 1:
            xs = [rect.x + lw + span / 2 + margin]
        line_w = max(2, round(3 * s))
        for i in range(n - 1):
            c = colour if ms[i].done and ms[i + 1].done else t.track
            if ms[i].done and i + 1 == cur:
                # The segment into the current node fills with its progress.
                pygame.draw.line(surf, t.track, (xs[i], node_y), (xs[i + 1], node_y), line_w)
                mid = xs[i] + (xs[i + 1] - xs[i]) * ms[i + 1].progress
                pygame.draw.line(surf, colour, (xs[i], node_y), (mid, node_y), line_w)
                continue
            pygame.draw.line(surf, c, (xs[i], node_y), (xs[i + 1], node_y), line_w)
        ink = palette.ink_on(colour)
        for i, (m, x) in enumerate(zip(ms, xs, strict=True)):
            rr = round(r * 1.3) if m.base else r
            if m.done:
                pygame.draw.circle(surf, colour, (x, node_y), rr)
                shapes.check_mark(surf, (x, node_y), rr * 1.1, ink, max(2, round(2 * s)))
            elif i == cur:
                pygame.draw.circle(surf, t.panel, (x, node_y), rr)
                pygame.draw.circle(surf, t.track, (x, node_y), rr, max(2, round(2.5 * s)))
                if m.progress > 0:
                    arc = pygame.Rect(0, 0, 2 * rr, 2 * rr)
                    arc.center = (round(x), round(node_y))
                    start = math.pi / 2 - 2 * math.pi * min(1.0, m.progress)
                    pygame.draw.arc(surf, colour, arc, start, math.pi / 2, max(2, round(2.5 * s)))
                pygame.draw.circle(surf, colour, (x, node_y), max(2, rr * 0.35))
            else:
                pygame.draw.circle(surf, t.panel, (x, node_y), rr)
                pygame.draw.circle(surf, t.track, (x, node_y), rr, max(1, round(2 * s)))
            if m.base:
                pygame.draw.circle(
                    surf, colour if m.done else t.text_dim, (x, node_y), rr + round(3 * s), 1
                )
            if m.failures and not m.done:
                bx, by = x + rr * 0.8, node_y - rr * 0.8
                pygame.draw.circle(surf, t.bad, (bx, by), max(3, round(4.5 * s)))
                shapes.x_mark(
                    surf, (bx, by), max(3, round(5 * s)), (255, 255, 255), max(1, round(1.4 * s))
                )
            if m.crewed and crew_h:
                shapes.crew_icon(
                    surf,
                    (x, y + crew_h * 0.45),
                    crew_h * 0.9,
                    palette.lighten(colour, 0.3) if m.done else t.text_dim,
                )
            hit = pygame.Rect(0, 0, max(2 * rr, 16 * s), 2 * rr + crew_h)
            hit.center = (round(x), round(node_y - crew_h / 2))
            self._nodes.append((hit.move(0, 0), tv.id, m.id))
        y = max(node_y + r, rect.y + fh.get_height()) + round(5 * s)
        # Node labels under the nodes, each within its slot; when they don't fit in one row they
        # alternate between two rows (twice the room each); skipped when slots are too narrow.
        label_size = 10.5 * s
        fl = text.font(label_size, "regular")
        fb = text.font(label_size, "semibold")
        slot = (rect.w - 2 * margin) / max(1, n - 1) if n > 1 else rect.w
        if not compact and slot >= 26 * s:
            widest = max((fb if i == cur else fl).size(m.label)[0] for i, m in enumerate(ms))
            rows = 1 if widest <= slot - 6 * s or n == 1 else 2
            line = fl.get_linesize()
            for i, (m, x) in enumerate(zip(ms, xs, strict=True)):
                width = rows * slot - 6 * s
                row = i % rows
                # End labels hug the panel edge instead of overflowing it.
                if x - width / 2 < rect.x:
                    anchor, px = "topleft", rect.x
                    width = min(width, x - rect.x + width / 2)
                elif x + width / 2 > rect.right:
                    anchor, px = "topright", rect.right
                    width = min(width, rect.right - x + width / 2)
                else:
                    anchor, px = "midtop", x
                c = t.text if i == cur else t.text_dim
                text.draw(
                    surf,
                    m.label,
                    (px, y + row * line),
                    label_size,
                    c,
                    "semibold" if i == cur else "regular",
                    max_width=width,
                    anchor=anchor,
                )
            y += rows * line + round(3 * s)
        # The current milestone: name, progress bar, odds.
        if level != 0:
            draw_current(surf, rect, y, tv, s, t)
