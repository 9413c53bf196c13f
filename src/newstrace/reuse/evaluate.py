"""``newstrace eval reuse``: pair precision/recall/F1, direction and stories.

Two gold layouts:

- ``newstrace eval reuse CORPUS_DIR``: a corpus in the ``news_reuse_dev`` layout (pages,
  meta.json, reuse_gold.json; scored by ``devset.py``). The pages go through ``analyze``
  into a temporary store (the product path) and pairs and stories are read back from it.
  ``--with-meta`` also copies meta.json's outlet and date onto the stored articles (then
  reruns the corpus stages): the reuse stages with perfect metadata.
- ``newstrace eval reuse GOLD.json PATH`` (the team's hand-made set):

Gold format (JSON)::

    {"groups": [{"source": "ID", "copies": [{"id": "ID", "kind": "verbatim"}, ...]}, ...],
     "negatives": [["ID", "ID"], ...]}

IDs are document ``source`` values (the ``id`` field of JSON/CSV records, or the file path
relative to PATH). Every pair of members of a group shares passages (positives); source ->
copy pairs also have a known direction (the source is the origin). Any predicted pair that
is not a positive is a false positive (listed negatives are just the ones written down).
Same-outlet repeats are not in the ``reuse`` export, so they are not predictions.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Annotated, Any

import typer

from newstrace.ids import article_id, content_hash
from newstrace.pipeline import registry
from newstrace.pipeline.analyze import analyze, run_corpus_stages
from newstrace.records import Article
from newstrace.reuse import devset
from newstrace.reuse.export import iter_reuse, iter_stories
from newstrace.store import open_store
from newstrace.store.base import Store


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        groups = gold["groups"]
        for g in groups:
            _ = (g["source"], [c["id"] for c in g["copies"]])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise typer.BadParameter(
            f'{path}: not a reuse gold file ({e}). Expected {{"groups": [{{"source", "copies": [{{"id"}}]}}], '
            '"negatives": [[id, id]]}.'
        ) from e
    return dict(gold)


def score(
    gold: dict[str, Any], predicted: list[dict[str, Any]], source_of: dict[str, str]
) -> dict[str, Any]:
    """Scores from export records (article ids mapped to document sources)."""
    positives: set[tuple[str, str]] = set()
    directed: dict[tuple[str, str], str] = {}  # pair -> its source document
    kind_of: dict[tuple[str, str], str] = {}
    for g in gold["groups"]:
        members = [g["source"], *[c["id"] for c in g["copies"]]]
        positives.update(_pair(x, y) for x, y in combinations(members, 2))
        for c in g["copies"]:
            directed[_pair(g["source"], c["id"])] = g["source"]
            kind_of[_pair(g["source"], c["id"])] = c.get("kind", "copy")
    found: dict[tuple[str, str], set[str]] = {}
    for r in predicted:
        sa, sb = source_of.get(r["article_a"]), source_of.get(r["article_b"])
        if not sa or not sb or sa == sb:
            continue
        origin = {"a_to_b": sa, "b_to_a": sb}.get(r["direction"], "unknown")
        found.setdefault(_pair(sa, sb), set()).add(origin)
    tp = len(positives & found.keys())
    fp = sorted(found.keys() - positives)
    fn = sorted(positives - found.keys())
    prec = tp / len(found) if found else 0.0
    rec = tp / len(positives) if positives else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    right = unknown = wrong = 0
    for pair, src in directed.items():
        if pair not in found:
            continue
        origins = found[pair]
        if origins == {src}:
            right += 1
        elif origins <= {"unknown"}:
            unknown += 1
        else:
            wrong += 1
    judged = right + unknown + wrong
    recall_by_kind: Counter[str] = Counter()
    total_by_kind: Counter[str] = Counter()
    for pair, kind in kind_of.items():
        total_by_kind[kind] += 1
        recall_by_kind[kind] += pair in found
    return {
        "predicted_pairs": len(found),
        "gold_pairs": len(positives),
        "true_positives": tp,
        "precision": prec,
        "recall": rec,
        "f1": f1,
        "direction_accuracy": right / judged if judged else 0.0,
        "direction_right": right,
        "direction_unknown": unknown,
        "direction_wrong": wrong,
        "source_copy_recall": {
            k: recall_by_kind[k] / total_by_kind[k] for k in sorted(total_by_kind)
        },
        "false_positives": [list(x) for x in fp],
        "false_negatives": [list(x) for x in fn],
    }


def store_records(path: Path, store: Store) -> None:
    """Store JSON-lines articles as they are (id, outlet, published, title, text): no
    cleaning, no metadata extraction, so the reuse stages alone are measured."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = str(rec["text"])
            source = str(rec["id"])
        except (ValueError, KeyError, TypeError) as e:
            raise typer.BadParameter(
                f"{path}:{n}: not an article record with 'id' and 'text' ({e})."
            ) from e
        published = rec.get("published")
        article = Article(
            id=article_id(source, 0),
            source=source,
            part=0,
            text=text,
            outlet=rec.get("outlet"),
            title=rec.get("title"),
            published=published,
            published_precision="day" if published and len(published) == 10 else None,
            content_hash=content_hash(text),
        )
        store.replace_document(source, article.content_hash, str(path), [article])


