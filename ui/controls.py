"""The map page's controls around the map: the page's layout (the map fills the first screen,
the panel beside it or, on a phone, under it), the layers and filters, and the share controls
(link, embed, picture), all in compact popovers on the title's row so that nothing pushes the
map down. Each widget shows the page's one state (:mod:`ui.state`): its value is derived from
the state before it is drawn, and a change goes back through a pure function."""
from __future__ import annotations

import functools

import streamlit as st

from atlas_view.picture import picture_png
from geo.atlas import Atlas
from geo.events import EVENT_KINDS
from geo.package import dataset_version
from ui import map_state, tour
from ui import state as page_state
from ui.text import md_link
from ui.url_state import MapState, state_to_params

# The map's frame takes the window's height less the title row (desktop: the whole map in the
# first screen); a phone gives it 62% of the screen (the tour 46%), the panel below it, what the
# reader chose first.
# An embed (``embed=true``, in an article's frame of any size): the title on one line over a map
# that fills the rest of the frame.
PAGE_STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 1rem; }
.st-key-title_row h1 { font-size: 1.45rem; padding: 0; }
.st-key-title_row { align-items: center; }
iframe[title="streamlit_folium.st_folium"] { height: max(360px, calc(100vh - 130px)) !important; }
.st-key-side_panel { max-height: calc(100vh - 130px); overflow-y: auto; padding-right: 4px; }
.st-key-side_panel h3 { padding-top: 0.25rem; }  /* a panel's heading: at the top of its column */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.2rem; padding-left: 0.6rem; padding-right: 0.6rem; }
  .st-key-title_row h1 { font-size: 1.15rem; }
  .st-key-title_row [data-testid^="stBaseButton"] { min-height: 44px; padding: 0 0.5rem; }
  iframe[title="streamlit_folium.st_folium"] { height: 62vh !important; }
  .st-key-side_panel { max-height: none; }
  .st-key-side_panel h3 { font-size: 1.3rem; padding-bottom: 0.5rem; }
}
</style>"""
TOUR_STYLE = """<style>
@media (max-width: 640px) { iframe[title="streamlit_folium.st_folium"] { height: 46vh !important; } }
</style>"""
EMBED_STYLE = """<style>
/* An article's frame: no Streamlit chrome; the name and the moment on top, the map, the credit. */
header[data-testid="stHeader"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebar"],
[data-testid="stSidebarNav"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.4rem 0.6rem 0 !important; }
[data-testid="stMainBlockContainer"] > div { gap: 0.3rem !important; }
.st-key-title_row { flex-wrap: nowrap !important; align-items: center !important; }
.st-key-title_row h1 { font-size: 1.05rem !important; padding: 0 !important; white-space: nowrap; }
.st-key-embed_caption { min-width: 0; flex: 1 1 auto; }
/* Two whole lines at most: a longer caption ends in an ellipsis, never a line cut through. */
.st-key-embed_caption [data-testid="stText"] { font-size: 0.8rem; line-height: 1.25; display: -webkit-box;
  -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; white-space: normal; }
.st-key-embed_credit p { font-size: 0.8rem; line-height: 1.25; margin: 0; }
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 5.6rem) !important; }
@media (max-width: 560px) {  /* the credit takes two lines */
  iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 6.6rem) !important; }
}
</style>"""


def page_style(embedded: bool, touring: bool) -> None:
    st.html(PAGE_STYLE + (TOUR_STYLE if touring else "") + (EMBED_STYLE if embedded else ""))


WIDGETS = {"show_territory": lambda s: "territory" in s.layers, "show_events": lambda s: "events" in s.layers,
           "show_districts": lambda s: "districts" in s.layers,
           "labels": lambda s: s.labels, "fade": lambda s: s.fade, "kinds": lambda s: sorted(s.kinds)}


def _from_widgets() -> None:
    # A widget the page did not send (a client of its own sends what it likes) keeps the state's value.
    state = page_state.current()
    value = {key: st.session_state.get(key, value_of(state)) for key, value_of in WIDGETS.items()}
    page_state.update(lambda state: map_state.with_layers(state, value["show_territory"], value["show_events"],
                                                          value["show_districts"])
                      .with_changes(labels=value["labels"], fade=value["fade"],
                                    kinds=frozenset(k for k in value["kinds"] if k in EVENT_KINDS)))


def layer_controls(state: MapState) -> None:
    """Layers and filters, in a popover: the territory and the events, province labels,
    earlier events faded, and the kinds of event shown."""
    for key, value_of in WIDGETS.items():  # the widgets show the state
        if st.session_state.get(key) != value_of(state):
            st.session_state[key] = value_of(state)
    with st.popover("Layers", icon=":material/layers:", key="layers_popover"):
        st.toggle("Territory", key="show_territory", on_change=_from_widgets)
        st.toggle("Events", key="show_events", on_change=_from_widgets)
        st.toggle("District centres (north, 2015–2021)", key="show_districts", on_change=_from_widgets)
        st.toggle("Province names (where they fit)", key="labels", on_change=_from_widgets)
        st.toggle("Show earlier events (faded)", key="fade", on_change=_from_widgets,
                  help="By default the map shows the events of the twelve months up to the one shown")
        st.multiselect("Event kinds", EVENT_KINDS, key="kinds", format_func=str.capitalize, on_change=_from_widgets)


def share_controls(view, atlas, state: MapState, params: dict[str, str]) -> None:
    """Copy link, embed and picture, each built only while its popover is open (a closed
    popover's content would still be rebuilt and sent on every change)."""
    link = st.popover("Share", icon=":material/share:", key="share_popover", on_change="rerun")
    if not link.open:
        return
    with link:
        st.caption("This link reopens the map on this date, province, layers and view.")
        st.code(page_state.share_link(params), language=None)
        st.caption("Paste this into an article: it shows this view, without the app's menus.")
        st.code(page_state.embed_snippet(params), language="html")
        st.caption("The map at this moment as a PNG, with its legend, the date and a citation line. It "
                   "always shows the whole country.")
        draw = functools.partial(picture_png, view, state.moment, map_state.shown_events(state, atlas),
                                 province=state.province, show_territory="territory" in state.layers,
                                 link=page_state.share_link(params), version=dataset_version(atlas))
        st.download_button("Download picture (PNG)", data=draw, file_name=f"junbish-atlas-{params['date']}.png",
                           mime="image/png", icon=":material/download:", on_click="ignore", key="picture")


def page_outline(state: MapState, story) -> tuple:
    """What the map page shows of the state outside the map's fragment: the tour's layout, the
    layers' switches, the province in "Find a province", whether the hint for a first visit
    shows (nothing selected) and, while the Share popover is open, the link in it. The fragment
    asks for a whole run when it changes."""
    share_link = state_to_params(state) if st.session_state.get("share_popover") else None
    return (tour.current(state, story) is not None, state.layers, state.labels, state.fade, state.kinds,
            state.province, map_state.nothing_selected(state), share_link)


def embed_title(atlas: Atlas, state: MapState) -> None:
    """An embed's title row: the atlas's name and the moment with what Junbish held (two lines
    at most, whole ones); while the map plays, only the name: the time bar names the month."""
    with st.container(horizontal=True, key="title_row", gap="small", vertical_alignment="center"):
        st.title("Junbish Atlas", anchor=False)
        if not state.playing:
            with st.container(key="embed_caption"):
                st.text(atlas.headline_at(state.moment))


def embed_credit(params: dict[str, str]) -> None:
    """An embed's line under the map: the way back, the licence and the sources."""
    with st.container(key="embed_credit"):
        st.markdown(md_link("Open this view in the full Junbish Atlas ↗", page_state.share_link(params)) +
                    " · Junbish Atlas · CC BY 4.0 · " + md_link("sources", page_state.app_root().rstrip("/") + "/sources"))
