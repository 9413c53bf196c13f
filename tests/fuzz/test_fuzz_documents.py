"""Per-document work on hostile input: readers, HTML extraction, cleaning, story split,
metadata. Nothing may raise except the one documented outcome, ``NoArticleText``."""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from strategies import date_strings, file_name_bytes, html_page, newsish_text, unicode_text

from newstrace.clean.boilerplate import strip_boilerplate
from newstrace.clean.split_stories import split_stories
from newstrace.ingest import iter_inputs
from newstrace.ingest.skipped import Skipped
from newstrace.metadata.extract import PageMetadata, extract_metadata
from newstrace.pipeline.document import NoArticleText, process_document
from newstrace.records import Article, InputProblem, RawDocument


def _documents(raw: RawDocument) -> list[Article]:
    try:
        articles = process_document(raw)
    except NoArticleText:
        return []
    for a in articles:
        for value in (a.text, a.title or "", a.url or "", a.outlet or "", a.byline or ""):
            value.encode("utf-8")  # storable: no lone surrogates survive
        assert a.source == raw.source
    return articles


@given(html=html_page, url=st.one_of(st.none(), st.sampled_from(["https://example.com/2023/02/30/x", "http://[::1", "ftp://x", "https://a.b/" + "x" * 3000])))
def test_html_pages_never_raise(html: str, url: str | None) -> None:
    _documents(RawDocument("page.html", html, "html", "page.html", url=url))


@given(text=newsish_text, published=st.one_of(st.none(), date_strings), title=st.one_of(st.none(), unicode_text))
def test_text_documents_never_raise(text: str, published: str | None, title: str | None) -> None:
    _documents(RawDocument("story.txt", text, "text", "story.txt", published=published, title=title))


@given(text=st.one_of(newsish_text, unicode_text))
def test_cleaning_and_splitting_keep_text_from_the_input(text: str) -> None:
    cleaned, removed = strip_boilerplate(text)
    assert all(isinstance(r, str) for r in removed)
    for story in split_stories(cleaned):
        assert isinstance(story, str)


@given(
    story=newsish_text,
    title=st.one_of(st.none(), unicode_text),
    published=st.one_of(st.none(), date_strings),
    first=st.booleans(),
)
def test_metadata_never_raises(story: str, title: str | None, published: str | None, first: bool) -> None:
    meta = extract_metadata(story, PageMetadata(title=title, published=published), first_part=first)
    if meta.published is not None:
        assert len(meta.published) == 10 and meta.published[4] == "-"  # always ISO, four-digit year


_KINDS = [".txt", ".html", ".jsonl", ".json", ".csv", ".warc", ".txt.gz", ".zip", ".tar"]


def _payload(kind: str, data: bytes, text: str) -> bytes:
    if kind == ".jsonl":
        return "\n".join([json.dumps({"id": text[:30], "text": text}), text]).encode("utf-8", "surrogatepass") + data
    if kind == ".json":
        return json.dumps([{"text": text, "published": text[:12], "html": text}, text]).encode("utf-8") + data[:3]
    if kind == ".csv":
        return ("id,text,published\n" + f'"{text[:10]}","{text}",{text[:8]}\n').encode("utf-8", "surrogatepass") + data
    if kind == ".txt.gz":
        blob = gzip.compress(text.encode("utf-8", "surrogatepass") + data)
        return blob[: max(1, len(blob) - len(data) % 7)]  # sometimes truncated
    if kind == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("a/../../evil.txt", data)
            z.writestr("story.txt", text.encode("utf-8", "surrogatepass"))
        return buf.getvalue()
    if kind == ".tar":
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as t:
            info = tarfile.TarInfo("story.html")
            body = text.encode("utf-8", "surrogatepass")
            info.size = len(body)
            t.addfile(info, io.BytesIO(body))
        return buf.getvalue()[: len(buf.getvalue()) - len(data) % 100]
    return data + text.encode("utf-8", "surrogatepass")


@given(name=file_name_bytes, kind=st.sampled_from(_KINDS), data=st.binary(max_size=300), text=newsish_text)
def test_readers_never_raise_whatever_the_name_or_bytes(tmp_path_factory, name: bytes, kind: str, data: bytes, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("in")
    path = os.fsencode(folder) + b"/" + name + kind.encode()
    with open(path, "wb") as f:
        f.write(_payload(kind, data, text))
    skipped = Skipped()
    for item in iter_inputs([Path(folder)], skipped=skipped):
        assert isinstance(item, (RawDocument, InputProblem))
        if isinstance(item, RawDocument):
            item.source.encode("utf-8")
            item.content.encode("utf-8")
            _documents(item)
        else:
            str(item).encode("utf-8")  # printable
