"""The map page: the month slider with month, year and change steps, playback on the map,
territory and events layers, province and event details, a summary of the moment, and a link
that reopens exactly this view."""
import functools

import streamlit as st
from streamlit_folium import st_folium

from atlas_view.contract import RETURNED_OBJECTS
from atlas_view.picture import picture_png
from atlas_view.webmap import base_map, map_config, moment_layer, moment_payload
from geo.events import EVENT_KINDS
from geo.package import dataset_version
from ui import map_state, panels, time_steps, tour
from ui import state as page_state
from ui.assets import register_assets
from ui.controls import MONTH_SLIDER_KEY, YEAR_STEPS, embed_style, map_heard_marker, time_controls
from ui.cache import atlas_or_error_page, atlas_view, data_dir
from ui.navigation import use_app_navigation
from ui.text import md, md_link

use_app_navigation()

MAP_HEIGHT = 580

data = atlas_or_error_page()
view = atlas_view(data_dir())
urls = register_assets(data.data_dir, view.month_table_json)
page_state.init_from_url(list(data.events["id"]), len(data.story))
session = st.session_state
tour.follow_link(session, data.story)
province_codes, event_ids = set(data.province_names), set(data.events["id"])
month_labels = view.month_table["labels"]

embedded = bool(st.context.is_embedded)  # in an article's frame: a compact page, the map first
if embedded:
    embed_style()
st.title("Junbish Atlas")
if not embedded:
    st.caption("Territory and battles of Junbish-i-Milli (Dostum's National Islamic Movement of Afghanistan), "
               "1988–2021. Every colour and marker cites its sources: click a province or a marker.")
for notice in page_state.notices():
    st.warning(notice, icon=None)

with st.sidebar:
    st.subheader("Layers")
    st.toggle("Territory", key="show_territory", persist_state="session")
    st.toggle("Events", key="show_events", persist_state="session")
    st.toggle("Province labels", key="labels", persist_state="session")
    st.toggle("Show earlier events (faded)", key="fade", persist_state="session",
              help="By default the map shows the events of the twelve months up to the one shown")
    st.multiselect("Event kinds", EVENT_KINDS, key="kinds", format_func=str.capitalize, persist_state="session")


@st.fragment
def explorer() -> None:
    # The map is built before the controls that sit above it (in containers placed first), so
    # its update leaves the server first and a move repaints sooner.
    time_steps.page_ran(session)  # stale slider values: see ui.time_steps
    chapter = tour.current(session, data.story)
    if chapter:
        tour.chapter_panel(data, session, chapter)
    controls = st.container()
    moment = time_steps.moment_of(session)
    highlighted_events = set(chapter.events) if chapter else set()

    if embedded:  # the map the frame's width, the panels below it
        map_column, panel_column = st.container(), st.container()
    else:
        map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        day_styles, day_legend = view.day_styles(moment) if moment.precision == "day" else (None, ())
        payload = moment_payload(moment, day_styles, day_legend, session.get("province"), session.get("event"),
                                 show_territory=session.get("show_territory", True), show_labels=session.get("labels"),
                                 show_events=session.get("show_events", True),
                                 default_markers=map_state.shows_default_markers(session) and not chapter,
                                 highlighted=chapter.provinces if chapter else (),
                                 chapter=chapter.order if chapter else None)
        shown = map_state.shown_events(session, data, moment)
        if highlighted_events:  # a chapter's events are on the map whatever the filters
            shown = data.events[data.events["id"].isin(set(shown["id"]) | highlighted_events)]
        markers = view.markers(shown, moment, highlighted_events | {session.get("event")})
        config = map_config(urls["geometry_url"], urls["month_table_url"], slider_key=MONTH_SLIDER_KEY,
                            year_steps=YEAR_STEPS, speed=session.get("speed"), fit_country=not session.get("initial_view"),
                            fill_frame=embedded)
        initial = session.get("initial_view")
        # render=False: st_folium renders the map itself anyway; True would render it twice
        result = st_folium(
            base_map(urls, config), key="atlas_map", height=MAP_HEIGHT, use_container_width=True,
            feature_group_to_add=moment_layer(payload, markers), render=False, returned_objects=RETURNED_OBJECTS,
            center=initial[:2] if initial else None, zoom=initial[2] if initial else None,
        )
        if map_state.apply_map_result(session, result, province_codes, event_ids):
            st.rerun(scope="fragment")
        st.markdown(md(data.summary_at(moment)))  # below the map, so a phone shows the map first

    with controls:
        time_controls(session, data, month_labels, moment, buttons=not embedded)

    with panel_column:
        panels.province_picker(data, session)
        if session.get("event") in event_ids:
            panels.event_panel(data, session["event"])
        if session.get("province"):
            panels.province_panel(data, session["province"], moment)
            st.button("Clear province", key="clear_province", on_click=lambda: session.update(province=None))
        elif not session.get("event"):
            st.info("Click a province to see who held it, how sure we are and which sources say so. "
                    "Click a marker for the event's details. Press Play on the map to watch the months go by.")
            if not chapter:
                st.button("Take the guided tour", icon=":material/auto_stories:", key="start_story",
                          on_click=tour.step, args=(session, data.story, 0))

    params = page_state.sync_url()
    if embedded:  # an article's frame: one way out, to the full atlas on this view
        st.markdown(md_link("Open this view in the full Junbish Atlas ↗", page_state.share_link(params)))
        map_heard_marker(map_state.map_has_reported(result))
        return
    # The link is built only while the popover is open: a closed popover's content would still
    # be rebuilt, sent and rendered on every change. Opening it reruns the fragment once.
    link_column, embed_column, picture_column = st.columns(3)
    copy_link = link_column.popover("Copy link to this view", icon=":material/link:", key="copy_link", on_change="rerun")
    if copy_link.open:
        with copy_link:
            st.caption("This link reopens the map on this date, province, layers and view.")
            st.code(page_state.share_link(params), language=None)
    embed = embed_column.popover("Embed this view", icon=":material/code:", key="embed", on_change="rerun")
    if embed.open:
        with embed:
            st.caption("Paste this into an article: it shows this view, without the app's menus.")
            st.code(page_state.embed_snippet(params), language="html")
    # Like the link, built only while its popover is open: a download button on the page would
    # make every first visit wait for its script, and would go out again with every month step.
    picture = picture_column.popover("Picture for slides", icon=":material/image:", key="picture_popover",
                                     on_change="rerun")
    if picture.open:
        with picture:
            st.caption("The map at this moment as a PNG, with its legend, the date and a citation line. It "
                       "always shows the whole country.")
            # Drawn only when clicked, in a thread of its own, without rerunning the page.
            draw = functools.partial(picture_png, view, moment, shown, province=session.get("province"),
                                     show_territory=session.get("show_territory", True),
                                     link=page_state.share_link(params), version=dataset_version(data))
            st.download_button("Download picture (PNG)", data=draw, file_name=f"junbish-atlas-{params['date']}.png",
                               mime="image/png", icon=":material/download:", on_click="ignore", key="picture")
    map_heard_marker(map_state.map_has_reported(result))


explorer()
