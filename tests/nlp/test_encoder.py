"""The shipped sentence encoder: contract (shape, unit norm, determinism, id), no torch at run
time, and meaning on the team's paraphrase pairs and on real PolNeAR sentences."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newstrace.nlp import encoder

PAIRS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "paraphrase" / "pairs.jsonl"
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
POLNEAR_DEV = SHARED / "corpora" / "polnear" / "dev" / "text"


def test_contract() -> None:
    texts = ["Officials said the quake killed 14 people.", "", "   ", "x" * 10_000]
    v = encoder.encode(texts)
    assert v.dtype == np.float32 and v.shape == (4, encoder.DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.DIM)
    # A text's vector does not depend on the other texts of the call, nor on their order.
    alone = encoder.encode([texts[0]])
    assert np.array_equal(alone[0], v[0])
    assert np.array_equal(encoder.encode(texts[::-1])[::-1], v)


def test_id_names_the_shipped_weights() -> None:
    meta = json.loads((encoder.MODEL_DIR / "encoder.json").read_text())
    digest = hashlib.sha256((encoder.MODEL_DIR / "encoder.npz").read_bytes()).hexdigest()
    assert meta["files"]["encoder.npz"] == digest
    assert digest[:16] in encoder.ENCODER_ID and meta["name"] in encoder.ENCODER_ID
    assert sum(f.stat().st_size for f in encoder.MODEL_DIR.iterdir()) < 40e6


def test_runtime_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from newstrace.nlp import encoder\n"
        "assert encoder.encode(['A sentence.']).shape == (1, encoder.DIM)\n"
        "assert 'torch' not in sys.modules, 'the encoder imported torch'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())


def test_paraphrases_closer_than_same_topic_non_paraphrases() -> None:
    rows = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines() if x.strip()]
    va = encoder.encode([r["a"] for r in rows])
    vb = encoder.encode([r["b"] for r in rows])
    cos = np.sum(va * vb, axis=1)
    labels = np.array([r["label"] for r in rows])
    pos, neg = cos[labels == 1], cos[labels == 0]
    assert len(pos) and len(neg)
    # Ranking quality: the chance that a paraphrase pair outscores a same-topic non-pair
    # (0.5 by chance; the torch teacher scores 0.98 and this static model 0.90 here,
    # benchmarks/encoder_speed.py).
    auc = float(np.mean(pos[:, None] > neg[None, :]))
    assert auc >= 0.85, auc


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev not in ../shared/corpora")
def test_real_sentences_find_their_own_article() -> None:
    """Sentences of one real article are closer to each other than to other articles'
    (on average): the vectors carry topic, not just length or style."""
    from newstrace.reuse.text import split_sentences

    sents, doc = [], []
    for k, path in enumerate(sorted(POLNEAR_DEV.glob("*.txt"))[:20]):
        text = path.read_text(encoding="utf-8", errors="replace")
        for s, e in split_sentences(text)[:15]:
            if e - s >= 40:
                sents.append(text[s:e])
                doc.append(k)
    v = encoder.encode(sents)
    d = np.array(doc)
    sim = v @ v.T
    same = (d[:, None] == d[None, :]) & ~np.eye(len(d), dtype=bool)
    other = d[:, None] != d[None, :]
    assert sim[same].mean() > sim[other].mean() + 0.1


def _tokenizer_pieces(texts: list[str]) -> list[list[int]]:
    tok, _, _ = encoder._model()
    return [
        e.ids
        for e in tok.encode_batch([t[: encoder.MAX_CHARS] for t in texts], add_special_tokens=False)
    ]


def test_word_memo_gives_the_tokenizers_pieces() -> None:
    """``piece_ids`` (word by word, memoised) equals the tokenizer run on the whole text,
    on texts written to hit its normaliser: accents, CJK, control characters it deletes,
    spaces it does not split on, full-width letters, more pieces than it keeps."""
    texts = [
        "Café naïve: the señor's 3.5% rise (est.) — “quoted”!",
        "東京タワー is tall; 北京 said",
        "a\x1cb c\x0bd\x0ce\x85f g\u2028h\u00a0i\u3000j",
        "zero\u200bwidth and a\ufffdb\x00c",
        "Ｆｕｌｌ ｗｉｄｔｈ e\u0301te",
        "word " * 400,
        "x" * 10_000,
        "",
        "   ",
    ]
    assert encoder.piece_ids(texts) == _tokenizer_pieces(texts)
    assert encoder.piece_ids(texts) == _tokenizer_pieces(texts)  # from the memo


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev not in ../shared/corpora")
def test_word_memo_agrees_on_real_sentences() -> None:
    from newstrace.reuse.text import split_sentences

    texts = []
    for path in sorted(POLNEAR_DEV.glob("*.txt"))[:40]:
        text = path.read_text(encoding="utf-8", errors="replace")
        texts += [text[s:e] for s, e in split_sentences(text)]
    assert len(texts) > 500
    assert encoder.piece_ids(texts) == _tokenizer_pieces(texts)
