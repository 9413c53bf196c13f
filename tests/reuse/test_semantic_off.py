"""The switch for sentence embeddings (on by default, NEWSTRACE_EMBEDDINGS=0 turns them off:
the embedding pass is then a no-op), and the stage with embeddings on never needs torch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.reuse import embed, semantic
from newstrace.reuse.align import align, prepare

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "reuse"


def _texts() -> dict[str, str]:
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r["text"] for r in map(json.loads, lines)}


@pytest.mark.parametrize("value", ["0", "false", "off", "No"])
def test_embeddings_are_switched_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(embed.ENV, value)
    assert not embed.enabled()
    assert semantic.version_tag() == ""


@pytest.mark.parametrize("value", ["1", "", None])
def test_embeddings_are_on_by_default(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(embed.ENV, raising=False)
    else:
        monkeypatch.setenv(embed.ENV, value)
    assert embed.enabled()
    assert semantic.version_tag() != ""  # stored results say which encoder made them


def test_refine_is_the_lexical_result_when_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embed.ENV, "0")
    texts = _texts()
    for x, y in [("ferry-wire", "ferry-paraphrase"), ("mine-wire", "mine-hard")]:
        a, b = prepare(texts[x]), prepare(texts[y])
        lexical = align(a, b)
        assert semantic.refine(a, b, lexical) == lexical
    assert align(prepare(texts["ferry-wire"]), prepare(texts["ferry-paraphrase"]))


def test_reuse_stage_runs_without_torch(dbs, tmp_path: Path) -> None:
    """As on the core install: torch cannot be imported at all. The stage runs with
    embeddings on (the packaged static encoder) and finds the pairs."""
    import subprocess
    import sys

    script = (
        "import sys; sys.modules['torch'] = None\n"  # import torch -> ImportError
        "from pathlib import Path\n"
        "from newstrace.reuse import embed\n"
        "from newstrace.reuse.evaluate import store_records\n"
        "from newstrace.reuse.stage import ReuseStage\n"
        "from newstrace.store import open_store\n"
        "assert embed.enabled()\n"
        f"with open_store({dbs.new('r')!r}) as store:\n"
        f"    store_records(Path({str(tmp_path / 'ferry.jsonl')!r}), store)\n"
        "    ReuseStage().run(store, lambda *_: None)\n"
        "    print(store.count('reuse_pairs'))\n"
        "assert embed.stats['sentences'] > 0\n"
        "assert 'sentence_transformers' not in sys.modules\n"
    )
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "ferry.jsonl").write_text(
        "\n".join(x for x in lines if '"id": "ferry-' in x) + "\n", encoding="utf-8"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    res = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    assert res.returncode == 0, res.stderr
    # wire, verbatim, relead, paraphrase and the hard reprint all share passages lexically.
    assert int(res.stdout.strip()) >= 6
