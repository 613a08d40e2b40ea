"""Timeline: the whole history at one glance. Click a cell or a bar to open the map there."""
import streamlit as st

from atlas_view.charts import area_chart, control_heatmap, events_per_year_chart, junbish_area_table
from ui import state as page_state
from ui.cache import atlas_or_error_page
from ui.navigation import use_app_navigation

use_app_navigation()

data = atlas_or_error_page()
for notice in page_state.link_notices(("date", "year", "province")):
    st.warning(notice, icon=None)

st.title("Timeline")
st.caption("Who held each province at the end of each year, 1988–2021. Darker is firmer "
           "(stronghold, control); paler is contested, influence or unknown. Click a cell to open the map "
           "at the end of that year, on that province; click a bar to open the map at the end of that year.")


def selected(event, name: str) -> dict | None:
    points = (event or {}).get("selection", {}).get(name) or []
    return points[0] if points else None


grid = st.altair_chart(control_heatmap(data.territory, data.factions), on_select="rerun",
                       key="timeline_grid", width="stretch")
cell = selected(grid, "cell")
if cell:
    page_state.go_to_map(date=f"{cell['year']}-12", province=cell["province_code"])

st.subheader("Area Junbish held or contested")
area = junbish_area_table(data.territory, data.areas_km2)
bars = st.altair_chart(area_chart(area), on_select="rerun", key="timeline_area", width="stretch")
st.caption("km² at the end of each year, computed in an equal-area projection (World Cylindrical Equal Area) "
           "from the province boundaries. A province counts whole: the atlas does not map districts.")
with st.expander("The numbers"):
    st.dataframe(area.rename(columns={"held": "held km²", "contested": "contested km²",
                                      "influence": "influence km²"}), hide_index=True)

st.subheader("Events per year, by kind")
per_year = st.altair_chart(events_per_year_chart(data.events), on_select="rerun", key="timeline_events",
                           width="stretch")

for chart in (bars, per_year):
    point = selected(chart, "year")
    if point:
        page_state.go_to_map(date=f"{point['year']}-12", province=page_state.shared_moment_and_province()[1])
