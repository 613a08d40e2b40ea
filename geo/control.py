"""Who held each province: from dated control periods to a map of one date or one year.

How a year is derived (also in docs/methodology.md):

* the **year view** shows each province as it stood at the close of the year
  (31 December), because that is the situation the year's events led to;
* a province whose holder or status changed at any time within the year (the factions
  and statuses in force differ from the day before; see :func:`changes_within`) is flagged
  ``changed_during_year``, and ``holders_during_year`` lists, in order, every
  ``(faction, status)`` pair it had that year, so a year of several changes looks different
  from a quiet one;
* when several periods are in force at once (only allowed for ``contested``), the
  province is ``contested``; its ``faction`` is Junbish when Junbish is one of the
  parties (this is an atlas of Junbish), otherwise the first party in file order, and
  ``contested_with`` names the others (a tuple of faction ids);
* a province with no period in force is ``unknown`` / ``unknown``.
"""
from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd

from geo.boundaries import load_boundaries
from geo.dataset import load_control
from geo.dates import FIRST_YEAR, LAST_YEAR, parse_partial_date, year_bounds

FOCUS_FACTION = "junbish"
UNKNOWN = "unknown"
COVERAGE_START = dt.date(FIRST_YEAR, 1, 1)
COVERAGE_END = dt.date(LAST_YEAR + 1, 1, 1)
CONFIDENCE_ORDER = ("low", "medium", "high")

TERRITORY_COLUMNS = [
    "year", "province_code", "faction", "status", "confidence", "source_ids", "contested_with",
    "changed_during_year", "holders_during_year", "note",
]


def dated_periods(control: pd.DataFrame) -> pd.DataFrame:
    """Control periods with ``start_date``/``end_date`` (datetime.date) added.

    An empty ``end`` becomes the end of coverage (1 January 2022, exclusive).
    """
    periods = control.copy()
    periods["start_date"] = periods["start"].map(parse_partial_date)
    periods["end_date"] = periods["end"].map(lambda e: parse_partial_date(e) if e else COVERAGE_END)
    periods["order"] = range(len(periods))
    return periods


def holders_on(day: dt.date, periods: pd.DataFrame, province_codes: list[str]) -> pd.DataFrame:
    """One row per province: who held it on ``day``.

    ``periods`` comes from :func:`dated_periods`. Columns: province_code, faction, status,
    confidence, source_ids, contested_with, note.
    """
    rows = _holders_on_records(day, _records(periods), province_codes)
    return pd.DataFrame(rows, columns=TERRITORY_COLUMNS[1:7] + ["note"])


def _holders_on_records(day: dt.date, records: list[dict], province_codes: list[str]) -> list[dict]:
    active: dict[str, list[dict]] = {}
    for record in records:
        if record["start_date"] <= day < record["end_date"]:
            active.setdefault(record["province_code"], []).append(record)
    return [_combine_active(code, active.get(code, [])) for code in province_codes]


def _records(periods: pd.DataFrame) -> list[dict]:
    """The periods as plain dicts in file order (fast to scan many times)."""
    return periods.sort_values("order").to_dict("records")


def _combine_active(code: str, active: list[dict]) -> dict:
    if not active:
        return {"province_code": code, "faction": UNKNOWN, "status": UNKNOWN, "confidence": "low",
                "source_ids": (), "contested_with": (), "note": "No period recorded for this date."}
    factions = list(dict.fromkeys(record["faction"] for record in active))
    primary = FOCUS_FACTION if FOCUS_FACTION in factions else factions[0]
    primary_row = next(record for record in active if record["faction"] == primary)
    sources = dict.fromkeys(s for record in active for s in record["source_ids"])
    return {
        "province_code": code,
        "faction": primary,
        "status": "contested" if len(active) > 1 else primary_row["status"],
        "confidence": min((record["confidence"] for record in active), key=CONFIDENCE_ORDER.index),
        "source_ids": tuple(sources),
        "contested_with": tuple(f for f in factions if f != primary),
        "note": primary_row["note"],
    }


