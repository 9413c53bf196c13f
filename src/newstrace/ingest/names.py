"""File names as text that can be stored and printed.

Python keeps the bytes of a file name that are not valid UTF-8 as lone surrogates
(``bad\\udcffname.txt``); SQLite, PostgreSQL and a UTF-8 terminal all refuse those. Such a
name is shown and stored with the undecodable bytes as ``\\xNN`` escapes
(``bad\\xffname.txt``); the file itself is still opened by its real name. (A name that
already spells a literal ``\\xff`` would look the same: accepted, as names like that are
rarer than the problem they solve.)
"""

from __future__ import annotations

import os
import re

# A JSON "\ud800" escape (or a caller's string) can hold a lone surrogate, which no database
# or terminal accepts.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Text with each lone surrogate replaced by U+FFFD (unchanged, and not copied, if none)."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def display_name(name: str | os.PathLike[str]) -> str:
    text = os.fspath(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        # Surrogates from undecodable bytes (U+DC80..U+DCFF): back to the bytes, escaped.
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        # Any other lone surrogate (e.g. from a JSON "\ud800" escape): its code point, escaped.
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
