"""The ``problems`` export: INTERFACE v1.1 fields, plus ``unit`` and a short ``traceback``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newstrace import schema
from newstrace.problems.table import iter_problems
from newstrace.records import ProblemRecord
from newstrace.store.base import Store

PROBLEM_SCHEMA = schema.arrow_schema(ProblemRecord)


def export_problems(store: Store) -> Iterator[dict[str, Any]]:
    return iter_problems(store)


export_problems.arrow_schema = PROBLEM_SCHEMA  # type: ignore[attr-defined]
