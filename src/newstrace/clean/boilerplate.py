"""Line-level boilerplate removal. (Minimal first version.)"""

from __future__ import annotations


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    return text, []
