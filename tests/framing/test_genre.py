"""The genre model's news cues (framing/units.py news_cues, data/framing/genre_cues.yaml) on
hand-written pages, and retraining the genre model alone (``train framing --only genre``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from newstrace.framing.analyse import analyse_article
from newstrace.framing.model import MODEL_DIR, load_models
from newstrace.framing.training import train
from newstrace.framing.units import NEWS_CUE_NAMES, genre_features, news_cues
from newstrace.records import Article

WIRE = """Congo confirms two Ebola cases, declares outbreak
KINSHASA, Congo -- Congo's government on Tuesday declared a new outbreak of Ebola after two cases were confirmed, the health ministry said.
"We are working with partners to contain this deadly disease," the minister told reporters.
According to the World Health Organization, 17 people have died.
The Associated Press contributed to this report."""

OPINION = """Why I will never trust the experts again
I have been thinking about this for a long time, and my answer is simple.
Do you really believe what they tell you? I don't.
We deserve better than this, and I say it plainly: enough.
Article posted with permission from A Blog."""


def cues(text: str) -> dict[str, float]:
    return dict(zip(NEWS_CUE_NAMES, news_cues(text).tolist(), strict=True))


def test_a_wire_report_has_the_report_cues() -> None:
    c = cues(WIRE)
    assert c["dateline"] == 1.0 and c["wire_credit"] == 1.0
    assert c["attribution_per_line"] == pytest.approx(4 / 4)  # confirmed, said, told, According over 4 body lines
    assert 0.1 < c["quoted_share"] < 0.5
    assert c["republished"] == 0.0 and c["first_person_singular"] == 0.0 and c["opinion_label"] == 0.0


def test_a_first_person_blog_post_has_none_of_them() -> None:
    c = cues(OPINION)
    assert c["dateline"] == 0.0 and c["wire_credit"] == 0.0 and c["attribution_per_line"] == 0.0
    assert c["quoted_share"] == 0.0
    assert c["republished"] == 1.0 and c["first_person_singular"] == pytest.approx(4 / 43 * 50)  # I, my, I, I of 43 words
    # the title is not the body: a dateline-like title does not count
    assert cues("WASHINGTON - a title\nI think so.")["dateline"] == 0.0
    assert cues("A title\n(CNN) The Senate voted.")["dateline"] == 1.0


def test_genre_features_add_the_cues_only_when_asked() -> None:
    plain, with_cues = genre_features(WIRE, None), genre_features(WIRE, None, cues=True)
    assert with_cues.shape[0] == plain.shape[0] + len(NEWS_CUE_NAMES)
    assert np.array_equal(with_cues[: plain.shape[0]], plain)


def test_shipped_genre_model_reads_the_cues_it_was_trained_with() -> None:
    genre = load_models().heads["genre"]
    assert genre.settings.get("news_cues") is True
    n_words = len(genre.vectorizer.vocabulary_) if genre.vectorizer is not None else 0
    assert genre.weights.shape[1] == n_words + genre_features(WIRE, genre.settings["vector_weight"], True).shape[0]
    out = analyse_article(Article(id="w", source="test", part=0, title=WIRE.split("\n")[0], text=WIRE.split("\n", 1)[1]), None, None, load_models())
    assert out.genre in genre.labels and 0 < out.genre_score <= 1


def test_training_the_genre_alone_keeps_the_other_models(corpora_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "models"
    shutil.copytree(MODEL_DIR, out)
    before = json.loads((out / "framing.json").read_text(encoding="utf-8"))
    meta = train(corpora_dir, out, cache_dir=tmp_path / "cache", only="genre")
    # the shipped genre model is what this command writes (deterministic), the rest is untouched
    assert meta["files"] == before["files"]
    assert meta["settings"]["genre"]["news_cues"] is True and "genre" in meta["retrained"]
    assert meta["trained_on"]["semeval2025t10_en"] == before["trained_on"]["semeval2025t10_en"]
    assert len(meta["trained_on"]["semeval2023t3_en_genre"]) == 64
    load_models(out)  # every file matches its hash
