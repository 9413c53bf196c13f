"""Framing rows for the web tests while the build ships no trained framing models.

Written through the framing stage's own records and ``save`` (never SQL by hand), on the
articles' real text: technique spans are the stage's sentence units (``sentence_units``)
that contain a word of a small lexicon written here, and roles are the stage's own role
candidates (``candidates``, from the entities stage's mentions) with a main role chosen by
the same lexicon. What is displayed is then read back from the tables, so the tests hold
for the shipped models' rows too (``write_framing`` does nothing when models are shipped).
"""

from __future__ import annotations

from types import SimpleNamespace

# Technique -> words whose sentence gets it (lower case, as whole-word prefixes).
LEXICON = {
    "Name_Calling-Labeling": ("terrorist", "takfiri", "daesh", "extremist"),
    "Loaded_Language": ("brutal", "ill-advised", "crime", "shock", "aggression"),
    "Appeal_to_Fear-Prejudice": ("threat", "danger", "attack"),
    "Doubt": ("claimed", "alleged", "so-called"),
}


def _techniques_in(sentence: str) -> list[str]:
    low = sentence.lower()
    return [t for t, words in LEXICON.items() if any(w in low for w in words)]


def write_framing(store) -> int:
    """Framing rows for every article (replacing the stage's empty output); returns the
    number of technique spans written, or 0 when shipped models wrote real rows."""
    from newstrace.framing import labels
    from newstrace.framing.model import models_shipped
    from newstrace.framing.records import ArticleFraming, EntityRole, TechniqueSpan
    from newstrace.framing.roles import candidates
    from newstrace.framing.stage import FramingStage
    from newstrace.framing.units import sentence_units

    if models_shipped():
        return 0
    stage = FramingStage()
    fine_of = labels.roles()
    written = 0
    for article in list(store.iter_articles()):
        out = ArticleFraming(article.id, genre="reporting", genre_score=0.5)
        for a, b in sentence_units(article.text, None):
            for t in _techniques_in(article.text[a:b]):
                out.techniques.append(TechniqueSpan(article.id, t, a, b, article.text[a:b], 0.7))
        mentions = [
            SimpleNamespace(entity_id=m["entity_id"], start=m["start_char"], end=m["end_char"], text=m["text"], label=m["label"])
            for m in store.query("SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char", [article.id])
        ]
        for i, c in enumerate(candidates(article.text, article.title, mentions)):
            around = article.text[max(0, c.start - 120) : c.end + 120]
            main = "Antagonist" if _techniques_in(around) else ("Protagonist" if i == 0 else "Innocent")
            out.roles.append(EntityRole(article.id, c.entity_id, c.start, c.end, c.text, main, 0.6, [fine_of[main][0]]))
        with store.transaction():
            for table in ("article_framing", "techniques", "roles"):
                store.execute(f"DELETE FROM {table} WHERE article_id = ?", [article.id])  # noqa: S608
            stage.save(store, article, out)
        written += len(out.techniques)
    return written
