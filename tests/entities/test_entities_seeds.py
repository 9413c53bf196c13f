"""Entities on the five seed articles: aliases merged, titles and references linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.store import open_store


@pytest.fixture(scope="module")
def seeds(seeds_db: Path):
    with open_store(str(seeds_db), create=False) as store:
        yield store


def _entities_of(store, texts: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in store.query("SELECT text, resolved_id FROM mentions"):
        if r["text"] in texts:
            out.setdefault(r["text"], set()).add(r["resolved_id"])
    return out


def _one_entity(store, texts: set[str], must_see: set[str]) -> str:
    found = _entities_of(store, texts)
    assert must_see <= set(found), f"not found as mentions: {must_see - set(found)}"
    ids = set().union(*found.values())
    assert len(ids) == 1, {t: sorted(v) for t, v in found.items()}
    return ids.pop()


def test_daesh_aliases_are_one_entity_across_files(seeds) -> None:
    eid = _one_entity(seeds, {"Daesh", "ISIS", "ISIL", "IS", "IS terrorist group"}, {"Daesh", "ISIS", "ISIL", "IS"})
    articles = {r["article_id"] for r in seeds.query("SELECT article_id FROM mentions WHERE resolved_id = ?", [eid])}
    assert len(articles) >= 4
    assert seeds.query("SELECT name FROM entities WHERE id = ?", [eid])[0]["name"] == "Islamic State"


def test_pmu_aliases_are_one_entity(seeds) -> None:
    _one_entity(
        seeds,
        {"PMU", "Hashd al-Shaabi", "Hashd al-Sha’abi", "Popular Mobilization Units", "Popular Mobilisation Units"},
        {"PMU", "Hashd al-Shaabi", "Hashd al-Sha’abi", "Popular Mobilization Units", "Popular Mobilisation Units"},
    )


def test_united_states_variants_are_one_entity(seeds) -> None:
    _one_entity(seeds, {"US", "U.S.", "United States"}, {"US", "U.S.", "United States"})


def test_alawi_title_and_references_link_to_the_person(seeds, seed_texts) -> None:
    rows = seeds.query(
        "SELECT m.text, m.role, m.resolved_id, e.name FROM mentions m JOIN entities e ON e.id = m.resolved_id "
        "WHERE e.name = 'Mahmoud Alawi'"
    )
    texts = {r["text"] for r in rows}
    assert "Mahmoud Alawi" in texts
    assert any("Intelligence Minister" in t for t in texts), texts
    assert "the Iranian minister" in texts or "the minister" in texts, texts
    assert len({r["resolved_id"] for r in rows}) == 1


def test_capital_standing_for_government_is_marked(seeds) -> None:
    rows = seeds.query(
        "SELECT m.text, m.role, e.name FROM mentions m JOIN entities e ON e.id = m.resolved_id WHERE m.text = 'Islamabad'"
    )
    roles = {(r["role"], r["name"]) for r in rows}
    assert ("metonym", "Government of Pakistan") in roles
    # the government is not the city: they stay different entities
    assert len({r["name"] for r in rows}) == 2


def test_mention_offsets_index_the_article_text(seeds) -> None:
    texts = {a.id: a.text for a in seeds.iter_articles()}
    rows = seeds.query('SELECT article_id, start, "end", text FROM mentions')
    assert len(rows) > 100
    for r in rows:
        assert texts[r["article_id"]][r["start"] : r["end"]] == r["text"]
