"""Sub-types on ordinary news (data/events/typing.yaml, session 9): labels the model reads from
a passage's neighbours must be named in the event's own sentence (an arrest, an abduction, a
man-made disaster, disrupted weapons use, a chemical weapon, a change to a group's activity,
a grenade, looting, an agreement); an arrest of a criminal is an arrest, not organised crime;
a sentence that names sexual violence reports it; a grenade in a list of weapons is no
grenade attack; a bomb is no man-made disaster. Sentences: PolNeAR and SemEval train events
labelled wrong for their kind (data/events/precision_polnear_train.jsonl,
precision_semeval_train.jsonl) and CASE 2021 snippets of the label the rule must keep."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newstrace.events.constraints import Context, allowed, constrained
from newstrace.events.lexicon import actor_words, find_triggers


def _context(text: str) -> Context:
    # As extract.typing_context, without neighbours: the window is the sentence.
    named = frozenset(t.label for t in find_triggers(text) if not actor_words().match(t.text))
    return Context(text, 0, len(text), named)


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        # Man-made disasters: a letter signed (PolNeAR train) names none; a furnace that exploded
        # and toxins (CASE) do.
        ("MAN_MADE_DISASTER", "Roffman signed a letter of apology that he said was drafted by the firm.", None),
        ("MAN_MADE_DISASTER", "The French interior minister, Bernard Cazeneuve, said early Friday that 80 people were "
         "killed and 18 others were critically injured.", None),
        ("MAN_MADE_DISASTER", "At least 10 people died and more than 400 hospitalized in northern nigeria after "
         "consuming s_ka, containing toxins.", "MAN_MADE_DISASTER"),
        # Abductions: an arrest next to abducted children (SemEval train) is none; CASE's "have
        # taken at least five people" is one.
        ("ABDUCT_DISSAP", "Three women believed to be the children's mothers were also arrested.", None),
        ("ABDUCT_DISSAP", "Pakistani forces have taken at least five people including a woman and a 13-year-old child "
         "from different areas of Balochistan.", "ABDUCT_DISSAP"),
        # Arrests: joining a movement (PolNeAR train) is none; ICE raids are.
        ("ARREST", "He and his two older sisters joined a resistance movement called the Ethiopian People's "
         "Revolutionary Party.", None),
        ("ARREST", "Hours before the public was warned about ICE raids, some Oakland businesses got a head start, "
         "thanks to the mayor.", "ARREST"),
        # Disrupted weapons use names the weapons (CASE) or a disruption; deportation raids do not.
        ("DISR_WEAP", "Democratic tensions escalate over deportation raids.", None),
        ("DISR_WEAP", "Police seized guns and drugs at an armed raid on two homes in Sneinton", "DISR_WEAP"),
        # A chemical weapon needs a chemical word: an epidemic's deaths (SemEval train) are none.
        ("CHEM_WEAP", "The samples were gathered after the Equateur province Health Ministry notified Kinshasa on May 3 "
         "of some 21 cases of a hemorrhagic fever in the Ikoko Impenge area, including 17 deaths.", None),
        ("CHEM_WEAP", "Many children received medical treatment after Assad carried out a poisonous gas attack in "
         "Eastern Ghouta.", "CHEM_WEAP"),
        # A change to a group's activity names its forces: Gaddafi's killing (SemEval train) is none.
        ("CHANGE_TO_GROUP_ACT", "When the Libyan President was murdered publicly and gruesomely with a knife, Clinton "
         "was filmed whooping and cheering.", None),
        ("CHANGE_TO_GROUP_ACT", "Hezbollah forces pull back from areas in the province of Daraa, south of Syria.",
         "CHANGE_TO_GROUP_ACT"),
        # A grenade, looting or an agreement is named: an uphill battle, fighting back in a
        # campaign and a heart attack (PolNeAR train) name none.
        ("GRENADE", "If she succeed on the committee - an enormously uphill battle - the measure would still need to "
         "win approval on the convention floor.", None),
        ("PROPERTY_DISTRUCT", "In Hawaii, her team has organized with Sen. Mazie Hirono, fighting back against the work "
         "done by top Sanders surrogate Rep. Tulsi Gabbard.", None),
        ("AGREEMENT", "His father's sudden death from a heart attack when he was 12 drives him to have purpose.", None),
        ("AGREEMENT", "Ten rebels have surrendered to security forces in Turkey's southeastern province of Sirnak.",
         "AGREEMENT"),
    ],
)
def test_the_sentence_names_the_label(label: str, text: str, expected: str | None) -> None:
    assert allowed(label, _context(text)) == expected


def test_a_label_the_sentence_does_not_name_gives_way_to_the_one_it_does() -> None:
    # SemEval train: typed as an abduction at 0.999 (the window's abducted children).
    text = "Three women believed to be the children's mothers were also arrested."
    assert constrained(["ABDUCT_DISSAP", "ARREST"], _context(text)) == "ARREST"
    # PolNeAR train: the Nice attack's dead typed as a man-made disaster.
    text = "The French interior minister said early Friday that 80 people were killed."
    assert constrained(["MAN_MADE_DISASTER", "ATTACK"], _context(text)) == "ATTACK"


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        # An arrest of a criminal is an arrest (SemEval train, typed as organised crime at 0.99) ...
        ("ORG_CRIME", "YUMA, Ariz. - Yuma Sector Border Patrol agents arrested a gang member belonging to the Mara "
         "Salvatrucha-503 Gang early Monday morning.", "ARREST"),
        ("ORG_CRIME", "Sixty one of those arrested illegally re-entered the United States after having been "
         "previously deported, which is a felony.", "ARREST"),
        # ... organised crime when it names the smuggling, counterfeiting or drugs (CASE).
        ("ORG_CRIME", "A man was taken into custody after Turkish authorities in Istanbul say they found drugs, "
         "counterfeit money and tools to print counterfeit money inside the vehicle.", "ORG_CRIME"),
        # A sentence that names sexual violence reports it (SemEval train; CASE's arrest snippet).
        ("ORG_CRIME", "It was outrage at the behavior of the gangs of Muslim men of Pakistani background who abused "
         "the girls portrayed in Three Girls.", "SEX_VIOL"),
        ("ARREST", "Police have arrested a man in connection with three sexual assaults in Newark and Irvington.",
         "SEX_VIOL"),
        ("ARREST", "Police arrested two men on Monday over the burglary of a pharmacy.", "ARREST"),
    ],
)
def test_arrests_and_sexual_violence(label: str, text: str, expected: str) -> None:
    assert allowed(label, _context(text)) == expected


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        # A grenade in a list of weapons found (CASE: disrupted weapons use) is no grenade attack ...
        ("GRENADE", "According to sources, arms and ammunitions have been seized from him, which include AK rifles and "
         "grenades", None),
        ("GRENADE", "Police received reports that the grenades and ammunitions were discovered near Maryknoll House.",
         None),
        # ... a grenade thrown is one, and a rocket-propelled grenade is a rocket.
        ("GRENADE", "Three security force personnel were injured when suspected militants hurled a grenade at a CRPF "
         "bunker.", "GRENADE"),
        ("GRENADE", "Militants fired rifles and grenades at the checkpoint, wounding two soldiers.", "GRENADE"),
        ("GRENADE", "A rocket-propelled grenade pierced the left foot of the Marine Sergeant.", "ART_MISS_ATTACK"),
        # A bomb is a weapon, not a man-made disaster (SemEval train) ...
        ("MAN_MADE_DISASTER", "Wahhaj is the son of a Brooklyn imam who was a possible co-conspirator in the bombing of "
         "the World Trade Center in 1993.", "REM_EXPLOS"),
        # ... unless it names an industrial accident (CASE).
        ("MAN_MADE_DISASTER", "A storage bunker at an industrial waste treatment plant exploded after a bomb-shaped "
         "tank of solvents overheated.", "MAN_MADE_DISASTER"),
    ],
)
def test_weapons_lists_and_bombs(label: str, text: str, expected: str | None) -> None:
    assert allowed(label, _context(text)) == expected



CLASHES_OF_WORDS = [
    # PolNeAR train (labelled wrong, typed as armed clashes, disasters, agreements ...)
    "A second debate unfolded online Wednesday night as Hillary Clinton and Bernie Sanders clashed on the Miami debate "
    "stage.",
    "Two of the biggest names in government data leaks clashed over how to responsibly release information on Twitter "
    "late Thursday.",
    "RNC rules clash erupts.",
    # SemEval train
    "Yet, beneath the savagery of the uncivil war in the party lies more than personal insults and personality clashes.",
]


@pytest.mark.parametrize("text", CLASHES_OF_WORDS)
def test_a_clash_of_words_is_no_event(ungated: Callable[[str], list[tuple[str, str]]], text: str) -> None:
    assert not [e for e in ungated(text) if e[1].startswith("clash")]


def test_a_clash_of_armed_men_is_still_one(ungated: Callable[[str], list[tuple[str, str]]]) -> None:
    text = "Taliban fighters clashed with Afghan security forces in Farah city on Sunday, killing six policemen."
    assert any(trigger.startswith("clash") for _, trigger in ungated(text))
