"""The corpus stage that removes lines an outlet repeats on many of its pages."""

from __future__ import annotations

from newstrace.clean.repeated_lines import RepeatedLinesStage, is_candidate
from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument

STORIES = [
    "Heavy rain closed the coastal highway near Kilifi on Monday, police said.",
    "Dockworkers in Durban rejected the port authority's latest wage offer.",
    "Eleven miners were rescued after a rockfall at a copper mine in Zambia.",
    "The electoral commission delayed the count in three northern districts.",
]
# Chrome this outlet prints on every page, plus a standard paragraph it reuses.
WIDGET = "Download the Coastal Herald app today"
STANDARD = (
    "The Coastal Herald is an independent newspaper founded in 1962 and publishes "
    "news from across East Africa every day of the week."
)


def _page(i: int, outlet: str | None, folder: str, extra: str = "") -> RawDocument:
    text = (
        f"Headline number {i} for the test\n\n{STORIES[i % len(STORIES)]} Officials gave details.\n\n"
        f"{WIDGET}\n\n{STANDARD}\n\n{extra}Witness number {i} described what happened next in detail."
    )
    return RawDocument(source=f"{folder}/p{i}.txt", content=text, format="text",
                       input_path=f"{folder}/p{i}.txt", outlet=outlet, content_hash=f"h{i}{extra}")


def _store_pages(store, pages: list[RawDocument]) -> None:
    for raw in pages:
        store.replace_document(raw.source, raw.content_hash, raw.input_path, process_document(raw))


def test_repeated_short_line_removed_standard_paragraph_kept(store) -> None:
    _store_pages(store, [_page(i, "Coastal Herald", "in") for i in range(4)])
    RepeatedLinesStage().run(store, lambda *a: None)
    for article in store.iter_articles():
        assert WIDGET not in article.text
        assert article.boilerplate_removed[-1] == WIDGET
        assert STANDARD in article.text  # a reused sentence is content, not chrome
        assert "\n\n\n" not in article.text


def test_groups_by_folder_when_outlet_unknown_and_needs_enough_documents(store) -> None:
    pages = [_page(i, None, "siteA") for i in range(3)] + [_page(i + 10, None, "siteB") for i in range(2)]
    _store_pages(store, pages)
    RepeatedLinesStage().run(store, lambda *a: None)
    by_folder = {a.source.split("/")[0]: a for a in store.iter_articles()}
    assert WIDGET not in by_folder["siteA"].text
    assert WIDGET in by_folder["siteB"].text  # only two pages in that group: kept


def test_rerun_is_a_no_op_and_new_documents_are_cleaned(store) -> None:
    stage = RepeatedLinesStage()
    _store_pages(store, [_page(i, "Coastal Herald", "in") for i in range(3)])
    stage.run(store, lambda *a: None)
    before = [a.to_dict() for a in store.iter_articles()]
    stage.run(store, lambda *a: None)
    assert [a.to_dict() for a in store.iter_articles()] == before
    # A fourth page arrives: the lines removed earlier still count, it gets cleaned too.
    _store_pages(store, [_page(3, "Coastal Herald", "in")])
    stage.run(store, lambda *a: None)
    texts = [a.text for a in store.iter_articles()]
    assert len(texts) == 4 and all(WIDGET not in t for t in texts)
    removed = [a.boilerplate_removed.count(WIDGET) for a in store.iter_articles()]
    assert removed == [1, 1, 1, 1]


def test_candidate_rule() -> None:
    assert is_candidate("Download the Coastal Herald app today")
    assert is_candidate("Read the full report on our website")
    assert not is_candidate(STANDARD)
    assert not is_candidate("")
