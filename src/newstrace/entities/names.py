"""Name normalisation shared by the registry, the stage and resolution."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form used as a lookup key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w' -]", " ", text.lower())
    text = re.sub(r"^(the)\s+", "", text.strip())
    return _SPACE.sub(" ", text).strip()


def tidy(name: str) -> str:
    return _SPACE.sub(" ", name).strip()
