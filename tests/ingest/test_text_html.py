"""Single-document files: .txt and .html, gzip'd, encodings, and their bad-input cases."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest
from ingest_helpers import only_problem, read_all

from newstrace.ingest.limits import DOCUMENT_LIMIT, MB

ARABIC = "قال الرئيس إن الحكومة ستواصل المفاوضات مع الدول المجاورة خلال العام المقبل، وأضاف أن الاقتصاد يتحسن."
RUSSIAN = "Президент заявил, что правительство продолжит переговоры с соседними странами в следующем году."
FRENCH = "Le président a déclaré que le gouvernement poursuivra les négociations l’année prochaine, à Genève."
POLISH = "Prezydent powiedział, że rząd będzie kontynuował rozmowy z sąsiednimi państwami. Zażółć gęślą jaźń."
GREEK = "Ο πρόεδρος δήλωσε ότι η κυβέρνηση θα συνεχίσει τις διαπραγματεύσεις με τις γειτονικές χώρες."
SHORT_WESTERN = "Café owners in Montréal said the “new rules” were déjà vu — naïve, even."


def _one_doc(path: Path):  # type: ignore[no-untyped-def]
    docs, problems = read_all(path)
    assert problems == [], problems
    assert len(docs) == 1
    return docs[0]


def test_text_file(tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("Headline here\n\nTEHRAN (TNS) - Body.\n", encoding="utf-8")
    d = _one_doc(f)
    assert (d.source, d.format, d.content, d.input_path) == ("story.txt", "text", "Headline here\n\nTEHRAN (TNS) - Body.\n", str(f))
    assert d.url is None and d.metadata == {}


def test_html_file_and_htm(tmp_path: Path) -> None:
    page = "<!doctype html><html><head><title>T</title></head><body><p>Body</p></body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.HTM").write_text(page, encoding="utf-8")
    docs, problems = read_all(tmp_path)
    assert problems == []
    assert [(d.source, d.format) for d in docs] == [("a.html", "html"), ("b.HTM", "html")]
    assert docs[0].content == page


@pytest.mark.parametrize("name", ["story.txt.gz", "page.html.gz"])
def test_gzip_is_read_transparently(tmp_path: Path, name: str) -> None:
    text = "Headline\n\n" + FRENCH
    with gzip.open(tmp_path / name, "wt", encoding="utf-8") as f:
        f.write(text)
    d = _one_doc(tmp_path / name)
    assert d.content == text and d.source == name
    assert d.format == ("html" if ".html" in name else "text")


def test_same_text_same_hash_changed_text_new_hash(tmp_path: Path) -> None:
    f = tmp_path / "s.txt"
    f.write_text("One\n", encoding="utf-8")
    h1 = _one_doc(f).content_hash
    assert _one_doc(f).content_hash == h1
    f.write_text("One, edited\n", encoding="utf-8")
    assert _one_doc(f).content_hash != h1


@pytest.mark.parametrize(
    "bom,encoding",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = "Headline\n\n" + RUSSIAN + "\n" + ARABIC
    f = tmp_path / "bom.txt"
    f.write_bytes(bom + text.encode(encoding))
    assert _one_doc(f).content == text


def test_utf16_without_bom(tmp_path: Path) -> None:
    text = "Headline\n\nThe minister said talks would resume next week in Geneva.\n" * 5
    f = tmp_path / "wide.txt"
    f.write_bytes(text.encode("utf-16-le"))
    assert _one_doc(f).content == text


@pytest.mark.parametrize(
    "text,encoding",
    [
        (ARABIC * 3, "cp1256"), (RUSSIAN * 3, "windows-1251"), (FRENCH * 3, "cp1252"),
        # windows-1252 wins ties on Western text, but not over text it would garble.
        (SHORT_WESTERN, "cp1252"), (POLISH, "cp1250"), (GREEK, "cp1253"),
    ],
)
def test_legacy_encodings_are_detected(tmp_path: Path, text: str, encoding: str) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding))
    assert _one_doc(f).content == text


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    # Short Cyrillic that a guess alone could get wrong; the page says what it is.
    page = '<html><head><meta charset="windows-1251"><title>Новости</title></head><body><p>Мир.</p></body></html>'
    f = tmp_path / "ru.html"
    f.write_bytes(page.encode("windows-1251"))
    assert _one_doc(f).content == page


def test_html_http_equiv_charset_is_honoured(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            "</head><body><p>Déjà vu à Genève – “quoted”</p></body></html>")
    f = tmp_path / "fr.html"
    f.write_bytes(page.encode("cp1252"))  # iso-8859-1 means windows-1252 on the web
    assert _one_doc(f).content == page


def test_utf8_bytes_win_over_a_stale_single_byte_meta(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Déjà vu à Genève</p></body></html>'
    f = tmp_path / "resaved.html"
    f.write_bytes(page.encode("utf-8"))
    assert _one_doc(f).content == page


def test_unknown_meta_charset_falls_back_to_detection(tmp_path: Path) -> None:
    page = '<html><head><meta charset="x-no-such-charset"></head><body><p>Déjà vu</p></body></html>'
    f = tmp_path / "odd.html"
    f.write_bytes(page.encode("utf-8"))
    assert _one_doc(f).content == page


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    p = only_problem(f)
    assert (p.path, p.reason) == (str(f), "the file is empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    f = tmp_path / "blank.html"
    f.write_bytes(b" \n\t\n")
    assert only_problem(f).reason == "the file is empty"


def test_png_renamed_txt(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "is a PNG image, not text" in only_problem(f).reason


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    f = tmp_path / "blob.txt"
    f.write_bytes(b"\x01\x02\x00\x00\x13\x37\x00" * 200)
    assert "binary data" in only_problem(f).reason


def test_stray_nul_bytes_in_a_saved_page_are_dropped(tmp_path: Path) -> None:
    # A real saved page (trafilatura_eval's lostiempos.com-juicio.html) has 22 NULs after
    # an <img> tag in 190 kB: the page is text, the NULs are damage.
    f = tmp_path / "page.html"
    paragraph = "<p>El juicio oral contra los acusados comenzará el lunes en La Paz.</p>\n"
    f.write_bytes((paragraph * 200 + '<img src="a.gif" />' + "\x00" * 11 + "\n" + paragraph * 200).encode())
    docs, problems = read_all(f)
    assert not problems and len(docs) == 1
    doc = docs[0]
    assert "\x00" not in doc.content and doc.content.count("juicio oral") == 400


def test_mostly_control_characters_is_binary(tmp_path: Path) -> None:
    f = tmp_path / "ctrl.txt"
    f.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 300)
    assert "binary data" in only_problem(f).reason


def test_invalid_utf8_that_no_encoding_explains(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    f = tmp_path / "garbage.txt"
    f.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4000)))
    p = only_problem(f)
    assert "not valid UTF-8" in p.reason and "convert it to UTF-8" in p.reason


def test_bom_that_lies(tmp_path: Path) -> None:
    f = tmp_path / "lies.txt"
    f.write_bytes(codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe broken")
    assert "byte-order mark" in only_problem(f).reason


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(("Headline\n\n" + FRENCH * 200).encode("utf-8"))
    f = tmp_path / "cut.txt.gz"
    f.write_bytes(data[: len(data) // 2])
    assert "truncated" in only_problem(f).reason


def test_corrupt_gzip(tmp_path: Path) -> None:
    f = tmp_path / "notgz.txt.gz"
    f.write_bytes(b"this is not gzip data at all")
    assert "corrupt" in only_problem(f).reason


def test_document_over_the_size_limit(tmp_path: Path) -> None:
    # 200 MB of 'a', written in chunks: refused from its size, never read into memory.
    f = tmp_path / "huge.txt"
    chunk = b"a" * MB
    with open(f, "wb") as out:
        for _ in range(200):
            out.write(chunk)
    p = only_problem(f)
    assert "200 MB" in p.reason and f"{DOCUMENT_LIMIT // MB} MB limit" in p.reason


def test_compressed_document_over_the_size_limit(tmp_path: Path) -> None:
    # A gzip bomb: tiny on disk, over the limit once decompressed.
    f = tmp_path / "bomb.html.gz"
    with gzip.open(f, "wb") as out:
        for _ in range(DOCUMENT_LIMIT // MB + 2):
            out.write(b"a" * MB)
    assert f.stat().st_size < MB
    assert "over the limit" in only_problem(f).reason


def test_big_legacy_file_is_decoded_whole(tmp_path: Path) -> None:
    # The encoding is guessed from the first megabyte; the rest must decode the same way.
    text = (FRENCH + "\n") * 30_000  # about 3 MB
    f = tmp_path / "big-cp1252.txt"
    f.write_bytes(text.encode("cp1252"))
    assert _one_doc(f).content == text


def test_big_file_whose_head_is_ascii_but_tail_is_not(tmp_path: Path) -> None:
    text = "plain ascii line\n" * 100_000 + RUSSIAN * 50
    f = tmp_path / "late.txt"
    f.write_bytes(text.encode("windows-1251"))
    assert _one_doc(f).content == text


def test_windows_and_old_mac_line_endings_become_lf(tmp_path: Path) -> None:
    (tmp_path / "crlf.txt").write_bytes(b"Headline\r\n\r\nBody line one.\r\nBody line two.\r\n")
    (tmp_path / "cr.txt").write_bytes(b"Headline\r\rBody line one.\rBody line two.\r")
    (tmp_path / "lf.txt").write_bytes(b"Headline\n\nBody line one.\nBody line two.\n")
    docs, problems = read_all(tmp_path)
    assert problems == []
    assert {d.content for d in docs} == {"Headline\n\nBody line one.\nBody line two.\n"}
    assert len({d.content_hash for d in docs}) == 1  # re-saving with other line ends changes nothing
