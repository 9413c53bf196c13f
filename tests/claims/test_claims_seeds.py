"""Claims on the five real seed articles: the statements an analyst would list, with the
right speaker entity, and offsets that index the text exactly."""

from __future__ import annotations

from typing import Any


def _spans(c: Any) -> list[Any]:
    return [s for s in (c.speaker, c.cue, c.content) if s is not None]


def test_offsets_index_the_text_exactly(seeds: dict[str, Any]) -> None:
    total = 0
    for analysed in seeds.values():
        for c in analysed.claims:
            for span in _spans(c):
                assert analysed.text[span.start : span.end] == span.text
                assert span.text and span.text == span.text.strip()
            total += 1
    assert total >= 20


def test_iranian_minister_on_daesh_moving_to_central_asia_seed_000(seeds: dict[str, Any]) -> None:
    s = seeds["000"]
    c = s.claim_with("Central Asia", cue="said")
    assert c.speaker is not None and c.speaker.text == "the Iranian minister"
    assert c.content.text.startswith("After suffering blows")
    assert c.kind == "indirect"
    assert c.speaker.entity_id == s.entity_of("Mahmoud Alawi")


def test_dateline_is_not_part_of_the_speaker_seed_000(seeds: dict[str, Any]) -> None:
    c = seeds["000"].claim_with("the US government is equipping Daesh militants")
    assert c.speaker is not None and c.speaker.text == "A Pakistani political figure"


def test_alawi_on_central_asia_seed_002(seeds: dict[str, Any]) -> None:
    s = seeds["002"]
    c = s.claim_with("Central Asia")
    assert c.speaker is not None and "Mahmoud Alawi" in c.speaker.text
    assert c.speaker.entity_id == s.entity_of("Mahmoud Alawi")


def test_pakistani_figure_warns_us_arming_daesh_seed_000(seeds: dict[str, Any]) -> None:
    s = seeds["000"]
    c = s.claim_with("the US is providing Daesh", cue="warned")
    assert c.speaker is not None and c.speaker.text == "He"
    assert c.speaker.entity_id is not None
    assert c.speaker.entity_id == s.entity_of("Shabir Hussein Sajedi")
    named = s.claim_with("the activities of Daesh have increased")
    assert named.speaker is not None and named.speaker.entity_id == s.entity_of("Shabir Hussein Sajedi")


def test_army_chief_bajwa_quotes_seed_003(seeds: dict[str, Any]) -> None:
    s = seeds["003"]
    bajwa = s.entity_of("Qamar Javed Bajwa")
    assert bajwa is not None
    first = s.claim_with("Threat continues to reside")
    assert first.kind == "direct" and first.cue.text.startswith("said")
    assert first.content.text.startswith("“") and first.content.text.endswith("”")
    assert first.speaker is not None and first.speaker.entity_id == bajwa
    second = s.claim_with("A greater Pak-Afghan border coordination")
    assert second.kind == "direct"
    assert second.speaker is not None and second.speaker.text == "the army chief"
    assert second.speaker.entity_id == bajwa
    third = s.claim_with("We need to remain")
    assert third.speaker is not None and third.speaker.text == "he"
    assert third.speaker.entity_id == bajwa


def test_single_curly_quotes_seed_004(seeds: dict[str, Any]) -> None:
    s = seeds["004"]
    cases = [
        ("Washington helped the terrorists", "Ali al-Waeli"),
        ("The American forces have resorted", "Nasir al-Shamas"),
        ("From now on, missiles, drones", "Amir Hatami"),
    ]
    for content, person in cases:
        c = s.claim_with(content)
        assert c.kind == "direct", c
        # The whole quotation, its marks included, even with apostrophes inside (Iraq’s).
        assert c.content.text.startswith("‘") and c.content.text.endswith("’"), c.content.text
        assert c.speaker is not None and c.speaker.entity_id == s.entity_of(person), (content, c.speaker)
    warned = s.claim_with("The US government’s actions in the future")
    assert warned.speaker is not None and warned.speaker.text == "the Syrian security expert"
    assert warned.speaker.entity_id == s.entity_of("Nasir al-Shamas")


def test_seeds_db_exports_claims(seeds_db: Any) -> None:
    """The registered pipeline stores claims; the export follows INTERFACE.md."""
    from newstrace.claims.export import CLAIM_SCHEMA, iter_claims
    from newstrace.store import open_store

    with open_store(str(seeds_db), create=False) as store:
        texts = {a.id: a.text for a in store.iter_articles()}
        records = list(iter_claims(store))
    assert len(records) >= 20
    assert {r["article_id"] for r in records} <= set(texts)
    for r in records:
        assert list(r) == CLAIM_SCHEMA.names
        assert r["kind"] in ("direct", "indirect", "mixed")
        text = texts[r["article_id"]]
        for key in ("cue", "content", "speaker"):
            span = r[key]
            if span is not None:
                assert text[span["start"] : span["end"]] == span["text"]
    warned = [r for r in records if "the US is providing Daesh" in r["content"]["text"]]
    assert warned and warned[0]["speaker"]["entity_id"] is not None


def test_speaker_is_the_speakers_own_phrase_seed_004(seeds: dict[str, Any]) -> None:
    """No time adjunct ('... Juma Anad on Saturday') and no phrase of a preposition before
    it ('Amid rising tensions between the US and anti-terror Iraqi groups, the Daily Caller')."""
    s = seeds["004"]
    described = s.claim_with("arrest as a", cue="described")
    assert described.speaker is not None and described.speaker.text == "Iraq’s Defence Minister Juma Anad"
    caller = s.claim_with("the Pentagon is planning to seek approval")
    assert caller.speaker is not None and caller.speaker.text == "the ‘Daily Caller’"


def test_a_name_given_is_not_a_claim_seed_004(seeds: dict[str, Any]) -> None:
    """'the PMU (also known as Hashd al-Sha'abi)' names the group; nobody says anything."""
    assert not [c for c in seeds["004"].claims if c.cue.text.endswith("known")]


def test_a_name_given_inside_a_content_stays_in_it_seed_004(seeds: dict[str, Any]) -> None:
    """'... also warned of the United States' move to target the PMU (also known as Hashd
    al-Sha'abi) by levelling accusations ...': the content does not stop at '(also'."""
    c = seeds["004"].claim_with("move to target the PMU", cue="warned of")
    assert "(also known as Hashd al-Sha’abi) by levelling accusations" in c.content.text


def test_content_leaves_its_own_attribution_out_seed_001(seeds: dict[str, Any]) -> None:
    """'... a group which security officials in Islamabad say has used modern American-made
    weapons': the statement is what follows 'say', not the relative clause holding the cue."""
    c = seeds["001"].claim_with("has used modern American-made weapons", cue="say")
    assert c.content.text.startswith("has used modern")
    assert c.speaker is not None and c.speaker.text == "security officials in Islamabad"


def test_content_does_not_end_on_a_dangling_preposition_seed_001(seeds: dict[str, Any]) -> None:
    """The tagger ended the content at '... terrorist groups operating in' (| 'Pakistan but
    has been met ...'): the content runs on to the preposition's object."""
    c = seeds["001"].claim_with("its concerns with the Taliban", cue="has also raised")
    assert c.content.text.endswith("operating in Pakistan")
