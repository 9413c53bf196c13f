"""Who copied whom: direction of a reuse pair from weighed evidence, never from a guess.

``a_to_b`` means a is the source and b copied it. Each piece of evidence is a string
``"<code>: <what an analyst can check>"``:

Strong evidence (each is one vote):
- ``date``: both publication dates known and on different days (at their common precision:
  a day against a month compares by month); an undated page is never "the later one";
- ``credit``: one text credits the other's outlet or agency by name ("Paralel.Az reports
  citing The Japan News", "(AP)", "REUTERS"), or says "the agency says" when the other is
  agency copy;
- ``agency``: one page is the agency's own copy (its outlet is the agency the other
  credits or names in its dateline).

Weak evidence (decides only when nothing strong does):
- ``time``: same day, both times of day known and at least ``TIME_GAP_HOURS`` apart (time
  zones are not known, so a smaller gap says nothing);
- ``wire``: one text carries an agency's dateline ("SEOUL (Reuters) -", "TEHRAN (FNA)-"), the
  other has no agency dateline and credits no agency: the wire text beside a rewrite;
- ``relative``: in a shared verbatim or near passage one text looks back at the event ("last Thursday",
  "earlier this month") or the other looks ahead to it ("was due to fly"): the one looking
  back is later (``data/reuse_direction_cues.yaml``);
- ``name swap``: a shared passage names one page's own outlet where the other names its
  own; when one of the two is a news agency and the other is not, the agency's is the source.

Recorded only: ``containment`` (the shared passages cover most of the shorter text: wire
copies are both trimmed and extended, so it decides nothing) and ``same outlet`` (both
from one outlet, or two stories of one page: a repeat, not copying; no direction).

Evidence pointing both ways (strong against strong, or any weak evidence against the
strong side) gives ``unknown`` with a ``conflict`` line: a direction is stated only when
the evidence agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newstrace.outlets.registry import Outlet
from newstrace.outlets.registry import registry as outlet_registry
from newstrace.records import Article

CONTAINMENT = 0.8
TIME_GAP_HOURS = 3
_DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True, slots=True)
class Credits:
    aliases: dict[str, str]  # lower-case alias -> the outlet's registry name
    patterns: list[str]
    generic: re.Pattern[str]
    primary: re.Pattern[str]


@lru_cache(maxsize=1)
def credits() -> Credits:
    data: dict[str, Any] = yaml.safe_load(
        (_DATA / "reuse_credits.yaml").read_text(
            encoding="utf-8"
        )
    )
    # Names come from the outlet registry; ambiguous ones ("Fars", "PTI") are left out
    # because credits are matched case-insensitively anywhere in the text.
    aliases: dict[str, str] = {}
    for outlet in outlet_registry():
        for n in outlet.names:
            if n not in outlet.ambiguous:
                aliases.setdefault(n.lower(), outlet.name)
    return Credits(
        aliases,
        list(data["credit_patterns"]),
        re.compile(data["generic_credit"], re.I),
        re.compile(data["primary_source"], re.I),
    )


def canonical(name: str | None) -> str | None:
    if not name:
        return None
    n = name.strip()
    return credits().aliases.get(n.lower(), n)


_DATELINE_AGENCY = re.compile(
    r"\(([A-Z][A-Za-z]{1,15})\)|^\s*[A-Z][\w .,'-]{1,40}?,?\s+(?:\w{3,9}\.?\s+\d{1,2}\.?\s+)?(?:-|–|—)?\s*([A-Z][A-Za-z]+)\s*(?:-|–|—)"
)


def origin_names(article: Article) -> set[str]:
    """Names under which an article's text could be credited: its outlet and its agency."""
    names = {
        canonical(article.outlet),
        canonical(article.dateline.agency if article.dateline else None),
    }
    head = article.text[:300]
    m = _DATELINE_AGENCY.search(head)
    if m:
        found = canonical(m.group(1) or m.group(2))
        if found in credits().aliases.values():
            names.add(found)
    return {n for n in names if n}


