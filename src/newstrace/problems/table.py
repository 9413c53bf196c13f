"""The ``problems`` table: record what failed, and clear it when a later attempt succeeds.

A problem is identified by its *place*: (stage, source, article, unit), and for ``read``
problems also the reason (one file can hold many unreadable records). Seeing the same place
fail again updates ``last_seen``, the error, message and traceback; ``first_seen`` is kept.

When a problem is cleared (each attempt settles its own scope):
- per-document work (``read`` and the ``INGEST_STAGES``): a run settles every PATH it was
  given; a problem under one of them that this run did not see again is gone (the file was
  read and processed, was fixed, or was removed);
- a per-article stage (and ``nlp``): settled with the article's transaction; the stages the
  run attempted on that article and did not fail on lose their problems;
- a corpus stage: when it runs to its end, its problems not seen in this run are gone; when
  it raises as a whole, its older per-unit problems stay (they were not re-examined).
Problems of articles that no longer exist (a document replaced by a version with fewer
parts) are dropped at the end of ingest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from newstrace import schema
from newstrace.ingest.names import display_name
from newstrace.records import Problem, ProblemRecord
from newstrace.store.base import Store

# Stages of the per-document phase (before anything is stored for the document).
INGEST_STAGES = ("read", "extract", "clean", "split", "metadata", "document", "store")

COLUMNS = tuple(schema.columns(ProblemRecord))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def place_of(p: Problem) -> str:
    parts = [p.stage, p.source, p.article_id or "", p.unit or ""]
    if p.stage == "read":
        parts.append(p.message)
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:24]


_UPSERT = (
    "INSERT INTO problems (place, stage, source, article_id, unit, input_path, error, message, "
    "traceback, first_seen, last_seen, seen_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (place) DO UPDATE SET error = excluded.error, message = excluded.message, "
    "traceback = excluded.traceback, input_path = excluded.input_path, "
    "last_seen = excluded.last_seen, seen_run = excluded.seen_run"
)


def _safe(value: str | None) -> str | None:
    return None if value is None else display_name(value)


def record(store: Store, problems: Iterable[Problem], run_id: str) -> int:
    """Upsert problems; returns how many."""
    t = now()
    rows = [
        # A problem is often about text the database refused (e.g. a lone surrogate in a
        # file name): stored escaped, or recording it would fail the same way.
        [place_of(p), *(_safe(v) for v in (p.stage, p.source, p.article_id, p.unit, p.input_path,
                                           p.error, p.message, p.traceback)), t, t, run_id]
        for p in problems
    ]
    if rows:
        store.executemany(_UPSERT, rows)
    return len(rows)


def settle_article(store: Store, article_id: str, stages: Sequence[str], run_id: str) -> None:
    """Clear the problems of ``stages`` on this article that this run did not see again."""
    if not stages:
        return
    marks = ", ".join("?" for _ in stages)
    store.execute(
        f"DELETE FROM problems WHERE article_id = ? AND stage IN ({marks}) AND seen_run <> ?",  # noqa: S608 - placeholders only
        [article_id, *stages, run_id],
    )


def settle_corpus_stage(store: Store, stage: str, run_id: str) -> None:
    store.execute("DELETE FROM problems WHERE stage = ? AND seen_run <> ?", [stage, run_id])


def settle_inputs(store: Store, roots: Iterable[str], run_id: str) -> None:
    """Clear per-document problems under the PATH arguments of a run that no longer sees them."""
    marks = ", ".join("?" for _ in INGEST_STAGES)
    for root in roots:
        prefix = root.rstrip("/") + "/"
        # substr instead of LIKE: a path may contain % or _.
        store.execute(
            f"DELETE FROM problems WHERE stage IN ({marks}) AND seen_run <> ? "  # noqa: S608 - placeholders only
            "AND (input_path = ? OR substr(input_path, 1, ?) = ?)",
            [*INGEST_STAGES, run_id, root, len(prefix), prefix],
        )
    store.execute(
        "DELETE FROM problems WHERE article_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = problems.article_id)"
    )


def count(store: Store) -> int:
    return store.count("problems")


def iter_problems(store: Store) -> Iterator[dict[str, Any]]:
    """The ``problems`` export (INTERFACE v1.1 fields, plus ``unit`` and ``traceback``)."""
    for r in store.iter_rows("problems", order_by="source, stage, place"):
        yield schema.from_row(ProblemRecord, r).to_dict()
