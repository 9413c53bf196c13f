"""Curation through the web app, round trip: suggestions, merge by name, the merged-away id
redirecting, multi-select merge, alias removal, dismissal, undo."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import ids


def _token(c, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def _entity(db: Path, eid: str) -> dict | None:
    rows = ids(db, "SELECT * FROM entities WHERE id = ?", [eid])
    return rows[0] if rows else None


def test_merge_by_name_redirect_and_undo(curate_client, curate_db: str) -> None:
    keep, other = ids(curate_db, "SELECT id, name, mention_count FROM entities ORDER BY mention_count DESC, id LIMIT 2")
    token = _token(curate_client, f"/entities/{keep['id']}")
    # The name box: the lookup finds the other entity by the start of its name.
    found = curate_client.get("/api/entities/lookup", params={"q": other["name"][:4]}).json()["items"]
    assert other["id"] in [e["id"] for e in found]
    r = curate_client.post(f"/entities/{keep['id']}/curate", data={"action": "merge", "value": other["name"], "csrf_token": token},
                           follow_redirects=False)
    assert r.status_code == 303
    done = parse_qs(urlsplit(r.headers["location"]).query)
    assert done["done"] == ["merged"] and float(done["took"][0]) >= 0
    merged = _entity(curate_db, keep["id"])
    assert merged["mention_count"] == keep["mention_count"] + other["mention_count"]
    assert _entity(curate_db, other["id"]) is None
    # An old link to the merged-away entity leads to the survivor.
    r = curate_client.get(f"/entities/{other['id']}", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"].startswith(f"/entities/{keep['id']}?")
    assert "was merged into this entity" in curate_client.get(r.headers["location"]).text
    # Filters by the old id still find its articles.
    assert curate_client.get("/articles", params={"entity": other["id"]}).status_code == 200
    # Undo: both come back as they were.
    r = curate_client.post("/entities/undo", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and "undone" in r.headers["location"]
    assert _entity(curate_db, keep["id"])["mention_count"] == keep["mention_count"]
    assert _entity(curate_db, other["id"])["mention_count"] == other["mention_count"]


def test_multi_select_merge_from_the_list(curate_client, curate_db: str) -> None:
    rows = ids(curate_db, "SELECT id, mention_count FROM entities WHERE type = 'GPE' ORDER BY mention_count DESC, id LIMIT 3")
    token = _token(curate_client, "/entities")
    r = curate_client.post("/entities/merge", data={"keep": rows[0]["id"], "other": [rows[1]["id"], rows[2]["id"]], "csrf_token": token},
                           follow_redirects=False)
    assert r.status_code == 303 and "merged+2" in r.headers["location"]
    assert _entity(curate_db, rows[0]["id"])["mention_count"] == sum(x["mention_count"] for x in rows)
    assert curate_client.post("/entities/merge", data={"keep": rows[0]["id"], "csrf_token": token}).status_code == 400


def test_suggestion_merge_and_dismiss(curate_client, curate_db: str) -> None:
    html = curate_client.get("/entities/duplicates").text
    pairs = re.findall(r'name="entity_id" value="([^"]+)"><input type="hidden" name="other_id" value="([^"]+)"', html)
    assert pairs, "the analysed seeds yield suggestions"
    token = _token(curate_client, "/entities/duplicates")
    a, b = pairs[0]
    r = curate_client.post("/entities/dismiss", data={"entity_id": a, "other_id": b, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert f'value="{a}"><input type="hidden" name="other_id" value="{b}"' not in curate_client.get("/entities/duplicates").text


def test_remove_alias(curate_client, curate_db: str) -> None:
    import json

    row = ids(curate_db, "SELECT id, aliases_json FROM entities WHERE aliases_json LIKE '%,%' ORDER BY mention_count DESC LIMIT 1")[0]
    alias = json.loads(row["aliases_json"])[-1]
    page = curate_client.get(f"/entities/{row['id']}").text
    assert 'name="action" value="remove_alias"' in page
    token = _token(curate_client, f"/entities/{row['id']}")
    r = curate_client.post(f"/entities/{row['id']}/curate", data={"action": "remove_alias", "value": alias, "csrf_token": token},
                           follow_redirects=False)
    assert r.status_code == 303
    assert alias not in json.loads(_entity(curate_db, row["id"])["aliases_json"])
