"""Date arithmetic at the calendar's edges never raises (the reported crash: "on Sunday" in
an article published 0001-01-01 made ``day_pub - timedelta`` overflow and stopped the run)."""

from __future__ import annotations

import pytest

from newstrace.events.dates import find_dates
from newstrace.metadata.published import parse_page_date

RELATIVE = ("It happened on Sunday, yesterday, last week, earlier this week, last month, last year, "
            "this year, on Dec 31, on Jan 1, in March and on 31/12/99.")


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30", "2024-02-29"])
@pytest.mark.parametrize("precision", ["day", "month", "year"])
def test_relative_dates_near_year_1_and_9999(published: str, precision: str) -> None:
    found = find_dates(RELATIVE, published=published, precision=precision)
    assert all(d.date is None or "0001-01-01" <= d.date <= "9999-12-31" for d in found)


def test_a_day_before_year_1_is_no_date() -> None:
    # 0001-01-01 is a Monday: "on Sunday" would be the day before the calendar starts.
    assert find_dates("on Sunday", published="0001-01-01", precision="day") == []
    assert [d.date for d in find_dates("on Monday", published="0001-01-01", precision="day")] == ["0001-01-01"]


def test_yesterday_on_29_february_and_a_two_digit_year() -> None:
    by_text = {d.text: d.date for d in find_dates("yesterday; on 31/12/98", published="2024-02-29", precision="day")}
    assert by_text == {"yesterday": "2024-02-28", "31/12/98": "1998-12-31"}


@pytest.mark.parametrize("value", ["2023-02-30", "0000-00-00", "2023-02-29", "2023-13-01", "Jan 99999999999 2020"])
def test_page_dates_that_are_no_calendar_day_are_dropped(value: str) -> None:
    assert parse_page_date(value) is None


def test_page_dates_keep_four_digit_years() -> None:
    assert parse_page_date("0999-05-04") is not None and parse_page_date("0999-05-04").value == "0999-05-04"  # type: ignore[union-attr]
    assert parse_page_date("2024-02-29").value == "2024-02-29"  # type: ignore[union-attr]
