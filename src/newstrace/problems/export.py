"""The ``problems`` export: INTERFACE v1.1 fields, plus ``unit`` and a short ``traceback``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from newstrace.problems.table import COLUMNS, iter_problems
from newstrace.store.base import Store

PROBLEM_SCHEMA = pa.schema([(c, pa.string()) for c in COLUMNS])


def export_problems(store: Store) -> Iterator[dict[str, Any]]:
    return iter_problems(store)


export_problems.arrow_schema = PROBLEM_SCHEMA  # type: ignore[attr-defined]
