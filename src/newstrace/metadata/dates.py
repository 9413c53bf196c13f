"""Date patterns shared by datelines and publication dates."""

from __future__ import annotations

import calendar

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
# "Dec 29", "December 14, 2017", "14 December", "Monday, 3 March 2021"
MONTH_DAY = (
    rf"(?:{WEEKDAY}\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{YEAR})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+{YEAR})?)"
)


def iso_date(year: int, month: int, day: int) -> str | None:
    """"YYYY-MM-DD" for a real calendar day (29 Feb only in leap years), else None.
    Years 1..9999 only: nothing here ever builds a date object past the calendar's edge."""
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
