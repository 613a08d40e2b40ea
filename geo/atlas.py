"""The dataset loaded once with what the domain derives from it: the province x year view,
the events of each year, the year summaries and the province areas. How any of it looks is
:mod:`atlas_view`'s business; loading an :class:`Atlas` imports no web library."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import load_boundaries
from geo.control import territory_by_year
from geo.dataset import DATA_DIR, load_control, load_events, load_factions, load_sources
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import event_years, events_in
from geo.summary import province_areas_km2, summarise_year


@dataclass(frozen=True)
class Atlas:
    """The loaded dataset and what is derived from it."""

    data_dir: Path
    provinces: gpd.GeoDataFrame
    factions: pd.DataFrame
    control: pd.DataFrame
    events: pd.DataFrame  # with integer first_year and last_year columns
    sources: pd.DataFrame
    territory: pd.DataFrame  # territory_by_year, with the province name
    areas_km2: dict[str, float]
    events_by_year: dict[int, pd.DataFrame]  # events touching each year, in date order
    summaries: dict[int, str]  # the year summary text
    views: dict[int, pd.DataFrame]  # the rows of `territory` for each year
    faction_names: dict[str, str]  # id -> short name
    province_names: dict[str, str]  # ISO code -> English name
    sources_by_id: dict[str, dict]  # id -> row of sources.csv

    @property
    def years(self) -> range:
        return range(FIRST_YEAR, LAST_YEAR + 1)

    def province_name(self, code: str) -> str:
        return self.province_names.get(code, code)

    def year_view(self, year: int) -> pd.DataFrame:
        """Rows of the province x year view for one year."""
        return self.views[year]

    def cited(self, source_ids: tuple[str, ...]) -> list[dict]:
        """The rows of sources.csv behind ``source_ids``, in their order (unknown ids skipped)."""
        return [self.sources_by_id[s] for s in source_ids if s in self.sources_by_id]


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Load the dataset of ``data_dir`` (default ``data/``) and derive the year views."""
    data_dir = Path(data_dir or DATA_DIR)
    provinces = load_boundaries(data_dir)
    factions = load_factions(data_dir)
    control = load_control(data_dir)
    names = provinces[["province_code", "province"]]
    territory = territory_by_year(control, list(provinces["province_code"])).merge(names, on="province_code")
    views = dict(tuple(territory.groupby("year")))
    events = event_years(load_events(data_dir))
    by_year = {year: events_in(year, events=events) for year in views}
    areas = province_areas_km2(provinces)
    summaries = {year: summarise_year(year, views[year], areas, by_year[year]).text for year in views}
    sources = load_sources(data_dir)
    return Atlas(
        data_dir=data_dir, provinces=provinces, factions=factions, control=control, events=events,
        sources=sources, territory=territory, areas_km2=areas, events_by_year=by_year, summaries=summaries,
        views=views, faction_names=dict(zip(factions["id"], factions["short_name"])),
        province_names=dict(zip(provinces["province_code"], provinces["province"])),
        sources_by_id={row["id"]: row for row in sources.to_dict("records")},
    )
