"""Incremental index, determinism, same-outlet repeats and hostile input, on pages written
for these tests (a port strike story, its reprints, and unrelated stories)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument
from newstrace.reuse.export import iter_reuse, iter_stories
from newstrace.reuse.stage import ReuseStage
from newstrace.reuse.stories import StoriesStage
from newstrace.store import open_store
from newstrace.store.base import Store

WIRE = """Dock workers walk out at Port of Valmora

Dock workers at the Port of Valmora walked off the job on Monday, halting container traffic at the country's second-largest harbour as talks over night-shift pay collapsed.
The Valmora Port Workers Union said about 3,400 members would stay out until the operator, Coastline Terminals, restored the overtime rates it cut in March.
Coastline Terminals said the strike was unlawful because the union had not given the fourteen days' notice required by the harbour charter.
Shipping agents said at least nine vessels were waiting at anchor outside the breakwater by Monday evening, and two refrigerated cargo ships had been diverted to Port Elessa.
Transport Minister Ilse Varga urged both sides to return to mediation and said the government would not hesitate to appoint an arbitrator if the stoppage lasted beyond Friday.
"""

REPRINT = """Harbour shutdown: ships queue as Valmora strike bites

Exporters warned of spoiled fruit shipments on Monday as the stoppage spread.
Dock workers at the Port of Valmora walked off the job on Monday, halting container traffic at the country's second-largest harbour as talks over night-shift pay collapsed.
The Valmora Port Workers Union said about 3,400 members would stay out until the operator, Coastline Terminals, restored the overtime rates it cut in March.
Shipping agents said at least nine vessels were waiting at anchor outside the breakwater by Monday evening, and two refrigerated cargo ships had been diverted to Port Elessa.
"""

REWORDED = """Valmora dockers strike over pay

Container traffic at Valmora, the country's second-largest harbour, came to a halt on Monday after dock workers walked out when night-shift pay talks broke down.
Around 3,400 members of the Valmora Port Workers Union will remain off work until Coastline Terminals brings back the overtime rates it reduced in March, the union said.
By Monday evening at least nine vessels were at anchor outside the breakwater, shipping agents said, while two refrigerated cargo ships were sent on to Port Elessa.
"""

OTHER = """Library reopens after flood repairs

