"""Cheap limits applied to HTML before lxml sees it.

libxml2 checks each new attribute of an element against all earlier ones: a ``<p>`` with
100,000 attributes takes over two minutes to parse, inside C code where no Python time
limit can interrupt it (measured: docs/robustness.md). Tags that long are cut down here, in
linear time, to ``MAX_ATTRIBUTES`` attributes with values of at most ``MAX_VALUE_CHARS``.
Everything else passes through unchanged; the worker's time limit
(``pipeline/supervise.py``) bounds what these limits do not foresee.
"""

from __future__ import annotations

import itertools
import re

MAX_ATTRIBUTES = 256
MAX_VALUE_CHARS = 64 * 1024
# Only tags longer than this are examined (real pages: inline SVG paths, data-* JSON and
# srcset lists make a few thousand characters; the attribute check costs nothing below).
LONG_TAG = 4096

# A start tag with a long attribute section. ``[^<>]`` (not ``[^>]``) keeps the scan linear:
# runs between two angle brackets never overlap, so no character is scanned twice. The tag
# name is split off afterwards (``_NAME``): a name group inside the pattern backtracks over
# every "<" of minified JavaScript, quadratic in the run's length.
_LONG_TAG = re.compile(r"<([A-Za-z][^<>]{" + str(LONG_TAG) + r",})>")
_NAME = re.compile(r"[A-Za-z][^\s<>/]*")
_ATTR = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")


def _cut_tag(m: re.Match[str]) -> str:
    inner = m.group(1)
    # The longest name that leaves LONG_TAG characters of attributes.
    split = min(_NAME.match(inner).end(), len(inner) - LONG_TAG)  # type: ignore[union-attr]
    name, body = inner[:split], inner[split:]
    # One past the limit is enough to know the rest goes: never list 100,000 attributes.
    attrs = [a.group(0) for a in itertools.islice(_ATTR.finditer(body), MAX_ATTRIBUTES + 1)]
    if len(attrs) <= MAX_ATTRIBUTES and all(len(a) <= MAX_VALUE_CHARS for a in attrs):
        return m.group(0)
    kept = [a if len(a) <= MAX_VALUE_CHARS else _cut_value(a) for a in attrs[:MAX_ATTRIBUTES]]
    end = "/" if body.rstrip().endswith("/") else ""
    return f"<{name} {' '.join(kept)}{end}>"


def _cut_value(attr: str) -> str:
    quote = attr[-1] if attr[-1] in "\"'" else ""
    return attr[: MAX_VALUE_CHARS - 1] + quote


def tame_html(html: str) -> tuple[str, int]:
    """(the HTML with over-long tags cut down, how many tags were cut)."""
    if len(html) < LONG_TAG:
        return html, 0
    cut = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal cut
        out = _cut_tag(m)
        cut += out is not m.group(0)
        return out

    return _LONG_TAG.sub(replace, html), cut
