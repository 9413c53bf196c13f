"""One schema per record kind: a record's dataclass definition drives its table row, its
export record, the Arrow schema of its Parquet export and, through that, its CSV columns.

A field is described by its type annotation and, where storage or export differ from the
plain case, by ``field(metadata=col(...))``:

- ``column="name"``: the table column (default: the field's name);
- ``json=True``: stored as JSON text (lists, nested records, free-form dicts);
- ``flatten=True``: a nested record stored as columns ``{column}_{its column}`` (a nested
  column named ``""`` is ``{column}`` itself: ``Count.value`` -> ``fatalities``);
- ``export=False`` / ``store=False``: kept out of the export record / the table row.

Export records list the exported fields in the dataclass's field order (INTERFACE.md's
order). The migrations stay explicit SQL per dialect (``store/migrations/``); a test checks
each record's columns against its table. Types: ``str``, ``int``, ``float``, ``bool``,
``Literal[...]`` of strings, ``X | None``, ``list[...]``/``tuple[...]`` of those or of
records, nested records, and ``dict[str, Any]`` (stored and exported as JSON text).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Union

if typing.TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Col:
    column: str | None = None
    json: bool = False
    flatten: bool = False
    export: bool = True
    store: bool = True


_KEY = "newstrace"


def col(
    column: str | None = None, *, json: bool = False, flatten: bool = False, export: bool = True, store: bool = True
) -> dict[str, Col]:
    """Field metadata: ``field(default=None, metadata=col("dateline_json", json=True))``."""
    return {_KEY: Col(column, json, flatten, export, store)}


@dataclass(frozen=True, slots=True)
class FieldInfo:
    name: str
    type: Any  # the annotation, resolved
    spec: Col
    default: Callable[[], Any]  # what a row's NULL becomes when the type does not allow None

    @property
    def column(self) -> str:
        return self.spec.column if self.spec.column is not None else self.name


_FIELDS: dict[type, tuple[FieldInfo, ...]] = {}


def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    got = _FIELDS.get(cls)
    if got is None:
        hints = typing.get_type_hints(cls)
        got = _FIELDS[cls] = tuple(
            FieldInfo(f.name, hints[f.name], f.metadata.get(_KEY, Col()), _default(f))
            for f in dataclasses.fields(cls)
        )
    return got


def _default(f: dataclasses.Field[Any]) -> Callable[[], Any]:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory
    value = None if f.default is dataclasses.MISSING else f.default
    return lambda: value


def _strip_optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


# -- export records -------------------------------------------------------------------------
def to_record(obj: Any) -> dict[str, Any]:
    """The export record of a dataclass instance: exported fields in field order, nested
    records as dicts, tuples as lists."""
    return {f.name: _plain(getattr(obj, f.name), export=True) for f in fields_of(type(obj)) if f.spec.export}


def _plain(value: Any, *, export: bool) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fs = fields_of(type(value))
        return {f.name: _plain(getattr(value, f.name), export=export) for f in fs if (f.spec.export if export else f.spec.store)}
    if isinstance(value, (list, tuple, frozenset)):
        return [_plain(v, export=export) for v in value]
    return value


# -- table rows -----------------------------------------------------------------------------
def to_row(obj: Any) -> dict[str, Any]:
    """The table row of a record: stored fields, JSON where declared, nested records
    flattened into prefixed columns."""
    row: dict[str, Any] = {}
    for f in fields_of(type(obj)):
        if f.spec.store:
            _put(row, f, getattr(obj, f.name))
    return row


def _put(row: dict[str, Any], f: FieldInfo, value: Any) -> None:
    if f.spec.json:
        row[f.column] = None if value is None else json.dumps(_plain(value, export=False), ensure_ascii=False, default=str)
    elif f.spec.flatten:
        inner, _ = _strip_optional(f.type)
        for sub in fields_of(inner):
            if sub.spec.store:
                name = f"{f.column}_{sub.column}" if sub.column else f.column
                _put(row, dataclasses.replace(sub, spec=dataclasses.replace(sub.spec, column=name)),
                     None if value is None else getattr(value, sub.name))
    elif isinstance(value, bool):
        row[f.column] = int(value)
    else:
        row[f.column] = value


def columns(cls: type) -> list[str]:
    """The table columns a record kind writes, in field order."""
    out: list[str] = []
    for f in fields_of(cls):
        if not f.spec.store:
            continue
        if f.spec.flatten and not f.spec.json:
            inner, _ = _strip_optional(f.type)
            out.extend(f"{f.column}_{c}" if c else f.column for c in columns(inner))
        else:
            out.append(f.column)
    return out


def from_row(cls: type, row: dict[str, Any]) -> Any:
    """The record a table row holds (the inverse of ``to_row``; fields not stored take
    their defaults)."""
    kwargs = {}
    for f in fields_of(cls):
        if f.spec.store:
            kwargs[f.name] = _get(row, f)
    return cls(**kwargs)


def _get(row: dict[str, Any], f: FieldInfo) -> Any:
    tp, optional = _strip_optional(f.type)
    if f.spec.json:
        raw = row.get(f.column)
        if raw is None:
            return None if optional else (f.default() if f.default() is not None else _empty(tp))
        return _build(tp, json.loads(raw))
    if f.spec.flatten:
        sub = {}
        present = False
        for s in fields_of(tp):
            if s.spec.store:
                name = f"{f.column}_{s.column}" if s.column else f.column
                sub[s.name] = _get({**row, name: row.get(name)}, dataclasses.replace(s, spec=dataclasses.replace(s.spec, column=name)))
                present = present or row.get(name) is not None
        return tp(**sub) if present or not optional else None
    value = row.get(f.column)
    if value is None and not optional:
        return f.default()
    return _scalar(tp, value)


def _scalar(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    if tp is bool:
        return bool(value)
    if tp is int:
        return int(value)
    if tp is float:
        return float(value)
    return value


def _empty(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        return origin()
    if origin is dict or tp is dict:
        return {}
    return None


def _build(tp: Any, value: Any) -> Any:
    """A JSON value as the annotated type (records rebuilt from their dicts)."""
    tp, _ = _strip_optional(tp)
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if _is_record(tp):
        names = {f.name: f for f in fields_of(tp)}
        return tp(**{k: _build(names[k].type, v) for k, v in value.items() if k in names})
    if origin in (list, tuple, frozenset):
        inner = typing.get_args(tp)[0] if typing.get_args(tp) else Any
        items = [_build(inner, v) for v in value]
        return origin(items) if origin is not list else items
    return value


# -- Arrow schema (Parquet) and CSV columns ----------------------------------------------------
def arrow_schema(cls: type) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([pa.field(f.name, _arrow(f.type)) for f in fields_of(cls) if f.spec.export])


def _arrow(tp: Any) -> pa.DataType:
    import pyarrow as pa

    tp, _ = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if tp is str or origin is Literal:
        return pa.string()
    if tp is bool:
        return pa.bool_()
    if tp is int:
        return pa.int64()
    if tp is float:
        return pa.float64()
    if origin in (list, tuple, frozenset):
        return pa.list_(_arrow(typing.get_args(tp)[0]))
    if origin is dict or tp is dict:
        return pa.string()
    if _is_record(tp):
        return pa.struct([pa.field(f.name, _arrow(f.type)) for f in fields_of(tp) if f.spec.export])
    raise TypeError(f"no Arrow type for {tp!r}: use str, int, float, bool, lists or records")
