"""Bytes to text: BOMs, UTF-8, a declared charset, then charset-normalizer's best guess.

Binary data (images, executables renamed .txt) and bytes that no encoding explains raise
``Unreadable`` with a reason for the user.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from newstrace.ingest.limits import SNIFF_BYTES
from newstrace.ingest.problems import Unreadable

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of common binary formats someone may save with a text extension.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data (name it .gz to have it read)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)

# WHATWG: these labels mean windows-1252 in practice.
_LEGACY_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                   "ascii": "cp1252", "us-ascii": "cp1252", "iso8859-1": "cp1252"}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)

# At most this share of NUL bytes is stray damage in a text (22 in a 190 kB page).
_STRAY_NUL_SHARE = 0.001
_MESS_SAMPLE = 100_000
_TIE = 0.1
_GUESS_SAMPLE = 1024 * 1024
_NON_ASCII = re.compile(rb"[\x80-\xff]")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, data[len(bom):]
    return None, data


def binary_kind(sample: bytes) -> str | None:
    """What binary data this looks like, or None if it may be text (no BOM checked here)."""
    for magic, kind in _MAGIC:
        if sample.startswith(magic):
            return kind
    if b"\x00" in sample and not _looks_utf16(sample) and not _stray_nuls(sample):
        return "binary data (it contains NUL bytes)"
    return None


def _stray_nuls(sample: bytes) -> bool:
    """A few NUL bytes in a long text (a saved web page with a damaged image tag): damage
    to drop, not a sign of binary data, which has NULs everywhere."""
    return sample.count(0) <= _STRAY_NUL_SHARE * len(sample)


def _looks_utf16(sample: bytes) -> bool:
    """BOM-less UTF-16 text: NULs concentrated on one byte parity (ASCII in UTF-16)."""
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.02 * half


def normalise_encoding(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when it is unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _LEGACY_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def html_declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag within its first bytes."""
    m = _META_CHARSET.search(head[:4096])
    return normalise_encoding(m.group(1).decode("ascii", "ignore")) if m else None


def guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess, but windows-1252 when it reads at least as cleanly.

    On Western text whose only non-ASCII characters are a few quotes and dashes, several
    code pages (cp775, cp852, mac_latin2, ...) decode with equal "chaos"; windows-1252 is by
    far the most common legacy encoding of news pages, so it wins near-ties (within _TIE).
    Its chaos score on text in another script or language (Cyrillic, Arabic, Greek, Polish)
    is around 1.0, far outside the tie, so those keep their guess.
    """
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    if best.encoding != "cp1252":
        try:
            as_1252 = data.decode("cp1252")
        except UnicodeDecodeError:
            return str(best.encoding)
        if mess_ratio(as_1252[:_MESS_SAMPLE], 1.0) <= mess_ratio(str(best)[:_MESS_SAMPLE], 1.0) + _TIE:
            return "cp1252"
    return str(best.encoding)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _check_text(data: bytes, text: str, what: str) -> str:
    """Refuse text that is mostly control characters (counted on the bytes: fast, and the
    same for UTF-8 and single-byte encodings, whose control characters are single bytes)."""
    sample = data[:SNIFF_BYTES]
    if sample and len(sample.translate(None, _NOT_CONTROL_BYTES)) > 0.05 * len(sample):
        raise Unreadable(f"{what} is binary data, not text (mostly control characters)")
    return text


def decode_bytes(data: bytes, *, declared: str | None = None, what: str = "the file") -> str:
    """Decode one document. ``declared``: a charset from HTTP headers or an HTML <meta>.

    Order: BOM; NUL/magic-number check (binary); the declared charset when the bytes are
    valid in it (but valid UTF-8 wins over a declared single-byte charset, since scrapers
    re-save pages as UTF-8 and leave the old <meta>); UTF-8; charset-normalizer's guess.
    """
    bom, body = split_bom(data)
    if bom:
        unmarked = _strict(body, bom)
        if unmarked is None:
            raise Unreadable(f"{what} starts with a {bom.upper()} byte-order mark but is not valid {bom.upper()}")
        return unmarked
    kind = binary_kind(data[:SNIFF_BYTES])
    if kind:
        raise Unreadable(f"{what} is {kind}, not text")
    if b"\x00" in data[:SNIFF_BYTES]:
        if _stray_nuls(data[:SNIFF_BYTES]):
            data = data.replace(b"\x00", b"")
        else:  # BOM-less UTF-16 (binary_kind let it through)
            for wide_enc in ("utf-16-le", "utf-16-be"):
                wide = _strict(data, wide_enc)
                if wide is not None and not _CONTROL.search(wide[:SNIFF_BYTES]):
                    return wide
    utf8 = _strict(data, "utf-8")
    enc = normalise_encoding(declared)
    if enc and enc != "utf-8":
        as_declared = _strict(data, enc)
        if as_declared is None and enc == "cp1252":  # bytes cp1252 leaves undefined
            as_declared = _strict(data, "latin-1")
        if as_declared is not None and (utf8 is None or utf8.isascii()):
            return _check_text(data, as_declared, what)
    if utf8 is not None:
        return _check_text(data, utf8, what)
    # Guess from a megabyte starting near the first non-ASCII byte (guessing is slow on big
    # files, and an ASCII head tells nothing); the whole file must then decode strictly in
    # that encoding, else guess again from all of it.
    first = _NON_ASCII.search(data)
    start = max(0, first.start() - 1024) if first else 0
    best_encoding = guess_encoding(data[start : start + _GUESS_SAMPLE])
    if len(data) > _GUESS_SAMPLE and (best_encoding is None or _strict(data, best_encoding) is None):
        best_encoding = guess_encoding(data)
    if best_encoding is None:
        raise Unreadable(
            f"{what} is not valid UTF-8 and no known encoding explains its bytes; "
            "convert it to UTF-8 and try again"
        )
    guessed = _strict(data, best_encoding)
    if guessed is None:
        raise Unreadable(f"{what} is not valid UTF-8 nor {best_encoding}; convert it to UTF-8")
    return _check_text(data, guessed, what)


def universal_newlines(text: str) -> str:
    """CRLF and lone CR to LF, as Python's text mode does: line-based cleaning sees one kind."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
