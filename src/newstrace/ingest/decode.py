"""Bytes -> text: BOMs, UTF-8, then charset-normalizer's best guess; binary refused."""

from __future__ import annotations

import codecs
import re

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Control characters other than tab/newline/CR/form feed: many of them mean binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is for the user."""


def looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, enc in _BOMS if enc.startswith("utf-16") or enc.startswith("utf-32")):
        return False
    if b"\x00" in sample:
        return True
    # Known binary signatures that have no NUL in their first bytes.
    return sample.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b"))


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Return (text, encoding used). Raises DecodeError with a reason a user understands."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError as e:
                raise DecodeError(f"starts with a {enc} byte-order mark but is not valid {enc} ({e.reason})") from e
    if looks_binary(data[:8192]):
        raise DecodeError("is a binary file, not text (NUL bytes or a binary file signature)")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore").lower()
            try:
                return _check_text(data.decode(declared)), declared
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; fall through to detection

    encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as e:
        raise DecodeError(f"is not valid UTF-8 and does not decode as {encoding} either") from e
    return _check_text(text), encoding


def _guess_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:1_000_000]))
    if not matches or matches[0].encoding is None:
        raise DecodeError("is not valid UTF-8 and its encoding could not be detected")
    best = matches[0]
    # Equally plausible single-byte code pages tie often (French decodes "as well" in
    # cp1250); prefer the web's most common one among the equally good.
    for m in matches:
        if m.chaos <= best.chaos and m.coherence >= best.coherence - 0.05 and m.encoding in _PREFERRED:
            return m.encoding
    return best.encoding


_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def _check_text(text: str) -> str:
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(10, len(sample) // 50):
        raise DecodeError("does not look like text in any encoding (too many control characters)")
    return text
