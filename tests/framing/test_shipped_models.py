"""The shipped framing models on real text: the seeds analysed by ``analyze`` (the shared
``seeds_db``) get genre, frames, technique spans and roles, and the exports carry them."""

from __future__ import annotations

from newstrace.framing import labels
from newstrace.framing.export import iter_roles, iter_techniques
from newstrace.framing.model import load_models
from newstrace.store import open_store

NAME_CALLING_OR_LOADED = {"Name_Calling-Labeling", "Loaded_Language"}


def test_models_are_shipped_with_their_training_record() -> None:
    models = load_models()  # hash-checked against framing.json
    assert {"techniques", "genre", "frames", "main_role", "fine_roles"} <= set(models.heads)
    trained_on = models.meta["trained_on"]
    assert len(trained_on["semeval2023t3_en"]) == 64 and len(trained_on["semeval2025t10_en"]) == 64
    assert "folds != 0" in trained_on["split"]
    # the PTC 2020 spans the technique model learned from, by the hash of their label files
    assert trained_on["ptc2020_used"] and len(trained_on["ptc2020"]) == 64
    assert models.heads["techniques"].labels == list(labels.techniques())


def test_seeds_get_genre_frames_techniques_and_roles(seeds_db: str, seed_texts: dict[str, str]) -> None:
    with open_store(str(seeds_db)) as store:
        articles = list(store.iter_articles())
        techniques = list(iter_techniques(store))
        roles = list(iter_roles(store))
    assert articles and all(a.genre in labels.genres() for a in articles)
    assert all(a.frames is not None and set(a.frames) <= set(labels.frames()) for a in articles)
    assert any(a.frames for a in articles)
    texts = {a.id: a.text for a in articles}
    for t in techniques:
        assert t["technique"] in labels.techniques() and 0 <= t["score"] <= 1
        assert texts[t["article_id"]][t["start"] : t["end"]] == t["text"]
    # the seeds' name calling: "the Daesh Takfiri terrorist group", "Takfiri terrorist groups"
    hits = [t for t in techniques if "Takfiri terrorist group" in t["text"]]
    assert {t["technique"] for t in hits} & NAME_CALLING_OR_LOADED, hits
    assert roles and all(r["main_role"] in labels.roles() for r in roles)
    for r in roles:
        assert r["fine_roles"] and all(labels.main_role_of()[f] == r["main_role"] for f in r["fine_roles"])
