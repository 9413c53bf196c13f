"""Publication date: page metadata, a header line of page chrome, or the dateline.

A year is never invented: dateparser is told to require a year, and a dateline date
without one ("Dec 29") becomes ``published_partial = "--12-29"`` unless the page or a
header line gives the full date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newstrace.metadata.dateline import MONTH
from newstrace.records import Precision

# "Date: 07:35, 14-12-2017." / "Dec 18, 2023, 2:20 PM" / "Published on 3 March 2024"
HEADER_PREFIX = re.compile(
    r"^(?:date|published|posted|updated|last updated|first published)(?: on| at)?\s*:?\s*", re.I
)
MAX_HEADER_CHARS = 60
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}
_MONTH_DAY = re.compile(rf"({MONTH})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({MONTH})", re.I)
_WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
_TIME_WORDS = {"am", "pm", "at", "gmt", "utc", "st", "nd", "rd", "th", "t", "z", "on"}
_LETTERS = re.compile(r"[A-Za-z]+")


@dataclass(slots=True)
class ResolvedDate:
    date: str  # YYYY-MM-DD (month/year precision: first day of the period)
    precision: Precision


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"},
    )


def parse_date(text: str) -> ResolvedDate | None:
    """A date with a year in ``text`` (ISO or free form), or None. Never guesses a year."""
    text = text.strip().rstrip(".")
    if not text or len(text) > 100 or not _YEAR.search(text):
        return None
    iso = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if iso:
        year, month, day = iso.groups()
        return ResolvedDate(f"{year}-{month}-{day or '01'}", "day" if day else "month")
    data = _parser().get_date_data(text)
    if data.date_obj is None:
        return None
    period = data.period if data.period in ("day", "month", "year") else "day"
    d = data.date_obj.date()
    if period == "year":
        return ResolvedDate(f"{d.year:04d}-01-01", "year")
    if period == "month":
        return ResolvedDate(f"{d.year:04d}-{d.month:02d}-01", "month")
    return ResolvedDate(d.isoformat(), "day")


def header_date(line: str) -> ResolvedDate | None:
    """The date of a header line that is ONLY a date/time (page chrome), else None."""
    if "\n" in line or len(line) > MAX_HEADER_CHARS:
        return None
    body = HEADER_PREFIX.sub("", line.strip())
    # Only month names, am/pm and "at" may be words: otherwise it is a sentence.
    words = [w.lower() for w in _LETTERS.findall(body)]
    if any(w[:3] not in _MONTHS and w[:3] not in _WEEKDAYS and w not in _TIME_WORDS for w in words):
        return None
    return parse_date(body)


def partial_from_dateline(date_text: str) -> str | None:
    """"Dec 29" -> "--12-29" (ISO 8601 without year)."""
    match = _MONTH_DAY.search(date_text)
    if not match:
        return None
    month_name = match.group(1) or match.group(4)
    day = int(match.group(2) or match.group(3))
    month = _MONTHS[month_name[:3].lower()]
    if not 1 <= day <= 31:
        return None
    return f"--{month:02d}-{day:02d}"
