import datetime as dt

import pytest

from geo.dates import date_precision, format_partial_date, parse_partial_date, year_bounds


@pytest.mark.parametrize("text, expected, precision, human", [
    ("1992", dt.date(1992, 1, 1), "year", "1992"),
    ("1992-03", dt.date(1992, 3, 1), "month", "March 1992"),
    ("1992-03-19", dt.date(1992, 3, 19), "day", "19 March 1992"),
])
def test_partial_dates_keep_their_precision(text, expected, precision, human):
    assert parse_partial_date(text) == expected
    assert date_precision(text) == precision
    assert format_partial_date(text) == human


@pytest.mark.parametrize("bad", ["92", "1992-3", "1992-13", "1992-02-30", "March 1992", "", "1992-03-19T00:00"])
def test_malformed_dates_are_rejected(bad):
    with pytest.raises(ValueError):
        parse_partial_date(bad)


def test_year_bounds_are_half_open():
    assert year_bounds(1998) == (dt.date(1998, 1, 1), dt.date(1999, 1, 1))


@pytest.mark.parametrize("text, last", [
    ("1994", dt.date(1994, 12, 31)), ("1994-02", dt.date(1994, 2, 28)), ("1996-02", dt.date(1996, 2, 29)),
    ("1994-12", dt.date(1994, 12, 31)), ("1994-01-01", dt.date(1994, 1, 1)),
])
def test_last_day_of_a_partial_date(text, last):
    from geo.dates import last_day_of
    assert last_day_of(text) == last
