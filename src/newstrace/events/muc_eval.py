"""MUC-4 through the product path, scored like GTT (Du, Rush & Cardie 2021).

Each document is ingested and analysed as ``analyze`` does; its event mentions whose
sub-type has a MUC-4 incident type (``INCIDENT``) become templates, one per incident type
(mentions of one type in one document are merged: the product does not tell two bombings
in one report apart). Role fillers come from the events' actors: a perpetrator named as an
organisation (an entity or a named armed group) fills PerpOrg, any other perpetrator
PerpInd, the people acted on Victim. The product has no physical-target or weapon slot, so
Target and Weapon stay empty (their recall is 0).

Scoring as GTT's eval.py: mention strings normalised (lower case, no punctuation or
articles); per document the one-to-one mapping of predicted to gold templates (or to none)
with the best micro F1; a mapped pair counts only when the predicted incident type is
part of the gold one ("attack" matches "bombing / attack"); a predicted entity is right
when all its mentions are mentions of one gold entity of the same role; unmapped templates
count as spurious or missing. The incident type is scored as one more role.

Event places (not part of GTT, whose preprocessing drops the key's INCIDENT: LOCATION slot):
each dev template's keyed location (data/events/muc4_dev_places.tsv, from the MUC-3/4 answer
keys by scripts/muc4_places.py) against the place of the product's incident of a compatible
type (``place_scores``). The same file gives each message's dateline place, which GTT cut
from the text and ingest would have parsed: it is set on the article before the events stage.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from newstrace.events.data import DATA_DIR
from newstrace.events.geo import place_key
from newstrace.records import Dateline

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
KEYS = ("incident_type", *ROLES)
# CASE/ACLED sub-type -> MUC-4 incident type (sub-types MUC-4 does not template are absent).
INCIDENT = {
    "SUIC_BOMB": "bombing", "REM_EXPLOS": "bombing", "GRENADE": "bombing",
    "ATTACK": "attack", "ARMED_CLASH": "attack", "AIR_STRIKE": "attack", "ART_MISS_ATTACK": "attack",
    "CHEM_WEAP": "attack", "MOB_VIOL": "attack",
    "ABDUCT_DISSAP": "kidnapping", "PROPERTY_DISTRUCT": "arson", "ORG_CRIME": "robbery",
}
MAX_TEMPLATES = 4  # predicted templates per document (the mapping search is exponential)
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalize(s: str) -> str:
    return " ".join(_ARTICLES.sub(" ", s.lower().translate(_PUNCT)).split())


Template = dict[str, Any]  # incident_type: str; each role: list of entities (lists of mentions)


def gold_templates(doc: dict[str, Any]) -> list[Template]:
    out: list[Template] = []
    for t in doc["templates"]:
        tpl: Template = {"incident_type": t["incident_type"]}
        for role in ROLES:
            tpl[role] = [[normalize(m) for m, _ in entity] for entity in t[role] if entity]
        if tpl not in out:
            out.append(tpl)
    return out


def predicted_templates(events: Sequence[Any]) -> list[Template]:
    """One template per MUC incident type among the document's events, most confident first."""
    by_type: dict[str, Template] = {}
    for e in sorted(events, key=lambda e: -e.confidence):
        kind = INCIDENT.get(e.label)
        if kind is None:
            continue
        tpl = by_type.setdefault(kind, {"incident_type": kind, **{r: [] for r in ROLES}})
        for a in e.actors:
            role = _role(a)
            mention = [normalize(a.text)]
            if role and mention[0] and mention not in tpl[role]:
                tpl[role].append(mention)
    return list(by_type.values())[:MAX_TEMPLATES]


def _role(actor: Any) -> str | None:
    if actor.role == "actor1":
        generic = actor.entity_id is None or actor.text.lower() == actor.text and " " not in actor.text.strip()
        return "PerpInd" if generic else "PerpOrg"
    if actor.role == "actor2":
        return "Victim"
    return None


def _counts() -> dict[str, list[int]]:
    return {k: [0, 0, 0, 0] for k in KEYS}  # p_num, p_den, r_num, r_den


def _matches(gold_entity: list[str], pred_entity: list[str]) -> bool:
    return all(m in gold_entity for m in pred_entity)


