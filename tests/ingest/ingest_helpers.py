"""Small helpers shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

from newstrace.ingest import iter_inputs
from newstrace.records import InputProblem, RawDocument


def read_all(*paths: Path) -> tuple[list[RawDocument], list[InputProblem]]:
    docs: list[RawDocument] = []
    problems: list[InputProblem] = []
    for item in iter_inputs(list(paths)):
        (docs if isinstance(item, RawDocument) else problems).append(item)  # type: ignore[arg-type]
    return docs, problems


def only_problem(path: Path) -> InputProblem:
    docs, problems = read_all(path)
    assert not docs, [d.source for d in docs]
    assert len(problems) == 1, problems
    return problems[0]
