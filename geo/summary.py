"""A short plain-language summary of one moment of the map (the end of a month or year, or a
day): what Junbish held, its area, what changed in that month, the key events."""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.control import FOCUS_FACTION
from geo.dates import format_partial_date

EQUAL_AREA_CRS = "ESRI:54034"  # World Cylindrical Equal Area
KEY_EVENT_KINDS = ("capture", "battle", "massacre", "defection", "alliance", "withdrawal")
MAX_KEY_EVENTS = 3
MAX_CHANGES_NAMED = 6


def province_areas_km2(provinces: gpd.GeoDataFrame) -> dict[str, float]:
    """Area of each province in km², computed in an equal-area projection."""
    areas = provinces.to_crs(EQUAL_AREA_CRS).area / 1e6
    return dict(zip(provinces["province_code"], areas.round(0)))


@dataclass(frozen=True)
class Summary:
    opening: str  # "At the end of 1997", "At the end of May 1997", "On 26 May 1997"
    held: list[str]
    contested: list[str]
    influence: list[str]
    held_km2: float
    contested_km2: float
    changed: list[str]
    key_events: list[str]
    period: str = "the year"  # what "changed" covers: "the year", "May 1997", "May 1997 to the 26th"
    changes: tuple[str, ...] = ()  # "Balkh: Junbish → Malik and Taliban (contested)"

    @property
    def headline(self) -> str:
        """The first sentence: the moment and what Junbish held (an embed's caption)."""
        if not self.held:
            return f"{self.opening} Junbish held no province."
        return (f"{self.opening} Junbish held {len(self.held)} "
                f"{'province' if len(self.held) == 1 else 'provinces'} ({_names(self.held)}), "
                f"about {self.held_km2:,.0f} km².")

    @property
    def text(self) -> str:
        """Sentences that read well aloud."""
        names = _names
        parts = [self.headline]
        if self.contested:
            parts.append(f"It contested {names(self.contested)} (about {self.contested_km2:,.0f} km²).")
        if self.influence:
            parts.append(f"It had influence without holding in {names(self.influence)}.")
        if self.changes:
            shown = list(self.changes[:MAX_CHANGES_NAMED])
            more = len(self.changes) - len(shown)
            parts.append(f"Changes in {self.period}: " + "; ".join(shown)
                         + (f"; and {more} more" if more > 0 else "") + ".")
        elif self.changed:
            parts.append(f"{len(self.changed)} {'province' if len(self.changed) == 1 else 'provinces'} "
                         f"changed hands or status during {self.period}.")
        if self.key_events:
            parts.append("Key events: " + "; ".join(self.key_events) + ".")
        return " ".join(parts)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def summarise(opening: str, view: pd.DataFrame, areas_km2: dict[str, float], events: pd.DataFrame,
              focus: str = FOCUS_FACTION, changed_column: str = "changed_during_year", period: str = "the year",
              changes: tuple[str, ...] = ()) -> Summary:
    """Summary of one moment from its rows of the view (one per province, with ``province``)
    and its events (in date order). ``changed_column`` names the column flagging a change in
    ``period``. (Plain Python over the rows: a month step's answer computes one of these, and
    pandas' per-operation cost was most of it.)"""
    rows = list(zip(view["province"], view["province_code"], view["faction"], view["status"],
                    view["contested_with"], view[changed_column]))
    mine = [row for row in rows if row[2] == focus or focus in row[4]]
    held = [row for row in mine if row[3] in ("stronghold", "control")]
    contested = [row for row in mine if row[3] == "contested"]
    influence = [row for row in mine if row[3] == "influence"]
    key = [(title, date) for kind, title, date in zip(events["kind"], events["title"], events["date"])
           if kind in KEY_EVENT_KINDS][:MAX_KEY_EVENTS]
    return Summary(
        opening=opening,
        held=sorted(row[0] for row in held),
        contested=sorted(row[0] for row in contested),
        influence=sorted(row[0] for row in influence),
        held_km2=sum(areas_km2[row[1]] for row in held),
        contested_km2=sum(areas_km2[row[1]] for row in contested),
        changed=sorted(row[0] for row in rows if row[5]),
        key_events=[f"{title} ({format_partial_date(date)})" for title, date in key],
        period=period, changes=changes,
    )


def describe_holding(faction: str, status: str, contested_with: tuple[str, ...], faction_names: dict[str, str]) -> str:
    """``Junbish (stronghold)``, ``Malik and Taliban (contested)``, ``unknown``."""
    if faction == "unknown":
        return "unknown"
    parties = [faction_names.get(f, f) for f in (faction, *contested_with)]
    joined = parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]
    return f"{joined} ({status})"
