"""Curation recorded in the store survives re-analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.entities import curation
from newstrace.entities.export import iter_entities, iter_mentions
from newstrace.pipeline.analyze import analyze

STORY_A = """Rebels seize town in the north

Commander Yusuf Haddad told reporters on Monday that the Northern Shield Brigade had taken the town.
Haddad said the fighters would hold it. The Brigade is backed by the Free Valley Front, he added.
"""
STORY_B = """Talks stall after clashes

A spokesman for the Free Valley Front, Omar Nassif, said the group would not join the talks.
Nassif accused the Northern Shield Brigade of breaking the truce.
"""


def _write(folder: Path, a: str, b: str) -> None:
    (folder / "a.txt").write_text(a, encoding="utf-8")
    (folder / "b.txt").write_text(b, encoding="utf-8")


def _entity(store, name: str) -> dict:
    matches = [e for e in iter_entities(store) if e["name"] == name]
    assert len(matches) == 1, (name, [e["name"] for e in iter_entities(store)])
    return matches[0]


def test_merge_rename_split_survive_reanalysis(tmp_path: Path, store):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, STORY_A, STORY_B)
    analyze([docs], store)
    haddad = _entity(store, "Yusuf Haddad")
    nassif = _entity(store, "Omar Nassif")

    with pytest.raises(curation.UnknownEntity, match="entities list"):
        curation.merge(store, haddad["id"], "e_doesnotexist")

    kept = curation.merge(store, haddad["id"], nassif["id"])
    curation.rename(store, kept, "Haddad or Nassif")
    merged = _entity(store, "Haddad or Nassif")
    assert merged["id"] == haddad["id"]
    assert {"Yusuf Haddad", "Omar Nassif"} <= set(merged["aliases"])

    # change one document: its article is replaced and analysed again
    _write(docs, STORY_A + "\nHaddad later denied any ceasefire.\n", STORY_B)
    analyze([docs], store)
    merged = _entity(store, "Haddad or Nassif")
    assert merged["id"] == haddad["id"]
    assert {"Yusuf Haddad", "Omar Nassif", "Nassif", "Haddad"} <= set(merged["aliases"])
    mention_ids = {m["entity_id"] for m in iter_mentions(store) if m["text"] in {"Nassif", "Omar Nassif", "Haddad"}}
    assert mention_ids == {haddad["id"]}

    # split the surname-only mentions of Nassif back out
    new_id = curation.split(store, haddad["id"], "Nassif")
    assert new_id != haddad["id"]
    assert {m["entity_id"] for m in iter_mentions(store) if m["text"] == "Nassif"} == {new_id}
    analyze([docs], store)  # nothing changed: still split
    assert {m["entity_id"] for m in iter_mentions(store) if m["text"] == "Nassif"} == {new_id}


def test_alias_add_moves_mentions(tmp_path: Path, store):
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, STORY_A, STORY_B)
    analyze([docs], store)
    brigade = _entity(store, "Northern Shield Brigade")
    brigade_mentions = [m for m in iter_mentions(store) if m["entity_id"] == brigade["id"]]
    curation.add_alias(store, brigade["id"], "Free Valley Front")
    moved = [m for m in iter_mentions(store) if m["text"] == "Free Valley Front"]
    assert moved and {m["entity_id"] for m in moved} == {brigade["id"]}
    assert "Free Valley Front" in _entity(store, "Northern Shield Brigade")["aliases"]
    assert len([m for m in iter_mentions(store) if m["entity_id"] == brigade["id"]]) > len(brigade_mentions)


def test_resolution_does_not_depend_on_input_order(dbs, tmp_path: Path):
    from newstrace.store import open_store

    results = []
    for order, names in enumerate([("1.txt", "2.txt"), ("2.txt", "1.txt")]):
        docs = tmp_path / f"docs{order}"
        docs.mkdir()
        (docs / names[0]).write_text("Envoy Mahmoud Alavi met Hassan Rahmani in Kabul on Monday.\n", encoding="utf-8")
        (docs / names[1]).write_text("Mahmoud Alawi, the envoy, said talks with Hassan Rahmani went well.\n",
                                     encoding="utf-8")
        with open_store(dbs.new(order)) as s:
            analyze([docs], s)
            results.append(sorted((e["id"], e["name"], e["mention_count"]) for e in iter_entities(s)))
    assert results[0] == results[1]
    persons = [r for r in results[0] if r[1].startswith("Mahmoud")]
    assert len(persons) == 1 and persons[0][2] == 2  # Alavi/Alawi: one person
