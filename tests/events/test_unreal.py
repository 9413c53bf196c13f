"""Triggers the parse makes unreal and attacks of words on a person (data/events/naming.yaml
`unreal`, `personal_attacks`, the newer `idioms`): they name no event before the precision
gate, so the gate never has to guess. Sentences: PolNeAR train (labelled wrong in
data/events/precision_polnear_train.jsonl) and hand-written CASE-style reports that stay
events."""

from __future__ import annotations

from collections.abc import Callable

import pytest

UNREAL = [
    ("Following the release of a new video from the terrorist group threatening an attack in New York City, Trump "
     "called upon Mayor Bill de Blasio to restart surveillance of mosques and the city's Muslim community.", "attack"),
    ("Two marches along routes the city has not authorized are planned for the convention's opening day, July 18.", "march"),
    ("The bigger risk, he said, is a clash caused by China's paramilitary ships that could bring American forces to "
     "bear in defense of American allies.", "clash"),
    ("They are anxious about international terrorism and the possibility of another attack on America.", "attack"),
    ("The mere mention of the assassination theory prompted Sirius XM to suspend Beck from its airwaves for a week.",
     "assassination"),
    ("Police reported no arrests late Monday, although 55 people were issued citations for disorderly conduct.", "arrest"),
    ("One big obstacle disappeared that spring when Michael Capellas, her counterpart at struggling Compaq, called with an "
     "enticing offer.", "disappear"),
    ('Officials searched their records for terms containing words such as "ambassador," "attack," "Benghazi," "Libya" '
     'and "talking points."', "attack"),
]


@pytest.mark.parametrize(("text", "word"), UNREAL)
def test_a_threatened_planned_or_possible_event_is_no_event(ungated: Callable[[str], list[tuple[str, str]]], text: str, word: str) -> None:
    assert not [e for e in ungated(text) if e[1].startswith(word)]


PERSONAL = [
    "His populist attacks on big banks and Wall Street executives who had escaped prosecution after the 2008 "
    "financial collapse instantly resonated with the party's liberal wing.",
    "His attacks on billionaire financiers and super PACs have elevated money in politics to the center of the "
    "presidential campaign.",
]


@pytest.mark.parametrize("text", PERSONAL)
def test_a_persons_attacks_of_words_are_no_attack(ungated: Callable[[str], list[tuple[str, str]]], text: str) -> None:
    assert not [e for e in ungated(text) if e[1].startswith("attack")]


IDIOMS = [  # and "headquarters" alone, a place
    ("She has been under fire for a private meeting last Monday with former President Bill Clinton aboard her plane "
     "at the Phoenix airport.", "fire"),
    ('At a Chamber of Commerce summit in Hilton Head, S.C., Rubio offered a defense of the "Gang of Eight" bill.', "gang"),
    ("For 39 hours, seven Democrats in the Missouri Senate kept up a filibuster aimed at drawing attention to, and "
     "ultimately killing, a religious-freedom bill that critics called anti-gay.", "kill"),
    ("When the military junta began reforms in 2010, Suu Kyi was released from house arrest, other political prisoners "
     "were freed, and censorship and restrictions on Internet access were relaxed.", "arrest"),
    ("Bob said he took only one call that evening from CIA headquarters and that it lasted two minutes.", "headquarters"),
]


@pytest.mark.parametrize(("text", "word"), IDIOMS)
def test_criticism_a_senate_gang_and_a_killed_bill_are_no_events(ungated: Callable[[str], list[tuple[str, str]]], text: str, word: str) -> None:
    assert not [e for e in ungated(text) if e[1].startswith(word)]


REAL = [
    # PolNeAR train (labelled right): a violent word keeps a person's attack
    ("Just after Omar Mateen carried out his murderous attack on club goers at the Pulse nightclub in Orlando, "
     "Donald Trump was calling for change.", "attack"),
    # hand-written, CASE-style
    ("Afghan soldiers came under fire from Taliban fighters near a checkpoint in Kunar province on Monday.", "fire"),
    ("A gang of eight men attacked a bus near Lagos on Sunday, injuring four passengers.", ""),
    ("The militants' attack on the police station in Quetta on Monday left the building in ruins.", "attack"),
    ("Three activists disappeared after police detained them in Harare on Friday.", "disappear"),
    ("Police arrested 12 protesters in Minsk on Sunday, and no one was released from custody.", "arrest"),
    ("The rebels established their headquarters in the town of Kidal on Tuesday.", ""),
]


@pytest.mark.parametrize(("text", "word"), REAL)
def test_a_reported_attack_stays_an_event(ungated: Callable[[str], list[tuple[str, str]]], text: str, word: str) -> None:
    assert [e for e in ungated(text) if e[1].startswith(word)]
