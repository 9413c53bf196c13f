"""The shipped framing models (src/newstrace/models/framing/), checked against the hashes in
their metadata before use. ``newstrace train framing`` writes them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newstrace.errors import ModelMissing
from newstrace.framing.linear import LinearHeads
from newstrace.framing.neighbours import RoleNeighbours

MODEL_DIR = Path(str(resources.files("newstrace") / "models" / "framing"))
META_FILE = "framing.json"
# Component name -> what it scores; each is a LinearHeads pair of files (NAME.json/.npz).
COMPONENTS = ("techniques", "techniques_context", "genre", "frames", "main_role", "fine_roles", "salience")
NEIGHBOURS = "role_neighbours"  # the training mentions' vectors and roles (framing/neighbours.py)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class FramingModels:
    heads: dict[str, LinearHeads]
    meta: dict[str, Any] = field(default_factory=dict)
    neighbours: RoleNeighbours | None = None

    def get(self, name: str) -> LinearHeads | None:
        return self.heads.get(name)


def load_models(folder: Path = MODEL_DIR) -> FramingModels:
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise ModelMissing(
            f"the framing models are missing from {folder}: reinstall newstrace or run "
            "'newstrace train framing'"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for name, digest in meta.get("files", {}).items():
        path = folder / name
        if not path.is_file() or sha256(path) != digest:
            raise ModelMissing(
                f"framing model file {path} is missing or does not match the hash in {META_FILE}: "
                "reinstall newstrace or run 'newstrace train framing'"
            )
    heads = {c: LinearHeads.load(folder, c) for c in COMPONENTS if (folder / f"{c}.npz").is_file()}
    neighbours = RoleNeighbours.load(folder, NEIGHBOURS) if (folder / f"{NEIGHBOURS}.npz").is_file() else None
    return FramingModels(heads, meta, neighbours)


def models_shipped() -> bool:
    return (MODEL_DIR / META_FILE).is_file()


@cache
def shipped_models() -> FramingModels:
    """The package's models, loaded once per process."""
    return load_models()