def credited_names(article: Article, candidates: set[str]) -> set[str]:
    """Which of ``candidates`` (canonical names) the article credits."""
    if not candidates:
        return set()
    found = {canonical(c.name) for c in article.cited_sources}
    cr = credits()
    for name in sorted(candidates):
        spellings = sorted(
            {a for a, c in cr.aliases.items() if c == name} | {name.lower()}, key=len, reverse=True
        )
        alt = "(?:" + "|".join(re.escape(s) for s in spellings) + ")"
        for pattern in cr.patterns:
            if re.search(pattern.replace("{name}", alt), article.text, re.I):
                found.add(name)
                break
    return {n for n in found if n in candidates}


def _date_key(article: Article) -> tuple[str, str] | None:
    if not article.published or not article.published_precision:
        return None
    return article.published, article.published_precision


def _compare_dates(a: Article, b: Article) -> int:
    """-1 if a is earlier, 1 if b is earlier, 0 if unknown or equal at the common precision."""
    ka, kb = _date_key(a), _date_key(b)
    if not ka or not kb:
        return 0
    width = {"year": 4, "month": 7, "day": 10}
    n = min(width.get(ka[1], 0), width.get(kb[1], 0))
    if not n:
        return 0
    da, db = ka[0][:n], kb[0][:n]
    return (da > db) - (da < db)


def same_outlet(a: Article, b: Article) -> bool:
    """Same outlet, or two stories of one page (parts of one document share its chrome).
    Two pages of an aggregator (allAfrica, MENAFN) are not: it relays other outlets' copy."""
    if a.source == b.source:
        return True
    if a.outlet_id and b.outlet_id:
        outlet = outlet_registry().get(a.outlet_id)
        return a.outlet_id == b.outlet_id and not (outlet is not None and outlet.kind == "aggregator")
    return bool(a.outlet and b.outlet and a.outlet.strip().lower() == b.outlet.strip().lower())


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[re.Pattern[str]]]:
    data: dict[str, Any] = yaml.safe_load(
        (_DATA / "reuse_direction_cues.yaml").read_text(encoding="utf-8")
    )
    return {k: [re.compile(p, re.I) for p in v] for k, v in data.items()}


def _cue_count(kind: str, text: str) -> int:
    return sum(len(p.findall(text)) for p in _cues()[kind])


def dateline_agency(article: Article) -> str | None:
    """The agency of a dateline at the top of the text ("SEOUL (Reuters) -", "Dec. 19
    (Xinhua) --", "TEHRAN (FNA)-") or of the stored dateline, as its registry name."""
    if article.dateline and article.dateline.agency:
        name = canonical(article.dateline.agency)
        if name in credits().aliases.values():
            return name
    for m in _WIRE_DATELINE.finditer(article.text[:_HEAD]):
        found = canonical(m.group(1))
        if found in credits().aliases.values():
            return found
    return None


_HEAD = 1000  # the top of a page, where its dateline and presentation stand
# "(Reuters) -", "(Xinhua) --", "(FNA)-": an agency code right before the dash of a dateline.
_WIRE_DATELINE = re.compile(r"\(([A-Z][A-Za-z]{1,15})\)\s*(?:-{1,2}|–|—)")
_QUOTES = re.compile("[\"“”«»]")


def _outlet_of(article: Article) -> Outlet | None:
    reg = outlet_registry()
    return (reg.get(article.outlet_id) if article.outlet_id else None) or reg.by_name(article.outlet)


def _agency_copy(article: Article) -> bool:
    """The page is a news agency's text: an agency's own page or one with its dateline."""
    outlet = _outlet_of(article)
    return bool((outlet is not None and outlet.is_agency) or dateline_agency(article))


def _day(article: Article) -> str | None:
    if article.published and article.published_precision == "day":
        return article.published[:10]
    return None


