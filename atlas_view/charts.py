"""Altair charts built from the atlas tables (no Streamlit here; the pages display them)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from atlas_view.strip import STATUS_OPACITY  # the same paleness per status as the province strip
from atlas_view.styles import EVENT_KIND_COLOURS
from geo.control import FOCUS_FACTION
from geo.dates import FIRST_YEAR, LAST_YEAR


def control_heatmap(territory: pd.DataFrame, factions: pd.DataFrame) -> alt.Chart:
    """Province x year grid of who held what; click a cell to select (year, province)."""
    names = dict(zip(factions["id"], factions["short_name"]))
    rows = territory.assign(holder=territory["faction"].map(names),
                            changed=territory["changed_during_year"].map({True: "yes", False: "no"}))
    order = (rows[rows["faction"] == FOCUS_FACTION].groupby("province").size()
             .reindex(sorted(rows["province"].unique()), fill_value=0).sort_values(ascending=False, kind="stable"))
    present = [f for f in factions["id"] if f in set(rows["faction"])]
    select = alt.selection_point(name="cell", fields=["year", "province_code"], on="click")
    return alt.Chart(rows).mark_rect(stroke="#fff", strokeWidth=0.5).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-90)),
        y=alt.Y("province:N", title=None, sort=list(order.index),
                axis=alt.Axis(labelOverlap=False, labelLimit=160)),  # every one of the 34 rows named
        color=alt.Color("holder:N", title="Holder at the end of the year",
                        scale=alt.Scale(domain=[names[f] for f in present],
                                        range=list(factions.set_index("id").loc[present, "colour"])),
                        legend=alt.Legend(orient="bottom", columns=5)),
        opacity=alt.Opacity("status:O", title="Status", sort=list(STATUS_OPACITY),
                            scale=alt.Scale(domain=list(STATUS_OPACITY), range=list(STATUS_OPACITY.values())),
                            legend=None),
        tooltip=[alt.Tooltip("province:N", title="Province"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("holder:N", title="Holder"), alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("confidence:N", title="Confidence"), alt.Tooltip("changed:N", title="Changed in the year")],
    ).add_params(select).properties(height=alt.Step(18))


def junbish_area_table(territory: pd.DataFrame, areas_km2: dict[str, float], focus: str = FOCUS_FACTION) -> pd.DataFrame:
    """km² Junbish held (stronghold or control), contested or influenced at the end of each year."""
    involved = territory[(territory["faction"] == focus)
                         | territory["contested_with"].map(lambda others: focus in others)]
    kind = involved["status"].map({"stronghold": "held", "control": "held", "contested": "contested",
                                   "influence": "influence"})
    table = (involved.assign(kind=kind, km2=involved["province_code"].map(areas_km2))
             .pivot_table(index="year", columns="kind", values="km2", aggfunc="sum", fill_value=0))
    table = table.reindex(columns=["held", "contested", "influence"], fill_value=0)
    return table.reindex(sorted(territory["year"].unique()), fill_value=0).reset_index()


def area_chart(area_table: pd.DataFrame) -> alt.Chart:
    """Stacked bars of the km² Junbish held, contested or influenced per year; click a bar."""
    long = area_table.melt("year", var_name="how", value_name="km2")
    select = alt.selection_point(name="year", fields=["year"], on="click")
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-90)),
        y=alt.Y("km2:Q", title="km² (equal-area)", stack=True),
        color=alt.Color("how:N", title="Junbish", sort=["held", "contested", "influence"],
                        scale=alt.Scale(domain=["held", "contested", "influence"],
                                        range=["#D55E00", "#F4A582", "#FDDBC7"])),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("how:N", title="Junbish"),
                 alt.Tooltip("km2:Q", title="km²", format=",.0f")],
    ).add_params(select).properties(height=220)


def events_per_year_chart(events: pd.DataFrame) -> alt.Chart:
    """Events per year, stacked by kind; click a bar to open that year. Every year has its
    place on the axis, those without an event too."""
    counts = (events.assign(year=events["first_year"]).groupby(["year", "kind"]).size()
              .rename("events").reset_index())
    select = alt.selection_point(name="year", fields=["year"], on="click")
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-90), scale=alt.Scale(domain=years)),
        y=alt.Y("events:Q", title="Events"),
        color=alt.Color("kind:N", title="Kind", scale=alt.Scale(domain=list(EVENT_KIND_COLOURS),
                                                               range=list(EVENT_KIND_COLOURS.values()))),
        tooltip=["year:O", "kind:N", "events:Q"],
    ).add_params(select).properties(height=320)  # the ten kinds' legend fits beside the bars
