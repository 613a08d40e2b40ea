"""Everything the dashboard shows, loaded and derived once: the tables, the province x
year view and a style table per year (so a year change only looks up a dict)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import DATA_DIR, geojson_text, load_boundaries
from geo.control import territory_by_year
from geo.dataset import load_control, load_events, load_factions, load_sources
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import event_years, events_in
from geo.styles import year_styles, year_table
from geo.summary import province_areas_km2, summarise_year
from geo.webmap import marker_fields, place_markers, safe_json


@dataclass(frozen=True)
class Atlas:
    """The loaded dataset and what is derived from it."""

    data_dir: Path
    provinces: gpd.GeoDataFrame
    factions: pd.DataFrame
    control: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    territory: pd.DataFrame  # territory_by_year, with the province name
    styles_by_year: dict[int, dict]
    geometry_json: str
    areas_km2: dict[str, float]
    events_by_year: dict[int, pd.DataFrame]  # events touching each year, in date order
    summaries: dict[int, str]  # the year summary text
    views: dict[int, pd.DataFrame]  # the rows of `territory` for each year
    legends: dict[int, list[tuple[str, str]]]  # (colour, name) of the factions on the map each year
    faction_names: dict[str, str]  # id -> short name
    sources_by_id: dict[str, dict]  # id -> row of sources.csv
    marker_fields: dict[str, dict]  # event id -> the fixed part of its map marker (placed events only)

    @property
    def years(self) -> range:
        return range(FIRST_YEAR, LAST_YEAR + 1)

    def province_name(self, code: str) -> str:
        names = dict(zip(self.provinces["province_code"], self.provinces["province"]))
        return names.get(code, code)

    def year_view(self, year: int) -> pd.DataFrame:
        """Rows of the province x year view for one year."""
        return self.views[year]

    @cached_property
    def year_table_json(self) -> str:
        """:func:`geo.styles.year_table` plus each year's markers as the map shows them by
        default (every kind, earlier years not shown, no event selected), as JSON. The
        dashboard's map fetches it once, to preview a year before the server's layer arrives."""
        table = year_table(self.styles_by_year, self.legends)
        for year in self.years:
            table["years"][str(year)]["markers"] = self.markers(self.events_by_year[year], year)
        return safe_json(table)

    def markers(self, events: pd.DataFrame, year: int, selected_event: str | None = None) -> list[dict]:
        """The map markers of ``events`` (rows of ``self.events``) in ``year``, with brief popups."""
        placed = [(int(first), self.marker_fields[event_id])
                  for event_id, first in zip(events["id"], events["first_year"]) if event_id in self.marker_fields]
        return place_markers(placed, year, selected_event)


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Load the dataset of ``data_dir`` (default ``data/``) and derive the year views."""
    data_dir = Path(data_dir or DATA_DIR)
    provinces = load_boundaries(data_dir)
    factions = load_factions(data_dir)
    control = load_control(data_dir)
    names = provinces[["province_code", "province"]]
    territory = territory_by_year(control, list(provinces["province_code"])).merge(names, on="province_code")
    views = dict(tuple(territory.groupby("year")))
    styles = {year: year_styles(rows, factions) for year, rows in views.items()}
    events = event_years(load_events(data_dir))
    by_year = {year: events_in(year, events=events) for year in views}
    areas = province_areas_km2(provinces)
    summaries = {year: summarise_year(year, views[year], areas, by_year[year]).text for year in views}
    legends = {year: legend_for(view, factions) for year, view in views.items()}
    sources = load_sources(data_dir)
    faction_names = dict(zip(factions["id"], factions["short_name"]))
    sources_by_id = {row["id"]: row for row in sources.to_dict("records")}
    fields = {event["id"]: marker_fields(event, faction_names, sources_by_id) for event in events.to_dict("records")}
    return Atlas(
        data_dir=data_dir, provinces=provinces, factions=factions, control=control, events=events,
        sources=sources, territory=territory, styles_by_year=styles,
        geometry_json=geojson_text(provinces), areas_km2=areas, events_by_year=by_year, summaries=summaries,
        views=views, legends=legends, faction_names=faction_names, sources_by_id=sources_by_id,
        marker_fields={event_id: f for event_id, f in fields.items() if f is not None},
    )


def legend_for(year_view: pd.DataFrame, factions: pd.DataFrame) -> list[tuple[str, str]]:
    """(colour, name) of every faction on the map in one year, in factions.csv order."""
    present = set(year_view["faction"]) | {f for cell in year_view["contested_with"] for f in cell.split(";") if f}
    return [(row.colour, row.short_name) for row in factions.itertuples() if row.id in present]
