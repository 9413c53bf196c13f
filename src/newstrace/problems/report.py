"""Problems as people read them: one line each after a run, a table for ``newstrace problems``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from newstrace.records import Problem

# After a run, at most this many problems are printed one per line; the rest are counted.
SHOW_AFTER_RUN = 40


def one_line(p: Problem) -> str:
    if p.stage == "read":
        where = p.source + (":" + p.unit.removeprefix("line ") if p.unit else "")
        return f"cannot read {where}: {p.message}"
    where = p.source or "the corpus"
    if p.unit:
        where += f" [{p.unit}]"
    return f"{p.stage} failed on {where}: {p.error}: {p.message}"


def run_lines(problems: Sequence[Problem], db: str) -> list[str]:
    lines = [one_line(p) for p in problems[:SHOW_AFTER_RUN]]
    if len(problems) > SHOW_AFTER_RUN:
        lines.append(
            f"... and {len(problems) - SHOW_AFTER_RUN} more: 'newstrace problems --db {db}' lists them all"
        )
    return lines


def counts_phrase(problems: Iterable[Problem]) -> str:
    """'3 problems (2 read, 1 claims)' or '0 problems'."""
    by_stage = Counter(p.stage for p in problems)
    n = sum(by_stage.values())
    if not n:
        return "0 problems"
    parts = ", ".join(f"{c} {s}" for s, c in sorted(by_stage.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{n} problem{'s' if n != 1 else ''} ({parts})"


_TABLE_COLUMNS = ("stage", "source", "unit", "error", "message", "last_seen")
_WIDTH = {"stage": 10, "source": 36, "unit": 18, "error": 18, "message": 60, "last_seen": 20}


def _cell(value: Any, width: int) -> str:
    text = " ".join(str(value or "").split())  # one line per problem, whatever the message
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: Sequence[dict[str, Any]]) -> str:
    """A plain fixed-width table (no colours: it is read in logs and pasted into issues)."""
    cols = [c for c in _TABLE_COLUMNS if c != "unit" or any(r.get("unit") for r in rows)]
    widths = {c: min(_WIDTH[c], max([len(c), *(len(_cell(r.get(c), _WIDTH[c])) for r in rows)])) for c in cols}
    out = ["  ".join(c.ljust(widths[c]) for c in cols).rstrip()]
    for r in rows:
        out.append("  ".join(_cell(r.get(c), widths[c]).ljust(widths[c]) for c in cols).rstrip())
    return "\n".join(out)


def as_json_lines(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
