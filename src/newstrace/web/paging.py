"""Keyset paging: each page starts after (or ends before) the sort key of a row, so page
1,000 costs what page 1 costs and a list that changes under the reader never repeats or
skips rows. The key travels in the link as an opaque cursor."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newstrace.store.base import Store

MAX_PAGE = 200
DEFAULT_PAGE = 50
MAX_CURSOR = 2000  # characters: a cursor holds a few sort values, never more


class BadParameter(ValueError):
    """A query-string value the app cannot use (answered with 400 and this message)."""


@dataclass(frozen=True, slots=True)
class SortKey:
    expr: str  # an SQL expression from code, never from input
    desc: bool = False


@dataclass(slots=True)
class Page:
    items: list[Any]
    limit: int
    total: int | None = None
    next_cursor: str | None = None  # pass as after= for the next page
    prev_cursor: str | None = None  # pass as before= for the previous page
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None


def clamp_limit(limit: int | None) -> int:
    return min(max(1, int(limit or DEFAULT_PAGE)), MAX_PAGE)


def encode(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, n: int) -> list[Any]:
    if len(cursor) > MAX_CURSOR:
        raise BadParameter("the page link is too long: go back to the first page.")
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadParameter("the page link is damaged: go back to the first page.") from None
    if not isinstance(values, list) or len(values) != n or not all(isinstance(v, str | int | float) for v in values):
        raise BadParameter("the page link does not fit this list: go back to the first page.")
    return values


def _after(keys: Sequence[SortKey], values: Sequence[Any], backwards: bool) -> tuple[str, list[Any]]:
    """Rows strictly after ``values`` in the order of ``keys`` (before, if ``backwards``):
    (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ..., each > flipped for descending keys."""
    ors: list[str] = []
    params: list[Any] = []
    for i, key in enumerate(keys):
        ands = []
        for prev, v in zip(keys[:i], values[:i], strict=False):
            ands.append(f"{prev.expr} = ?")
            params.append(v)
        greater = key.desc == backwards
        ands.append(f"{key.expr} {'>' if greater else '<'} ?")
        params.append(values[i])
        ors.append("(" + " AND ".join(ands) + ")")
    return "(" + " OR ".join(ors) + ")", params


def keyset_page(
    store: Store,
    *,
    select: str,
    from_: str,
    where: tuple[str, Sequence[Any]] = ("1=1", ()),
    group_by: str | None = None,
    having: str | None = None,
    keys: Sequence[SortKey],
    limit: int,
    after: str | None = None,
    before: str | None = None,
    count: bool = True,
    count_from: str | None = None,
) -> Page:
    """One page of ``SELECT select FROM from_ WHERE where [GROUP BY ...]`` in ``keys`` order.

    ``select`` must not name columns ``_k0``, ``_k1``...: the sort values are selected
    under those names to build the cursors. With ``group_by``, keys may be aggregates
    (the cursor condition goes into HAVING). ``count_from``: a narrower FROM giving the
    same number of rows under ``where`` (the joins that only fetch columns left out)."""
    limit = clamp_limit(limit)
    backwards = before is not None and after is None
    cursor = after if after is not None else before
    cond, params = where[0], list(where[1])
    havings: list[str] = [having] if having else []
    hparams: list[Any] = []
    if cursor is not None:
        kcond, kparams = _after(keys, decode(cursor, len(keys)), backwards)
        if group_by:
            havings.append(kcond)
            hparams = kparams
        else:
            cond = f"({cond}) AND {kcond}"
            params = [*params, *kparams]
    order = ", ".join(f"{k.expr} {'DESC' if k.desc != backwards else 'ASC'}" for k in keys)
    key_cols = ", ".join(f"{k.expr} AS _k{i}" for i, k in enumerate(keys))
    sql = f"SELECT {select}, {key_cols} FROM {from_} WHERE {cond}"  # noqa: S608 - fragments from code
    if group_by:
        sql += f" GROUP BY {group_by}"
        if havings:
            sql += " HAVING " + " AND ".join(havings)
    rows = store.query(f"{sql} ORDER BY {order} LIMIT ?", [*params, *hparams, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if backwards:
        rows.reverse()

    def key_of(row: dict[str, Any]) -> str:
        return encode([row[f"_k{i}"] for i in range(len(keys))])

    page = Page([{k: v for k, v in r.items() if not k.startswith("_k")} for r in rows], limit)
    if rows:
        has_later = more if not backwards else True
        has_earlier = (cursor is not None) if not backwards else more
        page.next_cursor = key_of(rows[-1]) if has_later else None
        page.prev_cursor = key_of(rows[0]) if has_earlier else None
    elif cursor is not None:
        # Past the end (or before the start): offer the way back.
        page.prev_cursor = cursor if not backwards else None
        page.next_cursor = cursor if backwards else None
    if count:
        base = f"SELECT 1 FROM {count_from or from_} WHERE {where[0]}"  # noqa: S608
        if group_by:
            base += f" GROUP BY {group_by}" + (f" HAVING {having}" if having else "")
        page.total = int(store.query(f"SELECT COUNT(*) AS n FROM ({base}) t", list(where[1]))[0]["n"])  # noqa: S608
    return page
