"""Which stages run, in which order.

Stages are named by import path so a stage that is not part of this build is simply
absent (``find_spec`` finds no module) rather than an import error at start-up. Order
matters: entities come before claims and events, which use their mentions.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

# Per-article stages: run on each article after one shared spaCy pass.
ARTICLE_STAGES = [
    "newstrace.entities.stage:EntitiesStage",
    "newstrace.claims.stage:ClaimsStage",
    "newstrace.events.stage:EventsStage",
    "newstrace.framing.stage:FramingStage",
]

# Corpus stages that rewrite article text: run after ingest, before per-article stages.
CORPUS_CLEANING_STAGES = [
    "newstrace.clean.repeated_lines:RepeatedLinesStage",
]

# Corpus stages over stored outputs: run after the per-article stages.
CORPUS_STAGES = [
    "newstrace.entities.resolve:EntityResolutionStage",
    "newstrace.events.groups:EventGroupsStage",
    "newstrace.claims.statements:ClaimStatementsStage",
    "newstrace.reuse.stage:ReuseStage",
    "newstrace.reuse.stories:StoriesStage",
    # Last: it summarises the outputs of all the stages above for the biggest entities.
    "newstrace.web.summaries:EntitySummariesStage",
]

# Export record kinds: name -> "module:function(store) -> Iterator[dict]".
EXPORTS = {
    "articles": "newstrace.export.articles:iter_articles",
    "outlets": "newstrace.outlets.store:iter_outlets",
    "entities": "newstrace.entities.export:iter_entities",
    "mentions": "newstrace.entities.export:iter_mentions",
    "claims": "newstrace.claims.export:iter_claims",
    "events": "newstrace.events.export:iter_events",
    "reuse": "newstrace.reuse.export:iter_reuse",
    "stories": "newstrace.reuse.export:iter_stories",
    "techniques": "newstrace.framing.export:iter_techniques",
    "roles": "newstrace.framing.export:iter_roles",
    "problems": "newstrace.problems.export:export_problems",
}

# Graph exports (formats graphml/gexf): name -> "module:function(store, fmt, out)".
GRAPH_EXPORTS = {"graph": "newstrace.reuse.graph:write_graph"}


def available(ref: str) -> bool:
    module = ref.split(":", 1)[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def load(ref: str) -> Any:
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


def instances(refs: list[str]) -> list[Any]:
    return [load(r)() for r in refs if available(r)]


def article_stages_up_to(stage_class: str) -> list[Any]:
    """Instances of the per-article stages, in order, up to and including ``stage_class``
    (e.g. "ClaimsStage"): what an evaluation of that stage must run before it."""
    stages = []
    for ref in ARTICLE_STAGES:
        if available(ref):
            stages.append(load(ref)())
        if ref.endswith(":" + stage_class):
            break
    return stages
