"""The entities stage: mentions in one article, linked to entity ids.

Order of evidence: the alias registry first (always wins over the tagger's label), then
spaCy's named entities, then within-article links: acronyms defined in the text, titles
before names, surname and "the minister" references, capitals standing for governments.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from newstrace.entities import titles
from newstrace.entities.api import (
    ArticleEntities,
    ArticleMention,
    canonical_name,
    clean_surface,
    entity_id_for,
    normalise_name,
)
from newstrace.entities.registry import load_registry, variants
from newstrace.records import Article

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

    from newstrace.store.base import Store

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z][A-Z0-9&.\-]{1,9})\)")


@lru_cache(maxsize=1)
def capitals() -> dict[str, tuple[str, str]]:
    raw = yaml.safe_load(resources.files("newstrace.data").joinpath("capitals.yaml").read_text(encoding="utf-8"))
    return {k: (v[0], v[1]) for k, v in raw.items()}


@lru_cache(maxsize=4)
def _matchers(vocab_id: int, vocab: Any) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Phrase matchers over the registry, built once per process (per vocab)."""
    from spacy.lang.en import English
    from spacy.matcher import PhraseMatcher

    tokenizer = English().tokenizer
    lower, exact = PhraseMatcher(vocab, attr="LOWER"), PhraseMatcher(vocab, attr="ORTH")
    for entry in load_registry().entries:
        names = {v for a in (entry.name, *entry.aliases) for v in variants(a)}
        lower.add(entry.name, [tokenizer(n) for n in sorted(names)])
        if entry.exact:
            exact.add(entry.name, [tokenizer(n) for n in entry.exact])
    return lower, exact


def _registry_spans(doc: Doc) -> list[Span]:
    from spacy.util import filter_spans

    lower, exact = _matchers(id(doc.vocab), doc.vocab)
    spans = [doc[s:e] for _, s, e in lower(doc)] + [doc[s:e] for _, s, e in exact(doc)]
    keep = []
    for sp in spans:
        # "IS"/"US" as words: an all-caps headline line is not evidence of the group.
        if sp.text.isupper() and len(sp.text) <= 3 and sp.sent.text.isupper():
            continue
        # A lone lower-case alias match of a proper name ("america" in a URL) is noise.
        if sp.text[0].islower() and not sp.text.lower().startswith(("al-", "al ", "the ")):
            continue
        keep.append(sp)
    return filter_spans(keep)


class EntitiesStage:
    name = "entities"
    version = "1"
    needs_nlp = True

    def run(self, article: Article, doc: Doc | None, ctx: Any) -> ArticleEntities:
        if doc is None:
            return ArticleEntities()
        return find_mentions(article.text, doc)

    def save(self, store: Store, article: Article, output: ArticleEntities | None) -> None:
        if not output:
            return
        store.insert_rows(
            "mentions",
            [
                {
                    "article_id": article.id,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "label": m.label,
                    "entity_id": m.entity_id,
                    "canonical": m.canonical,
                    "role": m.role,
                    "resolved_id": m.entity_id,
                }
                for m in output.mentions
            ],
        )


def _mention(text: str, start: int, end: int, label: str, canonical: str, role: str | None = None) -> ArticleMention:
    return ArticleMention(start, end, text[start:end], label, entity_id_for(canonical, label), canonical, role)


