"""No route answers 500, whatever its query string: hypothesis draws parameter names the
routes read (and others) with hostile values; every answer is 2xx, 3xx or a 4xx/503 with
a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import _client, ids

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PARAMS = [
    "q", "sort", "dir", "after", "before", "limit", "offset", "outlet", "date_from", "date_to", "entity", "speaker",
    "kind", "type", "place", "happened_from", "happened_to", "min_confidence", "min_fatalities", "min_gate_score", "group", "figure",
    "name", "lanes", "aliases", "facets", "format", "art_after", "art_before", "by_before", "about_after", "x",
    "technique", "outlet_kind", "country",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", "-", "*", '"', "(", ")", "NOT", "OR", "a OR", "-(", "title:", "x~2", "'; DROP TABLE articles; --", "\x00",
        "99999999999999999999", "-1", "1e309", "nan", "2017-13-45", "2017", "W10", "eyJ4IjoxfQ", "ÿ" * 300, "%00",
        "outlets", "newest", "fatalities", "kind", "csv", "jsonl", "1", "Loaded_Language", "Doubt", "direct",
    ]),
)
QUERY = st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=5)


@pytest.fixture(scope="module")
def fuzz_client(web_db: str):
    with _client(web_db) as c:
        yield c


@pytest.fixture(scope="module")
def paths(web_db: str) -> list[str]:
    return _paths(web_db)


def _paths(db: Path) -> list[str]:
    aid = ids(db, "SELECT id FROM articles LIMIT 1")[0]["id"]
    eid = ids(db, "SELECT id FROM entities ORDER BY mention_count DESC LIMIT 1")[0]["id"]
    sid = ids(db, "SELECT id FROM stories LIMIT 1")[0]["id"]
    return [
        "/", "/articles", f"/articles/{aid}", "/search", "/search/export", "/claims", "/claims/export", "/entities",
        f"/entities/{eid}", "/entities/duplicates", "/events", "/events/disagreements", "/reuse", "/stories",
        f"/stories/{sid}", "/api/search", "/api/claims", "/api/articles", "/api/overview", "/api/records/claims",
        "/api/records/events", "/api/entities/lookup", "/api/events/points", "/api/events/disagreements",
        f"/api/articles/{aid}", f"/api/entities/{eid}",
    ]


@settings(
    max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(index=st.integers(min_value=0, max_value=25), query=QUERY)
def test_no_route_answers_500(fuzz_client, paths: list[str], index: int, query: dict[str, str]) -> None:
    path = paths[index]
    r = fuzz_client.get(path, params=query)
    assert r.status_code < 500 or r.status_code == 503, (path, query, r.status_code, r.text[:300])
    if r.status_code >= 400:
        assert len(r.text) > 20  # a message, not a bare status
