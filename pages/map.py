"""The map page: the map fills the first screen and owns the time (its time bar: the month
slider, Play and the speed, the steps); beside it (under it on a phone) the moment's summary,
the province or event panel, or the tour's chapter; layers, filters and sharing in compact
controls on the title's row. A link reopens exactly this view.

A step of the map, a click or a panel's button reruns one fragment: the link, what names the
moment beside the map (the summary, the selected province's, event's or district's panel, or
the tour's chapter), written first, and the map's component. "Find a province" and the hint for
a first visit name no moment and are placed by the page's whole run, so a step does not send
them again; the fragment asks for a whole run when what they show changes (a selection, the
tour's layout, the layers' switches, an open Share popover's link: ``page_outline``). The
map's layer changes only when it brings something; the answer to the map's report travels
in the figure's HTML (``with_answer``), so the map's frame has nothing to redo for a step.
``bench/results.md`` has the figures against a bare Streamlit slider."""
import streamlit as st
from streamlit_folium import st_folium

from atlas_view.contract import RETURNED_OBJECTS
from atlas_view.webmap import base_map, map_config, moment_layer, with_answer
from ui import map_state, panels, tour
from ui import state as page_state
from ui.assets import register_assets
from ui.cache import atlas_or_error_page, atlas_view, data_dir
from ui.controls import embed_credit, embed_title, layer_controls, page_outline, page_style, share_controls
from ui.navigation import use_app_navigation

use_app_navigation()

data = atlas_or_error_page()
view = atlas_view(data_dir())
urls = register_assets(data.data_dir, view.month_table_json)
page_state.init_from_url(list(data.events["id"]), len(data.story), list(data.districts["id"]))
tour.follow_link(data.story)
known_ids = (set(data.province_names), set(data.events["id"]), set(data.districts["id"]))
embedded = bool(st.context.is_embedded)  # in an article's frame: the title and the map
session = st.session_state
# Fixed for the session: a new map configuration would make a new map.
frame = session.setdefault("_map_frame", {"fit": not session.get("initial_view"), "speed": page_state.current().speed})

state = page_state.current()
outline = session["_page_outline"] = page_outline(state, data.story)
page_style(embedded, touring=outline[0])
params = page_state.sync_url(state)

if not embedded:  # (an embed's title row is the fragment's: its caption follows the map)
    with st.container(horizontal=True, key="title_row", gap="small", vertical_alignment="center"):
        st.title("Junbish Atlas", anchor=False)
        layer_controls(state)
        share_controls(view, data, state, params)
for notice in page_state.notices():
    st.warning(notice, icon=None)

chapter = tour.current(state, data.story)
map_column = moment_side = None  # an embed's: made by the fragment, under its title (whose caption follows the map)
if not embedded:
    map_column, side_column = st.columns([3, 2] if chapter else [5, 2], gap="small")
    with side_column:  # what names no moment: written by the whole run only
        if not chapter:
            panels.province_picker(data, state.province)
        moment_side = st.container(key="side_panel")  # the fragment's: what names the moment
        if not chapter:
            panels.how_to_begin(data, state)


@st.fragment
def map_and_panel() -> None:
    """A step, a click or a panel's button reruns this alone: the map's layer and the answer to
    its report, the link, and beside the map what names the moment."""
    state = page_state.current()
    if page_outline(state, data.story) != session.get("_page_outline"):
        st.rerun(scope="app")  # a chapter opened or left, layers changed, a selection, or Share shows an old link
    chapter = tour.current(state, data.story)
    params = page_state.sync_url(state)
    if embedded:  # an article's frame: its own key, without a click (the legend is on the map)
        embed_title(data, state)
    else:  # first: what the reader reads leaves before the map's arguments are made
        with moment_side:
            if state.playing:  # nothing beside the map names another month than the map
                st.info("Playing. Pause to read the summary, the panels and the sources of the month shown.",
                        icon=":material/play_arrow:")
            elif chapter:
                tour.chapter_card(data, chapter)
            else:
                panels.moment_panel(data, state)
    with map_column or st.container():
        payload, markers = map_state.moment_layer_for(state, data, view, chapter)
        config = map_config(urls["geometry_url"], urls["month_table_url"], speed=frame["speed"], fit_country=frame["fit"],
                            wheel_zoom=not embedded, compact=embedded, reference=urls["reference_url"])
        initial = session.get("initial_view")
        # render=False: st_folium renders the map itself anyway; True would render it twice.
        # The answer to the map's last report travels in the figure's HTML, not in the layer.
        result = st_folium(with_answer(base_map(urls, config), state.answered_report), key="atlas_map", height=560,
                           use_container_width=True, feature_group_to_add=moment_layer(payload, markers), render=False,
                           returned_objects=RETURNED_OBJECTS, center=initial[:2] if initial else None,
                           zoom=initial[2] if initial else None,
                           on_change=lambda: page_state.hear_map(session.get("atlas_map"), *known_ids))
        # A reader whose server restarted (or whose replica died): the step that brought them to
        # this new session is in the map's last report, which no callback of this session heard.
        if page_state.first_run_of_a_reconnected_session(result) and page_state.hear_map(result, *known_ids, True):
            page_state.update(lambda state: map_state.move_time(state, state.moment))  # the map follows it
            st.rerun(scope="app")
        if embedded:
            embed_credit(params)


map_and_panel()
page_state.ask_for_a_whole_run_after_a_reconnect()
