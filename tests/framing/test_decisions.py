"""How model scores become outputs (hand-made scores, no model): technique spans per
sentence, or per paragraph when the model was trained with the noisy-or aggregate; entity
roles as a (main, fine) pair."""

from __future__ import annotations

import re

import numpy as np
import pytest

from newstrace.framing.analyse import mark_techniques
from newstrace.framing.linear import LinearHeads
from newstrace.framing.units import combine, line_groups, sentence_units
from newstrace.records import Article

TEXT = "They lie. They always lie.\nA calm report follows here."


def _heads(aggregate: str) -> LinearHeads:
    return LinearHeads(
        ["Doubt", "Loaded_Language"], None, np.zeros((2, 1), np.float32), np.zeros(2, np.float32),
        np.array([0.7, 0.7], np.float32), {"aggregate": aggregate},
    )


def _units() -> list[tuple[int, int]]:
    first = TEXT.index("They always")
    return [(0, first - 1), (first, TEXT.index("\n")), (TEXT.index("A calm"), len(TEXT))]


def test_noisy_or_adds_up_weak_hints_within_a_paragraph_only() -> None:
    # two sentences of the first line at 0.5 each (noisy-or 0.75), the second line's at 0.6
    probs = np.array([[0.5, 0.1], [0.5, 0.8], [0.6, 0.0]], np.float32)
    article = Article(id="a1", source="x", part=0, text=TEXT)
    by_sentence = mark_techniques(article, _units(), probs, _heads("max"), None)
    assert [(s.technique, s.text) for s in by_sentence] == [("Loaded_Language", "They always lie.")]
    by_paragraph = mark_techniques(article, _units(), probs, _heads("noisy-or"), None)
    doubt = [s for s in by_paragraph if s.technique == "Doubt"]
    assert [(s.text, s.score) for s in doubt] == [("They lie.", pytest.approx(0.75))]
    assert {s.technique for s in by_paragraph} == {"Doubt", "Loaded_Language"}


def test_noisy_or_of_the_best_sentences_ignores_a_long_paragraphs_faint_scores() -> None:
    # five faint Doubt sentences on one line: their noisy-or passes 0.7, the best two's not;
    # two fair ones (0.5 each) on the next line pass either way
    text = "One. Two. Three. Four. Five.\nSix. Seven."
    units = [(m.start(), m.end()) for m in re.finditer(r"[A-Z][a-z]+\.", text)]
    probs = np.array([[0.25, 0.0]] * 5 + [[0.5, 0.0]] * 2, np.float32)
    article = Article(id="a2", source="x", part=0, text=text)
    all_sentences = mark_techniques(article, units, probs, _heads("noisy-or"), None)
    assert [s.text for s in all_sentences] == ["One.", "Six."]  # 1 - 0.75 ** 5 = 0.76
    best_two = mark_techniques(article, units, probs, _heads("noisy-or-2"), None)
    assert [(s.text, s.score) for s in best_two] == [("Six.", pytest.approx(0.75))]


def test_combine_and_line_groups() -> None:
    scores = np.array([[0.5, 0.2], [0.5, 0.9]], np.float32)
    assert combine(scores, "max").tolist() == pytest.approx([0.5, 0.9])
    assert combine(scores, "noisy-or").tolist() == pytest.approx([0.75, 0.92])
    three = np.array([[0.5, 0.2], [0.5, 0.9], [0.5, 0.0]], np.float32)
    assert combine(three, "noisy-or").tolist() == pytest.approx([0.875, 0.92])
    assert combine(three, "noisy-or-2").tolist() == pytest.approx([0.75, 0.92])
    assert combine(three, "noisy-or-1").tolist() == pytest.approx(combine(three, "max").tolist())
    for bad in ("mean", "noisy-or-0", "noisy-or-x"):
        with pytest.raises(ValueError, match="unknown paragraph aggregate"):
            combine(scores, bad)
    assert line_groups(TEXT, sentence_units(TEXT, None)) == [[0], [1]]
    assert line_groups(TEXT, _units()) == [[0, 1], [2]]


def test_roles_are_decided_as_main_and_fine_pair() -> None:
    from newstrace.framing import labels
    from newstrace.framing.roles import decide

    mains, fines = list(labels.roles()), list(labels.fine_roles())
    main = np.zeros(len(mains), np.float32)
    main[mains.index("Antagonist")], main[mains.index("Innocent")] = 0.5, 0.45
    fine = np.full(len(fines), 0.05, np.float32)
    fine[fines.index("Victim")] = 0.9  # a confident Innocent fine role outweighs a vague Antagonist
    fine[fines.index("Exploited")] = 0.95
    role, score, chosen = decide(main, fine, np.full(len(fines), 0.92, np.float32))
    assert (role, score) == ("Innocent", pytest.approx(0.45))
    assert chosen == ["Exploited"]  # Victim (0.9) is under its threshold (0.92)
    assert decide(main, fine, np.full(len(fines), 0.5, np.float32))[2] == ["Exploited", "Victim"]
