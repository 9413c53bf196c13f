"""Publication dates: page metadata, header lines ("Dec 18, 2023, 2:20 PM",
"Date: 07:35, 14-12-2017.") and dateline dates ("Dec 29").

A year is never invented: a date without a year in the text (dateparser would quietly
use the current one) yields only an ISO 8601 partial date ("--12-29").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newstrace.metadata.dates import MONTH, MONTH_DAY, WEEKDAY, YEAR
from newstrace.records import Precision

_YEAR = re.compile(rf"\b{YEAR}\b")
_LABEL = re.compile(
    r"(?:date|published|posted|publication date|released|first published)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?:GMT|UTC|IST|PKT|EST|EDT|CET|CEST|BST|[+-]\d{2}:?\d{2}))?"
_NUMERIC_DATE = r"\d{1,2}[-/.]\d{1,2}[-/.]" + YEAR + r"|" + YEAR + r"[-/.]\d{1,2}[-/.]\d{1,2}"
_DATE_PART = rf"(?:{MONTH_DAY}|{_NUMERIC_DATE})"
# A whole line that is only a date (and maybe a time): a timestamp of the page header.
_HEADER_DATE = re.compile(
    rf"(?:{WEEKDAY}\s*)?(?:{_TIME}\s*[,|-]?\s*)?{_DATE_PART}(?:\s*[,|-]?\s*(?:at\s+)?{_TIME})?\s*[.]?",
    re.IGNORECASE,
)
_PARTIAL_MONTH_DAY = re.compile(rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(slots=True, frozen=True)
class PublishedDate:
    value: str  # YYYY-MM-DD (precision day), YYYY-MM-01 (month), YYYY-01-01 (year)
    precision: Precision


def _parse(text: str, *, order: str = "DMY") -> datetime | None:
    import dateparser

    return dateparser.parse(
        text,
        languages=["en"],
        settings={"DATE_ORDER": order, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
    )


def _timestamp_body(line: str) -> str | None:
    """The date part of a line that is only a (labelled) date/time with a year."""
    line = line.strip()
    if len(line) > 60:
        return None
    body = line
    label = _LABEL.match(body)
    if label:
        body = body[label.end():]
    if not _HEADER_DATE.fullmatch(body) or not _YEAR.search(body):
        return None
    return body


def is_timestamp_line(line: str) -> bool:
    """Cheap check (no date parsing) that a line is only a date/time with a year."""
    return _timestamp_body(line) is not None


def parse_header_date(line: str) -> PublishedDate | None:
    """The date if the whole line is a page timestamp, else None."""
    body = _timestamp_body(line)
    if body is None:
        return None
    # Numeric dates on these sites are day-first (14-12-2017); ISO is year-first.
    order = "YMD" if re.search(rf"{YEAR}[-/.]\d", body) else "DMY"
    dt = _parse(body.rstrip("."), order=order)
    if dt is None:
        return None
    return PublishedDate(dt.strftime("%Y-%m-%d"), "day")


def parse_page_date(value: str | None) -> PublishedDate | None:
    """A date from page metadata (ISO 8601 or free text); precision from what it gives."""
    if not value:
        return None
    value = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?", value)
    if m:
        year, month, day = m.groups()
        if day:
            return PublishedDate(f"{year}-{month}-{day}", "day")
        if month:
            return PublishedDate(f"{year}-{month}-01", "month")
        return PublishedDate(f"{year}-01-01", "year")
    if not _YEAR.search(value):
        return None
    dt = _parse(value)
    if dt is None:
        return None
    has_day = bool(re.search(rf"{MONTH_DAY}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}", value, re.IGNORECASE))
    if has_day:
        return PublishedDate(dt.strftime("%Y-%m-%d"), "day")
    if re.search(MONTH, value):
        return PublishedDate(dt.strftime("%Y-%m-01"), "month")
    return PublishedDate(dt.strftime("%Y-01-01"), "year")


def parse_dateline_date(date_text: str) -> tuple[PublishedDate | None, str | None]:
    """(full date if the text has a year, else None; partial "--MM-DD" if it has none)."""
    if _YEAR.search(date_text):
        return parse_page_date(date_text), None
    m = _PARTIAL_MONTH_DAY.search(date_text)
    if not m:
        return None, None
    month = (m.group("m") or m.group("m2") or "")[:3].lower()
    day = int(m.group("d") or m.group("d2"))
    if month not in _MONTHS or not 1 <= day <= 31:
        return None, None
    return None, f"--{_MONTHS.index(month) + 1:02d}-{day:02d}"
