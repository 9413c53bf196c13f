"""When an event happened, from the words of its sentence and the article's publication date.

Precision is what the text gives: "June 4" is a day, "last month" a month, "in 2014" a year.
A day is never invented: without a publication year, "June 4" stays a partial date
("--06-04") and the ISO date is null; relative words ("on Sunday", "earlier this week") need
a publication day, and a span crossing a month boundary falls back to the coarser precision.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in [
        ("mdy", rf"\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?\b"),
        ("dmy", rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b"),
        ("numeric", r"\b(?P<a>[0-3]?\d)/(?P<b>[01]?\d)(?:/(?P<y>(?:19|20)?\d\d))?\b"),
        ("weekday", rf"\b(?:on|last|this|since|by)?\s*{_WD}\b"),
        ("yesterday", r"\b(?:yesterday|last night)\b"),
        ("today", r"\b(?:today|tonight|this morning|this afternoon|this evening)\b"),
        ("this_week", r"\b(?:earlier|later)?\s*this week\b"),
        ("last_week", r"\blast week\b"),
        ("this_month", r"\b(?:earlier|later)?\s*this month\b"),
        ("last_month", r"\blast month\b"),
        ("this_year", r"\b(?:earlier|later)?\s*this year\b"),
        ("last_year", r"\blast year\b"),
        ("month_year", rf"\b(?:in|during|since|of|early|late|mid-?)\s+{_MON}(?:,?\s+{_YEAR})?\b"),
        ("year", rf"\b(?:in|during|of)\s+(?:early\s+|late\s+|mid-?)?{_YEAR}\b"),
    ]
]


@dataclass(frozen=True, slots=True)
class EventDate:
    date: str | None  # ISO "YYYY-MM-DD" (month/year precision: first day of the period)
    precision: str | None  # "day" | "month" | "year"
    partial: str | None  # "--MM-DD" or "--MM" when the year is unknown
    text: str
    start: int
    end: int


def _published(published: str | None, precision: str | None) -> tuple[date | None, str | None]:
    if not published:
        return None, None
    try:
        y, m, d = (published.split("-") + ["01", "01"])[:3]
        return date(int(y), int(m or 1), int(d or 1)), precision or "day"
    except (ValueError, OverflowError):
        return None, None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _month_span(a: date, b: date) -> tuple[str | None, str | None]:
    """Coarsest honest (date, precision) for an interval [a, b]."""
    if (a.year, a.month) == (b.year, b.month):
        return a.replace(day=1).isoformat(), "month"
    if a.year == b.year:
        return date(a.year, 1, 1).isoformat(), "year"
    return None, None


def _resolve(kind: str, m: re.Match[str], pub: date | None, prec: str | None) -> tuple[str | None, str | None, str | None]:
    """(iso date, precision, partial) for one matched expression."""
    day_pub = pub if prec == "day" else None
    year_known = pub is not None and prec in ("day", "month", "year")
    if kind in ("mdy", "dmy"):
        mon, day = MONTHS[m.group("mon").lower()], int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        if not (1 <= day <= 31):
            return None, None, None
        if year is None and year_known and pub is not None:
            # A date after publication belongs to the year before ("Dec 30" read in January).
            year = pub.year
            if prec == "day" and _valid(year, mon, day) and date(year, mon, day) > pub + timedelta(days=1):
                year -= 1
        if year is None:
            return None, None, f"--{mon:02d}-{day:02d}" if _valid(2000, mon, day) else None
        return (date(year, mon, day).isoformat(), "day", None) if _valid(year, mon, day) else (None, None, None)
    if kind == "numeric":
        a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
        # Only a full day/month/year with an unambiguous order (day > 12) is read.
        if not y or a <= 12:
            return None, None, None
        year = int(y) if len(y) == 4 else 2000 + int(y)
        if len(y) == 2 and pub is not None and year > pub.year + 1:
            year -= 100  # "31/12/98" in a 2005 article is 1998, not 2098
        return (date(year, b, a).isoformat(), "day", None) if _valid(year, b, a) else (None, None, None)
    if kind == "weekday":
        if day_pub is None:
            return None, None, None
        back = (day_pub.weekday() - WEEKDAYS[m.group("wd").lower()]) % 7
        return (day_pub - timedelta(days=back)).isoformat(), "day", None
    if kind in ("yesterday", "today"):
        if day_pub is None:
            return None, None, None
        return (day_pub - timedelta(days=1 if kind == "yesterday" else 0)).isoformat(), "day", None
    if kind in ("this_week", "last_week"):
        if day_pub is None:
            return None, None, None
        end = day_pub if kind == "this_week" else day_pub - timedelta(days=day_pub.weekday() + 1)
        start = end - timedelta(days=end.weekday())
        iso, p = _month_span(start, end)
        return iso, p, None
    if pub is None:
        if kind == "month_year" and m.group("year"):
            return date(int(m.group("year")), MONTHS[m.group("mon").lower()], 1).isoformat(), "month", None
        if kind == "year":
            return date(int(m.group("year")), 1, 1).isoformat(), "year", None
        return None, None, None
    if kind == "this_month":
        return (pub.replace(day=1).isoformat(), "month", None) if prec in ("day", "month") else (None, None, None)
    if kind == "last_month":
        if prec not in ("day", "month"):
            return None, None, None
        first = pub.replace(day=1) - timedelta(days=1)
        return first.replace(day=1).isoformat(), "month", None
    if kind == "this_year":
        return date(pub.year, 1, 1).isoformat(), "year", None
    if kind == "last_year":
        return date(pub.year - 1, 1, 1).isoformat(), "year", None
    if kind == "month_year":
        mon = MONTHS[m.group("mon").lower()]
        year = int(m.group("year")) if m.group("year") else pub.year - (1 if prec in ("day", "month") and mon > pub.month else 0)
        return date(year, mon, 1).isoformat(), "month", None
    if kind == "year":
        return date(int(m.group("year")), 1, 1).isoformat(), "year", None
    return None, None, None


def _partial_only(kind: str, m: re.Match[str], partial: str) -> str | None:
    """With a publication day but no year ("--12-29"), relative words give partial dates."""
    pm = re.fullmatch(r"--(\d\d)(?:-(\d\d))?", partial)
    if pm is None:
        return None
    month = int(pm.group(1))
    if kind in ("this_month",):
        return f"--{month:02d}"
    if kind == "last_month":
        return f"--{12 if month == 1 else month - 1:02d}"
    if pm.group(2) is None or kind not in ("today", "yesterday"):
        return None
    day = int(pm.group(2)) - (1 if kind == "yesterday" else 0)
    # Any leap year will do for checking that the month has that day; the year stays unknown.
    return f"--{month:02d}-{day:02d}" if day >= 1 and _valid(2000, month, day) else None


def find_dates(
    text: str,
    offset: int = 0,
    published: str | None = None,
    precision: str | None = None,
    published_partial: str | None = None,
) -> list[EventDate]:
    """Every date expression in ``text`` resolved against the publication date (or, when
    only a day without a year is known, ``published_partial`` "--MM-DD"). Never raises."""
    pub, prec = _published(published, precision)
    found: list[EventDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                iso, p, partial = _resolve(kind, m, pub, prec)
            except (OverflowError, ValueError):  # arithmetic past year 1 or 9999: no date
                iso = p = partial = None
            if iso is None and partial is None and pub is None and published_partial:
                partial = _partial_only(kind, m, published_partial)
            if iso is None and partial is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(EventDate(iso, p, partial, m.group(0).strip(), offset + m.start(), offset + m.end()))
    found.sort(key=lambda d: d.start)
    return found


def nearest_date(dates: list[EventDate], position: int) -> EventDate | None:
    """The most precise date expression, nearest the trigger among the equally precise."""
    if not dates:
        return None
    rank = {"day": 0, "month": 1, "year": 2, None: 3}
    return min(dates, key=lambda d: (rank[d.precision] if d.date else 0.5, abs(d.start - position)))


def period(iso: str | None, precision: str | None) -> str | None:
    """The date at its precision, ISO 8601 reduced: "2024-03-05", "2024-03" (a month) or
    "2024" (a year): what a month-precision event is shown and sorted as, not its 1st day."""
    if not iso:
        return None
    return iso[:4] if precision == "year" else iso[:7] if precision == "month" else iso
