"""Build the reuse evaluation set from the hand-written groups (groups_*.yaml).

Writes ``articles.jsonl`` (one article a line: id, outlet, published, title, text) and
``gold.json`` for ``newstrace eval reuse gold.json articles.jsonl``. Per group:
- ``<key>-wire``: the agency original, published on the group's date;
- ``<key>-verbatim``: the same text under a new headline (same day, another outlet);
- ``<key>-relead``: a new lead paragraph + the wire text with small edits (next day);
- ``<key>-paraphrase``: the hand-reworded reprint (next day);
- ``<key>-neg1``, ``<key>-neg2``: independent reports of the same event (same day);
- ``<key>-hard`` (groups named in ``hard_reprints.yaml``): a heavily reworded reprint that
  the lexical sentence scorer mostly misses (next day; gold kind ``hard``).

Run: python benchmarks/data/reuse/build.py
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def _next_day(d: str) -> str:
    return (date.fromisoformat(d) + timedelta(days=1)).isoformat()


def _record(id_: str, outlet: str, published: str, title: str, text: str) -> dict[str, str]:
    return {
        "id": id_,
        "outlet": outlet,
        "published": published,
        "title": title,
        "text": text.strip() + "\n",
    }


def build() -> tuple[list[dict[str, str]], dict[str, object]]:
    groups: list[dict] = []
    for f in sorted(HERE.glob("groups_*.yaml")):
        groups.extend(yaml.safe_load(f.read_text(encoding="utf-8")))
    hard = yaml.safe_load((HERE / "hard_reprints.yaml").read_text(encoding="utf-8"))
    articles: list[dict[str, str]] = []
    gold_groups: list[dict[str, object]] = []
    negatives: list[list[str]] = []
    for g in groups:
        k, d = g["key"], g["date"]
        if "wire" not in g:
            for a in g.get("same_outlet", []) + g.get("unrelated", []):
                articles.append(
                    _record(a["id"], a["outlet"], a["published"], a["title"], a["text"])
                )
            same = [a["id"] for a in g.get("same_outlet", [])]
            negatives.extend([list(p) for p in combinations(same, 2)])
            continue
        w = g["wire"]
        articles.append(_record(f"{k}-wire", w["outlet"], d, w["title"], w["text"]))
        v = g["verbatim"]
        articles.append(_record(f"{k}-verbatim", v["outlet"], d, v["title"], w["text"]))
        r = g["relead"]
        body = w["text"]
        for old, new in r["edits"]:
            assert old in body, (k, old)
            body = body.replace(old, new)
        articles.append(
            _record(
                f"{k}-relead",
                r["outlet"],
                _next_day(d),
                r["title"],
                r["lead"].strip() + "\n" + body,
            )
        )
        p = g["paraphrase"]
        articles.append(
            _record(f"{k}-paraphrase", p["outlet"], _next_day(d), p["title"], p["text"])
        )
        members = [f"{k}-wire", f"{k}-verbatim", f"{k}-relead", f"{k}-paraphrase"]
        copies = [
            {"id": f"{k}-verbatim", "kind": "verbatim"},
            {"id": f"{k}-relead", "kind": "relead"},
            {"id": f"{k}-paraphrase", "kind": "paraphrase"},
        ]
        if k in hard:
            h = hard[k]
            articles.append(_record(f"{k}-hard", h["outlet"], _next_day(d), h["title"], h["text"]))
            members.append(f"{k}-hard")
            copies.append({"id": f"{k}-hard", "kind": "hard"})
        negs = []
        for n, neg in enumerate(g["negatives"], 1):
            articles.append(_record(f"{k}-neg{n}", neg["outlet"], d, neg["title"], neg["text"]))
            negs.append(f"{k}-neg{n}")
        gold_groups.append({"source": f"{k}-wire", "copies": copies})
        negatives.extend([[n, m] for n in negs for m in members])
        negatives.extend([list(p) for p in combinations(negs, 2)])
    gold = {
        "about": "Groups: every pair of members shares passages; source -> copy pairs have a known "
        "direction (the source is the agency original). Negatives: pairs that share no passage "
        "(same event told independently, or an outlet's own standard paragraph). Any other "
        "predicted pair is also a false positive.",
        "groups": gold_groups,
        "negatives": negatives,
    }
    return articles, gold


def main() -> None:
    articles, gold = build()
    with (HERE / "articles.jsonl").open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    (HERE / "gold.json").write_text(
        json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(
        f"{len(articles)} articles, {len(gold['groups'])} groups, {len(gold['negatives'])} negative pairs"
    )


if __name__ == "__main__":
    main()
