"""Which claims count as one statement (claims/statements.py): the same words whatever the
marks and case, but a content too short to be a statement is one claim's own."""

from __future__ import annotations

from newstrace.claims.statements import MIN_STATEMENT_WORDS, statement_key


def test_same_words_whatever_marks_case_and_spacing_share_a_key() -> None:
    a = statement_key("“Threat continues to reside across the border,”", "c_1")
    b = statement_key("threat continues to  reside across the border", "c_2")
    assert a == b


def test_different_words_differ() -> None:
    assert statement_key("Threat continues to reside across the border", "c_1") != statement_key(
        "Threat continues to reside inside the border", "c_1"
    )


def test_a_content_too_short_to_be_a_statement_is_its_claims_own() -> None:
    """'endorsed Clinton' and 'attacked Clinton' in two articles are not one statement."""
    short = "Clinton"
    assert len(short.split()) < MIN_STATEMENT_WORDS
    assert statement_key(short, "c_1") != statement_key(short, "c_2")
    assert statement_key(short, "c_1") == statement_key(short, "c_1")
    # Without a claim id (a content looked up by its words), the words decide.
    assert statement_key(short) == statement_key("clinton")
