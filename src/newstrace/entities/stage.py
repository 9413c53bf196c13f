"""The per-article entities stage: mentions from spaCy's NER, corrected and extended by
the alias registry, acronyms, surnames, titles and capitals-as-governments.

Order of trust: registry aliases > acronym definitions in the article > spaCy entities.
Everything here is a pure function of the article and its parse (may run in a worker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml

from newstrace import schema
from newstrace.entities.api import ArticleEntities, ArticleMention, entity_id_for
from newstrace.entities.gazetteer import capitals, is_city_of, places
from newstrace.entities.names import normalise_name, tidy
from newstrace.entities.registry import DATA_DIR, load_registry
from newstrace.entities.titles import TitleRef, find_titles, rank_before, title_words
from newstrace.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from newstrace.stages import ArticleContext
    from newstrace.store.base import Store

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# Dependency roles in which a capital acts (says, insists, accuses, supports): the state.
_AGENT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
_GOVERNMENT_NOUNS = {"official", "government", "authority", "administration", "leader", "leadership"}
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")
_POSSESSIVE_TAIL = re.compile(r"['’]s$")


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    canonical: str
    role: str

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class EntitiesStage:
    name = "entities"
    version = "4"  # 2: a nameless title takes the person introduced by rank; 3: names with a place noun are places; 4: a listed city of the country next to it
    needs_nlp = True

    def __init__(self) -> None:
        # Build the matchers once per process (stage instances live per worker).
        self.registry = load_registry()
        self.words = title_words()
        self._title_tokens = frozenset((*self.words.heads, *self.words.offices))
        self._org_heads = frozenset(
            str(w) for w in yaml.safe_load(DATA_DIR.joinpath("org_heads.yaml").read_text("utf-8"))
        )

    # -- run ---------------------------------------------------------------------------
    def run(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> ArticleEntities:
        text = article.text
        cands: list[_Cand] = []
        longer = self._longer_organisations(doc) if doc is not None else []
        for hit in self.registry.find(text):
            if not any(s <= hit.start and hit.end <= e for s, e in longer):
                cands.append(_Cand(hit.start, hit.end, hit.entry.type, hit.entry.name, "alias"))
        cands.extend(self._acronyms(text, cands))
        if doc is not None:
            cands.extend(self._ner(doc, text, cands))
        cands.sort(key=lambda c: (c.start, c.end))
        self._link_surnames(text, cands)
        if doc is not None:
            self._mark_metonyms(doc, text, cands)
        cands.extend(self._titles(text, cands))
        cands.sort(key=lambda c: (c.start, c.end))
        mentions = [
            ArticleMention(
                start=c.start, end=c.end, text=text[c.start : c.end], label=c.label,
                entity_id=entity_id_for(c.canonical, c.label), role=c.role, canonical=c.canonical,
            )
            for c in cands
        ]
        return ArticleEntities(mentions)

    def _longer_organisations(self, doc: Doc) -> list[tuple[int, int]]:
        """spaCy ORGs such as "UN World Food Program": a registry alias followed by a
        capitalised name ending in an organisation word; these keep their full span."""
        out = []
        for ent in doc.ents:
            if ent.label_ != "ORG" or len(ent) < 3 or ent[-1].lower_ not in self._org_heads:
                continue
            if self.registry.lookup(ent.text) is not None:
                continue
            tail = [t for t in ent[1:] if t.is_alpha]
            if tail and all(t.text[:1].isupper() for t in tail):
                out.append((ent.start_char, ent.end_char))
        return out

    # -- spaCy entities, trimmed and relabelled ----------------------------------------------
    def _ner(self, doc: Doc, text: str, taken: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        known_places = places()
        # Names that are part of a longer person's name here ("Clinton" of "Hillary Clinton")
        # stay people whatever noun follows them.
        people = [e.text for e in doc.ents if e.label_ == "PERSON"]
        longer_people = {w for p in people for w in p.split()[1:] if len(p.split()) > 1}
        place_of: dict[str, str | None] = {}  # one scan of the text per distinct name, not per mention
        city_of: dict[str, bool] = {}
        for ent in doc.ents:
            if ent.label_ not in KEEP_LABELS:
                continue
            span = self._trim(ent)
            if span is None:
                continue
            start, end = span.start_char, span.end_char
            surface = _POSSESSIVE_TAIL.sub("", text[start:end])
            end = start + len(surface)
            if not surface.strip() or any(c.overlaps(start, end) for c in taken):
                continue
            label = ent.label_
            if label != "NORP" and not any(t.pos_ == "PROPN" or t.text.isupper() for t in span):
                continue  # "Lashing", "solidarity": not names
            if len(span) == 1 and span[0].lower_ in self._title_tokens:
                continue  # "Interior" cut out of "Iran's Interior Minister"
            if label in {"ORG", "PERSON"} and normalise_name(surface) in known_places:
                label = "GPE"  # "KARACHI" tagged ORG in a dateline
            elif label == "PERSON" and PLACE_HEADS and surface not in longer_people:
                if surface not in place_of:
                    place_of[surface] = _place_named(text, surface)
                label = place_of[surface] or label  # "Ain al-Asad air base"
            if label in {"ORG", "PERSON"} and COUNTRY_CITIES and surface not in longer_people:
                if surface not in city_of:
                    city_of[surface] = _city_of_named_country(text, surface)
                label = "GPE" if city_of[surface] else label  # "Syria's Al-Bukamal"
            entry = self.registry.lookup(surface)
            if entry is not None:
                out.append(_Cand(start, end, entry.type, entry.name, "alias"))
            else:
                out.append(_Cand(start, end, label, tidy(surface), "name"))
        return out

    def _trim(self, ent: Span) -> Span | None:
        """Drop leading "the" and, for people, title words spaCy glued on
        ("Intelligence Mahmoud Alawi" -> "Mahmoud Alawi")."""
        i, j = ent.start, ent.end
        doc = ent.doc
        while i < j and doc[i].lower_ in {"the", "‘", "'", '"', "“"}:
            i += 1
        if ent.label_ == "PERSON":
            while i < j - 1 and (doc[i].lower_.strip(".") in self.words.person_prefixes or doc[i].lower_ == "of"):
                i += 1
        while j > i and doc[j - 1].text in {"’s", "'s", "’", "'", ")", ","}:
            j -= 1
        return doc[i:j] if i < j else None

    # -- acronyms defined in the article: "Majlis Wahdat-e-Muslimeen (MWM)" -----------------
    def _acronyms(self, text: str, taken: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        for m in _ACRONYM.finditer(text):
            acronym = m.group(1)
            if not any(ch.isupper() for ch in acronym[1:]) and len(acronym) > 2:
                continue  # "(Iran)" is not an acronym
            expansion = _expansion_before(text, m.start(), acronym)
            if expansion is None:
                continue
            exp_start, exp_end = expansion
            entry = self.registry.lookup(acronym) or self.registry.lookup(text[exp_start:exp_end])
            if entry is not None:
                canonical, label = entry.name, entry.type
            else:
                canonical, label = tidy(text[exp_start:exp_end]), "ORG"
            if not any(c.overlaps(exp_start, exp_end) for c in taken + out):
                out.append(_Cand(exp_start, exp_end, label, canonical, "acronym"))
            for use in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
                if not any(c.overlaps(use.start(), use.end()) for c in taken + out):
                    out.append(_Cand(use.start(), use.end(), label, canonical, "acronym"))
        return out

    # -- people: "Alawi" after "Mahmoud Alawi" is the same person ------------------------------
    def _link_surnames(self, text: str, cands: list[_Cand]) -> None:
        full: list[_Cand] = [c for c in cands if c.label == "PERSON" and len(c.canonical.split()) >= 2]
        if not full:
            return
        for c in cands:
            if c.role != "name" or len(c.canonical.split()) != 1 or c.label not in {"PERSON", "GPE", "ORG"}:
                continue
            key = _surname_key(c.canonical)
            matches = [f for f in full if _surname_key(f.canonical.split()[-1]) == key]
            if not matches:
                continue
            before = [f for f in matches if f.start < c.start]
            target = before[-1] if before else matches[0]
            c.label, c.canonical, c.role = "PERSON", target.canonical, "surname"

    # -- capitals standing for their state: "Islamabad says", "Washington's support" -----------
    def _mark_metonyms(self, doc: Doc, text: str, cands: list[_Cand]) -> None:
        caps = capitals()
        for c in cands:
            if c.label != "GPE":
                continue
            found = caps.get(normalise_name(c.canonical))
            if found is None:
                continue
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            after = text[c.end : c.end + 2]
            acting = (
                root.dep_ in _AGENT_DEPS
                or after in {"'s", "’s"}
                or (root.dep_ in {"compound", "amod", "nmod"} and root.head.lemma_.lower() in _GOVERNMENT_NOUNS)
            )
            if acting:
                c.label, c.canonical, c.role = "ORG", found[1], "metonym"

    # -- titles: apposition, then references back ("the minister") or forward ------------------
    def _titles(self, text: str, cands: list[_Cand]) -> list[_Cand]:
        persons = [c for c in cands if c.label == "PERSON"]
        held: list[tuple[int, TitleRef, str]] = []  # (position, title, canonical person/role)
        out: list[_Cand] = []
        refs = list(find_titles(text))
        pending: list[TitleRef] = []
        for t in refs:
            person = _apposed_person(text, t, persons)
            if person is not None:
                held.append((t.start, t, person.canonical))
                out.append(_Cand(t.start, t.end, "PERSON", person.canonical, "title"))
            else:
                pending.append(t)
        for t in pending:
            country = self._country(t.country)
            compatible = [
                (pos, h, name) for pos, h, name in held
                if h.head == t.head
                and (country is None or self._country(h.country) in {None, country})
                and (not t.offices or not h.offices or set(t.offices) <= set(h.offices))
            ]
            if t.anaphoric:
                earlier = [x for x in compatible if x[0] < t.start]
                if not earlier:
                    continue  # "the minister" with nobody to refer to: not a mention
                name = earlier[-1][2]
            else:
                later = [x for x in compatible if x[0] > t.start and country is not None
                         and self._country(x[1].country) == country and x[1].offices == t.offices]
                introduced = (
                    _introduced_later(text, t, persons) if country is not None and INTRODUCED_BY_RANK else None
                )
                if later:
                    name = later[0][2]
                elif introduced is not None:
                    # "Pakistan's army chief has extended ..." ... "General Qamar Javed Bajwa said"
                    name = introduced.canonical
                    held.append((t.start, t, name))
                else:
                    office = " ".join((*t.offices, t.head))
                    name = f"{country}'s {office}" if country else office
                    held.append((t.start, t, name))
            out.append(_Cand(t.start, t.end, "PERSON", name, "title"))
        return out

    def _country(self, surface: str | None) -> str | None:
        if surface is None:
            return None
        surface = self.words.demonyms.get(surface, surface)
        entry = self.registry.lookup(surface)
        return entry.name if entry is not None else surface

    # -- save ------------------------------------------------------------------------------
    def save(self, store: Store, article: Article, output: Any) -> None:
        if not isinstance(output, ArticleEntities):
            return
        store.insert_rows(
            "mentions",
            [{"article_id": article.id, **schema.to_row(m), "resolved_id": m.entity_id} for m in output.mentions],
        )


def _surname_key(name: str) -> str:
    key = normalise_name(name)
    return key[3:] if key.startswith(("al-", "el-")) else key


def _apposed_person(text: str, title: TitleRef, persons: list[_Cand]) -> _Cand | None:
    """"Iran's Intelligence Minister Mahmoud Alawi", "Iran's interior minister, Abdolreza
    Rahmani Fazli" (title then name) or "Juma Anad, Iraq's defence minister" (name, title)."""
    for p in persons:
        gap = text[title.end : p.start] if p.start >= title.end else text[p.end : title.start]
        adjacent = len(gap) <= 3 and re.fullmatch(r"[\s,]*", gap) is not None and "\n" not in gap
        if adjacent and (p.start >= title.end or (not title.anaphoric and "," in gap)):
            return p
    return None