def territory_by_year(control: pd.DataFrame, province_codes: list[str],
                      years: range = range(FIRST_YEAR, LAST_YEAR + 1)) -> pd.DataFrame:
    """Province x year table of the year view (see the module docstring).

    Returns one row per (year, province) with the columns in ``TERRITORY_COLUMNS``.
    """
    records = _records(dated_periods(control))
    by_province: dict[str, list[dict]] = {}
    for record in records:
        by_province.setdefault(record["province_code"], []).append(record)
    rows = []
    for year in years:
        first_day, next_year = year_bounds(year)
        during = sorted((r for r in records if r["start_date"] < next_year and r["end_date"] > first_day),
                        key=lambda r: (r["start_date"], r["order"]))
        changed = {code for code, own in by_province.items() if changes_within(own, first_day, next_year)}
        holders: dict[str, list[tuple[str, str]]] = {}
        for r in during:
            holders.setdefault(r["province_code"], []).append((r["faction"], r["status"]))
        for row in _holders_on_records(next_year - dt.timedelta(days=1), records, province_codes):
            code = row["province_code"]
            rows.append({**row, "year": year, "changed_during_year": code in changed,
                         "holders_during_year": tuple(_without_repeats(holders.get(code, [])))})
    return pd.DataFrame(rows, columns=TERRITORY_COLUMNS)


def holding(day: dt.date, periods: list[dict]) -> frozenset[tuple[str, str]]:
    """The (faction, status) pairs of one province's periods in force on ``day``."""
    return frozenset((p["faction"], p["status"]) for p in periods if p["start_date"] <= day < p["end_date"])


def changes_within(periods: list[dict], first_day: dt.date, end: dt.date) -> list[dt.date]:
    """The days in [first_day, end) on which one province's holder or status changed: a period
    boundary counts only where the (faction, status) pairs in force differ from the day before
    (a new source, a new note or a change of confidence alone is not a change on the map; the
    start of coverage is not a change)."""
    boundaries = sorted({d for p in periods for d in (p["start_date"], p["end_date"])
                         if first_day <= d < end and d > COVERAGE_START})
    return [d for d in boundaries if holding(d, periods) != holding(d - dt.timedelta(days=1), periods)]


def _without_repeats(sequence: list) -> list:
    """Drop consecutive repeats only: a -> b -> a stays a -> b -> a."""
    return [item for index, item in enumerate(sequence) if index == 0 or sequence[index - 1] != item]


