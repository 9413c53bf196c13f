"""Who takes ground (features.territory_actor_features, cues.yaml): the actor before a
territory verb advances; the actor before a passive expulsion (GROUND_LOST) loses ground."""

from __future__ import annotations

import pytest

from newstrace.events.features import territory_actor_features
from newstrace.events.models import shipped_models


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army recaptured the town on Friday.", [1.0, 0.0]),
        ("Rebels seized the airport after heavy fighting.", [0.0, 1.0]),
        # Passive expulsions: the group named before the verb is the one that lost the town.
        ("Taliban militants were flushed out of their last stronghold in Kunduz.", [1.0, 0.0]),
        ("Government soldiers were pushed out of the town by insurgents.", [0.0, 1.0]),
        # No armed actor before it: no side ("Mr. Ailes, who was forced out over allegations").
        ("Mr. Ailes, who was forced out over allegations, left the network.", [0.0, 0.0]),
    ],
)
def test_who_takes_ground(text: str, expected: list[float]) -> None:
    assert territory_actor_features(text) == expected


def test_passive_expulsion_types_a_government_regain() -> None:
    """The seed 002 sentence's wording, on a hand-written sentence: a group driven out of its
    stronghold is territory regained by the government (it was typed as disrupted weapons use)."""
    models = shipped_models()
    if models is None:
        pytest.skip("no shipped events models")
    text = "Taliban militants were flushed out of their last stronghold in Kunduz."
    probs = dict(zip(models.typer.labels, models.typer.predict_proba([text])[0], strict=True))
    assert max(probs, key=lambda k: probs[k]) == "GOV_REGAINS_TERIT"
    assert probs["GOV_REGAINS_TERIT"] > 0.5
