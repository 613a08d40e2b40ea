"""The map page: year slider and playback, territory and events layers, province and event
details, a year summary, and a link that reopens exactly this view."""
import time

import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import province_at
from geo.dates import FIRST_YEAR, LAST_YEAR, format_partial_date
from geo.events import EVENT_KINDS, events_in
from geo.styles import STATUS_LABELS
from geo.url_state import SPEEDS
from geo.webmap import add_event_markers, base_map, event_details, event_tooltip, year_layer
from ui import state as page_state
from ui.assets import register_assets
from ui.cache import atlas_or_error_page
from ui.navigation import use_app_navigation
from ui.text import md, md_link

use_app_navigation()

MAP_HEIGHT = 580
RETURNED = ["last_clicked", "last_object_clicked", "last_object_clicked_tooltip", "center", "zoom"]

data = atlas_or_error_page()
urls = register_assets(data.data_dir, data.year_table_json)
page_state.init_from_url(list(data.events["id"]))
session = st.session_state

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
    st.segmented_control("Speed (years per second)", SPEEDS, key="speed", format_func=lambda s: f"{s:g}×",
                         required=True, persist_state="session")


def step(delta: int) -> None:
    session["year"] = min(LAST_YEAR, max(FIRST_YEAR, session["year"] + delta))
    session["playing"] = False


def toggle_play() -> None:
    session["playing"] = not session["playing"]
    if session["playing"] and session["year"] >= LAST_YEAR:
        session["year"] = FIRST_YEAR
    session["last_tick"] = time.monotonic()


def advance_when_playing(interval: float) -> None:
    """On a timer run, move one year on; stop at the end of the history."""
    if not session.get("playing"):
        return
    now = time.monotonic()
    if now - session.get("last_tick", 0.0) < 0.8 * interval:
        return  # a click, not the timer
    session["last_tick"] = now
    if session["year"] < LAST_YEAR:
        session["year"] += 1
    if session["year"] >= LAST_YEAR:
        session["playing"] = False


def select_event(event_id: str | None) -> None:
    session["event"] = event_id


def handle_map_result(result: dict, year_events) -> None:
    """Turn clicks and moves on the map into the page's state."""
    if not result:
        return
    if result.get("center") and result.get("zoom"):
        centre = result["center"]
        session["view"] = (round(centre["lat"], 4), round(centre["lng"], 4), int(result["zoom"]))
    tooltip = result.get("last_object_clicked_tooltip")
    object_click = (tooltip, str(result.get("last_object_clicked")))
    if tooltip and object_click != session.get("_last_object_click"):
        session["_last_object_click"] = object_click
        matches = [e["id"] for e in year_events.to_dict("records") if event_tooltip(e) == tooltip]
        if matches:
            session["event"] = matches[0]
            return
    clicked = result.get("last_clicked")
    if clicked and clicked != session.get("_last_click"):
        session["_last_click"] = clicked
        code = province_at(data.provinces, clicked["lat"], clicked["lng"])
        if code:
            session["province"] = code


def every_kind_chosen() -> bool:
    return len(session.get("kinds", [])) == len(EVENT_KINDS)


def shown_events(year: int):
    if not session.get("show_events", True):
        return data.events.iloc[0:0]
    chosen = events_in((FIRST_YEAR, year), events=data.events) if session.get("fade") else data.events_by_year[year]
    return chosen if every_kind_chosen() else chosen[chosen["kind"].isin(session.get("kinds", []))]


def shows_default_markers() -> bool:
    """The markers on the map are the year table's set: events on, every kind, no earlier
    years, no event selected."""
    return (session.get("show_events", True) and not session.get("fade") and not session.get("event")
            and every_kind_chosen())


def province_panel(code: str, year: int) -> None:
    row = data.year_view(year).set_index("province_code").loc[code]
    names = data.faction_names
    st.subheader(data.province_name(code))
    holder = names.get(row["faction"], row["faction"])
    others = [names.get(f, f) for f in row["contested_with"].split(";") if f]
    if others:
        holder += " vs " + ", ".join(others)
    st.markdown(f"**End of {year}:** {md(holder)}, {md(STATUS_LABELS[row['status']])} "
                f"· confidence **{md(row['confidence'])}**")
    if row["changed_during_year"]:
        during = [f"{names.get(f, f)} ({s})" for f, s in (h.split(":") for h in row["holders_during_year"].split(";"))]
        st.markdown(f"**During {year}:** " + md(" → ".join(during)))
    if row["note"]:
        st.caption(md(row["note"]))
    sources = [data.sources_by_id[s] for s in row["source_ids"].split(";") if s in data.sources_by_id]
    if sources:
        show_sources([(s["citation"], s["url"]) for s in sources])
    from geo.charts import province_timeline_chart  # Altair loads only once a province is opened

    st.altair_chart(province_timeline_chart(data.territory, code, data.factions, year), width="stretch")
    st.caption(f"{data.province_name(code)}, 1988–2021: colours as on the map, paler for contested or influence; "
               "hover a year for the holder.")
    own = events_in((FIRST_YEAR, LAST_YEAR), code, events=data.events)
    if own.empty:
        st.caption("No event recorded in this province.")
    else:
        options = [None, *own["id"]]
        labels = {None: "—"} | {e: f"{format_partial_date(d)} · {t}" for e, d, t in zip(own["id"], own["date"], own["title"])}
        widget_key = f"province_event_{code}"
        st.selectbox(f"Events in {data.province_name(code)} ({len(own)})", options, format_func=labels.get,
                     key=widget_key, on_change=choose_event,
                     args=(widget_key, dict(zip(own["id"], own["first_year"].astype(int)))),
                     help="Shows the event on the map, at its year")


