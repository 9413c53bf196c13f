"""Direction evidence on articles written for these tests."""

from __future__ import annotations

from newstrace.records import Article, CitedSource, Dateline
from newstrace.reuse.direction import decide


def _art(i: str, text: str, **kw: object) -> Article:
    return Article(id=i, source=i, part=0, text=text, **kw)  # type: ignore[arg-type]


WIRE = "OSLAND, May 2 (AP) - The ferry union called a strike on Friday over pay."
COPY = "The ferry union called a strike on Friday over pay, the AP reported."


def test_earlier_date_at_common_precision() -> None:
    a = _art("a", "Text one.", published="2025-05-02", published_precision="day", outlet="X")
    b = _art("b", "Text two.", published="2025-05", published_precision="month", outlet="Y")
    assert decide(a, b, 0.5, 0.5, [], [])[0] == "unknown"  # same month: no evidence
    b.published, b.published_precision = "2025-06-01", "day"
    d, ev = decide(a, b, 0.5, 0.5, [], [])
    assert d == "a_to_b" and ev[0].startswith("published:a<b")


def test_year_less_date_is_never_compared() -> None:
    a = _art("a", "Text one.", published_partial="--12-29", outlet="X")
    b = _art("b", "Text two.", published="2017-12-14", published_precision="day", outlet="Y")
    assert decide(a, b, 0.5, 0.5, [], []) == ("unknown", [])


def test_credit_to_the_agency_in_the_text_or_cited_sources() -> None:
    a = _art("a", WIRE, outlet="AP")
    b = _art("b", COPY, outlet="Coast Daily")
    d, ev = decide(a, b, 0.9, 0.9, [], [])
    assert d == "a_to_b" and "credit:b->Associated Press" in ev
    b2 = _art(
        "b2",
        "The ferry union called a strike on Friday over pay.",
        outlet="Coast Daily",
        cited_sources=[CitedSource("Associated Press")],
    )
    assert decide(a, b2, 0.9, 0.9, [], [])[0] == "a_to_b"


def test_two_reprints_of_one_wire_story_have_no_direction() -> None:
    a = _art("a", "(AP) - " + COPY, outlet="Coast Daily", dateline=Dateline("OSLAND", None, "AP"))
    b = _art("b", "(AP) - " + COPY, outlet="Harbour News", dateline=Dateline("OSLAND", None, "AP"))
    assert decide(a, b, 1.0, 1.0, [], [])[0] == "unknown"


def test_contradicting_evidence_is_unknown() -> None:
    a = _art("a", WIRE, outlet="AP", published="2025-05-03", published_precision="day")
    b = _art("b", COPY, outlet="Coast Daily", published="2025-05-02", published_precision="day")
    d, ev = decide(a, b, 0.9, 0.9, [], [])
    assert d == "unknown" and "conflict" in ev


def test_same_outlet_is_a_repeat() -> None:
    a = _art("a", WIRE, outlet="Coast Daily", published="2025-05-01", published_precision="day")
    b = _art("b", COPY, outlet="coast daily", published="2025-05-02", published_precision="day")
    assert decide(a, b, 0.9, 0.9, [], []) == ("unknown", ["same_outlet"])


def test_two_pages_of_an_aggregator_are_not_one_outlet() -> None:
    a = _art("a", WIRE, outlet="allAfrica", outlet_id="allafrica")
    b = _art("b", COPY, outlet="allAfrica", outlet_id="allafrica")
    assert decide(a, b, 0.9, 0.9, [], [])[1] != ["same_outlet"]
    c = _art("c", COPY, outlet="Dawn", outlet_id="dawn")
    d = _art("d", WIRE, outlet="Dawn", outlet_id="dawn")
    assert decide(c, d, 0.9, 0.9, [], []) == ("unknown", ["same_outlet"])