def _minutes(t: str | None) -> int | None:
    if not t or not re.fullmatch(r"\d{1,2}:\d{2}", t):
        return None
    h, m = t.split(":")
    return int(h) * 60 + int(m)


@dataclass
class _Votes:
    strong: dict[str, list[str]]
    weak: dict[str, list[str]]
    notes: list[str]

    def add(self, side: str, line: str, strong: bool) -> None:
        (self.strong if strong else self.weak)[side].append(line)


def _name(article: Article, fallback: str) -> str:
    return article.outlet or fallback


def _whose(article: Article, name: str, label: str) -> str:
    """How a credited name belongs to the other page: its outlet or its agency."""
    if canonical(article.outlet) == name:
        return f"the outlet of {label}"
    return f"the agency of {label}'s text"


def decide(
    a: Article,
    b: Article,
    covered_a: float,
    covered_b: float,
    b_passage_texts: list[str],
    a_passage_texts: list[str],
    passages: list[tuple[str, str]] | None = None,
) -> tuple[str, list[str]]:
    """Direction and evidence for the pair (a, b). ``covered_*``: share of each text in the
    aligned passages; ``*_passage_texts``: the passages with the text just before them
    (where "the agency says" stands); ``passages``: the exact (verbatim, near) aligned
    passage texts (a, b), where relative cues and name swaps are read."""
    if same_outlet(a, b):
        who = a.outlet or "one page"
        return "unknown", [f"same outlet: both are from {who} (a repeat, not a copy between outlets)"]
    v = _Votes({"a_to_b": [], "b_to_a": []}, {"a_to_b": [], "b_to_a": []}, [])
    na, nb = _name(a, "page a"), _name(b, "page b")
    if na == nb:  # two pages of one aggregator
        na, nb = f"{na} (page a)", f"{nb} (page b)"

    c = _compare_dates(a, b)
    if c:
        first, later = (a, b) if c < 0 else (b, a)
        v.add(
            "a_to_b" if c < 0 else "b_to_a",
            f"date: {_name(first, 'one')} is dated {first.published}, {_name(later, 'the other')} "
            f"{later.published}",
            strong=True,
        )
    elif _day(a) and _day(a) == _day(b):
        ta, tb = _minutes(a.published_time), _minutes(b.published_time)
        if ta is not None and tb is not None and abs(ta - tb) >= TIME_GAP_HOURS * 60:
            side = "a_to_b" if ta < tb else "b_to_a"
            v.add(
                side,
                f"time: same day ({_day(a)}), {na} at {a.published_time}, {nb} at "
                f"{b.published_time} (time zones not known)",
                strong=False,
            )

    oa, ob = origin_names(a), origin_names(b)
    # A credit to a name both articles carry (two reprints of one wire story) says nothing
    # about which of the two came first.
    only_a, only_b = oa - ob, ob - oa
    credited_by_b = credited_names(b, only_a)
    credited_by_a = credited_names(a, only_b)
    for name in sorted(credited_by_b):
        v.add("a_to_b", f"credit: {nb} credits {name}, {_whose(a, name, na)}", True)
    for name in sorted(credited_by_a):
        v.add("b_to_a", f"credit: {na} credits {name}, {_whose(b, name, nb)}", True)
    # "The agency says" next to the passage credits the other page only when that page is
    # agency copy, and only when the other's text does not say it too (an identical reprint).
    gen = credits().generic
    says_a = any(gen.search(t) for t in a_passage_texts)
    says_b = any(gen.search(t) for t in b_passage_texts)
    if says_b and not says_a and _agency_copy(a) and not _agency_copy(b) and not credited_by_b:
        v.add("a_to_b", f"credit: {nb} says 'the agency' next to the passage; {na} is agency copy", True)
    if says_a and not says_b and _agency_copy(b) and not _agency_copy(a) and not credited_by_a:
        v.add("b_to_a", f"credit: {na} says 'the agency' next to the passage; {nb} is agency copy", True)

    ca, cb = canonical(a.outlet), canonical(b.outlet)
    agency_a = ca if ca and (ca in ob or credited_names(b, {ca})) else None
    agency_b = cb if cb and (cb in oa or credited_names(a, {cb})) else None
    if agency_a and not agency_b:
        v.add("a_to_b", f"agency: {na} is {agency_a}'s own page; {nb} carries its copy", True)
    elif agency_b and not agency_a:
        v.add("b_to_a", f"agency: {nb} is {agency_b}'s own page; {na} carries its copy", True)

    wa, wb = dateline_agency(a), dateline_agency(b)
    if wa and not wb and not credited_names(b, {wa}):
        v.add("a_to_b", f"wire: {na} carries the {wa} dateline; {nb} has no agency dateline and does not credit {wa}", False)
    elif wb and not wa and not credited_names(a, {wb}):
        v.add("b_to_a", f"wire: {nb} carries the {wb} dateline; {na} has no agency dateline and does not credit {wb}", False)

    prim = credits().primary
    pa_, pb_ = bool(prim.search(a.text[:_HEAD])), bool(prim.search(b.text[:_HEAD]))
    if pa_ != pb_:
        quoted_a = sum(len(_QUOTES.findall(t)) for t in a_passage_texts)
        quoted_b = sum(len(_QUOTES.findall(t)) for t in b_passage_texts)
        if pa_ and quoted_b > quoted_a:
            v.add("a_to_b", f"primary: {na} publishes the statement itself; {nb} quotes it", False)
        elif pb_ and quoted_a > quoted_b:
            v.add("b_to_a", f"primary: {nb} publishes the statement itself; {na} quotes it", False)

    for xa, xb in passages or []:
        ra, rb = _cue_count("retrospective", xa), _cue_count("retrospective", xb)
        pa, pb = _cue_count("prospective", xa), _cue_count("prospective", xb)
        a_first = rb > ra or pa > pb
        b_first = ra > rb or pb > pa
        if a_first != b_first:
            side = "a_to_b" if a_first else "b_to_a"
            early, late = (na, nb) if a_first else (nb, na)
            v.add(side, f"relative: in a shared passage {late} looks back at what {early} reports as coming or current", False)
            break

    out_a, out_b = _outlet_of(a), _outlet_of(b)
    if out_a and out_b and out_a.id != out_b.id:
        reg = outlet_registry()
        for xa, xb in passages or []:
            ma = {m.outlet_id for m in reg.find_mentions(xa, include_ambiguous=True)}
            mb = {m.outlet_id for m in reg.find_mentions(xb, include_ambiguous=True)}
            if out_a.id in ma - mb and out_b.id in mb - ma:
                line = f"name swap: where {na}'s text names {out_a.name}, {nb}'s names {out_b.name}"
                if out_a.is_agency != out_b.is_agency:
                    v.add("a_to_b" if out_a.is_agency else "b_to_a", line, False)
                else:
                    v.notes.append(line)
                break

    if covered_a >= CONTAINMENT and covered_a >= covered_b:
        v.notes.append(f"containment: {covered_a:.0%} of {na}'s text is in the shared passages")
    elif covered_b >= CONTAINMENT:
        v.notes.append(f"containment: {covered_b:.0%} of {nb}'s text is in the shared passages")

    lines = [*v.strong["a_to_b"], *v.strong["b_to_a"], *v.weak["a_to_b"], *v.weak["b_to_a"], *v.notes]
    sa, sb = bool(v.strong["a_to_b"]), bool(v.strong["b_to_a"])
    wa_, wb_ = bool(v.weak["a_to_b"]), bool(v.weak["b_to_a"])
    if (sa and sb) or (sa and wb_) or (sb and wa_) or (not sa and not sb and wa_ and wb_):
        return "unknown", [*lines, "conflict: the evidence points both ways"]
    if sa or (not sb and wa_):
        return "a_to_b", lines
    if sb or wb_:
        return "b_to_a", lines
    return "unknown", lines
