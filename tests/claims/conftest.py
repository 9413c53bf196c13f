"""Fixtures for the claims tests: the per-article pipeline up to claims on given texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def _stages_up_to_claims() -> list[Any]:
    from newstrace.pipeline import registry

    return registry.article_stages_up_to("ClaimsStage")


class Analysed:
    """One text after spaCy, the entities stage (if this build has it) and claims."""

    def __init__(self, text: str, doc: Any, outputs: dict[str, Any]) -> None:
        self.text = text
        self.doc = doc
        self.claims = outputs.get("claims") or []
        self.ents = outputs.get("entities")

    def entity_of(self, name: str) -> str | None:
        """The entity id the pipeline gives the first mention of ``name``."""
        start = self.text.index(name)
        end = start + len(name)
        if self.ents is not None:
            return self.ents.entity_at(start, end)
        from newstrace.claims.resolve import named_mentions

        for m in named_mentions(self.doc, None):
            if min(end, m.end) > max(start, m.start):
                return m.entity_id
        return None

    def claim_with(self, content: str, cue: str | None = None) -> Any:
        hits = [c for c in self.claims if content in c.content.text and (cue is None or cue in c.cue.text)]
        assert hits, f"no claim with content {content!r} / cue {cue!r}; got " + "; ".join(
            f"[{c.speaker.text if c.speaker else None} | {c.cue.text} | {c.content.text[:60]}]" for c in self.claims
        )
        return hits[0]


@pytest.fixture(scope="session")
def analyse() -> Callable[..., list[Analysed]]:
    from newstrace.ids import article_id
    from newstrace.nlp import parse_texts
    from newstrace.records import Article
    from newstrace.stages import ArticleContext

    stages = _stages_up_to_claims()

    def run(texts: list[str], language: str | None = "en") -> list[Analysed]:
        out = []
        for k, (text, doc) in enumerate(zip(texts, parse_texts(texts), strict=True)):
            art = Article(id=article_id(f"t{k}", 0), source=f"t{k}", part=0, text=text, language=language)
            ctx = ArticleContext(art)
            for stage in stages:
                ctx.outputs[stage.name] = stage.run(art, doc, ctx)
            out.append(Analysed(text, doc, ctx.outputs))
        return out

    return run


@pytest.fixture(scope="session")
def seeds(seed_texts: dict[str, str], analyse: Callable[..., list[Analysed]]) -> dict[str, Analysed]:
    names = sorted(seed_texts)
    results = analyse([seed_texts[n] for n in names])
    return {n[:3]: r for n, r in zip(names, results, strict=True)}


@pytest.fixture(scope="session")
def analyse_named(analyse: Callable[..., list[Analysed]]) -> Callable[[dict[str, str]], dict[str, Analysed]]:
    """analyse() over a dict of named texts, keeping the names."""

    def run(texts: dict[str, str]) -> dict[str, Analysed]:
        names = list(texts)
        return dict(zip(names, analyse([texts[n] for n in names]), strict=True))

    return run
