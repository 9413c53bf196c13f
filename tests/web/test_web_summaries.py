"""The precomputed per-entity and per-outlet pages (web.summaries) give what the live queries
give: on the analysed seeds + examples, after a re-run, a run killed part-way, a merge and
its undo, and an alias removal. The threshold is lowered to one article so every entity and
every outlet is summarised."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.entities import curation
from newstrace.search.syntax import parse
from newstrace.store import open_store
from newstrace.web import summaries
from newstrace.web.data import Filters, WebData
from newstrace.web.queries import claims as qc
from newstrace.web.queries import overview as qo
from newstrace.web.queries.framing import outlet_techniques
from newstrace.web.queries.stories import list_stories


@pytest.fixture()
def summarised(curate_db: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(summaries, "MIN_ARTICLES", 1)
    with open_store(str(curate_db), create=False) as store:
        # Cases the test corpus lacks: a statement carried by two articles of one outlet
        # (the reprint credited to the original's outlet) and an article with no outlet.
        # Written to the articles and to claim_index alike, as a rebuild of claim_index has them.
        for table in ("articles", "claim_index"):
            store.execute(f"UPDATE {table} SET outlet = 'Silkroadnews' WHERE outlet = 'Reprint Daily'")  # noqa: S608
            store.execute(f"UPDATE {table} SET outlet = NULL WHERE outlet = 'Paper B'")  # noqa: S608
        assert summaries.refresh(store) > 0
    return curate_db


def _pages(data: WebData, f: Filters) -> dict[str, Any]:
    """What the claims view and the overview show filtered by one entity or one outlet
    (every sort, two pages of each, with and without a search query)."""
    out: dict[str, Any] = {}
    for query in (None, parse("said")):
        for sort in qc.SORTS:
            page = qc.statements(data, f, qc.ClaimFilters(), query, sort=sort, limit=3)
            out[f"{sort} {query}"] = (page.total, page.items)
            if page.next_cursor:
                out[f"{sort} {query} 2"] = qc.statements(
                    data, f, qc.ClaimFilters(), query, sort=sort, limit=3, after=page.next_cursor
                ).items
        out[f"facets {query}"] = qc.facets(data, f, qc.ClaimFilters(), query)
    out["counts"] = qo.counts(data, f)
    out["months"] = qo.articles_per_month(data, f)
    out["top"] = qo.top_entities(data, f)
    out["events"] = qo.latest_events(data, f)
    stories = list_stories(data, f, limit=2)
    out["stories"] = (stories.total, stories.items)
    if stories.next_cursor:
        out["stories 2"] = list_stories(data, f, limit=2, after=stories.next_cursor).items
    out["techniques"] = outlet_techniques(data, f)
    return out


def _compare(db: str, *, expect_summaries: bool = True, limit: int = 25) -> int:
    """The pages of the ``limit`` biggest entities, and of every outlet, from their
    summaries equal the live queries'; how many entities were summarised."""
    n = 0
    with open_store(str(db), create=False) as store:
        entities = [r["id"] for r in store.query("SELECT id FROM entities ORDER BY article_count DESC, id LIMIT ?", [limit])]
        outlets = [r["outlet"] for r in store.query("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]
        techniques = [r["technique"] for r in store.query("SELECT DISTINCT technique FROM techniques ORDER BY technique")]
        for f in [Filters(entity=e) for e in entities] + [Filters(outlet=o) for o in outlets] + [
            Filters(technique=t) for t in techniques
        ]:
            # Distinct names: the two must not share the per-database result cache.
            precomputed = WebData(store, f"precomputed:{db}")
            if precomputed.entity_summary(f) is None:
                continue
            n += f.entity is not None
            live = WebData(store, f"live:{db}")
            live.entity_summary = lambda f: None  # type: ignore[method-assign]
            assert _pages(precomputed, f) == _pages(live, f), f
    assert n > 0 or not expect_summaries
    return n


def test_summaries_equal_the_live_queries(summarised: str) -> None:
    with open_store(str(summarised), create=False) as store:
        n_entities = store.query("SELECT COUNT(*) AS n FROM entities")[0]["n"]
        # The biggest entity's summary is not empty (the test compares something).
        top = store.query("SELECT id FROM entities ORDER BY article_count DESC, id LIMIT 1")[0]["id"]
        assert store.query("SELECT COUNT(*) AS n FROM entity_statements WHERE entity_id = ?", [top])[0]["n"] > 0
        overview = WebData(store).entity_summary(Filters(entity=top))[1]  # type: ignore[index]
        assert overview["stories"] and overview["techniques"]
    assert _compare(summarised, limit=n_entities) == n_entities
    with open_store(str(summarised), create=False) as store:
        # Every outlet is summarised too (the threshold is one article), and compared above.
        outlets = store.query("SELECT COUNT(DISTINCT outlet) AS n FROM articles")[0]["n"]
        assert outlets > 1
        assert store.query("SELECT COUNT(*) AS n FROM entity_summaries WHERE entity_id LIKE 'outlet:%'")[0]["n"] == outlets
        # And every persuasion technique used (the pages filtered by one technique).
        techniques = store.query("SELECT COUNT(DISTINCT technique) AS n FROM techniques")[0]["n"]
        assert techniques > 1
        assert store.query("SELECT COUNT(*) AS n FROM entity_summaries WHERE entity_id LIKE 'technique:%'")[0]["n"] == techniques


def test_rerun_is_incremental_and_survives_a_kill(summarised: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(str(summarised), create=False) as store:
        assert summaries.refresh(store) == 0  # nothing changed: nothing rewritten
        before = store.query("SELECT * FROM entity_summaries ORDER BY entity_id")
        # A claim moves to another article's date: the entities of that article only change.
        art = store.query("SELECT article_id FROM claim_index ORDER BY claim_id LIMIT 1")[0]["article_id"]
        affected = {r["resolved_id"] for r in store.query("SELECT DISTINCT resolved_id FROM mentions WHERE article_id = ?", [art])}
        affected |= {summaries.outlet_key(r["outlet"]) for r in store.query("SELECT outlet FROM articles WHERE id = ? AND outlet IS NOT NULL", [art])}
        affected |= {summaries.technique_key(r["technique"]) for r in store.query("SELECT DISTINCT technique FROM techniques WHERE article_id = ?", [art])}
        store.execute("UPDATE claim_index SET published = '1999-01-01' WHERE article_id = ?", [art])
        # Killed after the first rewritten entity (as by kill -9: the transaction in flight is lost).
        real = summaries._summarise
        calls = []

        def dying(s, e, *rest):  # type: ignore[no-untyped-def]
            calls.append(e)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return real(s, e, *rest)

        monkeypatch.setattr(summaries, "_summarise", dying)
        with pytest.raises(KeyboardInterrupt):
            summaries.refresh(store)
        monkeypatch.setattr(summaries, "_summarise", real)
        # The entities not yet rewritten have no rows: their pages read live meanwhile.
        assert not store.query("SELECT 1 FROM entity_summaries WHERE entity_id = ?", [calls[1]])
    assert _compare(summarised)
    with open_store(str(summarised), create=False) as store:
        rewritten = summaries.refresh(store)
        assert 0 < rewritten <= len(affected)
        after = {r["entity_id"]: r for r in store.query("SELECT * FROM entity_summaries ORDER BY entity_id")}
        unchanged = [r for r in before if r["entity_id"] not in affected]
        assert unchanged and all(after[r["entity_id"]] == r for r in unchanged)
        assert summaries.refresh(store) == 0
    _compare(summarised)


def test_merge_and_undo_keep_them_right(summarised: str) -> None:
    rest = "SELECT * FROM entity_summaries WHERE entity_id NOT IN (?, ?) ORDER BY entity_id"
    with open_store(str(summarised), create=False) as store:
        # The entity quoted most is merged into the biggest other one: the speaker facets of
        # the entities whose articles quote it now count the survivor.
        other = store.query(
            "SELECT speaker_id FROM claim_index WHERE speaker_id IS NOT NULL GROUP BY speaker_id ORDER BY COUNT(*) DESC, speaker_id LIMIT 1"
        )[0]["speaker_id"]
        keep = store.query("SELECT id FROM entities WHERE id != ? ORDER BY article_count DESC, id LIMIT 1", [other])[0]["id"]
        quoting = store.query("SELECT entity_id FROM entity_claim_facets WHERE facet = 'speaker' AND value = ?", [other])
        assert len(quoting) > 2
        before = store.query(rest, [keep, other])
        curation.merge(store, keep, other)
        assert store.query("SELECT 1 FROM entity_summaries WHERE entity_id = ?", [keep])
        assert not store.query("SELECT 1 FROM entity_summaries WHERE entity_id = ?", [other])
        assert store.query(rest, [keep, other]) == before  # no other summary is rewritten
    _compare(summarised)
    with open_store(str(summarised), create=False) as store:
        curation.undo(store)
        assert store.query("SELECT 1 FROM entity_summaries WHERE entity_id = ?", [other])
        assert store.query(rest, [keep, other]) == before
    _compare(summarised)
    # The same rows as a fresh run.
    with open_store(str(summarised), create=False) as store:
        kept = store.query("SELECT * FROM entity_statements ORDER BY entity_id, statement_key")
        store.execute("DELETE FROM entity_summaries")
        summaries.refresh(store)
        assert store.query("SELECT * FROM entity_statements ORDER BY entity_id, statement_key") == kept


def test_merge_left_for_later_reads_live(summarised: str) -> None:
    # The web app merges without rewriting the survivor's summary, then rewrites it after
    # answering: meanwhile its pages read live, and still give the right answer.
    with open_store(str(summarised), create=False) as store:
        keep, other = (r["id"] for r in store.query("SELECT id FROM entities ORDER BY article_count DESC, id LIMIT 2"))
        curation.merge_many(store, keep, [other], summaries=False)
        assert not store.query("SELECT 1 FROM entity_summaries WHERE entity_id IN (?, ?)", [keep, other])
    _compare(summarised)
    with open_store(str(summarised), create=False) as store:
        curation.refresh_summaries(store, [keep])
        assert store.query("SELECT 1 FROM entity_summaries WHERE entity_id = ?", [keep])
        # The merge only retired the merged entity's summary: its rows go with the next run.
        assert store.query("SELECT 1 FROM entity_statements WHERE entity_id = ?", [other])
        summaries.refresh(store)
        for table in ("entity_statements", "entity_claim_facets"):
            assert not store.query(f"SELECT 1 FROM {table} WHERE entity_id = ?", [other])  # noqa: S608
    _compare(summarised)


def test_alias_removal_keeps_them_right(summarised: str) -> None:
    with open_store(str(summarised), create=False) as store:
        row = store.query(
            "SELECT resolved_id, text FROM mentions m JOIN entities e ON e.id = m.resolved_id "
            "WHERE m.text != e.name ORDER BY e.article_count DESC, m.resolved_id, m.text LIMIT 1"
        )[0]
        curation.remove_alias(store, row["resolved_id"], row["text"])
    _compare(summarised)


def test_small_entities_are_left_live(curate_db: str) -> None:
    # At the shipped threshold the test corpus has no entity big enough: no rows, live pages.
    with open_store(str(curate_db), create=False) as store:
        assert summaries.refresh(store) == 0
        assert not store.query("SELECT 1 FROM entity_summaries")
    assert _compare(curate_db, expect_summaries=False) == 0
