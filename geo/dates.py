"""Dates with their precision kept: ``1992``, ``1992-03`` or ``1992-03-19``.

Sources often give only a year or a month. We keep the string as written and resolve it
to a day only when comparing: a partial date stands for the *first* day of the period it
names (``1992-03`` -> 1 March 1992). Control periods are half-open: a period runs from its
``start`` up to, not including, its ``end``; the next holder's ``start`` equals the
previous holder's ``end``.
"""
from __future__ import annotations

import datetime as dt
import re

PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN)

FIRST_YEAR = 1988
LAST_YEAR = 2021


def parse_partial_date(text: str) -> dt.date:
    """First day of the year, month or day written in ``text``; ValueError if malformed."""
    text = text.strip()
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return dt.date(year, month, day)


def last_day_of(text: str) -> dt.date:
    """Last day of the year, month or day written in ``text`` (``1994-01`` -> 31 January 1994)."""
    first = parse_partial_date(text)
    precision = date_precision(text)
    if precision == "year":
        return dt.date(first.year, 12, 31)
    if precision == "month":
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return first


def date_precision(text: str) -> str:
    """``year``, ``month`` or ``day``: how precisely a partial date is known."""
    return ("year", "month", "day")[text.strip().count("-")]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """Half-open interval [1 January of ``year``, 1 January of the next year)."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def format_partial_date(text: str) -> str:
    """Human form keeping the precision: ``1992`` / ``March 1992`` / ``19 March 1992``."""
    value = parse_partial_date(text)
    precision = date_precision(text)
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"
