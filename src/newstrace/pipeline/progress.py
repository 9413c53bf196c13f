"""Progress: a Rich bar on a terminal, plain log lines otherwise (CI, pipes, files)."""

from __future__ import annotations

import sys
import time
from typing import Any


class ProgressReporter:
    def __init__(self, *, enabled: bool = True, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self._rich: Any = None
        self._tasks: dict[str, Any] = {}
        self._last_log: dict[str, float] = {}
        if self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._rich = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            self._rich.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Report ``done`` of ``total`` (total 0 = unknown) for a stage."""
        if not self.enabled:
            return
        if self._rich is not None:
            if stage not in self._tasks:
                self._tasks[stage] = self._rich.add_task(stage, total=total or None)
            self._rich.update(self._tasks[stage], completed=done, total=total or None)
            return
        now = time.monotonic()
        finished = total and done >= total
        if finished or now - self._last_log.get(stage, 0.0) >= 5.0 or stage not in self._last_log:
            self._last_log[stage] = now
            of = f"/{total}" if total else ""
            print(f"[newstrace] {stage}: {done}{of}", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        if self._rich is not None:
            self._rich.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
