"""Convert Natural Earth 110m country shapes (the `world-atlas` npm package's TopoJSON)
into the small outline file the web app draws its event map on.

Run once when updating the outline:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_outline.py package/countries-110m.json \
        src/newstrace/web/static/world-110m.json

Output: {"source", "license", "viewBox": "0 0 360 180", "countries": [{"name", "d"}]}
where "d" is an SVG path in an equirectangular projection (x = lon + 180, y = 90 - lat),
rounded to 0.1 degree so the file stays small. No tiles, no network, at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are quantized and delta-encoded; return absolute lon/lat points."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        pts.extend(arc if not pts else arc[1:])
    return pts


def ring_path(points: list[tuple[float, float]]) -> str:
    """A ring as SVG path data. Rings crossing the antimeridian (Russia, Fiji) jump from
    +180 to -180: start a new sub-path there instead of drawing a line across the map."""
    parts: list[list[str]] = [[]]
    last = None
    for lon, lat in points:
        p = (round(lon + 180, 1), round(90 - lat, 1))
        if p == last:
            continue
        if last is not None and abs(p[0] - last[0]) > 180:
            parts.append([])
        parts[-1].append(f"{p[0]:g},{p[1]:g}")
        last = p
    return "".join("M" + "L".join(part) + "Z" for part in parts if len(part) >= 3)


def convert(topo: dict) -> dict:
    arcs = decode_arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polys = [polys]
        d = "".join(ring_path(ring_points(ring, arcs)) for poly in polys for ring in poly)
        if d:
            countries.append({"name": geom.get("properties", {}).get("name", ""), "d": d})
    return {
        "source": "Natural Earth 110m via the world-atlas npm package 2.0.2 (countries-110m.json)",
        "license": "Natural Earth: public domain; world-atlas: ISC, Copyright 2013-2019 Michael Bostock",
        "viewBox": "0 0 360 180",
        "countries": countries,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    topo = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    out = convert(topo)
    Path(argv[2]).write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    print(f"{len(out['countries'])} countries -> {argv[2]} ({Path(argv[2]).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
