"""Loading the events data files (src/newstrace/data/events/) once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "events"


@cache
def load_yaml(name: str) -> Any:
    """One YAML file of the package's events data folder, parsed (safe loader only)."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def taxonomy() -> dict[str, dict[str, str]]:
    """CASE label -> {"type": ACLED event type, "subtype": ACLED sub-event type}."""
    return load_yaml("taxonomy.yaml")
