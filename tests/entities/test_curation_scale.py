"""The in-place merge leaves the tables a full rebuild would; undo, alias removal,
dismissal and suggestions on the analysed seeds."""

from __future__ import annotations

import pytest

from newstrace.entities import curation
from newstrace.entities.resolve import EntityResolutionStage
from newstrace.entities.suggest import Candidate, names_of, suggest
from newstrace.store import open_store


def _tables(store) -> dict[str, list]:
    import json

    entities = store.query("SELECT * FROM entities ORDER BY id")
    for e in entities:  # the in-place merge keeps the aliases, not the rebuild's order of them
        e["aliases_json"] = sorted(json.loads(e["aliases_json"]))
    return {
        "entities": entities,
        "redirects": store.query("SELECT * FROM entity_redirects ORDER BY from_id"),
        "mentions": store.query(
            "SELECT article_id, start_char, end_char, entity_id, resolved_id FROM mentions "
            "ORDER BY article_id, start_char, end_char, entity_id"
        ),
        "names": store.query("SELECT name_key, entity_id FROM entity_names ORDER BY name_key, entity_id"),
        "claim_speakers": store.query("SELECT claim_id, speaker_id FROM claim_index ORDER BY claim_id"),
        "claims_about": store.query("SELECT * FROM claim_about ORDER BY entity_id, claim_id"),
        "article_entities": store.query("SELECT * FROM article_entities ORDER BY article_id, entity_id"),
    }


def _per_article(store) -> tuple[list, list]:
    """``article_entities`` as stored, and as the mentions make it (migration 0027)."""
    return (
        store.query("SELECT article_id, entity_id, mentions FROM article_entities ORDER BY article_id, entity_id"),
        store.query(
            "SELECT article_id, resolved_id AS entity_id, COUNT(*) AS mentions FROM mentions "
            "GROUP BY article_id, resolved_id ORDER BY article_id, resolved_id"
        ),
    )


@pytest.fixture()
def seeds_copy(seeds_db: str, dbs) -> str:
    return dbs.copy(seeds_db)


def _top(store, n: int) -> list[dict]:
    return store.query("SELECT id, name, mention_count FROM entities ORDER BY mention_count DESC, id LIMIT ?", [n])


def test_fast_merge_equals_rebuild(seeds_copy: str) -> None:
    with open_store(str(seeds_copy), create=False) as store:
        a, b, c = _top(store, 3)
        curation.add_alias(store, a["id"], "Hand Added Alias")
        kept = curation.merge(store, a["id"], b["id"])
        curation.merge_many(store, kept, [c["id"], b["id"]])  # b again: already folded, a no-op
        fast = _tables(store)
        assert kept == a["id"]
        assert not store.query("SELECT 1 FROM entities WHERE id IN (?, ?)", [b["id"], c["id"]])
        merged = store.query("SELECT * FROM entities WHERE id = ?", [kept])[0]
        assert merged["mention_count"] == a["mention_count"] + b["mention_count"] + c["mention_count"]
        assert "Hand Added Alias" in merged["aliases_json"]
        curation._rebuild(store)  # the whole resolution, then the claims index, from scratch
        assert _tables(store) == fast


def _exact(store) -> dict[str, list]:
    """Every table a merge and its undo touch, as stored (aliases in their order)."""
    return {
        **_tables(store),
        "entities": store.query("SELECT * FROM entities ORDER BY id"),
        "names": store.query("SELECT * FROM entity_names ORDER BY name_key, entity_id"),
        "suggestions": store.query("SELECT * FROM entity_suggestions ORDER BY entity_id, other_id"),
    }


@pytest.fixture()
def rebuilds(monkeypatch) -> list[int]:
    """Counts the full rebuilds of entity resolution that curation runs."""
    calls: list[int] = []
    real = curation._rebuild
    monkeypatch.setattr(curation, "_rebuild", lambda store: (calls.append(1), real(store)))
    return calls


def test_undo_takes_back_the_latest_operation(seeds_copy: str, rebuilds: list[int]) -> None:
    with open_store(str(seeds_copy), create=False) as store:
        before = _exact(store)
        a, b, c = _top(store, 3)
        curation.merge(store, a["id"], b["id"])
        assert curation.resolve_id(store, b["id"]) == a["id"]
        after_one = _exact(store)
        curation.merge_many(store, a["id"], [c["id"]])
        op = curation.undo(store)
        assert op is not None and op["op"] == "merge" and op["other_id"] == c["id"]
        assert _exact(store) == after_one
        op = curation.undo(store)
        assert op is not None and op["op"] == "merge" and op["other_id"] == b["id"]
        # Both undone in place, to the rows as they were (aliases in their order, names,
        # suggestions), without a rebuild.
        assert _exact(store) == before
        assert rebuilds == [] and not store.query("SELECT 1 FROM entity_merge_undo")
        assert curation.undo(store) is None


