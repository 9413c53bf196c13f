"""Actors get ACLED roles and entity ids shared with the entities stage."""

from __future__ import annotations

from newstrace.entities.api import ArticleEntities, ArticleMention, entity_id_for
from newstrace.events.actors import assign_roles


def _roles(sentence: str, trigger: str, **kw):
    start = sentence.index(trigger)
    return {a.text: (a.role, a.entity_id) for a in assign_roles(sentence, 0, start, start + len(trigger), **kw)}


def test_aliases_link_to_one_entity_and_roles_follow_the_sentence() -> None:
    roles = _roles("TTP militants attacked a checkpoint in Kurram, killing three tribesmen.", "attacked")
    assert roles["TTP"] == ("actor1", entity_id_for("Tehrik-i-Taliban Pakistan", "ORG"))
    assert roles["tribesmen"] == ("actor2", entity_id_for("Tribesmen", "ORG"))


def test_claim_of_responsibility_names_the_perpetrator() -> None:
    roles = _roles("Daesh claimed responsibility for the suicide attack on security forces.", "suicide attack")
    assert roles["Daesh"] == ("actor1", entity_id_for("Islamic State", "ORG"))
    assert roles["security forces"][0] == "actor2"


def test_passive_by_is_the_perpetrator() -> None:
    roles = _roles("Five civilians were killed in an air strike by Israeli warplanes.", "air strike")
    assert roles["Israeli warplanes"][0] == "actor1"
    assert roles["civilians"][0] == "actor2"


def test_entity_stage_ids_win_when_present() -> None:
    sentence = "Gunmen from the Zamfara Brigade attacked the village."
    start = sentence.index("Zamfara Brigade")
    ents = ArticleEntities([ArticleMention(start, start + 15, "Zamfara Brigade", "ORG", "e_curated")])
    trig = sentence.index("attacked")
    actors = assign_roles(
        sentence, 0, trig, trig + 8, ents=[(m.start, m.end, m.label, m.text) for m in ents.mentions], entity_at=ents.entity_at
    )
    assert ("Zamfara Brigade", "e_curated") in {(a.text, a.entity_id) for a in actors}


def test_link_debris_is_no_actor() -> None:
    """On election news the NER took "t.co/x7Yk" and "@CNN" for organisations."""
    sentence = "Protesters marched in Charlotte on Wednesday https://t.co/x7Yk2 @CNN reported, and the Guard was deployed."
    ents = []
    for text in ("https://t.co/x7Yk2", "@CNN", "Guard"):
        s = sentence.index(text)
        ents.append((s, s + len(text), "ORG", text))
    trig = sentence.index("marched")
    actors = {a.text for a in assign_roles(sentence, 0, trig, trig + 7, ents=ents)}
    assert "Guard" in actors and not actors & {"https://t.co/x7Yk2", "@CNN"}


def _with_ents(sentence: str, trigger: str, ents: list[tuple[str, str]]) -> dict[str, str]:
    spans = [(sentence.index(t), sentence.index(t) + len(t), label, t) for t, label in ents]
    start = sentence.index(trigger)
    return {a.text: a.role for a in assign_roles(sentence, 0, start, start + len(trigger), ents=spans)}


def test_a_nationality_used_as_an_adjective_is_no_actor() -> None:
    # seed 003: "a Sufi shrine", "the only Shia-dominated town"; seed 001: "Pakistani soil"
    sentence = "A suicide bomber struck a Sufi shrine in the Shia-dominated town, killing Palestinians and Iraqis."
    roles = _with_ents(sentence, "suicide bomber", [("Sufi", "NORP"), ("Shia", "NORP"), ("Palestinians", "NORP"), ("Iraqis", "NORP")])
    assert "Sufi" not in roles and "Shia" not in roles
    assert "Palestinians" in roles and "Iraqis" in roles


def test_an_administrative_unit_tagged_as_organisation_is_no_actor() -> None:
    sentence = "terrorists attacked a military post in the santa elena jurisdiction, san miguel department."
    roles = _with_ents(sentence, "attacked", [("santa elena jurisdiction", "ORG"), ("san miguel department", "ORG")])
    assert "santa elena jurisdiction" not in roles and "san miguel department" not in roles