@cache
def _place_head_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    raw = yaml.safe_load(DATA_DIR.joinpath("place_heads.yaml").read_text("utf-8"))
    out = []
    for label, key in (("FAC", "facility"), ("GPE", "area")):
        words = sorted((str(w) for w in raw.get(key, ())), key=len, reverse=True)
        alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        out.append((label, re.compile(rf"\s+(?:{alt})\b", re.IGNORECASE)))
    return tuple(out)


def _place_named(text: str, surface: str) -> str | None:
    """FAC or GPE when the article writes the name with a facility or area noun after it
    anywhere ("Ain al-Asad air base" ... "Ain al-Asad has been targeted", "Saladin
    province"); None otherwise."""
    name = re.escape(surface)
    for label, pattern in _place_head_patterns():
        for m in re.finditer(rf"(?<![\w-]){name}(?![\w-])", text):
            if pattern.match(text, m.end()):
                return label
    return None


_COUNTRY_BEFORE = re.compile(r"((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)['’]s\s+$")
_COUNTRY_AFTER = re.compile(r",\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})")


def _city_of_named_country(text: str, surface: str) -> bool:
    """Whether the article writes the name as a city of the country next to it ("Syria's
    Al-Bukamal", "Al-Bukamal, Syria") and the gazetteer lists a city so named there."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
        before = _COUNTRY_BEFORE.search(text, max(0, m.start() - 60), m.start())
        after = _COUNTRY_AFTER.match(text, m.end())
        for phrase in (before.group(1) if before else "", after.group(1) if after else ""):
            words = phrase.split()
            # The country is the whole phrase or its end/start ("in war-torn Syria's").
            for country in {" ".join(words[i:]) for i in range(len(words))} | {" ".join(words[:i]) for i in range(1, len(words))}:
                if is_city_of(surface, country):
                    return True
    return False


PLACE_HEADS = True  # switch: a PERSON followed by a place noun is that place
COUNTRY_CITIES = True  # switch: a name written as a listed city of the country next to it is that city
INTRODUCED_BY_RANK = True  # switch for scripts/entities_title_links.py (the rule's effect)
INTRODUCTION_WINDOW = 800  # characters after a nameless title in which its person is named


def _introduced_later(text: str, title: TitleRef, persons: list[_Cand]) -> _Cand | None:
    """The person a nameless country title stands for, when the next person named after it is
    introduced by a rank in a later sentence ("Pakistan's army chief has extended hand ..."
    then "General Qamar Javed Bajwa said"); a person named in the same sentence, or one
    qualified by a country of their own ("US President Joe Biden"), is someone else."""
    rank_pattern = rank_before(re.sub(r"\s+", " ", title.head))
    if rank_pattern is None or re.match(r"\s*[.!?]", text[title.end : title.end + 3]):
        return None  # a head no rank introduces; "... was the American president." is generic
    after = sorted((p for p in persons if title.end <= p.start < title.end + INTRODUCTION_WINDOW), key=lambda p: p.start)
    if not after:
        return None
    first = after[0]
    between = text[title.end : first.start]
    if not re.search(r"[.!?]\s|\n", between):
        return None
    lead = text[max(0, first.start - 40) : first.start]
    rank = rank_pattern.search(lead)
    if rank is None:
        return None
    words = lead[: rank.start()].split()
    qualifier = words[-1] if words else ""
    dem = title_words().demonyms
    if re.search(r"['’]s$", qualifier) or qualifier in dem:
        theirs = dem.get(qualifier, re.sub(r"['’]s$", "", qualifier))
        if theirs != dem.get(title.country or "", title.country):
            return None  # "US President Joe Biden", "Iraq's President Barham Salih": another country's
    return first


def _expansion_before(text: str, paren: int, acronym: str) -> tuple[int, int] | None:
    """The words before "(ACR)" whose initials spell ACR (Schwartz-Hearst style, simplified:
    initials of words and of hyphenated parts, small words may be skipped)."""
    window = text[max(0, paren - 120) : paren]
    words = list(re.finditer(r"[\w’'-]+", window))
    letters = acronym.lower()
    for n in range(1, min(len(words), len(acronym) + 4) + 1):
        chosen = words[-n:]
        if _spells(letters, [w.group(0) for w in chosen]):
            first = chosen[0]
            if first.group(0).lower() == "the":
                continue
            offset = max(0, paren - 120)
            return offset + first.start(), offset + chosen[-1].end()
    return None


def _spells(letters: str, words: list[str]) -> bool:
    if not words or not words[0][:1].isupper():
        return False
    small = {"of", "the", "and", "for", "e", "i", "ul", "al"}
    options: list[list[str]] = []
    for w in words:
        parts = [p for p in re.split(r"[-’']", w) if p]
        options.append([p[0].lower() for p in parts])

    @cache  # memoised: a hostile "(ABCDEFGHIJ)" cannot make the search exponential
    def match(i: int, k: int) -> bool:
        if k == len(letters):
            return i == len(words)
        if i == len(words):
            return False
        word_parts = options[i]
        # use the word's first letter, or all its parts' initials, or skip a small word
        if word_parts and word_parts[0] == letters[k] and match(i + 1, k + 1):
            return True
        joined = "".join(word_parts)
        if len(joined) > 1 and letters.startswith(joined, k) and match(i + 1, k + len(joined)):
            return True
        return words[i].lower() in small and i > 0 and match(i + 1, k)

    return match(0, 0)
