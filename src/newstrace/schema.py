"""One schema per record kind: a record's dataclass definition drives its table row, its
export record, the Arrow schema of its Parquet export and, through that, its CSV columns.

A field is described by its type annotation and, where storage or export differ from the
plain case, by ``field(metadata=col(...))``:

- ``column="name"``: the table column (default: the field's name);
- ``json=True``: stored as JSON text (lists, nested records, free-form dicts);
- ``flatten=True``: a nested record stored as columns ``{column}_{its column}`` (a nested
  column named ``""`` is ``{column}`` itself: ``Count.value`` -> ``fatalities``);
- ``export=False`` / ``store=False``: kept out of the export record / the table row (a
  field derived from others is ``field(init=False, metadata=col(store=False))``, set in
  ``__post_init__``: exported, never stored; events' ``period``).

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

Row = dict[str, Any]
Reader = Callable[[Row], Any]
Writer = Callable[[Row, Any], None]
Convert = Callable[[Any], Any]


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
    type: Any  # the annotation, resolved, without ``| None``
    optional: bool
    spec: Col
    default: Callable[[], Any]  # what a row's NULL becomes when the type does not allow None

    @property
    def column(self) -> str:
        return self.spec.column if self.spec.column is not None else self.name


def _strip_optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _default(f: dataclasses.Field[Any]) -> Callable[[], Any]:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory
    value = None if f.default is dataclasses.MISSING else f.default
    return lambda: value


_FIELDS: dict[type, tuple[FieldInfo, ...]] = {}


def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    got = _FIELDS.get(cls)
    if got is None:
        hints = typing.get_type_hints(cls)
        infos = []
        for f in dataclasses.fields(cls):
            tp, optional = _strip_optional(hints[f.name])
            infos.append(FieldInfo(f.name, tp, optional, f.metadata.get(_KEY, Col()), _default(f)))
        got = _FIELDS[cls] = tuple(infos)
    return got


# -- compiled codecs: the reflection above runs once per record kind ---------------------------
@dataclass(frozen=True, slots=True)
class _Codec:
    columns: tuple[str, ...]
    writers: tuple[Writer, ...]
    readers: tuple[tuple[str, Reader], ...]
    exported: tuple[tuple[str, Convert | None], ...]
    stored_plain: tuple[tuple[str, Convert | None], ...]


_CODECS: dict[tuple[type, str], _Codec] = {}


def _codec(cls: type, prefix: str = "") -> _Codec:
    """How ``cls`` maps to columns named ``{prefix}{column}`` (flattened records nest)."""
    key = (cls, prefix)
    got = _CODECS.get(key)
    if got is None:
        got = _CODECS[key] = _compile(cls, prefix)
    return got


def _compile(cls: type, prefix: str) -> _Codec:
    columns: list[str] = []
    writers: list[Writer] = []
    readers: list[tuple[str, Reader]] = []
    for f in fields_of(cls):
        if not f.spec.store:
            continue
        name = f"{prefix}{f.column}" if f.column else prefix.rstrip("_")
        if f.spec.flatten and not f.spec.json:
            inner = _codec(f.type, name + "_")
            columns.extend(inner.columns)
            writers.append(_flat_writer(f.name, inner))
            readers.append((f.name, _flat_reader(f, inner)))
        else:
            columns.append(name)
            writers.append(_json_writer(f.name, name) if f.spec.json else _scalar_writer(f.name, name))
            readers.append((f.name, _json_reader(f, name) if f.spec.json else _scalar_reader(f, name)))
    fs = fields_of(cls)
    return _Codec(
        tuple(columns), tuple(writers), tuple(readers),
        tuple((f.name, _plain_of(f.type, export=True)) for f in fs if f.spec.export),
        tuple((f.name, _plain_of(f.type, export=False)) for f in fs if f.spec.store),
    )


def _scalar_writer(attr: str, column: str) -> Writer:
    def write(row: Row, obj: Any) -> None:
        v = getattr(obj, attr)
        row[column] = int(v) if isinstance(v, bool) else v

    return write


def _json_writer(attr: str, column: str) -> Writer:
    def write(row: Row, obj: Any) -> None:
        v = getattr(obj, attr)
        row[column] = None if v is None else json.dumps(_plain(v, export=False), ensure_ascii=False, default=str)

    return write


def _flat_writer(attr: str, inner: _Codec) -> Writer:
    def write(row: Row, obj: Any) -> None:
        v = getattr(obj, attr)
        if v is None:
            row.update(dict.fromkeys(inner.columns))
        else:
            for w in inner.writers:
                w(row, v)

    return write


_SCALARS: dict[Any, Convert] = {int: int, float: float, bool: bool}


def _scalar_reader(f: FieldInfo, column: str) -> Reader:
    conv = _SCALARS.get(f.type)
    default, optional = f.default, f.optional

    def read(row: Row) -> Any:
        v = row.get(column)
        if v is None:
            return None if optional else default()
        return conv(v) if conv is not None else v

    return read


def _json_reader(f: FieldInfo, column: str) -> Reader:
    build = _builder(f.type)
    default, optional = f.default, f.optional

    def read(row: Row) -> Any:
        raw = row.get(column)
        if raw is None:
            return None if optional else default()
        v = json.loads(raw)
        return build(v) if build is not None else v

    return read


def _flat_reader(f: FieldInfo, inner: _Codec) -> Reader:
    cls, optional, cols = f.type, f.optional, inner.columns

    def read(row: Row) -> Any:
        if optional and all(row.get(c) is None for c in cols):
            return None
        return cls(**{name: r(row) for name, r in inner.readers})

    return read


def _builder(tp: Any) -> Convert | None:
    """JSON value -> the annotated type (records rebuilt from their dicts); None: as is."""
    tp, optional = _strip_optional(tp)
    origin = typing.get_origin(tp)
    build: Convert | None = None
    if _is_record(tp):
        subs = {f.name: _builder(f.type) for f in fields_of(tp)}
        cls = tp

        def build(d: Any) -> Any:
            kwargs = {}
            for k, v in d.items():
                if k in subs:  # keys a newer version wrote and this one does not know: skipped
                    b = subs[k]
                    kwargs[k] = b(v) if b is not None and v is not None else v
            return cls(**kwargs)
    elif origin in (list, tuple, frozenset):
        args = typing.get_args(tp)
        inner = _builder(args[0]) if args else None
        make: Callable[[Any], Any] = list if origin is list else origin

        def build(vs: Any) -> Any:
            return make(vs if inner is None else [inner(v) for v in vs])
    if build is None or not optional:
        return build
    base = build
    return lambda v: None if v is None else base(v)


def _plain_of(tp: Any, *, export: bool) -> Convert | None:
    """How a field's value becomes plain data (dicts and lists); None: as is."""
    origin = typing.get_origin(tp)
    if _is_record(tp):
        return _plainer(tp, export)
    if origin in (list, tuple, frozenset):
        args = typing.get_args(tp)
        inner_tp = _strip_optional(args[0])[0] if args else Any
        if _is_record(inner_tp):
            inner = _plainer(inner_tp, export)
            return lambda vs: [inner(x) for x in vs]
        return list
    return None


