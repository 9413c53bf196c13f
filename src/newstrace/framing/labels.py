"""Label sets (data files in data/framing/): techniques, frames, genres, entity roles."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

_DIR = resources.files("newstrace") / "data" / "framing"


def _lines(name: str) -> tuple[str, ...]:
    text = (_DIR / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@cache
def techniques() -> tuple[str, ...]:
    """The 23 persuasion techniques of SemEval-2023 task 3 (subtask 3)."""
    return _lines("techniques.txt")


@cache
def frames() -> tuple[str, ...]:
    """The 14 frames of SemEval-2023 task 3 (subtask 2)."""
    return _lines("frames.txt")


@cache
def genres() -> tuple[str, ...]:
    return _lines("genres.txt")


@cache
def roles() -> dict[str, tuple[str, ...]]:
    """Main role -> its fine roles (SemEval-2025 task 10 subtask 1)."""
    data = yaml.safe_load((_DIR / "roles.yaml").read_text(encoding="utf-8"))
    return {str(k): tuple(str(v) for v in vs) for k, vs in data.items()}


@cache
def fine_roles() -> tuple[str, ...]:
    return tuple(f for fs in roles().values() for f in fs)


@cache
def main_role_of() -> dict[str, str]:
    return {f: main for main, fs in roles().items() for f in fs}


@cache
def ptc_map() -> dict[str, str | None]:
    """SemEval-2020 task 11 label -> SemEval-2023 technique (None: no single counterpart)."""
    data = yaml.safe_load((_DIR / "ptc_map.yaml").read_text(encoding="utf-8"))
    return {str(k): (str(v) if v else None) for k, v in data.items()}
