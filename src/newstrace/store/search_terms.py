"""What a user typed into a search box, parsed once for every backend's full-text syntax.

Words are kept as literal terms (operators in the input cannot reach the engine's query
language), a quoted phrase stays a phrase, a trailing ``*`` asks for a prefix, ``OR``
between terms is kept; everything else is an implicit AND.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newstrace.search.syntax import Node, Or

# Control characters (a NUL among them) make the engines raise; they are never search terms.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # one word or a phrase
    prefix: bool = False


OR = "OR"


def parse(user_query: str) -> list[Term | str]:
    """Terms and ``OR`` markers, never starting or ending with ``OR``."""
    user_query = _CONTROL.sub(" ", user_query)
    try:
        parts = shlex.split(user_query)
    except ValueError:
        parts = user_query.replace('"', " ").split()
    out: list[Term | str] = []
    for p in parts:
        if p == OR and out:
            if out[-1] != OR:
                out.append(OR)
            continue
        prefix = p.endswith("*")
        p = p.rstrip("*").replace('"', " ").strip()
        if p:
            out.append(Term(p, prefix))
    while out and out[-1] == OR:
        out.pop()
    return out


def any_of(nodes: Sequence[Node], compile_one: Callable[[Node], str]) -> str | None:
    """``nodes`` OR-ed together in one backend's query syntax (None when there are none)."""
    if not nodes:
        return None
    return compile_one(nodes[0] if len(nodes) == 1 else Or(tuple(nodes)))
