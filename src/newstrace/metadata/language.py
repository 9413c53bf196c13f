"""Language identification. (Minimal first version.)"""

from __future__ import annotations


def detect_language(text: str) -> str | None:
    return None
