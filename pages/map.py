"""The map page: year slider and playback, territory and events layers, province and event
details, a year summary, and a link that reopens exactly this view."""
import streamlit as st
from streamlit_folium import st_folium

from atlas_view.contract import RETURNED_OBJECTS
from atlas_view.webmap import base_map, map_config, year_layer, year_payload
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import EVENT_KINDS
from ui import map_state, panels, playback
from ui import state as page_state
from ui.assets import register_assets
from ui.cache import atlas_or_error_page, atlas_view, data_dir
from ui.navigation import use_app_navigation
from ui.text import md

use_app_navigation()

MAP_HEIGHT = 580
YEAR_SLIDER_KEY = "year"

data = atlas_or_error_page()
view = atlas_view(data_dir())
urls = register_assets(data.data_dir, view.year_table_json)
page_state.init_from_url(list(data.events["id"]))
session = st.session_state
province_codes, event_ids = set(data.province_names), set(data.events["id"])

st.title("Junbish Atlas")
st.caption("Territory and battles of Junbish-i-Milli (Dostum's National Islamic Movement of Afghanistan), "
           "1988–2021. Every colour and marker cites its sources: click a province or a marker.")
for notice in page_state.notices():
    st.warning(notice, icon=None)

with st.sidebar:
    st.subheader("Layers")
    st.toggle("Territory", key="show_territory", persist_state="session")
    st.toggle("Events", key="show_events", persist_state="session")
    st.toggle("Province labels", key="labels", persist_state="session")
    st.toggle("Show earlier years' events (faded)", key="fade", persist_state="session")
    st.multiselect("Event kinds", EVENT_KINDS, key="kinds", format_func=str.capitalize, persist_state="session")
    st.subheader("Playback")
    st.segmented_control("Speed (years per second)", playback.SPEEDS, key="speed", format_func=lambda s: f"{s:g}×",
                         required=True, persist_state="session")

interval = 1.0 / session["speed"]


@st.fragment(run_every=interval if session.get("playing") else None)
def explorer() -> None:
    was_playing = session.get("playing")
    playback.advance_when_playing(session, interval)
    if was_playing and not session.get("playing"):
        st.rerun(scope="app")  # stop the timer

    # The map is built before the controls that sit above it (in containers placed first), so
    # its update leaves the server first and a year change repaints sooner.
    controls, summary = st.container(), st.container()
    year = session["year"]

    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        # styles, legend and default markers: the map has every year's, from the year table
        payload = year_payload(year, None, session.get("province"), show_territory=session.get("show_territory", True),
                               show_labels=session.get("labels"), default_markers=map_state.shows_default_markers(session))
        markers = view.markers(map_state.shown_events(session, data, year), year, session.get("event"))
        config = map_config(urls["geometry_url"], urls["year_table_url"], slider_key=YEAR_SLIDER_KEY)
        initial = session.get("initial_view")
        # render=False: st_folium renders the map itself anyway; True would render it twice
        result = st_folium(
            base_map(urls, config), key="atlas_map", height=MAP_HEIGHT, use_container_width=True,
            feature_group_to_add=year_layer(payload, markers), render=False, returned_objects=RETURNED_OBJECTS,
            center=initial[:2] if initial else None, zoom=initial[2] if initial else None,
        )
        if map_state.apply_map_result(session, result, province_codes, event_ids):
            st.rerun(scope="fragment")

    with controls:
        previous, slider, following, play = st.columns([2.6, 8, 2.6, 2], vertical_alignment="bottom")
        previous.button("Previous", icon=":material/chevron_left:", key="previous_year", width="stretch",
                        help="Previous year (Alt+Left; on the slider, the Left arrow)", on_click=playback.step,
                        args=(session, -1), disabled=session["year"] <= FIRST_YEAR, shortcut="Alt+Left")
        slider.slider("Year", FIRST_YEAR, LAST_YEAR, key=YEAR_SLIDER_KEY,
                      on_change=lambda: session.update(playing=False), persist_state="session")
        following.button("Next", icon=":material/chevron_right:", key="next_year", width="stretch",
                         help="Next year (Alt+Right; on the slider, the Right arrow)", on_click=playback.step,
                         args=(session, 1), disabled=session["year"] >= LAST_YEAR, shortcut="Alt+Right")
        playing = session.get("playing")
        if play.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
                       key="play", on_click=playback.toggle_play, args=(session,), type="primary", width="stretch",
                       help="Animate the years at the speed chosen in the sidebar"):
            st.rerun(scope="app")  # start or stop the timer
    summary.markdown(md(data.summaries[year]))

    with panel_column:
        if session.get("event") in event_ids:
            panels.event_panel(data, session["event"])
        if session.get("province"):
            panels.province_panel(data, session["province"], year)
            st.button("Clear province", key="clear_province", on_click=lambda: session.update(province=None))
        elif not session.get("event"):
            st.info("Click a province to see who held it, how sure we are and which sources say so. "
                    "Click a marker for the event's details.")

    params = page_state.sync_url()
    # The link is built only while the popover is open: a closed popover's content would still
    # be rebuilt, sent and rendered on every year change. Opening it reruns the fragment once.
    copy_link = st.popover("Copy link to this view", icon=":material/link:", key="copy_link", on_change="rerun")
    if copy_link.open:
        with copy_link:
            st.caption("This link reopens the map on this year, province, layers and view.")
            st.code(page_state.share_link(params), language=None)


explorer()
