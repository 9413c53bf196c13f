"""Event groups are found without comparing every pair of a block (the comparisons grew with
the square of the corpus): the groups must be exactly those of comparing every pair."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from newstrace.events.groups import _Row, group_events, same_event


def _every_pair(rows: list[_Row]) -> dict[str, str]:
    """The grouping as it was: every pair of a (type, province or place) block compared."""
    parent = {r.id: r.id for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    blocks: dict[tuple[str, str | None], list[_Row]] = defaultdict(list)
    for r in rows:
        blocks[(r.type, r.admin1 or r.place)].append(r)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if same_event(a, b):
                    ra, rb = find(a.id), find(b.id)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    return {r.id: find(r.id) for r in rows}


PLACES = [  # (name, precision, province)
    ("Kabul", "town", "Kabul"), ("Kabul", "region", "Kabul"), ("Paghman", "town", "Kabul"),
    ("Parachinar", "town", "Khyber Pakhtunkhwa"), ("Kurram", "region", "Khyber Pakhtunkhwa"),
    ("Orlando", "town", None), ("Gaza", "region", None), (None, None, None),
]


def _random_rows(rng: random.Random, n: int) -> list[_Row]:
    rows = []
    base = dt.date(2020, 12, 20)
    for i in range(n):
        place, pp, admin1 = rng.choice(PLACES)
        kind = rng.random()
        date = precision = partial = None
        if kind < 0.55:
            date = base + dt.timedelta(days=rng.randrange(0, 45))
            precision = rng.choice(["day", "day", "day", "month", "year", "week"])
        elif kind < 0.7:
            partial = rng.choice(["Tuesday", "last week", "January"])
            if rng.random() < 0.3:  # a date and a partial date
                date, precision = base + dt.timedelta(days=rng.randrange(0, 45)), "day"
        published = base + dt.timedelta(days=rng.randrange(0, 20)) if rng.random() < 0.7 else None
        row = _Row(
            id=f"ev_{i:04d}", article_id=f"a{i}", type=rng.choice(["Battles", "Protests"]), date=date,
            precision=precision, partial=partial, place=place, place_precision=pp, admin1=admin1,
            fatalities=rng.choice([None, 0, 1, 2, 5]), actor1=set(rng.sample(["e_x", "e_y", "e_z"], rng.randrange(0, 3))),
            published=published,
        )
        rows.append(row)
        while rng.random() < 0.3:  # a reprint: the same report, another id
            i_copy = len(rows)
            rows.append(_Row(**{**{k: getattr(row, k) for k in row.__slots__}, "id": f"ev_{n + i_copy:04d}"}))
    return rows


def test_groups_equal_those_of_comparing_every_pair() -> None:
    rng = random.Random(7)
    for trial in range(60):
        rows = _random_rows(rng, rng.randrange(2, 120))
        got, want = group_events(rows), _every_pair(rows)
        assert got == want, f"trial {trial}"


def test_reprints_of_one_report_share_a_group_and_undatable_ones_do_not() -> None:
    day = dt.date(2021, 5, 24)
    a = _Row("ev_1", "a1", "Battles", day, "day", None, "Kabul", "town", "Kabul", 2, {"e_x"})
    copies = [_Row(f"ev_{k}", f"a{k}", "Battles", day, "day", None, "Kabul", "town", "Kabul", 2, {"e_x"}) for k in range(2, 6)]
    # Nothing to compare and no toll: not the same event, even as exact reprints.
    u = [_Row(f"eu_{k}", f"b{k}", "Battles", None, None, None, "Kabul", "town", "Kabul", None, set()) for k in range(3)]
    # No place: never grouped.
    p = [_Row(f"ep_{k}", f"c{k}", "Battles", day, "day", None, None, None, None, 2, set()) for k in range(3)]
    roots = group_events([a, *copies, *u, *p])
    assert {roots[r.id] for r in (a, *copies)} == {"ev_1"}
    assert all(roots[r.id] == r.id for r in (*u, *p))
    assert roots == _every_pair([a, *copies, *u, *p])
