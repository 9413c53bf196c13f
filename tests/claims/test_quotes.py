"""The quotation finder on hand-written text: every kind of mark, apostrophes, unbalanced
and multi-paragraph quotes."""

from __future__ import annotations

import pytest

from newstrace.claims.quotes import find_quotes


def inner(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("He said “we will win” today.", ["we will win"]),
        ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
        ("Er sagte „wir gewinnen“ heute.", ["wir gewinnen"]),
        ("‘Iran’s forces will stay,’ the minister said.", ["Iran’s forces will stay,"]),
        ("He called it a ‘wrong move’, adding more.", ["wrong move"]),
        ("'We don't know,' she said.", ["We don't know,"]),
        ("“He told me ‘never again’ twice,” she said.", ["He told me ‘never again’ twice,"]),
    ],
)
def test_marks(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("Iran’s minister and the officials’ plan in the ’90s.") == []


def test_plural_possessive_inside_single_quotes() -> None:
    text = "‘The officials’ decision was wrong,’ he said."
    assert inner(text) == ["The officials’ decision was wrong,"]


def test_unbalanced_quote_ends_with_its_paragraph() -> None:
    text = 'She said: "We will not back down.\n\nOther news.'
    (q,) = find_quotes(text)
    assert not q.closed
    assert text[q.inner_start : q.inner_end] == "We will not back down."


def test_quote_running_across_paragraphs() -> None:
    text = '"First paragraph of the quote.\n\n"Second paragraph," he said.'
    (q,) = find_quotes(text)
    assert q.closed and text[q.start : q.end] == '"First paragraph of the quote.\n\n"Second paragraph,"'


def test_quotes_do_not_overlap_and_index_the_text() -> None:
    text = 'A "b" c “d” e ‘f’ g «h» "unclosed\n\nx' * 50
    qs = find_quotes(text)
    assert qs
    for a, b in zip(qs, qs[1:], strict=False):
        assert a.end <= b.start
    for q in qs:
        assert q.start <= q.inner_start <= q.inner_end <= q.end
