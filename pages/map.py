"""The map page: the map fills the first screen and owns the time (its time bar: the month
slider, Play and the speed, the steps); beside it (under it on a phone) the moment's summary,
the province or event panel, or the tour's chapter; layers, filters and sharing in compact
controls on the title's row. A link reopens exactly this view.

The map and what sits beside it are one fragment: a step of the map, a click or a panel's
button reruns only them (the title row, the navigation and the page's style stay), so a
step's answer costs the fragment's run, not the page's (``bench/results.md`` has the figures
against a bare Streamlit slider). What the
fragment cannot redraw (the layers' switches, the tour's layout, an open Share popover's link)
asks for a whole rerun when it changes (``page_outline``)."""
import streamlit as st
from streamlit_folium import st_folium

from atlas_view.contract import RETURNED_OBJECTS, parse_report
from atlas_view.viewport import LAT_RANGE, LON_RANGE, ZOOM_RANGE
from atlas_view.webmap import base_map, map_config, moment_layer, moment_payload
from ui import map_state, panels, tour
from ui import state as page_state
from ui.assets import register_assets
from ui.cache import atlas_or_error_page, atlas_view, data_dir
from ui.controls import layer_controls, page_style, share_controls
from ui.navigation import use_app_navigation
from ui.text import md_link
from ui.url_state import state_to_params

use_app_navigation()

data = atlas_or_error_page()
view = atlas_view(data_dir())
urls = register_assets(data.data_dir, view.month_table_json)
page_state.init_from_url(list(data.events["id"]), len(data.story), list(data.districts["id"]))
tour.follow_link(data.story)
province_codes, event_ids, district_ids = set(data.province_names), set(data.events["id"]), set(data.districts["id"])
embedded = bool(st.context.is_embedded)  # in an article's frame: the title and the map
session = st.session_state
# Fixed for the session: a new map configuration would make a new map.
frame = session.setdefault("_map_frame", {"fit": not session.get("initial_view"), "speed": page_state.current().speed})


def map_reported() -> None:
    """The map's report (its moment, a click, a chosen view): the one way the map speaks."""
    report = parse_report(session.get("atlas_map"), LAT_RANGE, LON_RANGE, ZOOM_RANGE)
    page_state.update(map_state.apply_report, report, province_codes, event_ids, district_ids)


def page_outline(state) -> tuple:
    """What the page outside the map's fragment shows of the state: the tour's layout, the
    layers' switches and, while the Share popover is open, the link in it."""
    share_link = state_to_params(state) if session.get("share_popover") else None
    return (tour.current(state, data.story) is not None, state.layers, state.labels, state.fade, state.kinds, share_link)


state = page_state.current()
outline = session["_page_outline"] = page_outline(state)
page_style(embedded, touring=outline[0])
params = page_state.sync_url(state)

if not embedded:  # (an embed's title row is the fragment's: its caption follows the map)
    with st.container(horizontal=True, key="title_row", gap="small", vertical_alignment="center"):
        st.title("Junbish Atlas", anchor=False)
        layer_controls(state)
        share_controls(view, data, state, params)
for notice in page_state.notices():
    st.warning(notice, icon=None)


def embed_title(state) -> None:
    """The atlas's name and the moment with what Junbish held (two lines at most, whole ones);
    while the map plays, only the name: the time bar names the month."""
    with st.container(horizontal=True, key="title_row", gap="small", vertical_alignment="center"):
        st.title("Junbish Atlas", anchor=False)
        if not state.playing:
            with st.container(key="embed_caption"):
                st.text(data.headline_at(state.moment))


def embed_credit(params: dict[str, str]) -> None:
    """The way back, the licence and the sources, on one line under the map."""
    with st.container(key="embed_credit"):
        st.markdown(md_link("Open this view in the full Junbish Atlas ↗", page_state.share_link(params)) +
                    " · Junbish Atlas · CC BY 4.0 · " + md_link("sources", page_state.app_root().rstrip("/") + "/sources"))


@st.fragment
def map_and_panel() -> None:
    state = page_state.current()
    if page_outline(state) != session.get("_page_outline"):
        st.rerun(scope="app")  # a chapter opened or left, layers changed, or Share shows an old link
    chapter = tour.current(state, data.story)
    params = page_state.sync_url(state)
    if embedded:  # an article's frame: its own key, without a click (the legend is on the map)
        embed_title(state)
    map_column, side_column = (st.container(), st.container()) if embedded else st.columns([3, 2] if chapter else [5, 2], gap="small")
    with map_column:
        moment = state.moment
        day_styles, day_legend = view.day_styles(moment) if moment.precision == "day" else (None, ())
        highlighted_events = set(chapter.events) if chapter else set()
        default_markers = map_state.shows_default_markers(state)
        payload = moment_payload(moment, day_styles, day_legend, state.province, state.event,
                                 show_territory="territory" in state.layers, show_labels=state.labels,
                                 show_events="events" in state.layers, default_markers=default_markers,
                                 highlighted=chapter.provinces if chapter else (), chapter=chapter.order if chapter else None,
                                 time_request=state.time_request, show_districts="districts" in state.layers,
                                 selected_district=state.district, answers_report=state.answered_report)
        if default_markers and moment.precision == "month":
            markers = []  # the month table the map already shows holds them
        else:
            shown = map_state.shown_events(state, data)
            if highlighted_events:  # a chapter's events are on the map whatever the filters
                shown = data.events[data.events["id"].isin(set(shown["id"]) | highlighted_events)]
            markers = view.markers(shown, moment, highlighted_events | {state.event})
        config = map_config(urls["geometry_url"], urls["month_table_url"], speed=frame["speed"], fit_country=frame["fit"],
                            wheel_zoom=not embedded, compact=embedded, reference=urls["reference_url"])
        initial = session.get("initial_view")
        # render=False: st_folium renders the map itself anyway; True would render it twice
        result = st_folium(base_map(urls, config), key="atlas_map", height=560, use_container_width=True,
                           feature_group_to_add=moment_layer(payload, markers), render=False,
                           returned_objects=RETURNED_OBJECTS, center=initial[:2] if initial else None,
                           zoom=initial[2] if initial else None, on_change=map_reported)
        if page_state.first_run_of_a_reconnected_session(result):
            # A reader whose server restarted (or whose replica died): the step that brought them to
            # this new session is in the map's last report, which no callback of this session heard.
            report = parse_report(result, LAT_RANGE, LON_RANGE, ZOOM_RANGE)
            if report is not None:
                page_state.update(map_state.apply_report, report, province_codes, event_ids, district_ids, True)
                page_state.update(lambda state: map_state.move_time(state, state.moment))  # the map follows it
                st.rerun(scope="app")
        if embedded:
            embed_credit(params)

    with side_column:  # (an embed shows the map alone)
        if embedded:
            pass
        elif state.playing:  # nothing beside the map names another month than the map
            st.info("Playing. Pause to read the summary, the panels and the sources of the month shown.",
                    icon=":material/play_arrow:")
        elif chapter:
            tour.chapter_card(data, chapter)
        else:
            with st.container(key="side_panel"):
                panels.side_panel(data, state)


map_and_panel()
page_state.ask_for_a_whole_run_after_a_reconnect()
