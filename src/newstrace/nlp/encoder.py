"""The sentence encoder: a static model distilled from all-MiniLM-L6-v2 (numpy, no torch).

``encode(texts)`` gives L2-normalised float32 vectors, shape (n, DIM), so a dot product is
the cosine. A text's vector is the mean of its word pieces' rows (the teacher's own
tokenizer), trained to match the teacher's sentence vectors: it lives in the teacher's
space, so its cosine with all-MiniLM-L6-v2's vector of the same text is meaningful
(benchmarks/encoder_speed.py measures it). The files ship in the package
(src/newstrace/models/encoder/); scripts/build_encoder.py rebuilt them (the only place
torch is needed) and encoder.json records how.

Deterministic: a text's vector depends on that text only. Encoding is a tokenizer pass
and one sparse (texts x pieces) product with the table. ``ENCODER_ID`` names the model
and the hash of its weights file: store it beside any vector or classifier trained on these
vectors, and do not mix vectors of different ids.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from newstrace.errors import ModelMissing

MODEL_DIR = Path(str(resources.files("newstrace") / "models" / "encoder"))
MAX_PIECES = 254  # the teacher's 256 minus [CLS] and [SEP], as in training
MAX_CHARS = 4000  # cut before tokenising: 254 word pieces never need more


def _meta() -> dict[str, Any]:
    try:
        meta: dict[str, Any] = json.loads((MODEL_DIR / "encoder.json").read_text())
    except FileNotFoundError as e:
        raise ModelMissing(
            f"the sentence encoder is missing from {MODEL_DIR}: reinstall newstrace, "
            "or rebuild it with scripts/build_encoder.py"
        ) from e
    return meta


_META = _meta()
DIM: int = int(_META["dim"])
ENCODER_ID = f"{_META['name']}@sha256:{_META['files']['encoder.npz'][:16]}"

_lock = threading.Lock()
# Counters for benchmarks and logs: texts encoded and seconds spent encoding them.
stats = {"sentences": 0, "seconds": 0.0}


@cache
def _model() -> tuple[Any, np.ndarray, int]:
    from tokenizers import Tokenizer

    path = MODEL_DIR / "encoder.npz"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != _META["files"]["encoder.npz"]:
        raise ModelMissing(
            f"{path} does not match encoder.json (sha256 {digest[:16]}...): "
            "reinstall newstrace, or rebuild with scripts/build_encoder.py"
        )
    with np.load(path) as npz:
        table = npz["embeddings"].astype(np.float32)
    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_PIECES)
    unk = tok.token_to_id("[UNK]")
    if unk is None:
        raise ModelMissing(f"{MODEL_DIR / 'tokenizer.json'} has no [UNK] piece: rebuild the encoder")
    return tok, table, unk


# Characters the tokenizer's normaliser deletes although ``str.split`` splits on them
# (control characters: vertical tab, form feed, file/group/record/unit separators, NEL).
_DELETED = dict.fromkeys(map(ord, "\v\f\x1c\x1d\x1e\x1f\x85"))
_HAS_DELETED = re.compile("[\v\f\x1c-\x1f\x85]")
_WORDS_KEPT = 300_000  # word -> pieces memo, emptied when it grows past this (bounded memory)
_word_pieces: dict[str, tuple[int, ...]] = {}


def piece_ids(texts: Sequence[str]) -> list[list[int]]:
    """The word pieces of each text, as ``tokenizer.encode`` gives them, from a memo per
    whitespace-separated word. The tokenizer (BERT normaliser, pre-tokeniser and WordPiece)
    works on each such word on its own, so a text's pieces are its words' pieces in order;
    news repeats its words, and looking a word up costs a fraction of tokenising it again
    (tests/nlp/test_encoder.py checks the two agree on real text)."""
    tok, _, _ = _model()
    cut = [t[:MAX_CHARS] for t in texts]
    words = [(t.translate(_DELETED) if _HAS_DELETED.search(t) else t).split() for t in cut]
    with _lock:
        memo = _word_pieces
        if len(memo) > _WORDS_KEPT:
            memo.clear()
        todo = sorted(set(chain.from_iterable(words)).difference(memo))
        if todo:
            for w, e in zip(todo, tok.encode_batch(todo, add_special_tokens=False), strict=True):
                memo[w] = tuple(e.ids)
        pieces = memo.__getitem__
        return [list(chain.from_iterable(map(pieces, ws)))[:MAX_PIECES] for ws in words]


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (len(texts) x DIM, float32) for the texts. A text with no word pieces
    (empty, or spaces only) gets the [UNK] piece's vector."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    _, table, unk = _model()
    t0 = time.perf_counter()
    ids = [x or [unk] for x in piece_ids(texts)]
    lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
    # Sum of each text's rows as a sparse (texts x pieces) product: no (pieces x DIM)
    # intermediate; each row is summed in its own piece order, so a text's vector does not
    # depend on the other texts.
    bag = csr_matrix(
        (np.ones(len(flat), dtype=np.float32), flat, np.concatenate(([0], np.cumsum(lengths)))),
        shape=(len(ids), table.shape[0]),
    )
    sums = np.asarray(bag @ table, dtype=np.float32)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    out = (sums / np.maximum(norms, 1e-12)).astype(np.float32)
    with _lock:
        stats["sentences"] += len(texts)
        stats["seconds"] += time.perf_counter() - t0
    return out
