"""Publication dates: page metadata, header lines ("Dec 18, 2023, 2:20 PM",
"Date: 07:35, 14-12-2017."), a stamp opening the first line ("date 2023-03-19 Headline"),
page addresses ("/2017/12/17/"), file names ("_2015-11-11_") and dateline dates ("Dec 29").

A year is never invented: a date without a year in the text (dateparser would quietly
use the current one) yields only an ISO 8601 partial date ("--12-29"). The time of day
is kept as the page states it ("HH:MM", 24-hour, the page's own time zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from newstrace.metadata.dates import MONTH, MONTH_DAY, WEEKDAY, YEAR, iso_date
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


# "14:20", "2:20 PM", "7.35 pm"; a dot only with am/pm ("14.12.2017" is a date).
_CLOCK = re.compile(
    r"(?<![\d:.])(\d{1,2})(?::(\d{2})(?::\d{2})?(?!\d)\s*(?:([AaPp])\.?[Mm]\b\.?)?"
    r"|\.(\d{2})\s*([AaPp])\.?[Mm]\b\.?)"
)
# A labelled stamp opening the first line, the headline after it on the same line:
# "date 2023-03-19 North Korea fires ...", "Updated On: 12 May, 2024 07:19 AM IST | Doha".
_STAMP_LABEL = r"(?:date|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated)\s*:?\s*"
_ISO_PART = rf"{YEAR}-\d{{2}}(?:-\d{{2}})?"
_LEADING_STAMP = re.compile(
    rf"\s*(?i:{_STAMP_LABEL})(?P<date>{_ISO_PART}|{MONTH_DAY}|{_NUMERIC_DATE})"
    rf"(?:\s*[,|-]?\s*(?:at\s+)?(?P<time>{_TIME}))?\s*(?:[|•·]\s*)?",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class PublishedDate:
    value: str  # YYYY-MM-DD (precision day), YYYY-MM-01 (month), YYYY-01-01 (year)
    precision: Precision
    time: str | None = None  # "HH:MM" when the source gives the time of day


def _parse(text: str, *, order: str = "DMY") -> datetime | None:
    import dateparser

    try:
        return dateparser.parse(
            text,
            languages=["en"],
            settings={"DATE_ORDER": order, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"},
        )
    except (ValueError, OverflowError):  # a date past the calendar's edge is no date
        return None


def parse_time(text: str) -> str | None:
    """"2:20 PM" -> "14:20", "07:35" -> "07:35"; the last clock time in ``text``."""
    found = None
    for m in _CLOCK.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2) or m.group(4))
        half = (m.group(3) or m.group(5) or "").lower()
        if half:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour <= 23 and minute <= 59:
            found = f"{hour:02d}:{minute:02d}"
    return found


def _day(dt: datetime, time: str | None = None) -> PublishedDate:
    return PublishedDate(f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}", "day", time)


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
    return _day(dt, parse_time(body))


def split_leading_stamp(line: str) -> tuple[PublishedDate, str, str] | None:
    """(date, the stamp as written, the rest of the line) for a first line that opens
    with a labelled date stamp followed by more text; None otherwise."""
    m = _LEADING_STAMP.match(line)
    if m is None:
        return None
    rest = line[m.end():]
    date = parse_page_date(m.group("date"))
    if date is None or not rest.strip():
        return None
    if m.group("time") and date.precision == "day":
        date = replace(date, time=parse_time(m.group("time")))
    return date, line[: m.end()].strip(), rest.strip()


def parse_page_date(value: str | None) -> PublishedDate | None:
    """A date from page metadata (ISO 8601 or free text); precision from what it gives."""
    if not value:
        return None
    value = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ](\d{2}):(\d{2})\S*)?", value)
    if m:
        year, month, day, hour, minute = m.groups()
        if day:
            iso = iso_date(int(year), int(month), int(day))
            time = f"{hour}:{minute}" if hour and int(hour) <= 23 and int(minute) <= 59 else None
            return PublishedDate(iso, "day", time) if iso else None
        if month:
            iso = iso_date(int(year), int(month), 1)
            return PublishedDate(iso, "month") if iso else None
        iso = iso_date(int(year), 1, 1)
        return PublishedDate(iso, "year") if iso else None
    if not _YEAR.search(value):
        return None
    dt = _parse(value)
    if dt is None:
        return None
    has_day = bool(re.search(rf"{MONTH_DAY}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}", value, re.IGNORECASE))
    if has_day:
        return _day(dt, parse_time(value))
    if re.search(MONTH, value):
        return PublishedDate(f"{dt.year:04d}-{dt.month:02d}-01", "month")
    return PublishedDate(f"{dt.year:04d}-01-01", "year")


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