def eval_reuse(
    gold: Annotated[
        Path,
        typer.Argument(
            help="A corpus folder in the news_reuse_dev layout, or a gold JSON (groups of "
            "documents sharing passages, plus negatives) followed by PATH."
        ),
    ],
    path: Annotated[
        Path | None, typer.Argument(help="The documents (file or folder) of a gold JSON.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    with_meta: Annotated[
        bool,
        typer.Option(
            "--with-meta",
            help="news_reuse_dev layout: use meta.json's outlet and date instead of the ones "
            "the pipeline reads from the pages.",
        ),
    ] = False,
    records: Annotated[
        bool,
        typer.Option(
            "--records",
            help="PATH is a .jsonl of articles (id, outlet, published, title, text) stored as they are, "
            "without cleaning or metadata extraction: scores the reuse stages alone.",
        ),
    ] = False,
) -> None:
    """Score reuse detection: pair precision, recall, F1, direction and stories."""
    if devset.is_layout(gold):
        _eval_devset(gold, as_json, with_meta)
        return
    if path is None:
        raise typer.BadParameter(
            f"{gold} is not a corpus folder in the news_reuse_dev layout (pages/, "
            "reuse_gold.json): give a gold JSON and the documents, or such a folder."
        )
    if not path.exists():
        raise typer.BadParameter(
            f"{path} does not exist: give the evaluation documents (file or folder)."
        )
    g = load_gold(gold)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "eval.db")) as store:
        if records:
            store_records(path, store)
            run_corpus_stages(registry.CORPUS_STAGES, store, None)
        else:
            summary = analyze([path], store)
            for pr in summary.problems:
                typer.echo(f"unreadable: {pr}", err=True)
        source_of = {r["id"]: r["source"] for r in store.query("SELECT id, source FROM articles")}
        result = score(g, list(iter_reuse(store)), source_of)
    if as_json:
        typer.echo(json.dumps(result, indent=1))
        return
    typer.echo(
        f"pairs: predicted {result['predicted_pairs']}, gold {result['gold_pairs']}, correct {result['true_positives']}"
    )
    typer.echo(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
    )
    typer.echo(
        f"direction accuracy {result['direction_accuracy']:.3f} "
        f"(right {result['direction_right']}, unknown {result['direction_unknown']}, wrong {result['direction_wrong']})"
    )
    typer.echo(
        "source->copy recall by kind: "
        + ", ".join(f"{k} {v:.3f}" for k, v in result["source_copy_recall"].items())
    )
    for label in ("false_positives", "false_negatives"):
        for x in result[label]:
            typer.echo(f"{label[:-1].replace('_', ' ')}: {x[0]} ~ {x[1]}")


