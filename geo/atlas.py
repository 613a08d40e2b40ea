"""The dataset loaded once with what the domain derives from it: the province x year view,
every month's view, the days of change, the summaries of moments and the province areas. How any of it looks is
:mod:`atlas_view`'s business; loading an :class:`Atlas` imports no web library."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import load_boundaries
from geo.control import change_days, territory_at, territory_by_year
from geo.dataset import DATA_DIR, cited_sources, load_control, load_events, load_factions, load_sources, load_table
from geo.districts import districts_on, load_district_periods, load_districts
from geo.dates import FIRST_YEAR, LAST_YEAR, MONTH_COUNT, Moment, month_at, month_bounds, month_name
from geo.events import event_days, event_years, events_touching
from geo.story import Chapter, load_story
from geo.reference import load_places
from geo.summary import describe_holding, province_areas_km2, summarise

MARKER_WINDOW_MONTHS = 12  # the map shows the events of the twelve months up to the shown one


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
    faction_names: dict[str, str]  # id -> short name
    province_names: dict[str, str]  # ISO code -> English name
    sources_by_id: dict[str, dict]  # id -> row of sources.csv
    month_views: dict[int, pd.DataFrame]  # month index -> geo.control.territory_at rows, with the province name
    change_days: tuple[dt.date, ...]  # every day on which some province's holder or status changed
    province_change_days: dict[str, tuple[dt.date, ...]]  # the same, per province
    province_changes: pd.DataFrame  # the province_changes table: provinces created in 1988-2021
    story: tuple[Chapter, ...]  # the guided tour
    districts: pd.DataFrame  # districts.csv: the districts of the north, drawn at their centres
    district_periods: pd.DataFrame  # district_periods.csv
    places: pd.DataFrame = field(default_factory=pd.DataFrame)  # places.csv: the places the map names, by rank
    _moment_cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def years(self) -> range:
        return range(FIRST_YEAR, LAST_YEAR + 1)

    def districts_at(self, moment: Moment) -> pd.DataFrame:
        """Who held each district centre at ``moment`` (:func:`geo.districts.districts_on`)."""
        return districts_on(moment.day, self.districts, self.district_periods)

    def province_name(self, code: str) -> str:
        return self.province_names.get(code, code)

    def view_at(self, moment: Moment) -> pd.DataFrame:
        """One row per province at ``moment``: holder, status, confidence, sources, contested
        parties and ``changed`` (in the moment's month up to it), with the province name."""
        if moment.precision == "month":
            return self.month_views[moment.index]
        key = ("view", moment)
        if key not in self._moment_cache:
            rows = territory_at([moment], self.control, list(self.province_names))
            self._moment_cache[key] = rows.assign(province=rows["province_code"].map(self.province_names))
        return self._moment_cache[key]

    def events_around(self, moment: Moment, months: int = MARKER_WINDOW_MONTHS) -> pd.DataFrame:
        """The events of the ``months`` months up to the moment's month (the end of it, or the
        moment's day), in date order: what the map shows at that moment by default."""
        first = month_bounds(*month_at(max(0, moment.index - months + 1)))[0]
        return events_touching(self.events, first, moment.day + dt.timedelta(days=1))

    def events_of_month(self, moment: Moment) -> pd.DataFrame:
        """The events touching the moment's month up to the moment."""
        return events_touching(self.events, *moment.window)

    def summary_at(self, moment: Moment) -> str:
        """The plain-text summary of the map at ``moment`` (see :func:`geo.summary.summarise`)."""
        return self._summary(moment).text

    def headline_at(self, moment: Moment) -> str:
        """The summary's first sentence: the moment and what Junbish held."""
        return self._summary(moment).headline

    def _summary(self, moment: Moment):
        key = ("summary", moment)
        if key not in self._moment_cache:
            view = self.view_at(moment)
            opening = f"At the end of {moment.label}" if moment.precision == "month" else f"On {moment.label}"
            period = month_name(*moment.month) if moment.precision == "month" else \
                f"{month_name(*moment.month)} up to the {moment.day.day}{_ordinal(moment.day.day)}"
            # Before the moment's month: the end of the month before (a month view, computed once),
            # or, for January 1988, the day before coverage starts.
            before_month = Moment.at_index(moment.index - 1) if moment.index > 0 else \
                Moment(moment.window[0] - dt.timedelta(days=1), "day")
            before_view = self.view_at(before_month)
            before = dict(zip(before_view["province_code"],
                              zip(before_view["faction"], before_view["status"], before_view["contested_with"])))
            changed = sorted((province, code, faction, status, contested_with) for province, code, faction, status, contested_with, flag
                             in zip(view["province"], view["province_code"], view["faction"], view["status"],
                                    view["contested_with"], view["changed"]) if flag)
            changes = tuple(f"{province}: {describe_holding(*before[code], self.faction_names)}"
                            f" → {describe_holding(faction, status, contested_with, self.faction_names)}"
                            for province, code, faction, status, contested_with in changed)
            self._moment_cache[key] = summarise(opening, view, self.areas_km2, self.events_of_month(moment),
                                                changed_column="changed", period=period, changes=changes)
        return self._moment_cache[key]

    def creation_of(self, code: str) -> dict | None:
        """The province_changes row of a province created in 1988-2021, else None."""
        rows = self.province_changes[self.province_changes["province_code"] == code]
        return rows.iloc[0].to_dict() if len(rows) else None

    def cited(self, source_ids: tuple[str, ...]) -> list[dict]:
        """The rows of sources.csv behind ``source_ids``, in their order (unknown ids skipped), each
        with the page its item names (:func:`geo.dataset.cited_sources`)."""
        return cited_sources(source_ids, self.sources_by_id)


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Load the dataset of ``data_dir`` (default ``data/``) and derive the year views."""
    data_dir = Path(data_dir or DATA_DIR)
    provinces = load_boundaries(data_dir)
    factions = load_factions(data_dir)
    control = load_control(data_dir)
    names = provinces[["province_code", "province"]]
    territory = territory_by_year(control, list(provinces["province_code"])).merge(names, on="province_code")
    events = event_days(event_years(load_events(data_dir)))
    areas = province_areas_km2(provinces)
    sources = load_sources(data_dir)
    codes = list(provinces["province_code"])
    province_names = dict(zip(codes, provinces["province"]))
    months = territory_at([Moment.at_index(i) for i in range(MONTH_COUNT)], control, codes)
    months["province"] = months["province_code"].map(province_names)
    return Atlas(
        data_dir=data_dir, provinces=provinces, factions=factions, control=control, events=events,
        sources=sources, territory=territory, areas_km2=areas, faction_names=dict(zip(factions["id"], factions["short_name"])),
        province_names=province_names,
        sources_by_id={row["id"]: row for row in sources.to_dict("records")},
        month_views={index: rows.reset_index(drop=True) for index, rows in months.groupby("moment")},
        change_days=tuple(change_days(control)),
        province_change_days={code: tuple(change_days(control, code)) for code in codes},
        province_changes=load_table("province_changes", data_dir),
        story=load_story(data_dir),
        districts=load_districts(data_dir), district_periods=load_district_periods(data_dir),
        places=load_places(data_dir),
    )


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
