"""spaCy parses of training corpora kept on disk between runs (outside the repo), keyed
by the texts and the model version, so a stale parse is never reused."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


def cache_root() -> Path:
    """$NEWSTRACE_CACHE, else ~/.cache/newstrace."""
    return Path(os.environ.get("NEWSTRACE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "newstrace"))


def parse_cache_key(texts: list[str]) -> str:
    """A key for one set of texts under the installed spaCy model: a different model
    version or any edited text gives a different key, so a stale parse is never reused."""
    import spacy

    from newstrace.nlp.model import MAX_NLP_CHARS, MODEL_NAME, load_nlp

    nlp = load_nlp()
    h = hashlib.sha256()
    h.update(f"{MODEL_NAME}|{nlp.meta.get('version')}|spacy {spacy.__version__}|{MAX_NLP_CHARS}".encode())
    for t in texts:
        h.update(hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest())
    return h.hexdigest()[:24]


def parse_cached(texts: list[str], cache_dir: Path | None = None, label: str = "split") -> list[Doc]:
    """spaCy parses of ``texts``, cached as a DocBin in ``cache_dir`` (None: no cache)."""
    from spacy.tokens import DocBin

    from newstrace.nlp.model import load_nlp, parse_texts

    nlp = load_nlp()
    cache = cache_dir / f"{label}-{parse_cache_key(texts)}.spacy" if cache_dir is not None else None
    if cache is not None and cache.exists():
        try:
            docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        except (OSError, ValueError) as e:  # a truncated or foreign file: parse again
            log.warning("ignoring unreadable parse cache %s: %s", cache, e)
            docs = []
        if len(docs) == len(texts) and all(t.startswith(d.text) for d, t in zip(docs, texts, strict=True)):
            log.info("parses of %d texts read from %s", len(docs), cache)
            return docs
    log.info("parsing %d texts with spaCy (cached afterwards: %s)", len(texts), cache)
    docs = list(parse_texts(texts, batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        tmp = cache.with_suffix(".tmp")
        db.to_disk(tmp)
        tmp.replace(cache)  # atomic: an interrupted run leaves no half-written cache
    return docs
