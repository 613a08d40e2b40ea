"""The map page: year slider, territory map, province details."""
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import province_at
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.webmap import base_map, year_layer
from ui.assets import register_assets
from ui.cache import atlas, data_dir, dataset_problems

folder = data_dir()
problems = dataset_problems(folder)
if problems:
    st.title("Junbish Atlas cannot show this dataset")
    st.error(f"The dataset in `{folder.name}/` has {len(problems)} problem(s). Fix them and reload; "
             "`python -m geo.validate` lists the same.")
    st.code("\n".join(str(p) for p in problems[:50]), language=None)
    st.stop()

data = atlas(folder)
urls = register_assets(folder)

st.title("Junbish Atlas")
st.caption("Territory and battles of Junbish-i-Milli (Dostum's National Islamic Movement of Afghanistan), 1988–2021")

year = st.slider("Year", FIRST_YEAR, LAST_YEAR, value=1992, key="year")
selected = st.session_state.get("province")

map_column, panel_column = st.columns([3, 2], gap="medium")
with map_column:
    folium_map = base_map(urls["leaflet_js"], urls["leaflet_css"], geometry_url=urls["geometry_url"])
    result = st_folium(
        folium_map, key="atlas_map", height=560, use_container_width=True,
        feature_group_to_add=year_layer(year, data.styles_by_year[year], selected),
        returned_objects=["last_clicked"],
    )
    clicked = (result or {}).get("last_clicked")
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        st.session_state["province"] = province_at(data.provinces, clicked["lat"], clicked["lng"])
        st.rerun()

with panel_column:
    if not selected:
        st.info("Click a province to see who held it and why we think so.")
    else:
        row = data.year_view(year).set_index("province_code").loc[selected]
        st.subheader(data.province_name(selected))
        label = data.styles_by_year[year][selected]["label"]
        st.markdown(f"**{year}:** {label.split(': ', 1)[1]}")