def _score(mapping: dict[int, int], pred: list[Template], gold: list[Template]) -> dict[str, list[int]]:
    c = _counts()
    mapped_p, mapped_g = set(), set()
    for pi, gi in mapping.items():
        if gi < 0 or pred[pi]["incident_type"] not in gold[gi]["incident_type"]:
            continue
        mapped_p.add(pi)
        mapped_g.add(gi)
        p, g = pred[pi], gold[gi]
        c["incident_type"] = [x + 1 for x in c["incident_type"]]
        for role in ROLES:
            c[role][1] += len(p[role])
            c[role][0] += sum(1 for pe in p[role] if any(_matches(ge, pe) for ge in g[role]))
            c[role][3] += len(g[role])
            c[role][2] += sum(1 for ge in g[role] if any(_matches(ge, pe) for pe in p[role]))
    for pi, p in enumerate(pred):
        if pi not in mapped_p:
            c["incident_type"][1] += 1
            for role in ROLES:
                c[role][1] += len(p[role])
    for gi, g in enumerate(gold):
        if gi not in mapped_g:
            c["incident_type"][3] += 1
            for role in ROLES:
                c[role][3] += len(g[role])
    return c


def _f1(c: list[int]) -> tuple[float, float, float]:
    p = c[0] / c[1] if c[1] else 0.0
    r = c[2] / c[3] if c[3] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _micro(c: dict[str, list[int]]) -> list[int]:
    return [sum(c[k][i] for k in KEYS) for i in range(4)]


def best_mapping_counts(pred: list[Template], gold: list[Template]) -> dict[str, list[int]]:
    best: dict[str, list[int]] | None = None
    options = [*range(len(gold)), -1]
    for combo in itertools.product(options, repeat=len(pred)):
        used = [g for g in combo if g >= 0]
        if len(used) != len(set(used)):
            continue
        c = _score(dict(enumerate(combo)), pred, gold)
        if best is None or _f1(_micro(c))[2] > _f1(_micro(best))[2]:
            best = c
    return best if best is not None else _score({}, pred, gold)


PLACE_GOLD = DATA_DIR / "muc4_dev_places.tsv"
PLACE_LEVELS = ("country", "on_path", "specific")


@dataclass(frozen=True)
class GoldPlace:
    """One keyed incident's location: its alternatives, each a path of place keys from the
    country down ("EL SALVADOR: SAN SALVADOR (CITY)" -> ["elsalvador", "sansalvador"])."""

    docid: str
    incident_type: str  # lower case, as keyed ("bombing / attack")
    paths: tuple[tuple[str, ...], ...]


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside parentheses."""
    out, depth, cur, i = [], 0, "", 0
    while i < len(text):
        if text.startswith(sep, i) and depth == 0:
            out.append(cur)
            cur, i = "", i + len(sep)
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        cur += text[i]
        i += 1
    return [*out, cur]


def location_paths(keyed: str) -> tuple[tuple[str, ...], ...]:
    """The alternatives of a keyed location ("(A) / (B)", "HONDURAS / EL SALVADOR"), each as
    place keys from the country down; a component's "(KIND)" is dropped."""
    keyed = keyed.strip()
    if keyed in ("", "-", "*"):
        return ()
    out = []
    for alt in _split_top(keyed, " / "):
        alt = alt.strip().lstrip("?").strip()
        if alt.startswith("(") and alt.endswith(")"):
            alt = alt[1:-1]
        path = tuple(place_key(re.sub(r"\s*\([^()]*\)\s*$", "", c)) for c in _split_top(alt, ": "))
        if path and all(path):
            out.append(path)
    return tuple(out)


def read_place_gold(path: Path = PLACE_GOLD) -> tuple[dict[str, list[GoldPlace]], dict[str, str]]:
    """docid -> its keyed incident locations, and docid -> its dateline place."""
    gold: dict[str, list[GoldPlace]] = {}
    datelines: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        docid, _, kind, location, dateline = (line.split("\t") + [""] * 5)[:5]
        if dateline.strip():
            datelines[docid] = dateline.strip()
        paths = location_paths(location)
        if paths:
            gold.setdefault(docid, []).append(GoldPlace(docid, kind.strip().lower(), paths))
    return gold, datelines


def place_agreement(place: Any, gold: GoldPlace) -> dict[str, bool]:
    """Does the product's place (a Location) agree with the keyed one, at each level?
    country: same country. on_path: the place is one the keyed location names, at any level
    (the country for a country-level place, else its name is a component of the path).
    specific: the place is the keyed location's most specific one."""
    country = place_key(place.country or "")
    name = country if place.precision == "country" else place_key(place.name)
    out = dict.fromkeys(PLACE_LEVELS, False)
    for path in gold.paths:
        if country != path[0]:
            continue
        out["country"] = True
        out["on_path"] |= name in path
        out["specific"] |= name == path[-1]
    return out


