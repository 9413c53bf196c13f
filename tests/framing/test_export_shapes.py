"""The techniques / roles exports and the article's genre/frames read from the framing
tables (rows written by the stage's save, read back through the export functions)."""

from __future__ import annotations

from newstrace.framing.export import iter_roles, iter_techniques
from newstrace.framing.records import ArticleFraming, EntityRole, TechniqueSpan
from newstrace.framing.stage import FramingStage
from newstrace.records import Article


def test_stage_rows_export_in_interface_shape(store) -> None:  # type: ignore[no-untyped-def]
    text = "Anti-American sentiments have remained high since that ill-advised US act of terrorism."
    art = Article(id="a1", source="s.txt", part=0, text=text, content_hash="h")
    store.replace_document("s.txt", "h", "s.txt", [art])
    start = text.index("ill-advised")
    out = ArticleFraming(
        "a1", genre="opinion", genre_score=0.8, frames=["Political"], frame_scores={"Political": 0.7},
        techniques=[TechniqueSpan("a1", "Loaded_Language", start, start + 11, text[start : start + 11], 0.9)],
        roles=[EntityRole("a1", "e_us", text.index("US"), text.index("US") + 2, "US", "Antagonist", 0.7, ["Terrorist"])],
    )
    with store.transaction():
        FramingStage().save(store, art, out)
    (t,) = list(iter_techniques(store))
    assert set(t) == {"article_id", "technique", "start", "end", "text", "score"}
    assert text[t["start"] : t["end"]] == t["text"] == "ill-advised"
    (r,) = list(iter_roles(store))
    assert {"article_id", "entity_id", "mention", "main_role", "fine_roles"} <= set(r)
    assert r["fine_roles"] == ["Terrorist"] and r["main_role"] == "Antagonist"
    a = store.get_article("a1")
    assert a is not None and a.genre == "opinion" and a.frames == ["Political"]
    assert [x.genre for x in store.iter_articles()] == ["opinion"]
    # replacing the article clears its framing rows (tables registered in stage_tables)
    store.replace_document("s.txt", "h2", "s.txt", [art])
    assert list(iter_techniques(store)) == [] and list(iter_roles(store)) == []
    assert store.get_article("a1").genre is None  # type: ignore[union-attr]
