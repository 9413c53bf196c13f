"""The trigger lexicon's scan: one pass tells a sentence holds no trigger, and where it holds
some, every label's matches come back in lexicon order."""

from __future__ import annotations

import re

from newstrace.events.lexicon import TriggerMatch, compiled, find_triggers


def _per_label(text: str, start: int, end: int) -> list[TriggerMatch]:
    return [TriggerMatch(label, m.start(), m.end(), m.group(0)) for label, p in compiled() for m in p.finditer(text, start, end)]


def test_the_one_pass_scan_finds_what_every_label_finds(seed_texts: dict[str, str]) -> None:
    windows = 0
    with_triggers = 0
    for text in seed_texts.values():
        for m in re.finditer(r"[^\n]+", text):
            found = find_triggers(text, m.start(), m.end())
            assert found == _per_label(text, m.start(), m.end())
            windows += 1
            with_triggers += bool(found)
    assert 0 < with_triggers < windows  # both kinds of line were checked


def test_a_sentence_without_a_trigger_gives_none_and_a_window_is_respected() -> None:
    text = "The minister opened a new school. Gunmen attacked a police post in Kabul."
    assert find_triggers(text, 0, 33) == []
    assert "attacked" in [t.text.lower() for t in find_triggers(text, 34)]