def find_mentions(text: str, doc: Doc) -> ArticleEntities:
    reg = load_registry()
    mentions: list[ArticleMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for sp in _registry_spans(doc):
        entry = reg.lookup(sp.text)
        if entry is None:
            continue
        if sp[0].lower_ == "the" and len(sp) > 1:
            sp = sp[1:]  # "the United States": the mention is the name
        mentions.append(_mention(text, sp.start_char, sp.end_char, entry.type, entry.name))
        taken.append((sp.start_char, sp.end_char))

    caps = capitals()
    acronyms: dict[str, ArticleMention] = {}
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS or not free(ent.start_char, ent.end_char):
            continue
        surface = clean_surface(ent.text)
        if not surface or not any(c.isalpha() for c in surface):
            continue
        start = ent.start_char + ent.text.find(surface) if surface in ent.text else ent.start_char
        end = start + len(surface)
        if surface in caps and ent.label_ in ("GPE", "LOC") and _stands_for_government(ent):
            country, gov = caps[surface]
            mentions.append(_mention(text, start, end, "ORG", gov, role="metonym"))
            taken.append((start, end))
            continue
        if surface in acronyms:
            target = acronyms[surface]
            mentions.append(ArticleMention(start, end, text[start:end], target.label, target.entity_id, target.canonical, "reference"))
            taken.append((start, end))
            continue
        canon, typ = canonical_name(surface, ent.label_)
        m = _mention(text, start, end, typ, canon)
        mentions.append(m)
        taken.append((start, end))
        acr = _ACRONYM_AFTER.match(text[ent.end_char : ent.end_char + 14])
        if acr and acr.group(1) not in acronyms and ent.label_ in ("ORG", "NORP", "FAC"):
            acronyms[acr.group(1)] = m

    persons = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
    _link_person_references(text, persons, mentions, free, taken)
    mentions.sort(key=lambda m: (m.start, m.end))
    return ArticleEntities(mentions=mentions)


def _stands_for_government(ent: Span) -> bool:
    """"Islamabad says", "Islamabad insisted", "Washington's support": a capital as actor."""
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass", "agent"):
        return True
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return nxt is not None and nxt.text in ("'s", "’s") and root.dep_ == "poss"


def _link_person_references(
    text: str,
    persons: list[ArticleMention],
    mentions: list[ArticleMention],
    free: Any,
    taken: list[tuple[int, int]],
) -> None:
    """Surnames, titles and "the minister" within one article -> the full-named person."""
    # 1. A person's surname alone ("Alawi", "Al-Waeli") -> the latest earlier full name.
    full = [p for p in persons if len(p.canonical.split()) > 1]
    for p in persons:
        if len(p.canonical.split()) != 1:
            continue
        last = normalise_name(p.canonical)
        earlier = [f for f in full if f.start < p.start and normalise_name(f.canonical.split()[-1]) == last]
        later = [f for f in full if normalise_name(f.canonical.split()[-1]) == last]
        target = earlier[-1] if earlier else (later[0] if len(later) == 1 else None)
        if target is not None:
            p.entity_id, p.canonical, p.role = target.entity_id, target.canonical, "reference"

    # 2. Titles right before (or before ", ") a name: "Iran's Intelligence Minister Mahmoud Alawi".
    person_roles: list[tuple[ArticleMention, set[str]]] = []
    for p in persons:
        span = titles.title_before(text, p.start)
        roles: set[str] = set()
        # A title may contain a place ("Iran's") but never another person or organisation.
        if span and not any(
            m.label in ("PERSON", "ORG") and m.start < span[1] and span[0] < m.end for m in mentions
        ):
            roles = titles.role_words(text[span[0] : span[1]])
            mentions.append(ArticleMention(span[0], span[1], text[span[0] : span[1]], "PERSON", p.entity_id, p.canonical, "title"))
            taken.append(span)
        person_roles.append((p, roles))

    # 3. "the minister", "the Iranian minister", "the army chief": the nearest person with
    #    that role (earlier preferred), only when exactly one role-holder fits.
    for m in titles.REFERENCE.finditer(text):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        roles = titles.role_words(m.group(1))
        holders = [(p, r) for p, r in person_roles if r & roles]
        ids = {p.entity_id for p, _ in holders}
        if not holders:
            continue
        before = [p for p, _ in holders if p.start < s]
        target = before[-1] if before else (holders[0][0] if len(ids) == 1 else None)
        if target is None:
            continue
        mentions.append(ArticleMention(s, e, text[s:e], "PERSON", target.entity_id, target.canonical, "reference"))
        taken.append((s, e))
