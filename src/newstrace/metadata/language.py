"""Language identification with py3langid (its model ships inside the package: no
download at run time)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_CHARS = 20
# Enough text for a stable answer; the whole of a long article is slower, not better.
SAMPLE_CHARS = 1200


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text.strip()[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else None
