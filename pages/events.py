"""Events: every battle, capture, defection, abuse and milestone, filterable and downloadable."""
import streamlit as st

from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import EVENT_KINDS, deaths_text, filter_events, side_names
from geo.package import cited_csv
from ui import state as page_state
from ui.map_state import event_moment
from ui.cache import atlas_or_error_page
from ui.navigation import use_app_navigation

use_app_navigation()

data = atlas_or_error_page()
moment, province = page_state.shared_moment_and_province()
for notice in page_state.link_notices(("date", "year", "province")):
    st.warning(notice, icon=None)

st.title("Events")
st.caption(f"{len(data.events)} events, each with its sources. Filter, sort by any column, select a row to "
           "open it on the map, or download what you see as CSV.")

names = dict(zip(data.provinces["province_code"], data.provinces["province"]))
filters = st.columns([3, 2, 2])
years = filters[0].slider("Years", FIRST_YEAR, LAST_YEAR, (FIRST_YEAR, LAST_YEAR), key="events_years")
provinces = filters[1].multiselect("Province", sorted(names, key=names.get), format_func=names.get,
                                   default=[province] if province else [], key="events_provinces")
factions = filters[2].multiselect("Faction (either side)", list(data.factions["id"]),
                                  format_func=data.faction_names.get, key="events_factions")
# A row of its own: in a quarter of the page the ten kinds scrolled sideways, seven out of sight.
kinds = st.pills("Kind", EVENT_KINDS, format_func=str.capitalize, key="events_kinds", selection_mode="multi")
text = st.text_input("Search titles, places and descriptions", max_chars=100, key="events_search")

chosen = filter_events(data.events, years, provinces, kinds, factions, text)
table = chosen.assign(
    province=chosen["province_code"].map(names).fillna("unknown"),
    side_a=chosen["side_a"].map(lambda cell: side_names(cell, data.faction_names)),
    side_b=chosen["side_b"].map(lambda cell: side_names(cell, data.faction_names)),
    deaths=[deaths_text(low, high) for low, high in zip(chosen["fatalities_low"], chosen["fatalities_high"])],
    sources=chosen["source_ids"].map(lambda ids: [s["citation"] for s in data.cited(ids)]),
    first_source=chosen["source_ids"].map(lambda ids: next((s["url"] for s in data.cited(ids) if s["url"]), None)),
    map=[page_state.share_link({"date": event_moment(d).param, "province": p, "event": i} if p
                               else {"date": event_moment(d).param, "event": i})
         for d, p, i in zip(chosen["date"], chosen["province_code"], chosen["id"])],
)
columns = ["date", "title", "kind", "province", "place", "side_a", "side_b", "outcome", "deaths", "confidence",
           "sources", "first_source", "map", "id"]
st.markdown(f"**{len(chosen)}** of {len(data.events)} events")
picked = st.dataframe(
    table[columns], hide_index=True, key="events_table", on_select="rerun", selection_mode="single-row",
    column_config={
        "date": st.column_config.TextColumn("Date", help="Precision as in the sources: year, month or day"),
        "title": st.column_config.TextColumn("Title", width="large"),
        "kind": "Kind", "province": "Province", "place": "Place", "outcome": "Outcome", "confidence": "Confidence",
        "id": "Id", "side_a": "Side A", "side_b": "Side B",
        "deaths": st.column_config.TextColumn("Deaths", help="As the sources give them: at least, up to, a range, or an exact figure"),
        "sources": st.column_config.ListColumn("Sources", help="The works cited for this event", width="large"),
        "first_source": st.column_config.LinkColumn("Source link", display_text="open",
                                                    help="The first cited source that is online"),
        "map": st.column_config.LinkColumn("Map", display_text="open", help="Open this event on the map"),
    },
)
rows = picked.selection.rows if picked else []
if rows:
    event = table.iloc[rows[0]]
    page_state.go_to_map(date=event_moment(event["date"]).param, province=event["province_code"], event=event["id"])

st.download_button("Download these events (CSV, with their sources)", cited_csv(chosen, "events", data),
                   file_name="junbish-atlas-events.csv", mime="text/csv", key="events_download")
