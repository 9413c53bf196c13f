"""Lexicon features of the sub-type model: counts of trigger-lexicon hits per label (the
lexicon carries the ACLED definitions where the 510 CASE snippets are too few to learn
them), who takes territory, and how a protest went. Plain lists of floats: no library
state, so the shipped model needs nothing but its arrays."""

from __future__ import annotations

import math
import re

from newstrace.events.lexicon import compiled_cues, count_by_label, count_cues, labels

_TERRITORY_VERB = re.compile(
    r"\b(?:recaptur\w*|retook|retake\w*|regain\w*|recover\w*|liberat\w*|seiz\w*|captur\w*|overran|overrun|"
    r"took control|taken control|take control|established control|controlled|controlling|occupied|entered|took over|taken over)\b",
    re.IGNORECASE,
)
_ACTOR_WINDOW = 80  # characters before a territory verb where its subject usually is


def territory_actor_features(text: str) -> list[float]:
    """[state forces take ground, non-state group takes ground]: the nearest actor cue
    before a territory verb (ACLED's two sub-types differ only by who advances); before a
    passive expulsion (cue GROUND_LOST, "militants were driven out") that actor is the one
    losing ground, so the other side takes it."""
    cues = dict(compiled_cues())
    state, nonstate = cues.get("STATE_FORCES"), cues.get("NONSTATE_GROUP")
    out = [0.0, 0.0]
    if state is None or nonstate is None:
        return out
    lost = cues.get("GROUND_LOST")
    matches = [(m, False) for m in _TERRITORY_VERB.finditer(text)]
    matches += [(m, True) for m in lost.finditer(text)] if lost is not None else []
    for m, loses in matches:
        window = text[max(0, m.start() - _ACTOR_WINDOW) : m.start()]
        last_state = max((c.end() for c in state.finditer(window)), default=-1)
        last_group = max((c.end() for c in nonstate.finditer(window)), default=-1)
        if last_state > last_group:
            out[1 if loses else 0] = 1.0
        elif last_group > last_state:
            out[0 if loses else 1] = 1.0
    return out


_PROTEST_CUES = ("FORCE_ON_CROWD", "INTERVENTION", "CROWD_VIOLENCE", "PEACEFUL")
_PROTEST_LABELS = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL")


def protest_features(counts: dict[str, int], cues: dict[str, int]) -> list[float]:
    """For texts about a protest: was the crowd violent, dispersed, or hit by force?"""
    if not any(label in counts for label in _PROTEST_LABELS):
        return [0.0] * len(_PROTEST_CUES)
    return [float(c in cues) for c in _PROTEST_CUES]


def lexicon_row(
    text: str, weight: float, territory: float, protest: float, counts: dict[str, int] | None = None
) -> list[float]:
    """log(1 + trigger hits) per lexicon label times ``weight``, then the territory and
    protest features times their own weights. ``counts``: the text's hits per label, when
    the caller has counted them already."""
    counts = count_by_label(text) if counts is None else counts
    row = [weight * math.log1p(counts.get(label, 0)) for label in labels()]
    row += [territory * v for v in territory_actor_features(text)]
    row += [protest * v for v in protest_features(counts, count_cues(text))]
    return row