def devset_scores(root: Path, *, with_meta: bool = False) -> dict[str, Any]:
    """Analyse a news_reuse_dev-layout corpus in a temporary store and score it."""
    try:
        dev = devset.load(root)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "eval.db")) as store:
        summary = analyze([root / "pages"], store)
        for pr in summary.problems:
            typer.echo(f"unreadable: {pr}", err=True)
        if with_meta:
            with store.transaction():
                for pid, m in sorted(dev.meta.items()):
                    date = m.get("date")
                    store.execute(
                        "UPDATE articles SET outlet = ?, published = ?, published_precision = ? "
                        "WHERE source = ?",
                        [m.get("outlet"), date, "day" if date else None, pid],
                    )
            run_corpus_stages(registry.CORPUS_STAGES, store, None)
        return store_scores(dev, store)


def store_scores(dev: devset.DevGold, store: Store) -> dict[str, Any]:
    """Score the reuse pairs and stories of an analysed store against the gold (a page's
    ``id`` is its stored source)."""
    source_of = {r["id"]: r["source"] for r in store.query("SELECT id, source FROM articles")}
    found: dict[devset.Pair, str] = {}
    for r in store.query("SELECT article_a, article_b, direction FROM reuse_pairs"):
        sa, sb = source_of.get(r["article_a"]), source_of.get(r["article_b"])
        if not sa or not sb or sa == sb:
            continue
        origin = {"a_to_b": sa, "b_to_a": sb}.get(r["direction"], "unknown")
        p = devset.pair(sa, sb)
        found[p] = origin if found.get(p, origin) == origin else "unknown"
    stories = [
        sorted({source_of[a] for a in s["article_ids"] if a in source_of})
        for s in iter_stories(store)
    ]
    return devset.score(dev, found, stories)


def _eval_devset(root: Path, as_json: bool, with_meta: bool) -> None:
    r = devset_scores(root, with_meta=with_meta)
    if as_json:
        typer.echo(json.dumps(r, indent=1))
        return
    out = typer.echo
    out(
        f"{r['pages']} pages; pairs: predicted {r['predicted_pairs']} ({r['predicted_pairs'] - r['judged_pairs']} "
        f"neutral), gold {r['gold_pairs']}, correct {r['true_positives']}"
    )
    out(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    out(
        "recall by kind: "
        + ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in r["recall_by_kind"].items())
    )
    out(f"false pairs between same-event pages: {len(r['same_event_false_pairs'])}")
    f1s = sorted(t["f1"] for t in r["by_topic"].values())
    if f1s:
        out(
            f"pair F1 per topic ({len(f1s)} news events with gold pairs): min {f1s[0]:.3f}, "
            f"median {f1s[len(f1s) // 2]:.3f}, max {f1s[-1]:.3f}; "
            + ", ".join(f"{k} {v['f1']:.2f}" for k, v in r["by_topic"].items())
        )
        rest = sorted(t["f1_without"] for t in r["by_topic"].values())
        out(f"pair F1 leaving one topic out: min {rest[0]:.3f}, max {rest[-1]:.3f}")
    out(
        f"direction on the {r['directed_pairs']} directed pairs: stated {r['direction_stated']}, "
        f"right {r['direction_right']}, wrong {len(r['direction_wrong'])}, "
        f"unknown {len(r['direction_unknown'])}, pair not found {len(r['direction_pair_missing'])}"
    )
    out(
        f"stories: {r['stories']} (largest {r['largest_story']} pages); pair precision "
        f"{r['story_precision']:.3f}  recall {r['story_recall']:.3f}  F1 {r['story_f1']:.3f}"
    )
    for label in ("false_positives", "false_negatives", "direction_wrong", "direction_unknown"):
        for x in r[label]:
            out(f"{label.replace('_', ' ')}: {' ~ '.join(x)}")
