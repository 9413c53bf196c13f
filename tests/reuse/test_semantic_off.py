"""The reuse stage without sentence embeddings (the core install, or NEWSTRACE_EMBEDDINGS=0):
the embedding pass is a no-op and never loads a model."""

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
def test_env_switches_embeddings_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(embed.ENV, value)
    assert not embed.enabled()
    assert semantic.version_tag() == ""


def test_refine_is_the_lexical_result_when_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embed.ENV, "0")
    texts = _texts()
    for x, y in [("ferry-wire", "ferry-paraphrase"), ("mine-wire", "mine-hard")]:
        a, b = prepare(texts[x]), prepare(texts[y])
        lexical = align(a, b)
        assert semantic.refine(a, b, lexical) == lexical
    assert align(prepare(texts["ferry-wire"]), prepare(texts["ferry-paraphrase"]))


def test_missing_extra_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a core install: not enabled, and asking for vectors says what to install."""
    monkeypatch.delenv(embed.ENV, raising=False)
    monkeypatch.setattr(embed, "installed", lambda: False)
    monkeypatch.setattr(embed, "_model", None)
    assert not embed.enabled() and semantic.version_tag() == ""
    with pytest.raises(
        embed.EmbeddingsUnavailable, match=r"newstrace\[embeddings\].*NEWSTRACE_EMBEDDINGS=0"
    ):
        embed.encode(["A sentence."])
