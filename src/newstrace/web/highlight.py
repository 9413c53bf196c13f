"""Turn article text plus offset spans into safe highlighted HTML.

Article text is hostile: every piece of it is escaped before any markup is added. The
text is cut at every span boundary. Each piece gets one element per layer covering it,
nested in a fixed layer order, so every layer keeps its own element: hiding one layer
(``.hl.off``) never removes another layer's marking from the same words, and overlapping
spans need no cross-nesting. A span with ``href`` (a reused passage) is a link; a span
with ``tag`` shows it as a small label inside its layer's element (hidden with the layer).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class HSpan:
    start: int
    end: int
    kind: str  # the layer's CSS class, e.g. "mention", "claim-content"
    label: str = ""  # shown as a tooltip (escaped)
    anchor: str = ""  # element id of the first piece, for links to this span
    href: str = ""  # a link from these words (an app path, built by code)
    tag: str = ""  # a visible label before the span's first word (escaped), e.g. a technique's name


_KIND = re.compile(r"^[a-z][a-z0-9-]*$")


def highlight(text: str, spans: Iterable[HSpan], order: Sequence[str] = ()) -> Markup:
    """``order``: layer kinds outermost first (others follow, sorted)."""
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n and _KIND.match(s.kind)]
    if not valid:
        return escape(text)
    rank = {k: i for i, k in enumerate(order)}
    cuts = sorted({0, n, *(s.start for s in valid), *(s.end for s in valid)})
    by_start = sorted(valid, key=lambda s: (s.start, -s.end))
    active: list[HSpan] = []
    anchored: set[str] = set()
    out: list[str] = []
    i = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        while i < len(by_start) and by_start[i].start <= a:
            active.append(by_start[i])
            i += 1
        active = [s for s in active if s.end > a]
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        kinds = sorted({s.kind for s in active}, key=lambda k: (rank.get(k, len(rank)), k))
        opened: list[str] = []
        for kind in kinds:
            mine = [s for s in active if s.kind == kind]
            labels = "; ".join(dict.fromkeys(s.label for s in mine if s.label))
            attrs = f' class="hl {kind}"'
            if labels:
                attrs += f' title="{escape(labels)}"'
            for s in mine:
                if s.anchor and s.anchor not in anchored and s.start == a:
                    anchored.add(s.anchor)
                    attrs += f' id="{escape(s.anchor)}"'
                    break
            href = next((s.href for s in mine if s.href), "")
            tag = "a" if href and "a" not in opened else "span"
            if tag == "a":
                attrs += f' href="{escape(href)}"'
            out.append(f"<{tag}{attrs}>")
            opened.append(tag)
            tags = list(dict.fromkeys(s.tag for s in mine if s.tag and s.start == a))
            if tags:
                out.append(f'<span class="hl-tag">{escape(" · ".join(tags))}</span>')
        out.append(str(piece))
        out.extend(f"</{tag}>" for tag in reversed(opened))
    return Markup("".join(out))


_WORD = re.compile(r"\S+|\s+")


def word_diff(a: str, b: str) -> tuple[Markup, Markup]:
    """Two passages with their differences marked: words only in ``a`` as <del>,
    words only in ``b`` as <ins>. Both escaped."""
    ta, tb = _WORD.findall(a), _WORD.findall(b)
    sm = difflib.SequenceMatcher(a=ta, b=tb, autojunk=False)
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        pa = escape("".join(ta[i1:i2]))
        pb = escape("".join(tb[j1:j2]))
        if op == "equal":
            out_a.append(pa)
            out_b.append(pb)
            continue
        if i2 > i1:
            out_a.append(f"<del>{pa}</del>")
        if j2 > j1:
            out_b.append(f"<ins>{pb}</ins>")
    return Markup("".join(out_a)), Markup("".join(out_b))


def excerpt(text: str, spans: Sequence[tuple[int, int]], context: int = 80) -> str:
    """Plain text around the first span, for short listings."""
    if not spans:
        return text[: 2 * context]
    s, e = spans[0]
    return ("…" if s > context else "") + text[max(0, s - context) : e + context] + "…"


def mark_snippet(snippet: str) -> Markup:
    """An FTS5 snippet with \\x02/\\x03 around hits: escape first, then add <mark>."""
    # Private-use stand-ins survive escaping; any already in the text are dropped first.
    text = snippet.replace("\ue000", "").replace("\ue001", "")
    safe = str(escape(text.replace("\x02", "\ue000").replace("\x03", "\ue001")))
    return Markup(safe.replace("\ue000", "<mark>").replace("\ue001", "</mark>"))


def plain_snippet(snippet: str) -> str:
    return snippet.replace("\x02", "").replace("\x03", "")