_PLAINERS: dict[tuple[type, bool], Convert] = {}


def _plainer(cls: type, export: bool) -> Convert:
    """``obj -> dict`` for one record kind, compiled once (lazily: records may nest)."""
    key = (cls, export)
    got = _PLAINERS.get(key)
    if got is None:
        fields: tuple[tuple[str, Convert | None], ...] | None = None

        def plain(obj: Any) -> dict[str, Any]:
            nonlocal fields
            if fields is None:
                c = _codec(cls)
                fields = c.exported if export else c.stored_plain
            out = {}
            for name, conv in fields:
                v = getattr(obj, name)
                out[name] = conv(v) if conv is not None and v is not None else v
            return out

        got = _PLAINERS[key] = plain
    return got


def _plain(obj: Any, *, export: bool) -> Any:
    if isinstance(obj, (list, tuple, frozenset)):
        return [_plain(x, export=export) for x in obj]
    if not dataclasses.is_dataclass(obj):
        return obj
    return _plainer(type(obj), export)(obj)


# -- the public functions -----------------------------------------------------------------------
def to_record(obj: Any) -> dict[str, Any]:
    """The export record: exported fields in field order, nested records as dicts, tuples as
    lists."""
    out: dict[str, Any] = _plainer(type(obj), True)(obj)
    return out


def to_row(obj: Any) -> Row:
    """The table row: stored fields, JSON where declared, nested records flattened."""
    row: Row = {}
    for w in _codec(type(obj)).writers:
        w(row, obj)
    return row


def columns(cls: type) -> list[str]:
    """The table columns a record kind writes, in field order."""
    return list(_codec(cls).columns)


def from_row(cls: type, row: Row) -> Any:
    """The record a table row holds (the inverse of ``to_row``; fields not stored take their
    defaults)."""
    return cls(**{name: read(row) for name, read in _codec(cls).readers})


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
