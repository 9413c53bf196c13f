"""Catch an exception for one unit of work, turn it into a ``Problem``, and go on.

Two ways in, both one line at the call site:

- ``with log.capture("entities", source=..., article_id=...) as c:`` where the caller holds
  a ``ProblemLog`` (the per-article worker, the ingest worker, the corpus-stage runner);
  ``c.failed`` tells the caller not to use what the block was computing.
- ``with guard(unit="pair a b"):`` inside a corpus stage's own loop: it records into the log
  the runner made active for that stage. Outside a run (a stage called directly, e.g. by a
  unit test or an evaluation) there is no active log and the exception propagates unchanged,
  so bugs stay visible where nobody collects problems.
"""

from __future__ import annotations

import logging
import traceback as tb
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field

from newstrace.records import Problem

log = logging.getLogger(__name__)

# Short enough to scan in a table, long enough to find the line that raised.
TRACEBACK_FRAMES = 6
TRACEBACK_CHARS = 4000
MESSAGE_CHARS = 1000


def short_traceback(exc: BaseException) -> str:
    text = "".join(tb.format_exception(type(exc), exc, exc.__traceback__, limit=-TRACEBACK_FRAMES))
    return text if len(text) <= TRACEBACK_CHARS else "…" + text[-TRACEBACK_CHARS:]


def problem_from(
    exc: BaseException,
    *,
    stage: str,
    source: str = "",
    article_id: str | None = None,
    unit: str | None = None,
    input_path: str | None = None,
) -> Problem:
    message = str(exc) or type(exc).__name__
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + "…"
    return Problem(
        stage=getattr(exc, "newstrace_stage", None) or stage,
        source=source,
        error=type(exc).__name__,
        message=message,
        article_id=article_id,
        unit=unit,
        input_path=input_path,
        traceback=short_traceback(exc),
    )


def mark_stage(exc: BaseException, stage: str) -> None:
    """Name the step an exception escaped from (the innermost one wins), so a failure inside
    ``process_document`` is reported as ``metadata`` rather than ``document``."""
    if getattr(exc, "newstrace_stage", None) is None:
        # An exception type without a __dict__ keeps the outer name.
        with suppress(AttributeError):
            exc.newstrace_stage = stage  # type: ignore[attr-defined]


@contextmanager
def step(stage: str) -> Iterator[None]:
    try:
        yield
    except Exception as e:
        mark_stage(e, stage)
        raise


@dataclass
class Capture:
    """What one ``capture`` block did: ``failed`` is True when it raised."""

    failed: bool = False
    problem: Problem | None = None


@dataclass
class ProblemLog:
    """Problems found in one unit of a run (a document, a batch, a corpus stage).

    Picklable, so worker processes hand it back with their results.
    """

    items: list[Problem] = field(default_factory=list)
    # For ``guard`` inside corpus stages: the stage the runner is executing.
    stage: str = ""

    @contextmanager
    def capture(
        self,
        stage: str,
        *,
        source: str = "",
        article_id: str | None = None,
        unit: str | None = None,
        input_path: str | None = None,
    ) -> Iterator[Capture]:
        c = Capture()
        try:
            yield c
        except Exception as e:  # noqa: BLE001 - the point: one unit's failure is recorded, the run goes on
            c.failed = True
            c.problem = problem_from(
                e, stage=stage, source=source, article_id=article_id, unit=unit, input_path=input_path
            )
            self.items.append(c.problem)
            log.debug("%s", c.problem, exc_info=True)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def __len__(self) -> int:
        return len(self.items)


_ACTIVE: ContextVar[ProblemLog | None] = ContextVar("newstrace_problem_log", default=None)


@contextmanager
def collecting(problems: ProblemLog) -> Iterator[ProblemLog]:
    """Make ``problems`` the log that ``guard`` records into for the duration."""
    token = _ACTIVE.set(problems)
    try:
        yield problems
    finally:
        _ACTIVE.reset(token)


@contextmanager
def guard(*, unit: str, source: str = "", article_id: str | None = None) -> Iterator[Capture]:
    """Inside a corpus stage: record and skip one unit (a pair, a story, a group) that raises.

    Propagates the exception when no run is collecting problems (see the module docstring).
    """
    active = _ACTIVE.get()
    if active is None:
        yield Capture()
        return
    with active.capture(active.stage or "corpus", source=source, article_id=article_id, unit=unit) as c:
        yield c
