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
from dataclasses import dataclass

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


# ---------------------------------------------------------------------------------------------
# The time axis: the 408 months from January 1988 to December 2021, and a moment on it.

MONTH_COUNT = (LAST_YEAR - FIRST_YEAR + 1) * 12
_LINK_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")


def month_index(year: int, month: int) -> int:
    """Position of a month on the time axis: January 1988 is 0, December 2021 is 407.

    >>> month_index(1988, 1), month_index(1997, 5), month_index(2021, 12)
    (0, 112, 407)
    """
    return (year - FIRST_YEAR) * 12 + month - 1


def month_at(index: int) -> tuple[int, int]:
    """(year, month) at a position of the time axis (the inverse of :func:`month_index`)."""
    return FIRST_YEAR + index // 12, index % 12 + 1


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """Half-open interval [first day of the month, first day of the next month)."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following


def month_name(year: int, month: int) -> str:
    """``May 1997``."""
    return dt.date(year, month, 1).strftime("%B %Y")


@dataclass(frozen=True)
class Moment:
    """A point of the time axis as a reader names it: the end of a month ("May 1997", the
    situation on 31 May 1997) or one day ("26 May 1997")."""

    day: dt.date
    precision: str  # "month" or "day"

    @classmethod
    def end_of_month(cls, year: int, month: int) -> Moment:
        return cls(month_bounds(year, month)[1] - dt.timedelta(days=1), "month")

    @classmethod
    def end_of_year(cls, year: int) -> Moment:
        return cls.end_of_month(year, 12)

    @classmethod
    def at_index(cls, index: int) -> Moment:
        return cls.end_of_month(*month_at(index))

    @classmethod
    def parse(cls, text: str) -> Moment:
        """``YYYY-MM`` (the end of that month) or ``YYYY-MM-DD`` (that day), within 1988-2021;
        ValueError otherwise.

        >>> Moment.parse("1997-05").label, Moment.parse("1997-05-26").label
        ('May 1997', '26 May 1997')
        """
        match = _LINK_DATE.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY-MM or YYYY-MM-DD")
        year, month = int(match.group(1)), int(match.group(2))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"{text!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
        if match.group(3) is None:
            return cls.end_of_month(year, month)
        return cls(dt.date(year, month, int(match.group(3))), "day")  # ValueError for 31 February

    @property
    def year(self) -> int:
        return self.day.year

    @property
    def month(self) -> tuple[int, int]:
        return self.day.year, self.day.month

    @property
    def index(self) -> int:
        """The month's position on the time axis."""
        return month_index(*self.month)

    @property
    def label(self) -> str:
        """As a person says it: ``May 1997`` or ``26 May 1997``."""
        if self.precision == "month":
            return month_name(*self.month)
        return f"{self.day.day} {self.day.strftime('%B %Y')}"

    @property
    def param(self) -> str:
        """As a link writes it: ``1997-05`` or ``1997-05-26``."""
        return self.day.strftime("%Y-%m") if self.precision == "month" else self.day.isoformat()

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """[first day of the month, the day after the moment): the stretch whose changes the
        map marks and the summary names."""
        return month_bounds(*self.month)[0], self.day + dt.timedelta(days=1)

    def shifted(self, months: int) -> Moment:
        """The end of the month ``months`` away, kept within January 1988 - December 2021."""
        return Moment.at_index(min(MONTH_COUNT - 1, max(0, self.index + months)))
