"""The per-article events stage (registered in pipeline/registry.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from newstrace.events.extract import extract_events
from newstrace.events.models import EventModels
from newstrace.events.records import EventMention
from newstrace.records import Article
from newstrace.stages import ArticleContext

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newstrace.store.base import Store


class EventsStage:
    name = "events"
    version = "3"
    needs_nlp = True

    def __init__(self, models: EventModels | None = None) -> None:
        # None: the package's models; evaluations pass models trained on their folds.
        self.models = models

    def run(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> list[EventMention]:
        entities = ctx.outputs.get("entities")
        mentions = None
        entity_at = None
        if entities is not None and hasattr(entities, "mentions"):
            mentions = [(m.start, m.end, m.label, m.text) for m in entities.mentions]
            entity_at = entities.entity_at
        return extract_events(article, doc, mentions, entity_at, self.models)

    def save(self, store: Store, article: Article, output: Any) -> None:
        store.insert_rows("events", [event_to_row(e) for e in output or []])


def event_to_row(e: EventMention) -> dict[str, Any]:
    return {
        "id": e.id,
        "article_id": e.article_id,
        "event_group": e.event_group,
        "label": e.label,
        "type": e.type,
        "subtype": e.subtype,
        "confidence": e.confidence,
        "date": e.date,
        "date_precision": e.date_precision,
        "date_partial": e.date_partial,
        "date_text": e.date_text,
        "location_json": json.dumps(e.location.to_dict(), ensure_ascii=False) if e.location else None,
        "country": e.location.country if e.location else None,
        "actors_json": json.dumps([a.to_dict() for a in e.actors], ensure_ascii=False),
        "fatalities": e.fatalities.value if e.fatalities else None,
        "fatalities_text": e.fatalities.text if e.fatalities else None,
        "injured": e.injured.value if e.injured else None,
        "injured_text": e.injured.text if e.injured else None,
        "attacker_fatalities": e.attacker_fatalities.value if e.attacker_fatalities else None,
        "attacker_fatalities_text": e.attacker_fatalities.text if e.attacker_fatalities else None,
        "trigger_text": e.trigger.text,
        "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end,
        "sentence_start": e.sentence[0],
        "sentence_end": e.sentence[1],
    }
