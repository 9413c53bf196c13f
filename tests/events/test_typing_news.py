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


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        # Sexual violence needs its own sentence to name it, an accusation or an assault: God
        # destroying Sodom, "confirmation battles" (PTC tuning part B) and the atom bomb (PolNeAR
        # train), each beside a rape in the window, name none ...
        ("SEX_VIOL", "Clearly, homosexuality was part of the reason God destroyed the two cities.", None),
        ("SEX_VIOL", "Both claim to have reluctantly been drawn into confirmation battles.", None),
        ("SEX_VIOL", "She called the atom bomb ''a marvelous gift that was given to our country by a wise God.''", None),
        # ... and so do CASE's snippets.
        ("SEX_VIOL", "Jamali said that three men started verbally abusing her and one man molested her before she ran "
         "away", "SEX_VIOL"),
        # Sexual violence as a topic is no event: a policy debate, a list of offences, a crisis, a
        # name tag (PolNeAR train and PTC tuning part B, labelled wrong) ...
        ("SEX_VIOL", "These same Republicans express sharp reservations about Rubio's position on abortion, which "
         "doesn't include exceptions for rape or incest.", ""),
        ("SEX_VIOL", "\"To think that we have the monopoly on thieves and rapists and drug dealers, I think that's quite "
         "wrong.", ""),
        ("SEX_VIOL", "Subsequently, around April 21-23, 2008, the Statement for Pope Benedict XVI about the pattern of "
         "sexual abuse crisis in the United States, by Richard Sipe, was published on the internet.", ""),
        ("SEX_VIOL", "Further, isn't associating with an accused rapist too reminiscent of the sexual assaults her "
         "husband, Bill, is accused of?", ""),
        # ... a specific assault, alleged or not, is one (PTC tuning part B, PolNeAR train; CASE).
        ("SEX_VIOL", "Ms. Ford cannot corroborate her decades-old charge of sexual assault against Judge Kavanaugh.",
         "SEX_VIOL"),
        ("SEX_VIOL", "Germans have been outraged, for instance, by reports of more than 100 sexual assaults and "
         "robberies in the city of Cologne allegedly committed by gangs of young Arab and North African men on New "
         "Year's Eve.", "SEX_VIOL"),
        ("SEX_VIOL", "Officials in South Sudan say army troops entered a village near the capital, Juba, on Sunday and "
         "raped at least a half-dozen women and girls, some of them at gunpoint.", "SEX_VIOL"),
        # An attack the sentence calls sexual is sexual violence (PTC tuning part B, typed as an attack).
        ("ATTACK", "Dr. Christine Ford provided testimony under oath without any evidence at all of a 36-year-old "
         "alleged sexual attack by Supreme Court nominee Brett Kavanaugh and his friend Mark Judge.", "SEX_VIOL"),
        ("ATTACK", "Gunmen attacked the village and raped women, killing six people.", "ATTACK"),
    ],
)
def test_sexual_violence_is_a_specific_assault(label: str, text: str, expected: str | None) -> None:
    assert allowed(label, _context(text)) == expected


def test_an_accusation_whose_abuse_the_window_names_is_sexual_violence() -> None:
    # PTC tuning part B (labelled right); the sentence before (shortened) names the assault.
    before = "Christine Blasey Ford has accused Kavanaugh of sexually assaulting her at a party. "
    sentence = ("On Sunday, a former classmate from Judge Kavanaugh's time at Yale accused the Supreme Court nominee "
                "of exposing himself to her at a party.")
    text = before + sentence
    named = frozenset(t.label for t in find_triggers(sentence) if not actor_words().match(t.text))
    window = frozenset(t.label for t in find_triggers(text) if not actor_words().match(t.text))
    ctx = Context(text, len(before), len(text), named, (0, len(text)), lambda: window)
    assert allowed("SEX_VIOL", ctx) == "SEX_VIOL"
    # Without the sentence before, nothing names sexual violence.
    assert allowed("SEX_VIOL", _context(sentence)) is None


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        # An immigration sweep is no change to a group's activity: arrests when the sentence names
        # them, else no event (PTC tuning part C, labelled other sub-type) ...
        ("CHANGE_TO_GROUP_ACT", "\"This operation reflects ICE's commitment to public safety through targeted "
         "enforcement efforts,\" said Rebecca Adducci, field office director for ERO Detroit.", ""),
        ("CHANGE_TO_GROUP_ACT", "ICE officers arrested 150 people during the operation in Detroit.", "ARREST"),
        # ... a military operation is one (CASE).
        ("CHANGE_TO_GROUP_ACT", "The army launched a military operation against the rebels, deploying troops to the "
         "border.", "CHANGE_TO_GROUP_ACT"),
        # A shooting is no man-made disaster (PTC tuning part C) ...
        ("MAN_MADE_DISASTER", "\"When the Parkland shooting happened, our phone calls and emails exploded,\" said "
         "coalition president Tim Lambert.", "ATTACK"),
        # ... and fire at protesters is force against them (PTC tuning part C, typed as a violent demonstration).
        ("VIOL_DEMONSTR", "Israel has some of the most wickedly experimental munitions in the world and they fired them "
         "at people who were protesting the occupation of their homeland.", "FORCE_AGAINST_PROTEST"),
    ],
)
def test_sweeps_shootings_and_fire_on_protesters(label: str, text: str, expected: str | None) -> None:
    assert allowed(label, _context(text)) == expected
