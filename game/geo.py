"""The world map's data, without pygame: the Equal Earth projection and the outline asset.

Spec card:
    What: ``equal_earth`` projects degrees to Equal Earth units; ``load_asset`` decodes
        ``assets/map/world-110m.json`` (rings delta-encoded in grid units, y down) into a
        ``MapAsset`` that can project a capital onto the same grid.
    Who uses it: the game's map (``game.ui.render.map``), the printed handouts and debrief
        (``game.report``), and ``tools/build_map.py``, which made the asset with this same
        function, so every picture of the world agrees.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from game.paths import ASSETS

MAP_PATH = ASSETS / "map" / "world-110m.json"


@dataclass
class MapAsset:
    """Decoded outlines in grid units (x right, y down), plus the projection frame."""

    codes: list[str]
    names: dict[str, str]
    rings: list[list[np.ndarray]]  # per country: its outer rings, float arrays (n, 2)
    holes: list[list[np.ndarray]]
    boxes: list[np.ndarray]  # per country: per ring [xmin, ymin, xmax, ymax]
    area: np.ndarray  # per country, grid units squared (outer rings only)
    labels: np.ndarray  # (C, 2) label points
    size: tuple[int, int]
    x_max: float
    y_top: float
    step: float
    lat_range: tuple[float, float]
    index: dict[str, int] = field(default_factory=dict)

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """Latitude/longitude (degrees) to grid units."""
        lat = min(max(lat, self.lat_range[0]), self.lat_range[1])
        x, y = equal_earth(np.array([lon], dtype=float), np.array([lat], dtype=float))
        return float((x[0] + self.x_max) / self.step), float((self.y_top - y[0]) / self.step)

    def project_many(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        lat = np.clip(lat, *self.lat_range)
        x, y = equal_earth(lon, lat)
        return np.column_stack([(x + self.x_max) / self.step, (self.y_top - y) / self.step])


# Equal Earth projection (Šavrič, Patterson & Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3.0) / 2.0


def equal_earth(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project degrees to Equal Earth units (x right, y up); tools/build_map.py uses it too."""
    lam = np.radians(lon)
    theta = np.arcsin(_M * np.sin(np.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def _decode(flat: Sequence[int]) -> np.ndarray:
    arr = np.asarray(flat, dtype=np.float64).reshape(-1, 2)
    return np.cumsum(arr, axis=0)


def _shoelace(r: np.ndarray) -> float:
    x, y = r[:, 0], r[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


@lru_cache(maxsize=4)
def load_asset(path: Path = MAP_PATH) -> MapAsset:
    """Read and decode the map asset (once per path)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    proj = data["projection"]
    codes, names, rings, holes, boxes, areas, labels = [], {}, [], [], [], [], []
    for code, entry in data["countries"].items():
        outer = [_decode(r) for r in entry["rings"]]
        inner = [_decode(r) for r in entry.get("holes", [])]
        codes.append(code)
        names[code] = entry["name"]
        rings.append(outer)
        holes.append(inner)
        boxes.append(np.array([[*r.min(axis=0), *r.max(axis=0)] for r in outer]))
        areas.append(sum(_shoelace(r) for r in outer))
        labels.append(entry["label"])
    return MapAsset(
        codes=codes,
        names=names,
        rings=rings,
        holes=holes,
        boxes=boxes,
        area=np.asarray(areas),
        labels=np.asarray(labels, dtype=float),
        size=(int(data["grid"][0]), int(data["grid"][1])),
        x_max=float(proj["x_max"]),
        y_top=float(proj["y_top"]),
        step=float(proj["step"]),
        lat_range=(float(proj["lat_range"][0]), float(proj["lat_range"][1])),
        index={c: i for i, c in enumerate(codes)},
    )


def frame_outline(asset: MapAsset) -> np.ndarray:
    """The edge of the projected globe between the kept latitudes (a rounded rectangle)."""
    lo, hi = asset.lat_range
    lats = np.linspace(hi, lo, 40)
    right = asset.project_many(lats, np.full_like(lats, 180.0))
    left = asset.project_many(lats[::-1], np.full_like(lats, -180.0))
    return np.vstack([right, left])


def graticule(asset: MapAsset) -> list[np.ndarray]:
    """Meridians every 30 degrees and parallels at -30, 0, 30 and 60, in grid units."""
    lines = []
    lo, hi = asset.lat_range
    lats = np.linspace(lo, hi, 30)
    for lon in range(-150, 180, 30):
        lines.append(asset.project_many(lats, np.full_like(lats, float(lon))))
    lons = np.linspace(-180, 180, 60)
    for lat in (-30, 0, 30, 60):
        lines.append(asset.project_many(np.full_like(lons, float(lat)), lons))
    return lines
