"""Framing corpora readers and the file <-> article alignment, on the shared corpora."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrace.framing import labels
from newstrace.framing.align import OffsetMap, paragraph_at
from newstrace.framing.corpus import fold_of, in_split, read_semeval23, read_semeval25
from newstrace.framing.linear import LinearHeads
from newstrace.framing.model import load_models


def test_semeval23_labels_and_paragraphs(corpora_dir: Path) -> None:
    arts = {a.id: a for a in read_semeval23(corpora_dir / "semeval2023t3_en", corpora_dir / "ptc2020")}
    a = arts["111111111"]
    # paragraph numbers are line numbers of non-empty lines; the corrupted upstream label
    # "Appeal_to_Fear-Prejudi-čce" comes back as its real name
    assert set(a.paragraph_labels or {}) == set(a.paragraphs)
    assert "Appeal_to_Fear-Prejudice" in (a.paragraph_labels or {})[17]
    assert all(t in labels.techniques() for s in a.spans for t in [s.technique])
    assert a.ptc_spans and all(s.technique in labels.techniques() for s in a.ptc_spans)
    assert sum(x.genre == "satire" for x in arts.values()) == 10
    assert all(set(x.frames or ()) <= set(labels.frames()) for x in arts.values())


def test_semeval25_offsets_are_exclusive_and_repaired(corpora_dir: Path) -> None:
    docs = read_semeval25(corpora_dir / "semeval2025t10_en")
    mentions = [(d, m) for d in docs for m in d.mentions]
    assert len(mentions) == 549
    assert all(d.text[m.start : m.end] == m.text for d, m in mentions)
    assert all(m.main_role in labels.roles() and set(m.fine_roles) <= set(labels.fine_roles()) for _, m in mentions)


def test_split_is_fixed() -> None:
    assert fold_of("111111111") == fold_of("111111111")
    assert in_split("x", "all")
    assert in_split("x", "heldout") != in_split("x", "train")


def test_offset_map_carries_spans_across_cleaning() -> None:
    raw = "Title line\n\nFirst paragraph is here.\nSecond one follows.Third joined."
    clean = "First paragraph is here.\n\nSecond one follows.\nThird joined."
    m = OffsetMap(raw, clean)
    s = raw.index("Second one")
    a, b = m.to_dst(s, s + len("Second one"))
    assert clean[a:b] == "Second one"
    assert m.kept(0, len("Title line")) < 0.5
    x = clean.index("Third")
    assert raw[slice(*m.to_src(x, x + 5))] == "Third"
    assert paragraph_at([(0, 10, 1), (12, 20, 3)], 5, 15) == [1, 3]


def test_offset_map_with_the_title_taken_out_keeps_an_opening_that_repeats_it() -> None:
    src = "Bill Gates Says He Owns Jets\n\nBill Gates has the right to fly, Bill Gates said."
    dst = "Bill Gates has the right to fly, Bill Gates said."
    a = src.index("Bill Gates has")
    # aligned with the text alone, the title's "Bill Gates" takes the text's opening
    assert OffsetMap(src, dst).kept(a, a + 10) < 0.5
    m = OffsetMap(src, dst, prefix="Bill Gates Says He Owns Jets\n")
    assert m.kept(a, a + 10) == 1.0 and m.to_dst(a, a + 10) == (0, 10)
    assert m.kept(0, 10) == 0.0  # the title is not in the text
    b = src.rindex("Bill Gates")
    assert dst[slice(*m.to_dst(b, b + 10))] == "Bill Gates"
    assert src[slice(*m.to_src(0, 10))] == "Bill Gates" and m.to_src(0, 10)[0] == a


def test_every_semeval25_role_mention_reaches_the_article_text(corpora_dir: Path) -> None:
    from newstrace.framing.dataset import prepare_corpus

    corpus = prepare_corpus(read_semeval25(corpora_dir / "semeval2025t10_en"), parse=False)
    where = [(p, m, p.to_article(m.start, m.end)) for p in corpus.items for m in p.gold.mentions]
    assert len(where) == 549 and all(w is not None for _, _, w in where)
    assert all(p.parts[w[0]][0].text[w[1] : w[2]] == m.text for p, m, w in where if w is not None)
    gates = next(p for p in corpus.items if p.gold.id == "EN_CC_100013.txt")
    assert gates.to_article(93, 103) == (0, 0, 10)  # 'Bill Gates' opens the text after the title


def test_linear_heads_round_trip_without_pickles(tmp_path: Path) -> None:
    from newstrace.framing.fit import fit_heads

    texts = ["evil corrupt regime lies", "the council met on tuesday", "vile traitors and thugs", "rain is expected"] * 3
    y = np.array([[1], [0], [1], [0]] * 3)
    heads = fit_heads(texts, y, ["loaded"], {"ngram_range": [1, 1], "min_df": 1, "C": 10.0})
    files = heads.save(tmp_path, "m")
    assert {f.suffix for f in files} == {".json", ".npz"}
    back = LinearHeads.load(tmp_path, "m")
    probe = ["corrupt thugs", "the council"]
    assert np.allclose(back.scores(probe), heads.scores(probe), atol=1e-2)
    assert back.scores(probe)[0, 0] > back.scores(probe)[1, 0]
    with np.load(tmp_path / "m.npz", allow_pickle=False) as z:  # loads without pickles
        assert set(z.files) == {"weights", "bias", "thresholds", "idf"}


def test_model_files_are_checked_against_their_hashes(tmp_path: Path) -> None:
    import json

    from newstrace.errors import ModelMissing
    from newstrace.framing.fit import fit_heads
    from newstrace.framing.model import META_FILE, sha256

    heads = fit_heads(["a b", "c d"] * 5, np.array([[1], [0]] * 5), ["x"], {"ngram_range": [1, 1], "min_df": 1})
    files = heads.save(tmp_path, "genre")
    (tmp_path / META_FILE).write_text(json.dumps({"files": {f.name: sha256(f) for f in files}}))
    assert "genre" in load_models(tmp_path).heads
    (tmp_path / "genre.npz").write_bytes((tmp_path / "genre.npz").read_bytes() + b"x")
    with pytest.raises(ModelMissing, match="does not match the hash"):
        load_models(tmp_path)


def test_prepared_corpus_parses_are_cached_and_reused(corpora_dir: Path, tmp_path: Path) -> None:
    from newstrace.framing.dataset import prepare_corpus

    docs = read_semeval25(corpora_dir / "semeval2025t10_en")[:2]
    first = prepare_corpus(docs, cache_dir=tmp_path, label="t")
    assert len(list(tmp_path.glob("t-*.spacy"))) == 1
    again = prepare_corpus(docs, cache_dir=tmp_path, label="t")  # read back from the DocBin
    for a, b in zip(first.docs, again.docs, strict=True):
        for x, y in zip(a, b, strict=True):
            assert x is not None and y is not None and x is not y
            assert [(t.text, t.dep_, t.head.i, t.ent_type_) for t in x] == [(t.text, t.dep_, t.head.i, t.ent_type_) for t in y]
            assert [s.start_char for s in x.sents] == [s.start_char for s in y.sents]