def incident_place(events: Sequence[Any], incident_type: str) -> tuple[bool, Any]:
    """(the product has an incident of a type the keyed one includes, the place of its most
    confident event of such a type that has a place, or None)."""
    same = [e for e in events if INCIDENT.get(e.label) and INCIDENT[e.label] in incident_type]
    placed = sorted((e for e in same if e.location is not None), key=lambda e: -e.confidence)
    return bool(same), placed[0].location if placed else None


def place_scores(docs_events: list[tuple[str, Sequence[Any]]], gold: dict[str, list[GoldPlace]]) -> dict[str, dict[str, int]]:
    """Counts per docid group (the docid's first part, "TST1", "TST2") and "all": keyed
    incidents, matched (the product has an incident of that type), placed, and agreement
    at each level."""
    out: dict[str, dict[str, int]] = {}
    for docid, events in docs_events:
        for g in gold.get(docid, []):
            matched, place = incident_place(events, g.incident_type)
            agree = place_agreement(place, g) if place is not None else dict.fromkeys(PLACE_LEVELS, False)
            for group in (docid.split("-")[0], "all"):
                c = out.setdefault(group, dict.fromkeys(("keyed", "matched", "placed", *PLACE_LEVELS), 0))
                c["keyed"] += 1
                c["matched"] += matched
                c["placed"] += place is not None
                for level in PLACE_LEVELS:
                    c[level] += agree[level]
    return out


def evaluate_muc(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Product-path templates for every document and the GTT-style scores; event places
    for the documents with keyed locations."""
    from newstrace.events.casepath import events_of, prepare
    from newstrace.nlp.cache import cache_root

    snippets = prepare([d["docid"] for d in docs], [d["doctext"] for d in docs], cache_root() / "events", "muc4-eval")
    place_gold, datelines = read_place_gold()
    total = _counts()
    typed_right = 0
    docs_events: list[tuple[str, Sequence[Any]]] = []
    for d, s in zip(docs, snippets, strict=True):
        if d["docid"] in datelines:
            for a in s.parts:
                a.dateline = Dateline(datelines[d["docid"]], None, None)
        events = events_of(s, None)
        docs_events.append((d["docid"], events))
        pred = predicted_templates(events)
        gold = gold_templates(d)
        c = best_mapping_counts(pred, gold)
        for k in KEYS:
            total[k] = [a + b for a, b in zip(total[k], c[k], strict=True)]
        first_gold = gold[0]["incident_type"].split("/")[0].strip() if gold else "none"
        typed_right += (pred[0]["incident_type"] if pred else "none") == first_gold
    return {"docs": len(docs), "with_incident": sum(1 for d in docs if d["templates"]), "counts": total,
            "first_type_accuracy": typed_right / len(docs) if docs else 0.0,
            "places": place_scores(docs_events, place_gold)}


def print_muc(file: Path, result: dict[str, Any]) -> None:
    typer.echo(f"{file}: {result['docs']} documents, {result['with_incident']} with an incident; product path, GTT-style template matching")
    typer.echo(f"incident type of the first template (or none), accuracy: {result['first_type_accuracy']:.4f}")
    typer.echo(f"{'role':14s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    for k in KEYS:
        p, r, f = _f1(result["counts"][k])
        typer.echo(f"{k:14s} {p:6.3f} {r:6.3f} {f:6.3f}")
    p, r, f = _f1(_micro(result["counts"]))
    typer.echo(f"{'micro average':14s} {p:6.3f} {r:6.3f} {f:6.3f}")
    places = result.get("places") or {}
    if places:
        typer.echo("\nevent place vs the keyed incident location (matched: the product has an incident of a compatible type;")
        typer.echo("its place: the most confident such event's; agreement counted over matched incidents)")
        typer.echo(f"{'docs':6s} {'keyed':>6s} {'matched':>8s} {'placed':>7s} {'country':>14s} {'on path':>14s} {'specific':>14s}")
        for group in sorted(places, key=lambda g: (g == "all", g)):
            c = places[group]
            m = c["matched"] or 1
            cells = " ".join(f"{c[k]:4d} ({c[k] / m:5.3f})" for k in PLACE_LEVELS)
            typer.echo(f"{group:6s} {c['keyed']:6d} {c['matched']:8d} {c['placed']:7d} {cells}")
