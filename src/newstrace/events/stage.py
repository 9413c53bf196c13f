"""The per-article events stage (registered in pipeline/registry.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from newstrace import schema
from newstrace.events import presets
from newstrace.events.extract import extract_events, ungated_events
from newstrace.events.models import EventModels
from newstrace.events.records import EventMention
from newstrace.records import Article
from newstrace.stages import ArticleContext

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newstrace.store.base import Store


class EventsStage:
    name = "events"
    # 5: typing: truces are no territory taken, blames without an event no attribution, industrial blasts no weapon
    # 6: unreal triggers ("threatening an attack", "the risk of a clash") and attacks of words on a person name no event
    # 7: event places: no speaker's place, the paragraph before older sentences, then the article's main place and its dateline
    # 8: the detector never reads a PTC 2020 article (the blind precision set) as a non-event
    # 9: the gate reads the sentence's words, learns from the PTC tuning labels; non-violent events need 0.55
    # 10: typing: the sentence names an arrest, abduction, disaster ...; arrests of criminals, sexual violence, grenade lists
    # 11: each event keeps its gate score (gate_score); 12: the gate reads the event's own place
    # 13: gate thresholds per group (violence against civilians 0.75)
    # 14: a trigger inside a name or naming a weapon as an object names no event (naming.yaml)
    # 15: US states, person names and round-up items in event places (geo.py, placing.py)
    version = "16"  # 16: typing: sexual violence is a specific assault, immigration sweeps, shootings (typing.yaml)
    needs_nlp = True

    def __init__(self, models: EventModels | None = None) -> None:
        # None: the package's models under the analyst's preset (presets.py, read from the
        # environment so worker processes see it); evaluations pass models trained on their folds.
        self.models = models
        self.preset = presets.from_env() if models is None else presets.default()
        # Stored events depend on the preset: another preset re-runs the stage (the default
        # keeps the class's version, so existing databases are not re-analysed).
        self.version = presets.stage_version(type(self).version, self.preset)

    def _models(self) -> EventModels | None:
        return self.models if self.models is not None else presets.preset_models(self.preset)

    def run(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> list[EventMention]:
        return extract_events(article, doc, *_entities(ctx), self._models())

    def ungated(self, article: Article, doc: Doc | None, ctx: ArticleContext) -> list[tuple[EventMention, list[str]]]:
        """The events before the precision gate, with the gate's features (its training data)."""
        return ungated_events(article, doc, *_entities(ctx), self.models)

    def save(self, store: Store, article: Article, output: Any) -> None:
        store.insert_rows("events", [event_to_row(e) for e in output or []])


def _entities(ctx: ArticleContext) -> tuple[list[tuple[int, int, str, str]] | None, Callable[[int, int], str | None] | None]:
    """The entities stage's mentions and id look-up, when it ran."""
    entities = ctx.outputs.get("entities")
    if entities is not None and hasattr(entities, "mentions"):
        return [(m.start, m.end, m.label, m.text) for m in entities.mentions], entities.entity_at
    return None, None


def event_to_row(e: EventMention) -> dict[str, Any]:
    # ``country`` repeats the location's country as a column of its own (an index for
    # filtering by country without reading the JSON).
    return {**schema.to_row(e), "country": e.location.country if e.location else None}
