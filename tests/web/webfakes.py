"""Stand-in export functions for the stages that are not on this branch yet.

They yield INTERFACE.md records computed from the real seed texts in the store (every
offset is found in the article text here, never typed in), so the web views are tested on
realistic records. Tests install them by pointing ``registry.EXPORTS`` at this module.
Entity curation keeps its state in ``CURATION`` (one process: TestClient and the uvicorn
thread of the browser test share it).
"""

from __future__ import annotations

import difflib
import re
import sys
import types
from collections.abc import Iterator
from importlib.machinery import ModuleSpec
from typing import Any

from newstrace.entities.api import entity_id_for
from newstrace.store.base import Store

MODULE = "newstrace_webfakes"

# XSS payloads the security and browser tests put in titles, texts and names.
HOSTILE = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert('xss')</script>"
EVIL_ENTITY = f"{HOSTILE}Front"

# Names that occur in the seeds, with their types. Aliases are other spellings in the texts.
ENTITIES = [
    ("Daesh", "ORG", ["ISIS", "ISIL", "IS"]),
    ("Pakistan", "GPE", []),
    ("Afghanistan", "GPE", []),
    ("United States", "GPE", ["US", "Washington"]),
    ("Iraq", "GPE", []),
    ("Syria", "GPE", []),
    ("Mahmoud Alawi", "PERSON", []),
    ("Qamar Javed Bajwa", "PERSON", ["General Qamar Javed Bajwa"]),
]
# Extra names tests add (e.g. hostile ones): name -> type.
EXTRA_NAMES: dict[str, str] = {}


class Curation:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.folded: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.extra_aliases: dict[str, list[str]] = {}
        self.split_off: dict[str, tuple[str, str]] = {}  # alias -> (new id, from id)
        self.calls: list[tuple[str, str, str]] = []

    def canon(self, eid: str) -> str:
        while eid in self.folded:
            eid = self.folded[eid]
        return eid


CURATION = Curation()


def _names() -> list[tuple[str, str, list[str]]]:
    return ENTITIES + [(n, t, []) for n, t in EXTRA_NAMES.items()]


