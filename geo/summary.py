"""A short plain-language summary of one year: what Junbish held, its area, the key events."""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.control import FOCUS_FACTION
from geo.dates import format_partial_date

EQUAL_AREA_CRS = "ESRI:54034"  # World Cylindrical Equal Area
KEY_EVENT_KINDS = ("capture", "battle", "massacre", "defection", "alliance", "withdrawal")
MAX_KEY_EVENTS = 3


def province_areas_km2(provinces: gpd.GeoDataFrame) -> dict[str, float]:
    """Area of each province in km², computed in an equal-area projection."""
    areas = provinces.to_crs(EQUAL_AREA_CRS).area / 1e6
    return dict(zip(provinces["province_code"], areas.round(0)))


@dataclass(frozen=True)
class YearSummary:
    year: int
    held: list[str]
    contested: list[str]
    influence: list[str]
    held_km2: float
    contested_km2: float
    changed: list[str]
    key_events: list[str]

    @property
    def text(self) -> str:
        """Sentences that read well aloud."""
        def names(items):
            return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

        parts = []
        if self.held:
            parts.append(f"At the end of {self.year} Junbish held {len(self.held)} "
                         f"{'province' if len(self.held) == 1 else 'provinces'} ({names(self.held)}), "
                         f"about {self.held_km2:,.0f} km².")
        else:
            parts.append(f"At the end of {self.year} Junbish held no province.")
        if self.contested:
            parts.append(f"It contested {names(self.contested)} (about {self.contested_km2:,.0f} km²).")
        if self.influence:
            parts.append(f"It had influence without holding in {names(self.influence)}.")
        if self.changed:
            parts.append(f"{len(self.changed)} {'province' if len(self.changed) == 1 else 'provinces'} "
                         "changed hands or status during the year.")
        if self.key_events:
            parts.append("Key events: " + "; ".join(self.key_events) + ".")
        return " ".join(parts)


def summarise_year(year: int, year_view: pd.DataFrame, areas_km2: dict[str, float],
                   events_of_year: pd.DataFrame, focus: str = FOCUS_FACTION) -> YearSummary:
    """Summary of ``year`` from its year-view rows (with a ``province`` column) and its events."""
    mine = year_view[(year_view["faction"] == focus)
                     | year_view["contested_with"].map(lambda others: focus in others)]
    held = mine[mine["status"].isin(["stronghold", "control"])]
    contested = mine[mine["status"] == "contested"]
    influence = mine[mine["status"] == "influence"]
    key = events_of_year[events_of_year["kind"].isin(KEY_EVENT_KINDS)].head(MAX_KEY_EVENTS)
    return YearSummary(
        year=year,
        held=sorted(held["province"]),
        contested=sorted(contested["province"]),
        influence=sorted(influence["province"]),
        held_km2=sum(areas_km2[c] for c in held["province_code"]),
        contested_km2=sum(areas_km2[c] for c in contested["province_code"]),
        changed=sorted(year_view.loc[year_view["changed_during_year"], "province"]),
        key_events=[f"{title} ({format_partial_date(date)})" for title, date in zip(key["title"], key["date"])],
    )
