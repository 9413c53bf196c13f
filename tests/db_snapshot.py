"""A writable copy of a test database (session fixtures' databases are shared: a test that
writes works on its own copy)."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_db(src: Path, dst: Path) -> Path:
    """``src`` copied to ``dst`` whole (its write-ahead log folded in first)."""
    from newstrace.store import open_store

    with open_store(str(src), create=False) as s:
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dst)
    return dst
