"""Sentence units of the reuse stage (``reuse.text``), on texts written for the cases."""

from __future__ import annotations

from newstrace.reuse.text import sentence_spans, sentences, split_sentences, tokenize


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_glued_sentences_of_scraped_pages_are_split() -> None:
    # Scraped pages often lose the space between paragraphs: "freed.A source said".
    text = "Twelve workers were freed.A source said talks continue on Oct. 7.The source said 12.Under the deal, more follow."
    assert _split(text) == [
        "Twelve workers were freed.",
        "A source said talks continue on Oct. 7.",
        "The source said 12.",
        "Under the deal, more follow.",
    ]


def test_abbreviations_and_lower_case_do_not_end_a_sentence() -> None:
    assert _split("Mr.Smith and Dr. Jones met U.S. envoys. They spoke e.g. about trade.") == [
        "Mr.Smith and Dr. Jones met U.S. envoys.",
        "They spoke e.g. about trade.",
    ]


def test_one_sentence_rule_for_keys_alignment_and_vectors() -> None:
    text = "By Staff\n\n---\n\nThe minister resigned on Friday.It was sudden."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "By Staff",
        "The minister resigned on Friday.",
        "It was sudden.",
    ]
    # ``sentences`` (the alignment's) keeps exactly these spans, with their tokens.
    assert [(x.start, x.end) for x in sentences(text, tokenize(text))] == list(spans)
