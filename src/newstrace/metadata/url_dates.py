"""Publication dates written into page addresses and file names.

"/2017/12/17/slug", "/news/2024/10/14/", "/20221231-81027/", "/n3/2023/1219/c90000-1.html",
"/14-Apr-2023/slug", "/content/2023-11-24-first-group", "/a/202410/14/": day precision; "/2023/11/slug": month.
Only years 1990-2099 count (an article number such as 18173355 is no date), and only
real calendar days.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newstrace.metadata.dates import iso_date
from newstrace.metadata.published import PublishedDate
from newstrace.outlets.domains import unwrap_archive

_Y = r"(?P<y>19[9]\d|20\d\d)"
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# Most specific first; each needs a boundary (/, -, _, ., end) on both sides.
_DAY_PATTERNS = [
    re.compile(rf"/{_Y}/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?=[/_.-]|$)"),
    re.compile(rf"(?<![\d]){_Y}-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?![\d])"),
    re.compile(rf"(?<=[/_-]){_Y}(?P<m>\d{{2}})(?P<d>\d{{2}})(?=[/_.-]|$)"),
    re.compile(rf"/{_Y}/(?P<m>\d{{2}})(?P<d>\d{{2}})(?=/)"),
    re.compile(rf"/{_Y}(?P<m>\d{{2}})/(?P<d>\d{{2}})(?=/)"),
    re.compile(rf"/(?P<d>\d{{1,2}})-(?P<mon>[A-Za-z]{{3}})[a-z]*-{_Y}(?=[/_.-]|$)"),
]
_MONTH_PATTERN = re.compile(rf"/{_Y}/(?P<m>\d{{1,2}})(?=/)")


def _match_day(m: re.Match[str]) -> str | None:
    month = _MONTHS.get(m.group("mon").lower()[:3], 0) if "mon" in m.groupdict() else int(m.group("m"))
    return iso_date(int(m.group("y")), month, int(m.group("d")))


def date_in_path(path: str) -> PublishedDate | None:
    """The date written in a URL path or a file path, at the precision it is written."""
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(path):
            iso = _match_day(m)
            if iso:
                return PublishedDate(iso, "day")
    for m in _MONTH_PATTERN.finditer(path):
        iso = iso_date(int(m.group("y")), int(m.group("m")), 1)
        if iso:
            return PublishedDate(iso, "month")
    return None


def url_date(url: str | None) -> PublishedDate | None:
    """The publication date in a page address (its path; never the query string)."""
    if not url:
        return None
    try:
        path = urlsplit(unwrap_archive(url.strip())).path
    except ValueError:
        return None
    return date_in_path(path)
