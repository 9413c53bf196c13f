"""Load a Python file as a module: another benchmark, a test helper, or an older version of a
stage's module run as the peer (benchmarks are scripts, not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any


def load_file(name: str, path: str | Path, register: bool = False) -> Any:
    """The module in ``path`` under ``name``; ``register`` puts it in ``sys.modules`` first
    (needed when the file's dataclasses or pickled objects look their module up by name)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
