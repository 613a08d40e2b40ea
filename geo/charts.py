"""Altair charts built from the atlas tables (no Streamlit here; pages display them)."""
from __future__ import annotations

import altair as alt
import pandas as pd

STATUS_OPACITY = {"stronghold": 1.0, "control": 0.8, "contested": 0.5, "influence": 0.3, "unknown": 0.25}


def province_timeline_chart(territory: pd.DataFrame, province_code: str, factions: pd.DataFrame,
                            selected_year: int) -> alt.LayerChart:
    """One bar per year of who held the province (colour) and how (opacity); the selected
    year is marked with a rule."""
    rows = territory[territory["province_code"] == province_code].copy()
    names = dict(zip(factions["id"], factions["short_name"]))
    rows["holder"] = rows["faction"].map(names)
    rows["how"] = rows["status"]
    rows["changed"] = rows["changed_during_year"].map({True: "yes", False: "no"})
    present = [f for f in factions["id"] if f in set(rows["faction"])]
    colour = alt.Color("holder:N", title="Holder",
                       scale=alt.Scale(domain=[names[f] for f in present],
                                       range=list(factions.set_index("id").loc[present, "colour"])),
                       legend=alt.Legend(orient="bottom", columns=3))
    bars = alt.Chart(rows).mark_bar(stroke="#333", strokeWidth=0.3).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-90, values=list(range(1988, 2022, 2)))),
        color=colour,
        opacity=alt.Opacity("how:O", title="Status", sort=list(STATUS_OPACITY), scale=alt.Scale(domain=list(STATUS_OPACITY),
                                                                     range=list(STATUS_OPACITY.values())),
                            legend=None),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("holder:N", title="Holder"),
                 alt.Tooltip("how:N", title="Status"), alt.Tooltip("confidence:N", title="Confidence"),
                 alt.Tooltip("changed:N", title="Changed during the year")],
    )
    rule = alt.Chart(pd.DataFrame({"year": [selected_year]})).mark_rule(color="#000", strokeWidth=2).encode(
        x="year:O")
    return (bars + rule).properties(height=70)
