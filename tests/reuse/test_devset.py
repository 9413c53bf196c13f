"""The news_reuse_dev layout: its gold as the README describes it, the scores on a small
hand-made gold, and ``eval reuse`` through the product path on a subset of the real pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.reuse import devset


@pytest.fixture(scope="module")
def dev_root(corpora_dir: Path) -> Path:
    root = corpora_dir / "news_reuse_dev"
    if not devset.is_layout(root):
        pytest.skip(f"{root} is absent: the news_reuse_dev corpus is read from ../shared/corpora")
    return root


def test_gold_counts_match_the_readme(dev_root: Path) -> None:
    dev = devset.load(dev_root)
    assert len(dev.pages) == 74
    assert len(dev.positives) == 76  # "76 strict pairs, 3 of them paraphrase-only"
    assert sum(k == "paraphrase-only" for k in dev.positives.values()) == 3
    assert len(dev.directed) == 11
    assert not dev.same_event & dev.positives.keys()
    # Every directed pair is a gold pair, stated from its group's origin.
    assert all(p in dev.positives and o in p for p, o in dev.directed.items())


def _tiny() -> devset.DevGold:
    dev = devset.DevGold(pages={k: {} for k in "abcdef"}, meta={})
    dev.positives = {("a", "b"): "verbatim", ("a", "c"): "paraphrase-only", ("b", "c"): "near"}
    dev.directed = {("a", "b"): "a", ("a", "c"): "a"}
    dev.neutral = {("d", "e")}
    dev.same_event = {("a", "f")}
    dev.story_pairs = set(dev.positives)
    dev.story_neutral = dev.same_event | dev.neutral
    return dev


def test_scores_count_neutral_same_event_and_direction() -> None:
    found = {("a", "b"): "a", ("a", "c"): "c", ("d", "e"): "unknown", ("a", "f"): "unknown"}
    r = devset.score(_tiny(), found, [["a", "b", "c"], ["d", "e"], ["f"]])
    # (d, e) is neutral: neither right nor wrong; (a, f) is a false same-event pair.
    assert (r["true_positives"], r["judged_pairs"]) == (2, 3)
    assert r["precision"] == pytest.approx(2 / 3) and r["recall"] == pytest.approx(2 / 3)
    assert r["same_event_false_pairs"] == [["a", "f"]]
    assert r["recall_by_kind"]["near"] == {"found": 0, "gold": 1}
    assert r["direction_right"] == 1 and r["direction_wrong"] == [["a", "c"]]
    assert r["story_f1"] == 1.0


def test_eval_reuse_on_a_subset_of_the_real_pages(dev_root: Path, tmp_path: Path) -> None:
    """The Noto earthquake reprint (d025 -> d026, origin d025) beside three independent
    reports of the same disaster (d027-d029): the copy and its direction are found."""
    keep = {"d025", "d026", "d027", "d028", "d029"}
    gold = json.loads((dev_root / "reuse_gold.json").read_text(encoding="utf-8"))
    sub = {
        "groups": [g for g in gold["groups"] if set(g["members"]) <= keep],
        "distractors": [d for d in gold["distractors"] if d in keep],
        "same_event_no_text_reuse": [
            {**s, "ids": [i for i in s["ids"] if i in keep]}
            for s in gold["same_event_no_text_reuse"]
            if len(set(s["ids"]) & keep) >= 2
        ],
    }
    assert sub["groups"], "the Noto group is no longer in the gold"
    root = tmp_path / "sub"
    (root / "pages").mkdir(parents=True)
    for k in sorted(keep):
        shutil.copy(dev_root / "pages" / f"{k}.json", root / "pages" / f"{k}.json")
    meta = json.loads((dev_root / "meta.json").read_text(encoding="utf-8"))
    (root / "meta.json").write_text(json.dumps({k: meta[k] for k in keep}), encoding="utf-8")
    (root / "reuse_gold.json").write_text(json.dumps(sub), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "reuse", str(root), "--json"])
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert r["gold_pairs"] == 1 and r["true_positives"] == 1
    assert r["direction_right"] == 1 and not r["direction_wrong"]
