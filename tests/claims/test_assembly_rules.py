"""The assembly rules added while tuning on PolNeAR dev, on hand-written sentences, and
the parse cache the training uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CASES = {
    # The attribution splits the reported clause: the content is the clause around it.
    "parenthetical": "The museum, Mr. Bush said, celebrated several of his heroes, including the musician Chuck Berry.",
    # “A,” X said <rest of the sentence>. “B.”: both quotations are the statement.
    "continued": (
        "“The unfairness of the tax laws is unbelievable,” Trump said at a campaign stop this week. "
        "“It’s something I’ve been talking about for a long time.”\n\nThe rally ended at noon."
    ),
    # Indirect speech ends with its sentence: the narrator's next sentence is not reported.
    "sentence_end": (
        "The spokeswoman said the candidate will continue her campaign later this week. "
        "In addition, the campaign plans a rally in Ohio on Friday."
    ),
    # A whole line quoted and signed, its opening mark typed as a closing one.
    "signed": "Readers wrote to us after the debate.\n\n”He represents our greatest shame and our country deserves better.” ― Sonya Herridge\n",
}


@pytest.fixture(scope="module")
def cases(analyse_named: Any) -> dict[str, Any]:
    return analyse_named(CASES)


def test_parenthetical_attribution_takes_the_whole_clause(cases: dict[str, Any]) -> None:
    c = cases["parenthetical"].claim_with("celebrated several of his heroes", cue="said")
    assert c.content.text.startswith("The museum")
    assert c.speaker is not None and c.speaker.text == "Mr. Bush"


def test_quotation_continues_after_the_attribution_sentence(cases: dict[str, Any]) -> None:
    c = cases["continued"].claim_with("The unfairness of the tax laws", cue="said")
    assert c.content.text.endswith("for a long time.”")
    assert c.speaker is not None and c.speaker.text == "Trump"
    assert "rally" not in c.content.text


def test_indirect_content_stops_at_the_sentence_end(cases: dict[str, Any]) -> None:
    c = cases["sentence_end"].claim_with("will continue her campaign", cue="said")
    assert "In addition" not in c.content.text
    assert c.speaker is not None and c.speaker.text == "The spokeswoman"


def test_signed_line_with_odd_marks(cases: dict[str, Any]) -> None:
    c = cases["signed"].claim_with("He represents our greatest shame", cue="―")
    assert c.kind == "direct"
    assert c.speaker is not None and c.speaker.text == "Sonya Herridge"


def test_parse_cache_is_keyed_by_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.claims import training
    from newstrace.claims.polnear import GoldArticle

    arts = [GoldArticle("a", "The minister said the bridge will open."), GoldArticle("b", "Rain fell all day.")]
    first = training.parse_articles(arts, tmp_path, "t")
    files = list(tmp_path.glob("t-*.spacy"))
    assert len(files) == 1

    def no_parsing(*_: Any, **__: Any) -> Any:
        raise AssertionError("parsed again although the cache holds these texts")

    import newstrace.nlp as nlp_pkg

    monkeypatch.setattr(nlp_pkg, "parse_texts", no_parsing)
    again = training.parse_articles(arts, tmp_path, "t")
    assert [d.text for d in again] == [d.text for d in first]
    assert [t.dep_ for t in again[0]] == [t.dep_ for t in first[0]]
    # An edited text is another key: parsed afresh, not served stale.
    monkeypatch.undo()
    edited = [GoldArticle("a", "The minister said the bridge will close."), arts[1]]
    training.parse_articles(edited, tmp_path, "t")
    assert len(list(tmp_path.glob("t-*.spacy"))) == 2