def test_undo_rebuilds_only_when_the_merge_cannot_be_put_back(seeds_copy: str, rebuilds: list[int]) -> None:
    with open_store(str(seeds_copy), create=False) as store:
        a, b, c = _top(store, 3)
        # A rebuild after the merge: what the merge kept no longer describes the tables.
        curation.merge(store, a["id"], b["id"])
        EntityResolutionStage().run(store, lambda *_: None)
        assert not store.query("SELECT 1 FROM entity_merge_undo")
        curation.undo(store)
        assert rebuilds == [1] and curation.resolve_id(store, b["id"]) is None
        # An alias operation in the log moves mentions by their text: a merge after it is
        # undone in place all the same (it keeps its mention groups), to the rows before it.
        curation.add_alias(store, c["id"], "Hand Added Alias")  # in place
        with_alias = _exact(store)
        curation.merge(store, a["id"], c["id"])
        curation.undo(store)
        assert rebuilds == [1] and _exact(store) == with_alias


def test_article_entities_follow_every_operation(seeds_copy: str) -> None:
    # Each article's entities and mention counts stay those of the mentions through merges
    # (two entities named in the same article among them), their undo in place, a split,
    # an alias change and the rebuilds they run.
    with open_store(str(seeds_copy), create=False) as store:
        stored, counted = _per_article(store)
        assert stored == counted and counted
        a, b, c = _top(store, 3)
        shared = store.query(
            "SELECT COUNT(*) AS n FROM article_entities x JOIN article_entities y ON y.article_id = x.article_id "
            "WHERE x.entity_id = ? AND y.entity_id = ?", [a["id"], b["id"]],
        )[0]["n"]
        assert shared > 0
        steps = [
            lambda: curation.merge(store, a["id"], b["id"]),
            lambda: curation.merge_many(store, a["id"], [c["id"]]),
            lambda: curation.undo(store),
            lambda: curation.undo(store),
            lambda: curation.split(store, a["id"], store.query(
                "SELECT text FROM mentions WHERE resolved_id = ? GROUP BY text ORDER BY COUNT(*), text LIMIT 1", [a["id"]]
            )[0]["text"]),
            lambda: curation.merge(store, b["id"], c["id"]),
            lambda: curation.undo(store),  # in place, a split in the log
            lambda: curation.add_alias(store, c["id"], "Hand Added Alias"),
            lambda: curation.undo(store),
        ]
        for i, step in enumerate(steps):
            step()
            stored, counted = _per_article(store)
            assert stored == counted, i
        merged = store.query("SELECT article_count FROM entities WHERE id = ?", [a["id"]])[0]["article_count"]
        assert merged == len({r["article_id"] for r in counted if r["entity_id"] == a["id"]})


def test_remove_alias_moves_its_mentions_out(seeds_copy: str) -> None:
    with open_store(str(seeds_copy), create=False) as store:
        rows = store.query("SELECT id, aliases_json FROM entities WHERE aliases_json LIKE '%,%' ORDER BY mention_count DESC")
        import json

        eid = rows[0]["id"]
        alias = json.loads(rows[0]["aliases_json"])[-1]
        new_id = curation.remove_alias(store, eid, alias)
        assert new_id == eid
        after = json.loads(store.query("SELECT aliases_json FROM entities WHERE id = ?", [eid])[0]["aliases_json"])
        assert alias not in after
        assert store.query("SELECT 1 FROM entity_names WHERE entity_id != ? AND name = ?", [eid, alias])


def test_dismissed_pair_is_not_suggested_again(seeds_copy: str) -> None:
    with open_store(str(seeds_copy), create=False) as store:
        pairs = store.query("SELECT entity_id, other_id FROM entity_suggestions ORDER BY score DESC")
        assert pairs, "the seeds yield at least one suggestion"
        a, b = pairs[0]["entity_id"], pairs[0]["other_id"]
        curation.dismiss(store, a, b)
        EntityResolutionStage().run(store, lambda *_: None)
        assert not store.query(
            "SELECT 1 FROM entity_suggestions WHERE entity_id IN (?, ?) AND other_id IN (?, ?)", [a, b, a, b]
        )


def _cand(eid: str, name: str, typ: str = "PERSON", n: int = 1, aliases: tuple[str, ...] = ()) -> Candidate:
    return Candidate(eid, name, typ, n, names_of(name, aliases))


def test_suggestion_reasons() -> None:
    got = {
        (s.keep, s.other): s.reason
        for s in suggest([
            _cand("e1", "Donald Trump", n=50), _cand("e2", "Donald Trump MANCHESTER"), _cand("e3", "Fascist Trump"),
            _cand("e4", "Melania Trump", n=5), _cand("e5", "Daesh", "ORG", 9, ("ISIS",)), _cand("e6", "ISIS", "GPE"),
            _cand("e7", "Hillary Clintn"), _cand("e8", "Hillary Clinton", n=30), _cand("e9", "Bernie Sanders"),
        ])
    }
    assert got[("e1", "e2")] == "'donald trump' is part of 'donald trump manchester'"
    assert got[("e1", "e4")] == "same surname 'trump'"
    assert got[("e5", "e6")] == "both are called 'isis'"  # a shared alias, across types
    assert got[("e8", "e7")].startswith("spelled alike")
    assert not any("e9" in pair for pair in got)


