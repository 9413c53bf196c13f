"""Split a page holding several stories. (Minimal first version: one story.)"""

from __future__ import annotations


def split_stories(text: str) -> list[str]:
    return [text]