The central library in Dunmore reopened its doors on Saturday after eleven months of repairs to the flood-damaged basement archive.
Staff said about 40,000 volumes had been dried, cleaned and catalogued again by volunteers, and the children's reading room had been moved to the first floor.
"""


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _pairs(store: Store) -> list[tuple[str, str]]:
    return sorted({(r["article_a"], r["article_b"]) for r in iter_reuse(store)})


def _source_ids(store: Store) -> dict[str, str]:
    return {r["source"]: r["id"] for r in store.query("SELECT id, source FROM articles")}


def test_adding_documents_later_finds_new_pairs_and_keeps_old(
    dbs, tmp_path: Path, reuse_runner: Callable[[Store, list[Path]], None]
) -> None:
    with open_store(dbs.new("r")) as store:
        _write(tmp_path / "in", {"wire.txt": WIRE, "other.txt": OTHER})
        reuse_runner(store, [tmp_path / "in"])
        assert _pairs(store) == []
        _write(tmp_path / "in", {"reprint.txt": REPRINT})
        reuse_runner(store, [tmp_path / "in"])
        ids = _source_ids(store)
        first = _pairs(store)
        assert first == [tuple(sorted((ids["wire.txt"], ids["reprint.txt"])))]
        _write(tmp_path / "in", {"reworded.txt": REWORDED})
        reuse_runner(store, [tmp_path / "in"])
        ids = _source_ids(store)
        after = _pairs(store)
        assert set(first) <= set(after)
        assert tuple(sorted((ids["wire.txt"], ids["reworded.txt"]))) in after
        assert not any(ids["other.txt"] in p for p in after)
        kinds = {
            r["kind"]
            for r in iter_reuse(store)
            if ids["reworded.txt"] in (r["article_a"], r["article_b"])
        }
        assert "paraphrase" in kinds


def test_a_changed_document_drops_its_old_pairs(
    dbs, tmp_path: Path, reuse_runner: Callable[[Store, list[Path]], None]
) -> None:
    with open_store(dbs.new("r")) as store:
        _write(tmp_path / "in", {"wire.txt": WIRE, "reprint.txt": REPRINT})
        reuse_runner(store, [tmp_path / "in"])
        assert len(_pairs(store)) == 1
        _write(tmp_path / "in", {"reprint.txt": OTHER})  # a new version of the page
        reuse_runner(store, [tmp_path / "in"])
        assert _pairs(store) == []
        assert store.count("reuse_docs") == 2


def _store_in_order(store: Store, docs: list[tuple[str, str, dict]]) -> None:
    for source, text, extra in docs:
        raw = RawDocument(
            source=source,
            content=text,
            format="text",
            input_path=source,
            content_hash=source,
            **extra,
        )
        store.replace_document(source, source, source, process_document(raw))
    ReuseStage().run(store, lambda *_: None)
    StoriesStage().run(store, lambda *_: None)


def test_same_output_whatever_the_input_order(dbs, tmp_path: Path) -> None:
    docs = [
        ("wire", WIRE, {}),
        ("reprint", REPRINT, {}),
        ("reworded", REWORDED, {}),
        ("other", OTHER, {}),
    ]
    outputs = []
    for k, seed in enumerate((1, 2, 3)):
        order = docs[:]
        random.Random(seed).shuffle(order)
        with open_store(dbs.new(k)) as store:
            _store_in_order(store, order)
            outputs.append(
                json.dumps([list(iter_reuse(store)), list(iter_stories(store))], sort_keys=True)
            )
    assert outputs[0] == outputs[1] == outputs[2]
    assert '"paraphrase"' in outputs[0]


BACKGROUND = (
    "The Dunmore Courier has covered the district's libraries since 1921, and its archive of "
    "local history is open to readers every weekday from nine until five at the Market Street office."
)


def test_same_outlet_repeats_are_flagged_not_exported(dbs, tmp_path: Path) -> None:
    one = (
        "Choir wins regional prize\n\nThe Dunmore youth choir won the regional prize on Sunday with a programme of sea shanties.\n"
        + BACKGROUND
    )
    two = (
        "Bakery marks centenary\n\nA family bakery on Bridge Lane celebrated one hundred years of trading with free bread rolls.\n"
        + BACKGROUND
    )
    with open_store(dbs.new("r")) as store:
        _store_in_order(
            store,
            [
                ("one", one, {"outlet": "Dunmore Courier"}),
                ("two", two, {"outlet": "Dunmore Courier"}),
            ],
        )
        rows = store.query("SELECT same_outlet, evidence_json FROM reuse_pairs")
        assert (
            len(rows) == 1
            and rows[0]["same_outlet"] == 1
            and "same outlet" in rows[0]["evidence_json"]
        )
        assert list(iter_reuse(store)) == []
        assert list(iter_reuse(store, include_same_outlet=True))


def test_hostile_text_does_not_hang_or_crash(dbs, tmp_path: Path) -> None:
    flood = "the " * 60_000  # one word repeated: every n-gram is a stock phrase
    odd = "\x00\ufffd<script>alert(1)</script> '; DROP TABLE articles; --" * 200
    with open_store(dbs.new("r")) as store:
        _store_in_order(
            store,
            [
                ("flood", flood, {}),
                ("flood2", flood + "end", {}),
                ("odd", odd, {}),
                ("odd2", odd, {}),
            ],
        )
        assert store.count("articles") >= 4
        for r in iter_reuse(store):
            assert 0 <= r["a"]["start"] <= r["a"]["end"]


def test_long_texts_are_aligned_with_bounded_work() -> None:
    """Two 1,500-sentence texts sharing five sentences: the shared block is found (and the
    sentence matching does not score every sentence pair)."""
    from newstrace.reuse.align import align, prepare

    rng = random.Random(3)
    vocab = [f"term{k}" for k in range(5000)]

    def text(n: int) -> list[str]:
        return [" ".join(rng.choice(vocab) for _ in range(12)).capitalize() + "." for _ in range(n)]

    a_sents, b_sents = text(1500), text(1500)
    block = a_sents[700:705]
    b_sents[900:900] = block
    a, b = " ".join(a_sents), " ".join(b_sents)
    passages = align(prepare(a), prepare(b))
    shared = " ".join(block)
    assert any(
        a[p.a_start : p.a_end] == shared and b[p.b_start : p.b_end] == shared for p in passages
    )
    assert all(p.kind == "verbatim" for p in passages)