def _resolved(store) -> dict[str, list]:
    """What entity resolution writes (suggestions aside: the in-place operations keep them
    but for the entities that went), aliases in their order."""
    return {
        **_tables(store),
        "entities": store.query("SELECT * FROM entities ORDER BY id"),
        "names": store.query("SELECT * FROM entity_names ORDER BY name_key, entity_id"),
    }


def test_split_rename_alias_in_place_equal_rebuild_and_undo_in_place(seeds_copy: str, dbs, rebuilds: list[int]) -> None:
    import json

    with open_store(str(seeds_copy), create=False) as store:
        a, b, c = _top(store, 3)
        # An entity written one way only, named in a claim if there is one: an alias that
        # takes all its mentions leaves it without any (it goes, with its redirects).
        lone = store.query(
            "SELECT e.id, e.name, e.aliases_json FROM entities e WHERE e.id NOT IN (?, ?, ?) AND e.aliases_json NOT LIKE '%,%' "
            "AND e.aliases_json != '[]' ORDER BY (SELECT COUNT(*) FROM claim_index ci WHERE ci.speaker_id = e.id) DESC, "
            "(SELECT COUNT(*) FROM entity_redirects r WHERE r.to_id = e.id) DESC, e.mention_count DESC, e.id LIMIT 1",
            [a["id"], b["id"], c["id"]],
        )[0]
        lone_text = json.loads(lone["aliases_json"])[0]
        rare = store.query(
            "SELECT text FROM mentions WHERE resolved_id = ? GROUP BY text ORDER BY COUNT(*), text LIMIT 1", [a["id"]]
        )[0]["text"]
        title = store.query(
            "SELECT text FROM mentions WHERE role = 'title' AND lower(substr(text, 1, 4)) = 'the ' AND resolved_id NOT IN (?, ?, ?) "
            "ORDER BY text LIMIT 1", [a["id"], b["id"], c["id"]],
        )
        assert title, "the seeds name someone by a title written with 'the'"
        b_alias = json.loads(store.query("SELECT aliases_json FROM entities WHERE id = ?", [b["id"]])[0]["aliases_json"])[-1]
        steps = [
            ("merge", lambda: curation.merge(store, a["id"], c["id"])),
            ("split", lambda: curation.split(store, a["id"], rare)),
            ("rename", lambda: curation.rename(store, b["id"], "A Name Given By Hand")),
            ("alias", lambda: curation.add_alias(store, b["id"], lone_text)),
            # A merge with a split and an alias before it in the log.
            ("merge", lambda: curation.merge(store, b["id"], a["id"])),
            ("alias", lambda: curation.add_alias(store, b["id"], "Hand Added Alias")),
            # The text of a title written with "the" (not among its entity's names): found all the same.
            ("alias", lambda: curation.add_alias(store, b["id"], title[0]["text"])),
            ("unalias", lambda: curation.remove_alias(store, b["id"], b_alias)),
            ("unalias", lambda: curation.remove_alias(store, b["id"], "Hand Added Alias")),
        ]
        states = [_exact(store)]
        for op, step in steps:
            step()
            assert rebuilds == [], op
            stored, counted = _per_article(store)
            assert stored == counted, op
            states.append(_exact(store))
        assert not store.query("SELECT 1 FROM entities WHERE id = ?", [lone["id"]])
        renamed = store.query("SELECT name, aliases_json FROM entities WHERE id = ?", [b["id"]])[0]
        assert renamed["name"] == "A Name Given By Hand" and lone_text in renamed["aliases_json"]
        assert b_alias not in json.loads(renamed["aliases_json"]) and "Hand Added Alias" not in renamed["aliases_json"]
        assert store.query("SELECT 1 FROM entities WHERE id = ?", [curation.split_id(a["id"], rare)])
        in_place = _resolved(store)
    # A rebuild from the log gives the same rows (on a copy: the undo below needs these).
    copy = dbs.copy(seeds_copy, "rebuilt")
    with open_store(str(copy), create=False) as other:
        curation._rebuild(other)
        rebuilt = _resolved(other)
    for table in in_place:
        assert rebuilt[table] == in_place[table], table
    rebuilds.clear()
    with open_store(str(seeds_copy), create=False) as store:
        # Undo, latest first, each in place to the rows as they were before its operation
        # (the merge too: no operation that moves mentions is left in the log before it).
        for i in range(len(steps), 0, -1):
            op = curation.undo(store)
            assert op is not None and op["op"] == steps[i - 1][0]
            assert _exact(store) == states[i - 1], steps[i - 1][0]
        assert curation.undo(store) is None
        assert rebuilds == [] and _exact(store) == states[0]