def choose_event(widget_key: str, years_by_event: dict[str, int]) -> None:
    chosen = session[widget_key]
    session["event"] = chosen
    if chosen:
        session["year"] = years_by_event[chosen]
        session["playing"] = False


def show_sources(citations: list[tuple[str, str]]) -> None:
    """A bulleted list of (citation, URL) as links (plain text where the URL is not http(s))."""
    st.markdown("**Sources**\n\n" + "\n".join(f"- {md_link(citation, url)}" for citation, url in citations))


def event_panel(event_id: str) -> None:
    event = data.events.set_index("id").loc[event_id].to_dict() | {"id": event_id}
    details = event_details(event, data.faction_names, data.sources_by_id, full=True)
    when = details["start"] + (f" – {details['until']}" if details["until"] else "")
    st.markdown(f"#### {md(details['title'])}")
    st.markdown(f"**{md(when)}** · {md(details['kind'])} · {md(details['place'])}  \n"
                f"**Sides:** {md(details['sideA'])} *vs* {md(details['sideB'])}  \n**Outcome:** {md(details['outcome'])}")
    st.markdown(md(details["description"]))
    show_sources(details["sources"])
    st.button("Close event", on_click=select_event, args=(None,), key="close_event")


interval = 1.0 / session["speed"]


@st.fragment(run_every=interval if session.get("playing") else None)
def explorer() -> None:
    was_playing = session.get("playing")
    advance_when_playing(interval)
    if was_playing and not session.get("playing"):
        st.rerun(scope="app")  # stop the timer

    # The map is built before the controls that sit above it (in containers placed first), so
    # its update leaves the server first and a year change repaints sooner.
    controls, summary = st.container(), st.container()
    year = session["year"]
    year_events = shown_events(year)

    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column:
        # styles, legend and default markers: the map has every year's, from the year table
        layer = year_layer(year, session.get("province"), show_territory=session.get("show_territory", True),
                           show_labels=session.get("labels"), default_markers=shows_default_markers())
        add_event_markers(layer, data.markers(year_events, year, session.get("event")))
        initial = session.get("initial_view")
        # render=False: st_folium renders the map itself anyway; True would render it twice
        result = st_folium(
            base_map(urls, geometry_url=urls["geometry_url"], year_table_url=urls["year_table_url"]),
            key="atlas_map", height=MAP_HEIGHT, use_container_width=True, feature_group_to_add=layer, render=False,
            returned_objects=RETURNED, center=initial[:2] if initial else None, zoom=initial[2] if initial else None,
        )
        before = (session.get("province"), session.get("event"))
        handle_map_result(result, year_events)
        if (session.get("province"), session.get("event")) != before:
            st.rerun(scope="fragment")

    with controls:
        previous, slider, following, play = st.columns([2.6, 8, 2.6, 2], vertical_alignment="bottom")
        previous.button("Previous", icon=":material/chevron_left:", key="previous_year", width="stretch",
                        help="Previous year (Alt+Left; on the slider, the Left arrow)", on_click=step, args=(-1,),
                        disabled=session["year"] <= FIRST_YEAR, shortcut="Alt+Left")
        slider.slider("Year", FIRST_YEAR, LAST_YEAR, key="year", on_change=lambda: session.update(playing=False),
                      persist_state="session")
        following.button("Next", icon=":material/chevron_right:", key="next_year", width="stretch",
                         help="Next year (Alt+Right; on the slider, the Right arrow)", on_click=step, args=(1,),
                         disabled=session["year"] >= LAST_YEAR, shortcut="Alt+Right")
        playing = session.get("playing")
        if play.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
                       key="play", on_click=toggle_play, type="primary", width="stretch",
                       help="Animate the years at the speed chosen in the sidebar"):
            st.rerun(scope="app")  # start or stop the timer
    summary.markdown(md(data.summaries[year]))

    with panel_column:
        if session.get("event") in set(data.events["id"]):
            event_panel(session["event"])
        if session.get("province"):
            province_panel(session["province"], year)
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
