"""Everything the dashboard shows, loaded and derived once: the tables, the province x
year view and a style table per year (so a year change only looks up a dict)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import DATA_DIR, geojson_text, load_boundaries
from geo.control import territory_by_year
from geo.dataset import load_control, load_events, load_factions, load_sources
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.styles import year_styles


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

    @property
    def years(self) -> range:
        return range(FIRST_YEAR, LAST_YEAR + 1)

    def province_name(self, code: str) -> str:
        names = dict(zip(self.provinces["province_code"], self.provinces["province"]))
        return names.get(code, code)

    def year_view(self, year: int) -> pd.DataFrame:
        """Rows of the province x year view for one year."""
        return self.territory[self.territory["year"] == year]


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Load the dataset of ``data_dir`` (default ``data/``) and derive the year views."""
    data_dir = Path(data_dir or DATA_DIR)
    provinces = load_boundaries(data_dir)
    factions = load_factions(data_dir)
    control = load_control(data_dir)
    names = provinces[["province_code", "province"]]
    territory = territory_by_year(control, list(provinces["province_code"])).merge(names, on="province_code")
    styles = {year: year_styles(rows, factions) for year, rows in territory.groupby("year")}
    return Atlas(
        data_dir=data_dir, provinces=provinces, factions=factions, control=control,
        events=load_events(data_dir), sources=load_sources(data_dir), territory=territory,
        styles_by_year=styles, geometry_json=geojson_text(provinces),
    )
