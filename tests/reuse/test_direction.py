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
    assert d == "a_to_b" and ev[0] == "date: X is dated 2025-05-02, Y 2025-06-01"


def test_year_less_date_is_never_compared() -> None:
    a = _art("a", "Text one.", published_partial="--12-29", outlet="X")
    b = _art("b", "Text two.", published="2017-12-14", published_precision="day", outlet="Y")
    assert decide(a, b, 0.5, 0.5, [], []) == ("unknown", [])


def test_credit_to_the_agency_in_the_text_or_cited_sources() -> None:
    a = _art("a", WIRE, outlet="AP")
    b = _art("b", COPY, outlet="Coast Daily")
    d, ev = decide(a, b, 0.9, 0.9, [], [])
    assert d == "a_to_b" and "credit: Coast Daily credits Associated Press, the outlet of AP" in ev
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
    assert d == "unknown" and ev[-1] == "conflict: the evidence points both ways"


def test_same_outlet_is_a_repeat() -> None:
    a = _art("a", WIRE, outlet="Coast Daily", published="2025-05-01", published_precision="day")
    b = _art("b", COPY, outlet="coast daily", published="2025-05-02", published_precision="day")
    assert decide(a, b, 0.9, 0.9, [], []) == (
        "unknown",
        ["same outlet: both are from Coast Daily (a repeat, not a copy between outlets)"],
    )


def test_two_pages_of_an_aggregator_are_not_one_outlet() -> None:
    a = _art("a", WIRE, outlet="allAfrica", outlet_id="allafrica")
    b = _art("b", COPY, outlet="allAfrica", outlet_id="allafrica")
    assert not decide(a, b, 0.9, 0.9, [], [])[1][0].startswith("same outlet")
    c = _art("c", COPY, outlet="Dawn", outlet_id="dawn")
    d = _art("d", WIRE, outlet="Dawn", outlet_id="dawn")
    assert decide(c, d, 0.9, 0.9, [], [])[1][0].startswith("same outlet: both are from Dawn")


def test_undated_page_is_not_the_later_one() -> None:
    a = _art("a", "Text one.", published="2025-05-02", published_precision="day", outlet="X")
    b = _art("b", "Text two.", outlet="Y")
    assert decide(a, b, 0.5, 0.5, [], []) == ("unknown", [])


def test_time_of_day_decides_only_with_a_wide_gap() -> None:
    kw = {"published": "2025-05-02", "published_precision": "day"}
    a = _art("a", "Text one.", outlet="X", published_time="08:23", **kw)
    b = _art("b", "Text two.", outlet="Y", published_time="13:35", **kw)
    d, ev = decide(a, b, 0.5, 0.5, [], [])
    assert d == "a_to_b" and ev[0].startswith("time: same day (2025-05-02), X at 08:23, Y at 13:35")
    b.published_time = "09:30"  # within the time-zone uncertainty
    assert decide(a, b, 0.5, 0.5, [], [])[0] == "unknown"


def test_wire_dateline_beside_a_rewrite() -> None:
    a = _art("a", "OSLAND, May 2 (AP) -- The ferry union called a strike.", outlet="Harbour News")
    b = _art("b", "The ferry union has called a strike.", outlet="Coast Daily")
    d, ev = decide(a, b, 0.9, 0.9, [], [])
    assert d == "a_to_b" and ev[0].startswith("wire: Harbour News carries the Associated Press dateline")


def test_relative_cues_in_the_shared_passage() -> None:
    """The version that looks ahead ("was due to fly") is earlier than the one that reports
    it done and looks back ("last Thursday")."""
    a = _art("a", "x", outlet="X")
    b = _art("b", "y", outlet="Y")
    early = "The missile was fired on Thursday, hours before the president was due to fly to Tokyo."
    late = "The missile was fired last Thursday, hours before the president flew to Tokyo."
    d, ev = decide(a, b, 0.5, 0.5, [], [], passages=[(early, late)])
    assert d == "a_to_b" and ev[0].startswith("relative:")
    assert decide(b, a, 0.5, 0.5, [], [], passages=[(late, early)])[0] == "b_to_a"


def test_weak_evidence_against_strong_is_a_conflict() -> None:
    """A credit says a -> b; the dateline (weak) says b -> a: no direction."""
    a = _art("a", "The ferry union called a strike.", outlet="Associated Press")
    b = _art("b", "OSLAND (Reuters) - The ferry union called a strike, AP reported.", outlet="Coast Daily")
    d, ev = decide(a, b, 0.9, 0.9, [], [])
    assert d == "unknown" and ev[-1].startswith("conflict")
