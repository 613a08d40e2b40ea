"""Every month of the time axis as the map draws it, packed into one table the browser fetches
once (:class:`atlas_view.contract.MonthTable`): the map then repaints any month the slider,
the playback or the export's own control shows without asking the server.

Packing: the 34 provinces of one month are indexes into a list of distinct province looks
(``states``: palette index, hatch colours, hover label); the legend of a month is an index
into the list of distinct legends; a month's markers are indexes into one list of event
markers, with their fan-out shift and whether they are faded (events of the eleven months
before the shown one are faded, those touching the shown month are not). A month whose
province map differed from today's (Panjshir inside Parwan before 2004, say) names, in ``o``,
the outlines of the provinces as they were (``outlines``), which the map draws over today's.
"""
from __future__ import annotations

import json

import geopandas as gpd

from atlas_view.contract import MonthTable
from atlas_view.markers import fan_out
from atlas_view.styles import legend_for, province_label, province_style
from geo.atlas import Atlas
from geo.boundaries import merged_units, provinces_on
from geo.dates import MONTH_COUNT, Moment, format_partial_date, month_at, month_bounds, month_name
from geo.districts import district_holders_at


def month_table(atlas: Atlas, marker_fields: dict[str, dict]) -> MonthTable:
    """The :class:`MonthTable` of ``atlas``; ``marker_fields`` are the placed events' fixed
    marker parts (:func:`atlas_view.markers.marker_fields`, brief popups)."""
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    names = dict(zip(atlas.factions["id"], atlas.factions["short_name"]))
    palette: list[dict] = []
    states: dict[tuple, int] = {}
    legends: dict[tuple, int] = {}
    marker_ids = [event_id for event_id in atlas.events["id"] if event_id in marker_fields]
    marker_index = {event_id: i for i, event_id in enumerate(marker_ids)}
    months = []
    outlines: dict[tuple, int] = {}  # groups of today's provinces that were one -> index
    outline_days: list = []  # a day on which each of them held
    codes = list(atlas.month_views[0]["province_code"])
    for index in range(MONTH_COUNT):
        view = atlas.month_views[index]
        looks = []
        for row in view.to_dict("records"):
            entry = province_style(row, colours, "changed")
            if entry["style"] not in palette:
                palette.append(entry["style"])
            look = (palette.index(entry["style"]), tuple(entry["hatch"]) if entry["hatch"] else None,
                    province_label(row, names, row["province"], "changed", "the month"))
            looks.append(states.setdefault(look, len(states)))
        legend = tuple(legend_for(view, atlas.factions))
        moment = Moment.at_index(index)
        this_month = month_bounds(*month_at(index))[0]
        placed: dict = {}
        shown = []
        for event in atlas.events_around(moment).to_dict("records"):
            if event["id"] not in marker_index:
                continue
            shift = fan_out(placed, marker_fields[event["id"]]).get("shift", [0, 0])
            shown.append([marker_index[event["id"]], shift[0], shift[1], int(event["last_day"] < this_month)])
        merged = merged_units(moment.day, codes, atlas.province_changes)
        if merged and merged not in outlines:
            outlines[merged] = len(outlines)
            outline_days.append(moment.day)
        outline = outlines[merged] if merged else None
        months.append({"p": looks, "g": legends.setdefault(legend, len(legends)), "m": shown, "o": outline})
    return {
        "provinces": list(atlas.month_views[0]["province_code"]),
        "palette": palette,
        "states": [[s, list(h) if h else None, label] for (s, h, label) in states],
        "legends": [[list(item) for item in legend] for legend in legends],
        "markers": [marker_fields[event_id] for event_id in marker_ids],
        "months": months,
        "outlines": [outline_geojson(atlas, day) for day in outline_days],
        **district_tables(atlas, names, colours),
        "changeDays": {"all": [day.isoformat() for day in atlas.change_days],
                       **{code: [day.isoformat() for day in days] for code, days in atlas.province_change_days.items()}},
        "labels": [month_name(*month_at(i)) for i in range(MONTH_COUNT)],
        "params": [f"{year}-{month:02d}" for year, month in map(month_at, range(MONTH_COUNT))],
    }


def district_tables(atlas: Atlas, names: dict[str, str], colours: dict[str, str]) -> dict:
    """The districts of the north for the month table: their centres (those with coordinates),
    the distinct looks of a centre (fill, second colour of a contested centre, spoken name:
    "Qaisar district, Faryab: Taliban, since 6 June 2021"), and for each month from 2015 the
    look of each centre at the month's end (``d`` in the month's entry; None before 2015)."""
    placed = atlas.districts.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    moments = [Moment.at_index(index) for index in range(MONTH_COUNT)]
    holders = district_holders_at([m.day for m in moments], placed, atlas.district_periods)
    states: dict[tuple, int] = {}
    per_month = []
    for rows in holders:
        if rows is None:
            per_month.append(None)
            continue
        looks = []
        for district, row in zip(placed.itertuples(), rows):
            holder = names.get(row["faction"], row["faction"])
            others = [names.get(f, f) for f in row["contested_with"]]
            who = holder + (" vs " + ", ".join(others) if others else "")
            since = f", since {format_partial_date(row['since'])}" if row["since"] else ""
            status = "" if row["status"] in ("control", "unknown") else f" ({row['status']})"
            label = f"{district.name} district, {atlas.province_name(district.province_code)}: {who}{status}{since}"
            look = (colours.get(row["faction"], "#DDDDDD"),
                    colours.get(row["contested_with"][0], "#DDDDDD") if row["contested_with"] else None, label)
            looks.append(states.setdefault(look, len(states)))
        per_month.append(looks)
    return {"districts": [{"id": d.id, "name": d.name, "province": d.province_code, "lat": float(d.lat),
                           "lon": float(d.lon)} for d in placed.itertuples()],
            "districtStates": [list(look) for look in states], "districtMonths": per_month}


def outline_geojson(atlas: Atlas, day) -> dict:
    """GeoJSON of the provinces as they were on ``day``, only those made of several of today's
    units: each feature's ``province`` is its name then, ``province_codes`` today's units in it."""
    then = provinces_on(day, atlas.provinces, atlas.province_changes)
    then = then[then["province_codes"].map(len) > 1].assign(province_codes=lambda t: t["province_codes"].map(list))
    simplified = gpd.GeoDataFrame(then, geometry=then.geometry.simplify(0.005), crs=then.crs)
    return json.loads(simplified.to_json(drop_id=True))
