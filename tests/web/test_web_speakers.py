"""What one speaker said across outlets (the entity page's speaker summary,
``web.queries.claims.speaker_summary``): its totals, kinds, outlets and statements equal what
the claims it is the resolved speaker of give, counted here from ``claim_index`` row by row,
for every speaker of the seeds + examples, on SQLite and PostgreSQL; a merge of two speakers
adds them up; the page shows it, escaped."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from conftest import HOSTILE, ids
from newstrace.entities import curation
from newstrace.store import open_store
from newstrace.web.data import WebData
from newstrace.web.queries import claims as qc


def _expected(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary of one speaker's claim_index rows, counted in Python."""
    dated = sorted(r["published"] for r in rows if r["published"])
    per_statement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        per_statement[r["statement_key"]].append(r)

    def carriers(rs: list[dict[str, Any]]) -> int:
        return len({r["outlet"] if r["outlet"] is not None else r["article_id"] for r in rs})

    outlets: Counter[str] = Counter(r["outlet"] or "(unknown outlet)" for r in rows)
    statements_per_outlet: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        statements_per_outlet[r["outlet"] or "(unknown outlet)"].add(r["statement_key"])
    top = sorted(per_statement, key=lambda k: (-carriers(per_statement[k]), -len({r["article_id"] for r in per_statement[k]}), k))
    return {
        "claims": len(rows), "statements": len(per_statement),
        "shared": sum(1 for rs in per_statement.values() if carriers(rs) >= 2),
        "articles": len({r["article_id"] for r in rows}), "outlets": len({r["outlet"] for r in rows if r["outlet"] is not None}),
        "first": dated[0] if dated else None, "last": dated[-1] if dated else None,
        "kinds": sorted(Counter(r["kind"] for r in rows).items(), key=lambda kv: (-kv[1], kv[0])),
        "by_outlet": sorted(
            ((o, n, len(statements_per_outlet[o])) for o, n in outlets.items()), key=lambda t: (-t[1], t[0])
        )[: qc.SPEAKER_OUTLETS],
        "top": [(k, len(per_statement[k]), carriers(per_statement[k])) for k in top[: qc.SPEAKER_STATEMENTS]],
    }


def _got(s: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: s[k] for k in ("claims", "statements", "shared", "articles", "outlets", "first", "last")},
        "kinds": [(k["kind"], int(k["n"])) for k in s["kinds"]],
        "by_outlet": [(o["outlet"], int(o["claims"]), int(o["statements"])) for o in s["by_outlet"]],
        "top": [(t["statement_key"], int(t["n_claims"]), int(t["n_outlets"])) for t in s["top"]],
    }


def _check_speakers(db: str) -> dict[str, int]:
    """Every speaker's summary against its rows; the claims of each speaker."""
    with open_store(db, create=False) as store:
        rows = store.query("SELECT * FROM claim_index WHERE speaker_id IS NOT NULL")
        by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            by_speaker[r["speaker_id"]].append(r)
        existing = {r["id"] for r in store.query("SELECT id FROM entities")}
        for speaker, rs in by_speaker.items():
            if speaker not in existing:
                continue
            data = WebData(store, f"speakers:{db}")
            got = qc.speaker_summary(data, speaker)
            assert _got(got) == _expected(rs), speaker
            for t in got["top"]:
                members = t["members"]
                assert members and all(m["statement_key"] == t["statement_key"] and m["speaker_id"] == speaker for m in members)
                order = [(m["published"] or "9999", m["outlet"] or "~", m["id"]) for m in members]
                assert order == sorted(order)
                assert t["more"] == int(t["n_claims"]) - len(members)
                assert t["text"] == members[0]["content_text"]
                first = members[0]["published"]
                assert [m["first"] for m in members] == [bool(first) and m["published"] == first for m in members]
        # An entity that said nothing: zeros, no rows.
        quiet = store.query(
            "SELECT id FROM entities WHERE id NOT IN (SELECT speaker_id FROM claim_index WHERE speaker_id IS NOT NULL) LIMIT 1"
        )
        if quiet:
            s = qc.speaker_summary(WebData(store, f"speakers:{db}"), quiet[0]["id"])
            assert (s["claims"], s["statements"], s["top"], s["by_outlet"]) == (0, 0, [], [])
    return {k: len(v) for k, v in by_speaker.items() if k in existing}


def test_speaker_summary_counts_every_speakers_claims(curate_db: str) -> None:
    counts = _check_speakers(curate_db)
    assert len(counts) >= 3 and max(counts.values()) >= 2
    # Statements carried by two outlets exist in the corpus (the reprint): some speaker has one.
    with open_store(curate_db, create=False) as store:
        data = WebData(store, f"speakers:{curate_db}")
        assert any(qc.speaker_summary(data, s)["shared"] for s in counts)


def test_speaker_summary_after_a_merge_and_its_undo(curate_db: str) -> None:
    before = _check_speakers(curate_db)
    (a, na), (b, nb) = sorted(before.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    with open_store(curate_db, create=False) as store:
        curation.merge(store, a, b)
    after = _check_speakers(curate_db)
    assert after[a] == na + nb and b not in after
    with open_store(curate_db, create=False) as store:
        curation.undo(store)
    assert _check_speakers(curate_db) == before


def test_entity_page_shows_what_the_speaker_said(curate_client, curate_db: str) -> None:
    top = ids(curate_db, "SELECT speaker_id, COUNT(*) AS n FROM claim_index WHERE speaker_id IS NOT NULL "
              "GROUP BY speaker_id ORDER BY n DESC, speaker_id LIMIT 1")[0]
    html = curate_client.get(f"/entities/{top['speaker_id']}").text
    assert 'id="speaker-summary"' in html and f"<b>{top['n']:,}</b> claim" in html
    # Every speaker's page answers, and hostile text stays text.
    for r in ids(curate_db, "SELECT DISTINCT speaker_id FROM claim_index WHERE speaker_id IS NOT NULL "
                 "AND speaker_id IN (SELECT id FROM entities)"):
        answer = curate_client.get(f"/entities/{r['speaker_id']}")
        assert answer.status_code == 200
        assert HOSTILE not in answer.text and "<img src=x" not in answer.text
    # An entity that said nothing has no such section.
    quiet = ids(curate_db, "SELECT id FROM entities WHERE id NOT IN (SELECT speaker_id FROM claim_index "
                "WHERE speaker_id IS NOT NULL) LIMIT 1")[0]["id"]
    assert 'id="speaker-summary"' not in curate_client.get(f"/entities/{quiet}").text
