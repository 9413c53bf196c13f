"""Language identification with py3langid (its model ships inside the package: offline)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Too little text gives a guess, not an identification.
MIN_CHARS = 20
# langid's normalised probability below which the answer is withheld.
MIN_CONFIDENCE = 0.5
_SAMPLE_CHARS = 5000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when unsure or too short."""
    sample = text[:_SAMPLE_CHARS].strip()
    if len(sample) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= MIN_CONFIDENCE else None
