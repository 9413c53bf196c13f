"""Per-doc values several claims steps need, computed once per doc.

``doc.text`` and these maps walk every token, and spaCy creates a Python object for each
token on every walk: the claims stage asked for them four times per article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _cached(doc: Doc, key: str, build: Callable[[Doc], Any]) -> Any:
    data = doc.user_data
    value = data.get("newstrace." + key)
    if value is None:
        value = data["newstrace." + key] = build(doc)
    return value


def _text(doc: Doc) -> str:
    return doc.text


def _paragraphs(doc: Doc) -> list[int]:
    out, k = [0] * len(doc), 0
    for i, t in enumerate(doc):
        out[i] = k
        if "\n" in t.text_with_ws:
            k += 1
    return out


def _sentences(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for k, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            out[i] = k
    return out


def doc_text(doc: Doc) -> str:
    """The doc's text (what its tokens join to)."""
    text: str = _cached(doc, "text", _text)
    return text


def paragraph_index(doc: Doc) -> list[int]:
    """Paragraph number of every token (a newline ends a paragraph)."""
    para_of: list[int] = _cached(doc, "para_of", _paragraphs)
    return para_of


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    sent_of: list[int] = _cached(doc, "sent_of", _sentences)
    return sent_of
