"""The districts of the north (Balkh, Jowzjan, Faryab, Sar-e Pol, Samangan), 2015-2021: who held
each district centre on a day, in the shape of :func:`geo.control.territory_on`. A district is
drawn at its administrative centre (a point), since no licence-clean district boundary file is
available; "control" means the centre was held (see docs/methodology.md)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from geo.control import dated_periods, holders_on
from geo.dataset import load_table

DISTRICT_COLUMNS = ["district_id", "district", "province_code", "centre", "lat", "lon", "faction", "status",
                    "confidence", "source_ids", "contested_with", "note"]


def load_districts(data_dir: Path | None = None) -> pd.DataFrame:
    """districts.csv: one row per district, with its centre."""
    return load_table("districts", data_dir)


def load_district_periods(data_dir: Path | None = None) -> pd.DataFrame:
    """district_periods.csv: who held each district centre, period by period."""
    return load_table("district_periods", data_dir)


def districts_on(day: dt.date, districts: pd.DataFrame | None = None,
                 periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who held each district centre on ``day``: one row per district with its name, province,
    centre and coordinates, holder, status, the other parties of a contested centre,
    confidence, sources and note. Before 2015 (outside the districts' coverage) every
    district is unknown.

    >>> table = districts_on(dt.date(2021, 6, 20))
    >>> table.set_index("district_id").loc["fyb-qaisar", ["faction", "status"]].tolist()
    ['taliban', 'control']
    """
    districts = load_districts() if districts is None else districts
    periods = load_district_periods() if periods is None else periods
    as_provinces = dated_periods(periods.rename(columns={"district_id": "province_code"}))
    holders = holders_on(day, as_provinces, list(districts["id"])).rename(columns={"province_code": "district_id"})
    table = districts.rename(columns={"id": "district_id", "name": "district"})[
        ["district_id", "district", "province_code", "centre", "lat", "lon"]].merge(holders, on="district_id")
    return table[DISTRICT_COLUMNS]


DISTRICTS_FROM = dt.date(2015, 1, 1)  # the districts' coverage starts here; before it the province is the unit


def district_holders_at(days: list[dt.date], districts: pd.DataFrame, periods: pd.DataFrame) -> list[list[dict] | None]:
    """For each day, one record per district (in ``districts`` order): ``faction``, ``status``,
    ``contested_with``, ``confidence`` and ``since`` (the day the period in force began, as
    written: ``2021-06-06`` or ``2021-06``); None for a day before the districts' coverage."""
    dated = dated_periods(periods.rename(columns={"district_id": "province_code"}))
    by_district: dict[str, list[dict]] = {}
    for record in dated.to_dict("records"):
        by_district.setdefault(record["province_code"], []).append(record)
    out: list[list[dict] | None] = []
    for day in days:
        if day < DISTRICTS_FROM:
            out.append(None)
            continue
        rows = []
        for district in districts["id"]:
            active = [r for r in by_district.get(district, []) if r["start_date"] <= day < r["end_date"]]
            if not active:
                rows.append({"faction": "unknown", "status": "unknown", "contested_with": (), "confidence": "low",
                             "since": ""})
                continue
            first = active[0]
            rows.append({"faction": first["faction"], "status": first["status"], "confidence": first["confidence"],
                         "contested_with": tuple(r["faction"] for r in active[1:] if r["faction"] != first["faction"]),
                         "since": max(r["start"] for r in active)})
        out.append(rows)
    return out


def districts_geojson(day: dt.date, districts: pd.DataFrame | None = None, periods: pd.DataFrame | None = None) -> str:
    """GeoJSON of the district centres (points; those with coordinates) with their holder on
    ``day``: district, province, centre, faction, status, contested_with, confidence, sources
    (lists ';'-joined, as in the CSV files, so GIS programs read them as text)."""
    import json

    table = districts_on(day, districts, periods).dropna(subset=["lat", "lon"])
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
                 "properties": {"district_id": row["district_id"], "district": row["district"],
                                "province_code": row["province_code"], "centre": row["centre"], "date": day.isoformat(),
                                "faction": row["faction"], "status": row["status"],
                                "contested_with": ";".join(row["contested_with"]), "confidence": row["confidence"],
                                "source_ids": ";".join(row["source_ids"]), "note": row["note"]}}
                for row in table.to_dict("records")]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