def territory_for_year(year: int, control: pd.DataFrame | None = None,
                       provinces: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The year view for ``year`` as a GeoDataFrame, one row per province.

    Parameters
    ----------
    year : 1988 to 2021.
    control, provinces : the tables to use (default: loaded from ``data/``).

    Returns columns ``province_code, province, faction, status, confidence, source_ids,
    contested_with, changed_during_year, holders_during_year, note, geometry``.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside the atlas's coverage ({FIRST_YEAR}-{LAST_YEAR})")
    control = load_control() if control is None else control
    provinces = load_boundaries() if provinces is None else provinces
    table = territory_by_year(control, list(provinces["province_code"]), range(year, year + 1))
    merged = provinces[["province_code", "province", "geometry"]].merge(table, on="province_code")
    return gpd.GeoDataFrame(merged.drop(columns="year"), geometry="geometry", crs=provinces.crs)[
        ["province_code", "province", *TERRITORY_COLUMNS[2:], "geometry"]
    ]


def territory_on(day: dt.date, control: pd.DataFrame | None = None,
                 provinces: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Who held each province on one day, as a GeoDataFrame (same columns as the year view,
    without the year-change columns)."""
    control = load_control() if control is None else control
    provinces = load_boundaries() if provinces is None else provinces
    table = holders_on(day, dated_periods(control), list(provinces["province_code"]))
    merged = provinces[["province_code", "province", "geometry"]].merge(table, on="province_code")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=provinces.crs)


def province_history(province_code: str, control: pd.DataFrame) -> pd.DataFrame:
    """All control periods of one province in date order, with ``start_date``/``end_date``."""
    periods = dated_periods(control)
    return periods[periods["province_code"] == province_code].sort_values(["start_date", "order"])


def territory_geojson(territory: pd.DataFrame, provinces: gpd.GeoDataFrame, year: int | None = None) -> str:
    """GeoJSON of the year view joined to the boundaries: one feature per province and year
    (all years when ``year`` is None), with the holder, status, confidence and sources.

    Lists are written as in the CSV files, so GIS programs read them as text:
    ``source_ids`` and ``contested_with`` ``;``-joined, ``holders_during_year`` as
    ``faction:status;faction:status``."""
    rows = territory if year is None else territory[territory["year"] == year]
    rows = rows.assign(
        source_ids=rows["source_ids"].map(";".join), contested_with=rows["contested_with"].map(";".join),
        holders_during_year=rows["holders_during_year"].map(lambda pairs: ";".join(f"{f}:{s}" for f, s in pairs)))
    joined = provinces[["province_code", "province", "geometry"]].merge(
        rows.drop(columns=[c for c in ("province",) if c in rows.columns]), on="province_code")
    joined = joined.sort_values(["year", "province_code"])
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=provinces.crs).to_json(drop_id=True)


# ---------------------------------------------------------------------------------------------
# The month axis: every month's map, the days on which something changed, and the dated
# periods a province panel lists.

MOMENT_COLUMNS = ["province_code", "faction", "status", "confidence", "source_ids", "contested_with", "note",
                  "changed"]


def territory_at(moments: list, control: pd.DataFrame, province_codes: list[str]) -> pd.DataFrame:
    """One row per (moment, province): who held it at the moment (:class:`geo.dates.Moment`)
    and whether its holder or status changed in the moment's window (its month up to the
    moment, see :func:`changes_within`). Columns: ``moment`` (position in ``moments``) and
    ``MOMENT_COLUMNS``."""
    records = _records(dated_periods(control))
    by_province: dict[str, list[dict]] = {}
    for record in records:
        by_province.setdefault(record["province_code"], []).append(record)
    rows = []
    for position, moment in enumerate(moments):
        start, end = moment.window
        for code in province_codes:
            own = by_province.get(code, [])
            active = [r for r in own if r["start_date"] <= moment.day < r["end_date"]]
            rows.append({"moment": position, **_combine_active(code, active),
                         "changed": bool(changes_within(own, start, end))})
    return pd.DataFrame(rows, columns=["moment", *MOMENT_COLUMNS])


def change_days(control: pd.DataFrame, province_code: str | None = None) -> list[dt.date]:
    """Every day on which a province's holder or status changed (one province's, or any
    province's when ``province_code`` is None), in order."""
    periods = _records(dated_periods(control))
    by_province: dict[str, list[dict]] = {}
    for record in periods:
        if province_code is None or record["province_code"] == province_code:
            by_province.setdefault(record["province_code"], []).append(record)
    days = {d for own in by_province.values() for d in changes_within(own, COVERAGE_START, COVERAGE_END)}
    return sorted(days)


def period_lines(control: pd.DataFrame, province_code: str, start: dt.date, end: dt.date) -> list[dict]:
    """The periods of one province that overlap [start, end), in date order, as a panel lists
    them: the parties to one contested period are one line.

    Each line: ``start``, ``end`` (the texts as written, ``end`` "" when open), ``factions``
    (a tuple: one holder, or the parties of a contest), ``status``, ``confidence`` (the
    weakest of the parties'), ``source_ids`` and ``note`` (the first party's).
    """
    periods = province_history(province_code, control)
    overlapping = periods[(periods["start_date"] < end) & (periods["end_date"] > start)]
    lines: list[dict] = []
    for row in overlapping.to_dict("records"):
        same = next((line for line in lines if row["status"] == "contested" == line["status"]
                     and (line["start"], line["end"]) == (row["start"], row["end"])), None)
        if same:
            same["factions"] += (row["faction"],)
            same["source_ids"] = tuple(dict.fromkeys(same["source_ids"] + row["source_ids"]))
            same["confidence"] = min(same["confidence"], row["confidence"], key=CONFIDENCE_ORDER.index)
            continue
        lines.append({"start": row["start"], "end": row["end"], "factions": (row["faction"],),
                      "status": row["status"], "confidence": row["confidence"],
                      "source_ids": tuple(row["source_ids"]), "note": row["note"]})
    return lines
