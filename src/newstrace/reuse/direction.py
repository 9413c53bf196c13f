"""Who copied whom: direction of a reuse pair from evidence, never from a guess.

``a_to_b`` means a is the source and b copied it. Evidence, each a string in the record:
- ``published:a<b`` / ``published:b<a``: both dates known and different at their common
  precision (a year-less dateline date is not a date: never compared);
- ``credit:b->X``: the text (or cited sources) of one article credits the other's outlet or
  agency X ("Tasnim reported", "(AP)"), or an unnamed "the agency says" when the other is
  agency copy;
- ``agency:a=X``: one article is the agency's own copy (its outlet is the agency named in the
  other's dateline or credits);
- ``containment:a_in_b``: the shared passages cover most of the shorter text (recorded,
  but on its own it does not decide: wire copies are both trimmed and extended);
- ``same_outlet``: both from one outlet, or two stories of one page (a repeat, not copying).
Votes from dates, credits and agency origin decide; if they disagree the direction is
``unknown`` and the evidence says ``conflict``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newstrace.outlets.registry import registry as outlet_registry
from newstrace.records import Article

CONTAINMENT = 0.8


@dataclass(frozen=True, slots=True)
class Credits:
    aliases: dict[str, str]  # lower-case alias -> the outlet's registry name
    patterns: list[str]
    generic: re.Pattern[str]


@lru_cache(maxsize=1)
def credits() -> Credits:
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / "data" / "reuse_credits.yaml").read_text(
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
    return Credits(aliases, list(data["credit_patterns"]), re.compile(data["generic_credit"], re.I))


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


def decide(
    a: Article,
    b: Article,
    covered_a: float,
    covered_b: float,
    b_passage_texts: list[str],
    a_passage_texts: list[str],
) -> tuple[str, list[str]]:
    """Direction and evidence for the pair (a, b). ``covered_*``: share of each text in
    the aligned passages; ``*_passage_texts``: the sentences around the passages, where an
    unnamed credit ("the agency says") is looked for."""
    evidence: list[str] = []
    if same_outlet(a, b):
        return "unknown", ["same_outlet"]
    votes = {"a_to_b": 0, "b_to_a": 0}
    c = _compare_dates(a, b)
    if c < 0:
        votes["a_to_b"] += 1
        evidence.append(f"published:a<b ({a.published} < {b.published})")
    elif c > 0:
        votes["b_to_a"] += 1
        evidence.append(f"published:b<a ({b.published} < {a.published})")
    oa, ob = origin_names(a), origin_names(b)
    # A credit to a name both articles carry (two reprints of one wire story) says nothing
    # about which of the two came first.
    only_a, only_b = oa - ob, ob - oa
    for name in sorted(credited_names(b, only_a)):
        votes["a_to_b"] += 1
        evidence.append(f"credit:b->{name}")
    for name in sorted(credited_names(a, only_b)):
        votes["b_to_a"] += 1
        evidence.append(f"credit:a->{name}")
    gen = credits().generic
    if (
        only_a
        and not only_b
        and any(gen.search(t) for t in b_passage_texts)
        and not votes["a_to_b"]
    ):
        votes["a_to_b"] += 1
        evidence.append("credit:b->the agency")
    if (
        only_b
        and not only_a
        and any(gen.search(t) for t in a_passage_texts)
        and not votes["b_to_a"]
    ):
        votes["b_to_a"] += 1
        evidence.append("credit:a->the agency")
    agency_a = (
        canonical(a.outlet)
        if a.outlet and canonical(a.outlet) in ob | credited_names(b, {canonical(a.outlet) or ""})
        else None
    )
    agency_b = (
        canonical(b.outlet)
        if b.outlet and canonical(b.outlet) in oa | credited_names(a, {canonical(b.outlet) or ""})
        else None
    )
    if agency_a and not agency_b:
        votes["a_to_b"] += 1
        evidence.append(f"agency:a={agency_a}")
    elif agency_b and not agency_a:
        votes["b_to_a"] += 1
        evidence.append(f"agency:b={agency_b}")
    if covered_a >= CONTAINMENT and covered_a >= covered_b:
        evidence.append("containment:a_in_b")
    elif covered_b >= CONTAINMENT:
        evidence.append("containment:b_in_a")
    if votes["a_to_b"] and votes["b_to_a"]:
        return "unknown", [*evidence, "conflict"]
    if votes["a_to_b"]:
        return "a_to_b", evidence
    if votes["b_to_a"]:
        return "b_to_a", evidence
    return "unknown", evidence
