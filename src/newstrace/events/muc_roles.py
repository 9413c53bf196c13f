"""MUC-4 role fillers (PerpInd, PerpOrg, Target, Victim, Weapon) by a lexicon learnt from
MUC-4 train: every gold filler string with how often, when it appears in a training
document, it fills that role. Strings that fill a role often enough are extracted from new
text wherever they occur; weapons also come from data/events/weapons.yaml. A transparent
baseline for the arguments of attack/bombing/kidnapping reports (MUC texts are lower-cased
radio transcripts where a parser does poorly)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.events.data import load_yaml

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
MIN_COUNT = 1
MIN_PRECISION = 0.15  # tuned on MUC-4 dev (0.15-0.35, count 1-2)
ROLES_FILE = "muc4_roles.json"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\"'`]", "", text.lower())).strip()


def learn(docs: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Filler string -> role, for strings that fill that role in >= MIN_PRECISION of the
    training documents they appear in (and at least MIN_COUNT times)."""
    filled: dict[str, Counter[str]] = defaultdict(Counter)
    docs = list(docs)
    for d in docs:
        seen: set[tuple[str, str]] = set()
        for t in d["templates"]:
            for role in ROLES:
                for entity in t[role]:
                    for mention, _ in entity:
                        key = norm(mention)
                        if 3 <= len(key) <= 60 and (key, role) not in seen:
                            seen.add((key, role))
                            filled[key][role] += 1
    appears: Counter[str] = Counter()
    keys = list(filled)
    pattern = _compile(keys)
    for d in docs:
        appears.update(set(m.group(0) for m in pattern.finditer(norm(d["doctext"]))))
    lexicon = {}
    for key, roles in filled.items():
        role, n = roles.most_common(1)[0]
        if n >= MIN_COUNT and n / max(appears[key], n) >= MIN_PRECISION:
            lexicon[key] = role
    return lexicon


def _compile(keys: Iterable[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(k) for k in sorted(set(keys), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def save(lexicon: dict[str, str], out_dir: Path) -> None:
    (out_dir / ROLES_FILE).write_text(json.dumps(lexicon, indent=0, sort_keys=True), encoding="utf-8")


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[str, str], re.Pattern[str] | None, re.Pattern[str]]:
    from newstrace.events.classifier import MODEL_DIR

    path = MODEL_DIR / ROLES_FILE
    lexicon = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    weapons = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in load_yaml("weapons.yaml")) + r")(?![\w-])")
    return lexicon, (_compile(lexicon) if lexicon else None), weapons


def extract_roles(text: str) -> dict[str, set[str]]:
    lexicon, pattern, weapons = _shipped()
    t = norm(text)
    out: dict[str, set[str]] = {r: set() for r in ROLES}
    if pattern is not None:
        for m in pattern.finditer(t):
            out[lexicon[m.group(0)]].add(m.group(0))
    for m in weapons.finditer(t):
        out["Weapon"].add(m.group(0))
    return out
