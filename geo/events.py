"""Events: battles, captures, defections, abuses and political milestones, with dates whose
precision is kept (see geo.dates). An event belongs to every year from its ``date`` to its
``end_date`` (or just the year of ``date``)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from geo.dataset import field_enum, load_events
from geo.dates import last_day_of, parse_partial_date
from geo.names import fold_name

EVENT_KINDS = field_enum("events", "kind")  # the descriptor's enum, in its order


def event_years(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with integer ``first_year`` and ``last_year`` columns added."""
    first = events["date"].map(lambda d: parse_partial_date(d).year)
    last = [parse_partial_date(e).year if e else f for e, f in zip(events["end_date"], first)]
    return events.assign(first_year=first.astype(int), last_year=pd.Series(last, index=events.index, dtype=int))


def event_days(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` with ``first_day`` and ``last_day`` (datetime.date) columns: the first day its
    ``date`` names and the last day its ``end_date`` (or its ``date``) names, so an event dated
    ``1998`` spans the whole year."""
    first = events["date"].map(parse_partial_date)
    last = [last_day_of(end or start) for start, end in zip(events["date"], events["end_date"])]
    return events.assign(first_day=first, last_day=pd.Series(last, index=events.index, dtype=object))


def events_touching(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The rows of ``events`` (with :func:`event_days` columns) whose span overlaps [start, end),
    in date order."""
    chosen = events[(events["first_day"] < end) & (events["last_day"] >= start)]
    return chosen.sort_values("first_day", kind="stable")


def events_in(years: int | tuple[int, int] | Iterable[int], province_code: str | None = None,
              events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events touching the given years, optionally in one province, in date order.

    Parameters
    ----------
    years : one year, an inclusive ``(first, last)`` pair, or any other iterable of years
        (events touching any of them).
    province_code : ISO code such as ``"AF-BAL"``; None for all provinces.
    events : the events table (default: loaded from ``data/``).
    """
    events = load_events() if events is None else events
    spans = events if {"first_year", "last_year"} <= set(events.columns) else event_years(events)
    if isinstance(years, int):
        years = (years, years)
    if isinstance(years, tuple) and len(years) == 2:
        first, last = years
        chosen = spans[(spans["first_year"] <= last) & (spans["last_year"] >= first)]
    else:
        wanted = set(years)
        touches = [any(y in wanted for y in range(f, l + 1)) for f, l in zip(spans["first_year"], spans["last_year"])]
        chosen = spans[pd.Series(touches, index=spans.index, dtype=bool)]
    if province_code is not None:
        chosen = chosen[chosen["province_code"] == province_code]
    order = chosen["date"].map(parse_partial_date).sort_values(kind="stable").index
    return chosen.loc[order, list(events.columns)]


def filter_events(events: pd.DataFrame, years: tuple[int, int] | None = None,
                  provinces: Iterable[str] = (), kinds: Iterable[str] = (), factions: Iterable[str] = (),
                  text: str = "") -> pd.DataFrame:
    """Events matching every given filter (an empty filter matches everything).

    ``factions`` matches either side; ``text`` is a case-insensitive search of the title,
    place, description, outcome and the other names of the place and event (``alt_names``,
    where the table has them), compared in the folded form of :func:`geo.names.fold_name`, so
    a search in another transliteration finds the event too.
    """
    chosen = events if years is None else events_in(years, events=events)
    provinces, kinds, factions = set(provinces), set(kinds), set(factions)
    if provinces:
        chosen = chosen[chosen["province_code"].isin(provinces)]
    if kinds:
        chosen = chosen[chosen["kind"].isin(kinds)]
    if factions:
        sides = chosen["side_a"] + chosen["side_b"]
        chosen = chosen[sides.map(lambda s: bool(factions & set(s)))]
    if text.strip():
        needle = text.strip()
        haystack = chosen["title"] + " " + chosen["place"] + " " + chosen["description"] + " " + chosen["outcome"]
        if "alt_names" in chosen.columns:
            haystack = haystack + " " + chosen["alt_names"].map(" ".join)
        folded = fold_name(needle)
        chosen = chosen[haystack.map(lambda text: folded in fold_name(text))]
    return chosen


def side_names(side: tuple[str, ...], faction_names: dict[str, str]) -> str:
    """The factions of a side (a tuple of ids) by name, comma-separated; "" for none.

    >>> side_names(("junbish", "wahdat"), {"junbish": "Junbish"})
    'Junbish, wahdat'
    """
    return ", ".join(faction_names.get(f, f) for f in side)


def deaths_text(low, high, unknown: str = "not reported") -> str:
    """The death toll as the sources give it: the lowest figure alone is a floor ("at least
    2,000"), the highest alone a ceiling ("up to 2,000"), both a range ("1,000–3,000"), the
    same twice an exact figure ("60"); ``unknown`` when no source gives one (empty never means
    zero).

    >>> deaths_text(2000, None), deaths_text(None, 2000), deaths_text(1000, 3000), deaths_text(60, 60)
    ('at least 2,000', 'up to 2,000', '1,000–3,000', '60')
    >>> deaths_text(None, None), deaths_text(None, None, unknown="")
    ('not reported', '')
    """
    given = [v is not None and not pd.isna(v) for v in (low, high)]
    if given == [True, True]:
        return f"{int(low):,}" if int(low) == int(high) else f"{int(low):,}–{int(high):,}"
    if given[0]:
        return f"at least {int(low):,}"
    if given[1]:
        return f"up to {int(high):,}"
    return unknown
