"""Named precision/recall settings of the precision gate (data/events/gate_presets.yaml),
chosen with ``newstrace analyze --event-precision NAME`` or ``NEWSTRACE_EVENT_PRECISION``.

The CLI sets the environment variable so the stage reads the same preset in the main
process and in worker processes (local pool or Dask local cluster), like
``NEWSTRACE_EMBEDDINGS``."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache
from typing import Any

from newstrace.errors import UsageError
from newstrace.events.data import load_yaml
from newstrace.events.models import EventModels, EventSettings, shipped_models

ENV = "NEWSTRACE_EVENT_PRECISION"
FILE = "gate_presets.yaml"


class UnknownPreset(UsageError):
    code = "E019"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"unknown event precision {name!r} (--event-precision or {ENV}): use one of {', '.join(names())}."
        )


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data = load_yaml(FILE)
    known = {f for f in EventSettings.__dataclass_fields__}
    for name, p in data["presets"].items():
        unknown = set(p.get("settings") or {}) - known
        if unknown:  # a typo in the data file would silently change nothing
            raise ValueError(f"{FILE}: preset {name!r} sets unknown fields {sorted(unknown)}")
    return dict(data)


def names() -> list[str]:
    return list(_data()["presets"])


def default() -> str:
    return str(_data()["default"])


def descriptions() -> dict[str, str]:
    return {n: str(p["description"]) for n, p in _data()["presets"].items()}


def overrides(name: str) -> dict[str, Any]:
    """The EventSettings fields the preset sets (empty: the shipped settings)."""
    presets = _data()["presets"]
    if name not in presets:
        raise UnknownPreset(name)
    return dict(presets[name].get("settings") or {})


def check(name: str) -> str:
    overrides(name)
    return name


def from_env() -> str:
    """The preset named by ``NEWSTRACE_EVENT_PRECISION`` (unset or empty: the default);
    an unknown name raises ``UnknownPreset``."""
    value = os.environ.get(ENV, "").strip()
    return check(value or default())


def stage_version(base: str, name: str) -> str:
    """The events stage's version under a preset: the default keeps ``base`` (databases
    analysed before presets existed are not re-analysed); another preset adds its name, so
    a run with another preset re-runs the stage on analysed articles."""
    return base if name == default() else f"{base}+{name}"


@lru_cache(maxsize=8)
def preset_models(name: str) -> EventModels | None:
    """The shipped models with the preset's settings (a copy: the cached shipped models are
    never changed)."""
    models = shipped_models()
    changes = overrides(name)
    if models is None or not changes:
        return models
    return replace(models, settings=replace(models.settings, **changes))
