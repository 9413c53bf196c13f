"""Inputs passed over on purpose (hidden files, unknown extensions, symlinks that leave the
input folder): not problems, but counted in the run summary and listed with ``--verbose``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

HIDDEN = "hidden"
UNKNOWN_EXTENSION = "unknown extension"
SYMLINK_OUTSIDE = "symlink leaving the input folder (--follow-symlinks to read it)"
LINKED_FOLDER = "linked folder not followed (--follow-symlinks to read it)"
LOOP = "linked folder already read (a loop)"

# Paths kept per reason for --verbose; the counts are always complete.
KEEP_PATHS = 1000


@dataclass
class Skipped:
    counts: Counter[str] = field(default_factory=Counter)
    paths: dict[str, list[str]] = field(default_factory=dict)

    def add(self, reason: str, path: str) -> None:
        self.counts[reason] += 1
        kept = self.paths.setdefault(reason, [])
        if len(kept) < KEEP_PATHS:
            kept.append(path)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def phrase(self) -> str:
        """'3 hidden, 2 unknown extension' (empty when nothing was skipped)."""
        return ", ".join(f"{n} {reason.split(' (')[0]}" for reason, n in sorted(self.counts.items()))

    def lines(self) -> list[str]:
        out: list[str] = []
        for reason in sorted(self.paths):
            out.extend(f"skipped ({reason}): {p}" for p in self.paths[reason])
            more = self.counts[reason] - len(self.paths[reason])
            if more > 0:
                out.append(f"skipped ({reason}): ... and {more} more")
        return out
