"""Writes src/newstrace/data/events/event_lemmas.tsv: the nouns and verbs that can stand for
an event as a learned trigger (extract._learned_trigger), from WordNet 3.0; and
actor_nouns.tsv: the nouns that can name who acts or is acted on in an event
(events/arguments.py): first sense a person or a group ("guerrillas", "peasants", "troops",
"police"; not "bomb", "farm", "truck").

    python scripts/event_lemmas.py /usr/share/wordnet   # a WordNet 3.0 dict folder (Debian: wordnet-base)

A word is eventive when its most frequent WordNet sense (the first one in index.noun /
index.verb) is in one of the lexicographer classes below: nouns of acts and events ("attack",
"clash", "shelling", "explosion"; not "government", a group, nor "areas", a location, nor
"fighters", persons, nor "response" or "result", phenomena), verbs of bodily harm, change, competition,
contact, motion, social action, creation, consumption, possession and weather ("kill",
"flee", "seize"; not verbs of saying, thinking, perceiving, feeling or being: "said",
"insisted", "watch").
"""

from __future__ import annotations

import sys
from pathlib import Path

NOUN_CLASSES = {4: "noun.act", 11: "noun.event"}
VERB_CLASSES = {
    29: "verb.body", 30: "verb.change", 33: "verb.competition", 34: "verb.consumption", 35: "verb.contact",
    36: "verb.creation", 38: "verb.motion", 40: "verb.possession", 41: "verb.social", 43: "verb.weather",
}
WORDNET_NOTICE = """\
WordNet 3.0 license. Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or royalty is hereby granted,
provided that you agree to comply with the following copyright notice and statements,
including the disclaimer, and that the same appear on ALL copies of the software, database
and documentation, including modifications that you make for internal use or for distribution.
WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,
PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR
ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION
WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
The name of Princeton University or Princeton may not be used in advertising or publicity
pertaining to distribution of the software and/or database. Title to copyright in this
software, database and any associated documentation shall at all times remain with Princeton
University and LICENSEE agrees to preserve same.
"""
ACTOR_CLASSES = {18: "noun.person", 14: "noun.group"}
# Words for anyone whose first sense sits in WordNet's top class (noun.Tops), not person/group.
ACTOR_TOPS = ("person", "individual", "someone", "somebody", "human")
DATA = Path(__file__).resolve().parents[1] / "src" / "newstrace" / "data" / "events"
OUT = DATA / "event_lemmas.tsv"
ACTORS_OUT = DATA / "actor_nouns.tsv"


def first_senses(folder: Path, pos: str) -> dict[str, int]:
    """lemma -> lexicographer file number of its most frequent sense."""
    lexfile: dict[str, int] = {}
    for line in (folder / f"data.{pos}").read_text(encoding="utf-8", errors="replace").splitlines():
        if line and not line.startswith(" "):
            offset, number = line.split(" ", 2)[:2]
            lexfile[offset] = int(number)
    out: dict[str, int] = {}
    for line in (folder / f"index.{pos}").read_text(encoding="utf-8", errors="replace").splitlines():
        if line and not line.startswith(" "):
            parts = line.split()
            lemma, n = parts[0], int(parts[2])
            if lemma.isalpha():
                out[lemma] = lexfile[parts[-n]]
    return out


def proper_first_senses(folder: Path) -> set[str]:
    """Nouns that are only ever proper names ("carlos", "lincoln"): written with a capital
    in every synset. A personal name is no word for an actor ("rebel", also "Rebel", stays)."""
    synset_words: dict[str, list[str]] = {}
    for line in (folder / "data.noun").read_text(encoding="utf-8", errors="replace").splitlines():
        if line and not line.startswith(" "):
            parts = line.split()
            count = int(parts[3], 16)
            synset_words[parts[0]] = [parts[4 + 2 * k] for k in range(count)]
    out: set[str] = set()
    for line in (folder / "index.noun").read_text(encoding="utf-8", errors="replace").splitlines():
        if line and not line.startswith(" "):
            parts = line.split()
            lemma, n = parts[0], int(parts[2])
            forms = [w for off in parts[-n:] for w in synset_words.get(off, []) if w.lower() == lemma]
            if forms and all(w[:1].isupper() for w in forms):
                out.add(lemma)
    return out


def write_table(path: Path, description: str, rows: list[str]) -> None:
    """One lemma table: its description, the column line and WordNet's licence, then rows."""
    header = description + "# lemma<TAB>pos<TAB>WordNet lexicographer class\n"
    header += "".join(f"# {line}\n".replace("# \n", "#\n") for line in WORDNET_NOTICE.splitlines())
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{path}: {len(rows)} lemmas")


def main(folder: Path) -> None:
    rows = []
    for pos, classes in (("noun", NOUN_CLASSES), ("verb", VERB_CLASSES)):
        for lemma, number in sorted(first_senses(folder, pos).items()):
            if number in classes:
                rows.append(f"{lemma}\t{pos}\t{classes[number]}")
    write_table(
        OUT,
        "# Nouns and verbs that can stand for an event as a learned trigger: the first (most frequent)\n"
        "# WordNet 3.0 sense of each is an act or event (nouns) or a verb of bodily\n"
        "# harm, change, competition, contact, motion, social action, creation, consumption, possession\n"
        "# or weather. Written by scripts/event_lemmas.py from the WordNet 3.0 database.\n",
        rows,
    )
    names = proper_first_senses(folder)
    actors = [
        f"{lemma}\tnoun\t{ACTOR_CLASSES.get(n, 'noun.Tops')}"
        for lemma, n in sorted(first_senses(folder, "noun").items())
        if (n in ACTOR_CLASSES or lemma in ACTOR_TOPS) and lemma not in names
    ]
    write_table(
        ACTORS_OUT,
        "# Nouns that can name an event's actor or victim: the first (most frequent) WordNet 3.0\n"
        "# sense of each is a person or a group. Written by scripts/event_lemmas.py.\n",
        actors,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"))