def _mentions(store: Store) -> Iterator[tuple[str, str, str, int, int, str]]:
    """(base entity id, surface alias, article id, start, end, text) for every occurrence."""
    for article in store.iter_articles():
        taken: list[tuple[int, int]] = []
        for name, typ, aliases in _names():
            eid = entity_id_for(name, typ)
            for surface in sorted([name, *aliases], key=len, reverse=True):
                for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", article.text):
                    if any(m.start() < e and m.end() > s for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    yield eid, surface, article.id, m.start(), m.end(), m.group(0)


def _entity_of(base_id: str, surface: str) -> str:
    split = CURATION.split_off.get(surface)
    if split and split[1] == base_id:
        return CURATION.canon(split[0])
    return CURATION.canon(base_id)


def iter_mentions(store: Store) -> Iterator[dict[str, Any]]:
    for eid, surface, aid, s, e, text in _mentions(store):
        yield {"entity_id": _entity_of(eid, surface), "article_id": aid, "start": s, "end": e, "text": text}


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    stats: dict[str, list[Any]] = {}
    for m in iter_mentions(store):
        st = stats.setdefault(m["entity_id"], [0, set()])
        st[0] += 1
        st[1].add(m["article_id"])
    records: dict[str, dict[str, Any]] = {}
    for name, typ, aliases in _names():
        base = entity_id_for(name, typ)
        eid = CURATION.canon(base)
        rec = records.setdefault(eid, {"id": eid, "name": name, "type": typ, "aliases": []})
        for a in ([name] if eid != base else []) + aliases:
            if a not in CURATION.split_off and a not in rec["aliases"]:
                rec["aliases"].append(a)
    for alias, (new_id, from_id) in CURATION.split_off.items():
        typ = records[CURATION.canon(from_id)]["type"]
        records.setdefault(CURATION.canon(new_id), {"id": new_id, "name": alias, "type": typ, "aliases": []})
    for eid, rec in records.items():
        rec["name"] = CURATION.names.get(eid, rec["name"])
        rec["aliases"] += [a for a in CURATION.extra_aliases.get(eid, []) if a not in rec["aliases"]]
        count, arts = stats.get(eid, [0, set()])
        rec["mention_count"], rec["article_count"] = count, len(arts)
    yield from records.values()


# -- curation (the newstrace.entities.curation signatures) ------------------------------
def merge(store: Store, keep_id: str, other_id: str) -> None:
    known = {e["id"] for e in iter_entities(store)}
    if other_id not in known:
        raise KeyError(f"no entity {other_id!r}")
    if other_id == keep_id:
        raise ValueError("an entity cannot be merged into itself")
    CURATION.calls.append(("merge", keep_id, other_id))
    CURATION.folded[other_id] = keep_id


def split(store: Store, entity_id: str, alias: str) -> str:
    CURATION.calls.append(("split", entity_id, alias))
    new_id = "e_split_" + alias.lower()
    CURATION.split_off[alias] = (new_id, entity_id)
    return new_id


def rename(store: Store, entity_id: str, name: str) -> None:
    CURATION.calls.append(("rename", entity_id, name))
    CURATION.names[entity_id] = name


def add_alias(store: Store, entity_id: str, alias: str) -> None:
    CURATION.calls.append(("add_alias", entity_id, alias))
    CURATION.extra_aliases.setdefault(entity_id, []).append(alias)


# -- claims: "<quote>," <Speaker> said  and  <Speaker> said <content>. ---------------------
_QUOTE_SAID = re.compile(r"[“‘](?P<content>[^”’]{20,400})[,.]?[”’],? (?P<speaker>(?:[A-Z][\w’'-]*\.? ?){1,5}?) (?P<cue>said|added|warned)")
_SAID_THAT = re.compile(r"(?P<speaker>(?:[A-Z][\w’'-]+ ){1,4})(?P<cue>said|warned) (?:that )?(?P<content>[^.]{20,300})\.")


def iter_claims(store: Store) -> Iterator[dict[str, Any]]:
    for article in store.iter_articles():
        for i, m in enumerate([*_QUOTE_SAID.finditer(article.text), *_SAID_THAT.finditer(article.text)]):
            speaker = m.group("speaker").strip()
            s = m.start("speaker")
            kind = "direct" if m.re is _QUOTE_SAID else "indirect"
            name_type = EXTRA_NAMES.get(speaker, "PERSON")
            yield {
                "id": f"c_{article.id}_{i}",
                "article_id": article.id,
                "kind": kind,
                "speaker": {"text": speaker, "start": s, "end": s + len(speaker), "entity_id": entity_id_for(speaker, name_type)},
                "cue": {"text": m.group("cue"), "start": m.start("cue"), "end": m.end("cue")},
                "content": {"text": m.group("content"), "start": m.start("content"), "end": m.end("content")},
            }


# -- events: attacks, with the casualty figure the text gives --------------------------------
_ATTACK = re.compile(r"(?P<trigger>suicide attack|attacked|bombing|airstrikes)")
_KILLED = re.compile(r"killed (?P<text>(?:over |at least )?(?P<n>\d+))")
PLACES = {"Parachinar": (33.9, 70.1, "Pakistan"), "Balochistan": (28.5, 65.1, "Pakistan"), "Pakistan": (30.4, 69.3, "Pakistan"), "Gaza": (31.5, 34.45, "Palestine")}


def iter_events(store: Store) -> Iterator[dict[str, Any]]:
    for article in store.iter_articles():
        for i, m in enumerate(_ATTACK.finditer(article.text)):
            sentence_end = article.text.find(".", m.end())
            window = article.text[max(0, m.start() - 200) : sentence_end if sentence_end > 0 else m.end() + 200]
            place = next((p for p in PLACES if p in window), None)
            killed = _KILLED.search(window)
            lat, lon, country = PLACES[place] if place else (None, None, None)
            yield {
                "id": f"ev_{article.id}_{i}",
                "article_id": article.id,
                "event_group": f"g_{place or 'unplaced'}",
                "type": "Explosions/Remote violence" if "bomb" in m.group(0) or "air" in m.group(0) else "Violence against civilians",
                "subtype": "Suicide bomb" if "suicide" in m.group(0) else None,
                "confidence": 0.8,
                "date": article.published,
                "date_precision": article.published_precision,
                "location": {"name": place, "country": country, "admin1": None, "lat": lat, "lon": lon, "precision": "town"} if place else None,
                "actors": [],
                "fatalities": {"value": int(killed.group("n")), "text": killed.group("text")} if killed else None,
                "injured": None,
                "trigger": {"text": m.group(0), "start": m.start(), "end": m.end()},
            }


# -- reuse: real aligned passages between every pair of articles (difflib blocks) -----------
_REUSE_CACHE: dict[tuple[Any, ...], list[dict[str, Any]]] = {}


def iter_reuse(store: Store) -> Iterator[dict[str, Any]]:
    # Aligning every pair is slow-ish; the same texts give the same passages.
    arts = sorted(store.iter_articles(), key=lambda a: a.id)
    key = tuple((a.id, a.text, a.published) for a in arts)
    if key not in _REUSE_CACHE:
        _REUSE_CACHE[key] = list(_align_all(arts))
    yield from _REUSE_CACHE[key]


def _align_all(arts: list[Any]) -> Iterator[dict[str, Any]]:
    for i, a in enumerate(arts):
        for b in arts[i + 1 :]:
            sm = difflib.SequenceMatcher(a=a.text, b=b.text, autojunk=False)
            for block in sm.get_matching_blocks():
                if block.size < 60:
                    continue
                pa = a.text[block.a : block.a + block.size]
                pb = b.text[block.b : block.b + block.size]
                direction = "unknown"
                if a.published and b.published and a.published != b.published:
                    direction = "a_to_b" if a.published < b.published else "b_to_a"
                yield {
                    "article_a": a.id,
                    "article_b": b.id,
                    "a": {"start": block.a, "end": block.a + block.size, "text": pa},
                    "b": {"start": block.b, "end": block.b + block.size, "text": pb},
                    "similarity": 1.0,
                    "kind": "verbatim",
                    "direction": direction,
                    "evidence": ["earlier publication date"] if direction != "unknown" else [],
                }


def iter_stories(store: Store) -> Iterator[dict[str, Any]]:
    """One story per connected group of articles that share passages."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for r in iter_reuse(store):
        parent[find(r["article_a"])] = find(r["article_b"])
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    for n, ids in enumerate(sorted(groups.values(), key=lambda g: sorted(g))):
        arts = [store.get_article(i) for i in sorted(ids)]
        dates = sorted(a.published for a in arts if a and a.published)
        first = arts[0]
        yield {
            "id": f"s_{n}",
            "label": (first.title if first else None) or f"story {n}",
            "article_ids": sorted(ids),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
        }


def install(monkeypatch: Any, *, curation: bool = True) -> types.ModuleType:
    """Point the registry's exports (and, optionally, entity curation) at these fakes."""
    from newstrace.pipeline import registry

    module = sys.modules[__name__]
    fake = types.ModuleType(MODULE)
    fake.__spec__ = ModuleSpec(MODULE, None)
    for name in ("iter_entities", "iter_mentions", "iter_claims", "iter_events", "iter_reuse", "iter_stories"):
        setattr(fake, name, getattr(module, name))
    monkeypatch.setitem(sys.modules, MODULE, fake)
    for what in ("entities", "mentions", "claims", "events", "reuse", "stories"):
        monkeypatch.setitem(registry.EXPORTS, what, f"{MODULE}:iter_{what}")
    if curation:
        cur = types.ModuleType("newstrace.entities.curation")
        cur.__spec__ = ModuleSpec("newstrace.entities.curation", None)
        for name in ("merge", "split", "rename", "add_alias"):
            setattr(cur, name, getattr(module, name))
        monkeypatch.setitem(sys.modules, "newstrace.entities.curation", cur)
    CURATION.reset()
    return fake


def install_hostile(monkeypatch: Any) -> None:
    """Claims, entities and mentions whose speaker/entity names are the payloads in the text."""
    from newstrace.pipeline import registry

    def iter_claims(store):
        for a in store.iter_articles():
            sp = a.text.find("Mallory")
            quote = a.text.find("The attack")
            said = a.text.find(" said", sp)
            yield {
                "id": "c1", "article_id": a.id, "kind": "direct",
                "speaker": {"text": a.text[sp:said], "start": sp, "end": said, "entity_id": entity_id_for(EVIL_ENTITY, "ORG")},
                "cue": {"text": "said", "start": said + 1, "end": said + 5},
                "content": {"text": a.text[quote : a.text.find(",”")], "start": quote, "end": a.text.find(",”")},
            }

    def iter_mentions(store):
        for a in store.iter_articles():
            s = a.text.find(EVIL_ENTITY)
            yield {"entity_id": entity_id_for(EVIL_ENTITY, "ORG"), "article_id": a.id, "start": s, "end": s + len(EVIL_ENTITY), "text": EVIL_ENTITY}

    def iter_entities(store):
        yield {"id": entity_id_for(EVIL_ENTITY, "ORG"), "name": EVIL_ENTITY, "type": "ORG", "aliases": [SCRIPT], "mention_count": 1, "article_count": 1}

    mod = types.ModuleType("newstrace_hostilefakes")
    mod.__spec__ = ModuleSpec("newstrace_hostilefakes", None)
    mod.iter_claims, mod.iter_mentions, mod.iter_entities = iter_claims, iter_mentions, iter_entities
    monkeypatch.setitem(sys.modules, "newstrace_hostilefakes", mod)
    for what in ("claims", "mentions", "entities"):
        monkeypatch.setitem(registry.EXPORTS, what, f"newstrace_hostilefakes:iter_{what}")
