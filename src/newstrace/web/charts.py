"""Geometry for the inline SVG charts (computed here, drawn by ``_charts.html`` macros).

Only numbers and colours leave this module as markup attributes; every label is a plain
string that the template escapes. Nothing is fetched: the world outline is a file shipped
in ``web/static`` (see ``scripts/build_world_outline.py``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"

# Colour-blind-safe categorical palette (Okabe-Ito, then Tableau) for outlets.
PALETTE = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F",
]
OTHER_COLOUR = "#999999"


def outlet_colours(outlets: Iterable[str | None]) -> dict[str, str]:
    names = sorted({o or "(unknown outlet)" for o in outlets})
    return {o: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, o in enumerate(names)}


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[dict[str, Any]] = field(default_factory=list)
    xlabels: list[dict[str, Any]] = field(default_factory=list)
    ylabels: list[dict[str, Any]] = field(default_factory=list)
    legend: list[dict[str, Any]] = field(default_factory=list)
    empty: bool = False


def _months(keys: Iterable[str]) -> list[str]:
    """Every month from the first to the last key, so gaps show as gaps."""
    ks = sorted(k for k in keys if len(k) == 7 and k[4] == "-")
    if not ks:
        return []
    y, m = int(ks[0][:4]), int(ks[0][5:])
    end = (int(ks[-1][:4]), int(ks[-1][5:]))
    out: list[str] = []
    while (y, m) <= end and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def stacked_months(series: Mapping[str, Counter[str]], width: int = 760, height: int = 220) -> BarChart:
    """Articles per month, one colour per outlet, stacked."""
    months = _months({m for c in series.values() for m in c})
    chart = BarChart(width, height)
    if not months:
        chart.empty = True
        return chart
    # Too many months for readable bars: group by year instead.
    key_len = 7
    if len(months) > 120:
        key_len = 4
        months = sorted({m[:4] for m in months})
    colours = outlet_colours(series)
    left, bottom, top = 36, 24, 8
    plot_w, plot_h = width - left - 8, height - bottom - top
    totals: Counter[str] = Counter()
    for counts in series.values():
        for m, n in counts.items():
            totals[m[:key_len]] += n
    peak = max(totals.values()) or 1
    step = plot_w / len(months)
    bar_w = max(1.0, step * 0.8)
    # Each outlet's counts by bar (month or year), summed once rather than once per bar.
    by_bar: dict[str, Counter[str]] = {}
    for outlet, counts in series.items():
        bars = by_bar[outlet] = Counter()
        for m, n in counts.items():
            bars[m[:key_len]] += n
    for i, month in enumerate(months):
        y: float = top + plot_h
        for outlet in sorted(series):
            n = by_bar[outlet].get(month, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            chart.bars.append(
                {
                    "x": round(left + i * step, 1),
                    "y": round(y, 1),
                    "w": round(bar_w, 1),
                    "h": round(h, 1),
                    "color": colours[outlet],
                    "title": f"{outlet}, {month}: {n} article{'s' if n != 1 else ''}",
                }
            )
    every = max(1, len(months) // 8)
    for i in range(0, len(months), every):
        x = round(left + i * step + bar_w / 2, 1)
        # Labels near the right edge end there instead of being cut off.
        anchor = "end" if x > width - 30 else "middle"
        chart.xlabels.append({"x": x, "y": height - 6, "text": months[i], "anchor": anchor})
    for frac in (0, 0.5, 1):
        chart.ylabels.append({"x": left - 4, "y": round(top + plot_h * (1 - frac) + 4, 1), "text": str(round(peak * frac))})
    chart.legend = [{"name": o, "color": c} for o, c in colours.items()]
    return chart


def month_bars(counts: Mapping[str, int], width: int = 520, height: int = 140) -> BarChart:
    """One series of counts per month (e.g. an entity's mentions)."""
    return stacked_months({"mentions": Counter(dict(counts))}, width, height)


def _instant(a: Mapping[str, Any]) -> float | None:
    """Days since year 1 (with the time of day as a fraction when known), or None."""
    iso = a.get("published")
    if not iso:
        return None
    parts = str(iso).split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 7
        d = int(parts[2][:2]) if len(parts) > 2 else 1
        day = float(date(y, m, d).toordinal())
    except (ValueError, IndexError):
        return None
    t = a.get("published_time")
    if t:
        try:
            hh, mm = str(t).split(":")[:2]
            day += (int(hh) * 60 + int(mm)) / 1440
        except ValueError:
            pass
    return day


LANE_MODES = ("outlet", "kind")
MAX_LANES = 24
KIND_STYLE = {"verbatim": "verbatim", "near": "near", "paraphrase": "paraphrase"}


@dataclass
class Timeline:
    width: int
    height: int
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    lanes: list[dict[str, Any]] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    left: int = 170


def provenance_timeline(
    articles: Sequence[Mapping[str, Any]], edges: Iterable[Any], width: int = 1100, lanes: str = "outlet"
) -> Timeline:
    """Articles on a time axis (days, or hours when the story is short and times are
    known), one lane per outlet (or outlet kind), undated articles in a lane of their own.
    ``edges``: objects with ``source``, ``copy``, ``directed``, ``kind`` (stories.Edge)."""

    def lane_of(a: Mapping[str, Any]) -> str:
        if lanes == "kind":
            return str(a.get("outlet_kind") or "(unknown kind)")
        return str(a.get("outlet") or "(unknown outlet)")

    names = sorted({lane_of(a) for a in articles})
    if len(names) > MAX_LANES:
        counts = Counter(lane_of(a) for a in articles)
        keep = {n for n, _ in counts.most_common(MAX_LANES - 1)}
        names = sorted(keep) + ["(other outlets)"]
    else:
        keep = set(names)
    dated = [(a, _instant(a)) for a in articles]
    has_undated = any(t is None for _, t in dated)
    lane_rows = names + (["undated"] if has_undated else [])
    colours = outlet_colours(names)
    lane_h = 40
    left, right, top = 170, 30, 24
    tl = Timeline(width, top + lane_h * max(1, len(lane_rows)) + 34, left=left)
    times = [t for _, t in dated if t is not None]
    lo, hi = (min(times), max(times)) if times else (0.0, 1.0)
    span = max(hi - lo, 1 / 24)
    plot_w = width - left - right
    hourly = span <= 3 and any(a.get("published_time") for a in articles)
    pos: dict[str, tuple[float, float]] = {}
    stacked: Counter[tuple[int, int]] = Counter()
    undated_i = 0
    n_undated = sum(1 for _, t in dated if t is None)
    label_nodes = len(articles) <= 40
    for a, t in sorted(dated, key=lambda at: (at[1] if at[1] is not None else 1e12, at[0]["id"])):
        lane = lane_of(a)
        lane = lane if lane in keep else "(other outlets)"
        if t is None:
            row = len(lane_rows) - 1
            x = left + plot_w * (undated_i + 0.5) / max(1, n_undated)
            undated_i += 1
        else:
            row = lane_rows.index(lane)
            x = left + plot_w * (t - lo) / span
        k = stacked[(row, round(x / 6))]
        stacked[(row, round(x / 6))] += 1
        y = top + row * lane_h + lane_h / 2 + ((k % 3) - 1) * 9
        pos[a["id"]] = (x, y)
        when = a.get("published") or "undated"
        if a.get("published_time"):
            when += " " + str(a["published_time"])
        label = ""
        if label_nodes and t is not None:
            label = str(a["published_time"]) if hourly and a.get("published_time") else str(a.get("published") or "")[5:10]
        tl.nodes.append({
            "id": a["id"], "x": round(x, 1), "y": round(y, 1), "color": colours.get(lane, OTHER_COLOUR),
            "title": f"{a.get('outlet') or '(unknown outlet)'}, {when}: {a.get('title') or a.get('source') or a['id']}",
            "label": label,
        })
    for i, name in enumerate(lane_rows):
        tl.lanes.append({"y": top + i * lane_h + lane_h / 2, "name": name, "color": colours.get(name, "#666")})
    for e in edges:
        if e.source in pos and e.copy in pos and e.source != e.copy:
            (x1, y1), (x2, y2) = pos[e.source], pos[e.copy]
            dx, dy = x2 - x1, y2 - y1
            dist = max(1.0, (dx * dx + dy * dy) ** 0.5)
            r = 8  # stop at the circle's edge so the arrow head shows
            tl.edges.append({
                "x1": round(x1 + dx * r / dist, 1), "y1": round(y1 + dy * r / dist, 1),
                "x2": round(x2 - dx * r / dist, 1), "y2": round(y2 - dy * r / dist, 1),
                "directed": bool(e.directed), "kind": KIND_STYLE.get(e.kind, "paraphrase"),
            })
    if times:
        for frac, anchor in ((0.0, "start"), (0.25, "middle"), (0.5, "middle"), (0.75, "middle"), (1.0, "end")):
            t = lo + span * frac
            d = date.fromordinal(int(t))
            text = d.isoformat()
            if hourly:
                minutes = round((t - int(t)) * 1440)
                text += f" {minutes // 60:02d}:{minutes % 60:02d}"
            tl.ticks.append({"x": round(left + plot_w * frac, 1), "text": text, "anchor": anchor})
    return tl


@lru_cache(maxsize=1)
def world_outline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((STATIC / "world-110m.json").read_text(encoding="utf-8"))
    return data


@dataclass
class WorldMap:
    view_box: str
    countries: list[str]
    points: list[dict[str, Any]] = field(default_factory=list)


def world_map(points: Iterable[Mapping[str, Any]]) -> WorldMap:
    """Equirectangular points on the Natural Earth outline (x = lon + 180, y = 90 - lat).
    Each point mapping needs ``lat``, ``lon``, ``title``; ``href`` and ``r`` are optional."""
    outline = world_outline()
    wm = WorldMap(outline["viewBox"], [c["d"] for c in outline["countries"]])
    for p in points:
        try:
            lat, lon = float(p["lat"]), float(p["lon"])
        except (TypeError, ValueError, KeyError):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        wm.points.append(
            {
                "cx": round(lon + 180, 2),
                "cy": round(90 - lat, 2),
                "r": p.get("r", 1.6),
                "title": p.get("title", ""),
                "href": p.get("href"),
            }
        )
    return wm
