"""Event dates against the publication date: precision as given, never an invented day."""

from __future__ import annotations

import pytest

from newstrace.events.dates import find_dates, nearest_date


def one(text: str, published: str | None = None, precision: str | None = None):
    return nearest_date(find_dates(text, 0, published, precision), 0)


def test_weekday_resolves_to_the_last_such_day() -> None:
    d = one("The attack happened on Sunday.", "2021-05-31", "day")  # a Monday
    assert (d.date, d.precision) == ("2021-05-30", "day")


def test_month_day_without_any_year_stays_partial() -> None:
    d = one("On June 4, security forces claimed killing a dozen fighters.")
    assert d.date is None and d.precision is None and d.partial == "--06-04"


def test_month_day_takes_the_publication_year_or_the_one_before() -> None:
    assert one("On May 24, rockets landed.", "2021-05-30", "day").date == "2021-05-24"
    assert one("On Dec 30, rockets landed.", "2021-01-02", "day").date == "2020-12-30"


def test_relative_periods_have_coarser_precision() -> None:
    assert (one("last month", "2021-05-31", "day").date, one("last month", "2021-05-31", "day").precision) == ("2021-04-01", "month")
    d = one("earlier this week", "2017-06-28", "day")
    assert (d.date, d.precision) == ("2017-06-01", "month")
    d = one("in 2014")
    assert (d.date, d.precision) == ("2014-01-01", "year")


def test_relative_words_without_a_publication_day_give_nothing() -> None:
    assert one("on Sunday") is None
    assert one("earlier this week") is None
    assert one("last month", "2021", "year") is None


@pytest.mark.parametrize("text", ["29/12", "February 30", "2014", "on 99/99/9999", "May", ""])
def test_ambiguous_or_impossible_dates_give_none(text: str) -> None:
    assert one(text, "2020-06-01", "day") is None


def test_publication_day_without_year_gives_partial_dates_only() -> None:
    d = nearest_date(find_dates("The blast happened yesterday.", 0, None, None, "--12-29"), 0)
    assert d is not None and d.date is None and d.partial == "--12-28"
    d = nearest_date(find_dates("earlier this month", 0, None, None, "--12-29"), 0)
    assert d is not None and d.date is None and d.partial == "--12"
    assert find_dates("on Sunday", 0, None, None, "--12-29") == []  # the weekday needs the year
