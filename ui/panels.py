"""The panels beside the map: a province (holder, confidence, sources, its 1988-2021 chart
and events) and an event (details and sources). Every text from the data is escaped."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from atlas_view.markers import event_details
from atlas_view.strip import province_years_html
from atlas_view.styles import STATUS_LABELS
from geo.atlas import Atlas
from geo.control import period_lines
from geo.dates import FIRST_YEAR, LAST_YEAR, Moment, format_partial_date, parse_partial_date
from geo.districts import DISTRICTS_FROM
from geo.events import events_in
from geo.names import fold_name
from ui import map_state
from ui import state as page_state
from ui.checks import known_or_none
from ui.text import md, md_link


def show_sources(citations: list[tuple[str, str]]) -> None:
    """A bulleted list of (citation, URL) as links (plain text where the URL is not http(s))."""
    st.markdown("**Sources**\n\n" + "\n".join(f"- {md_link(citation, url)}" for citation, url in citations))


def holder_text(row, faction_names: dict[str, str]) -> str:
    """``Junbish vs Jamiat``: the holder of a year-view row and the parties contesting it."""
    holder = faction_names.get(row["faction"], row["faction"])
    others = [faction_names.get(f, f) for f in row["contested_with"]]
    return holder + (" vs " + ", ".join(others) if others else "")


def period_text(line: dict, faction_names: dict[str, str]) -> str:
    """``24 May 1997 – 28 May 1997: Malik and Taliban (contested)``: one period of a province
    with its dates at their real precision (the end is the day the next period began)."""
    start = format_partial_date(line["start"])
    end = format_partial_date(line["end"]) if line["end"] else "the end of 2021"
    parties = [faction_names.get(f, f) for f in line["factions"]]
    who = parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]
    return f"{start} – {end}: {who} ({line['status']})"


def show_periods(atlas: Atlas, heading: str, lines: list[dict]) -> None:
    """Periods (of a province or a district centre), each with its dates, confidence, sources and note."""
    st.markdown(f"**{md(heading)}**")
    for line in lines:
        cited = atlas.cited(line["source_ids"])
        sources = "; ".join(md_link(s["citation"], s["url"]) for s in cited) or "no source"
        st.markdown(f"- {md(period_text(line, atlas.faction_names))} · confidence {md(line['confidence'])}  \n"
                    f"  Sources: {sources}")
        if line["note"]:
            st.caption(md(line["note"]))


def province_panel(atlas: Atlas, code: str, moment: Moment) -> None:
    """Who held the province at ``moment``, how sure we are, and every period of the moment's
    year with its dates, confidence and sources; then the province's chart and a chooser of its
    events (choosing one shows it on the map, at its date)."""
    row = atlas.view_at(moment).set_index("province_code").loc[code]
    name = atlas.province_name(code)
    st.subheader(name)
    created = atlas.creation_of(code)
    if created and parse_partial_date(created["date"]) > moment.day:
        parent = atlas.province_name(created["from_province_codes"][0])
        cited = "; ".join(md_link(s["citation"], s["url"]) for s in atlas.cited(created["source_ids"]))
        st.info(f"{md(name)} was not yet a province then: it was part of {md(parent)} until "
                f"{md(format_partial_date(created['date']))} (confidence {md(created['confidence'])}; {cited}). "
                "The atlas records its territory on its own, as today.", icon=":material/history:")
    when = f"End of {moment.label}" if moment.precision == "month" else moment.label
    st.markdown(f"**{md(when)}:** {md(holder_text(row, atlas.faction_names))}, "
                f"{md(STATUS_LABELS[row['status']])} · confidence **{md(row['confidence'])}**"
                + (" · *changed this month*" if row["changed"] else ""))
    lines = period_lines(atlas.control, code, dt.date(moment.year, 1, 1), dt.date(moment.year + 1, 1, 1))
    show_periods(atlas, f"Periods in {moment.year}", lines)
    districts_of_province(atlas, code, moment)
    st.html(province_years_html(atlas.territory, code, atlas.factions, moment.year))
    st.caption(f"{name}, 1988–2021, by year: colours as on the map, paler for contested or influence; "
               f"{moment.year} outlined; hover a year for the holder at its end.")
    own = events_in((FIRST_YEAR, LAST_YEAR), code, events=atlas.events)
    if own.empty:
        st.caption("No event recorded in this province.")
        return
    labels = {None: "—"} | {e: f"{format_partial_date(d)} · {t}" for e, d, t in zip(own["id"], own["date"], own["title"])}
    widget_key = f"province_event_{code}"
    dates_by_event = dict(zip(own["id"], own["date"]))
    st.selectbox(f"Events in {name} ({len(own)})", [None, *own["id"]], format_func=lambda e: labels.get(e, "—"),
                 key=widget_key, help="Shows the event on the map, at its date",
                 on_change=_choose, args=(widget_key, dates_by_event, map_state.choose_event))


def _choose(widget: str, known, change) -> None:
    """Apply ``change(state, value, known)`` for the widget's value, if it is one we offered."""
    fine, value = known_or_none(st.session_state.get(widget), known, widget)
    if fine:
        page_state.update(change, value, known)


def province_picker(atlas: Atlas, selected: str | None) -> None:
    """A select box of every province and of every place the map names (type any spelling: the
    alternative names are part of each option), kept in step with the province selected on the
    map. A place is offered as its province, "Balkh (Mazar-e Sharif)": choosing it selects the
    province and moves the map to the place."""
    labels = search_labels(atlas)
    if st.session_state.get("province_picker") != selected:
        st.session_state["province_picker"] = selected
    st.selectbox("Find a province", [None, *labels], key="province_picker",
                 format_func=lambda option: labels.get(option, "—"),
                 on_change=_find, args=(atlas,),
                 help="Type a province or a town in any spelling, e.g. Jawzjan, Sari Pul or Mazar")


def place_search_labels(atlas: Atlas) -> dict[str, str]:
    """Option -> text of "Find a province": each province (its code; its name and other
    spellings), then each place (its id; its province, then its name and other spellings, those
    that fold to the same text once only), provinces by name, places by rank.

    >>> from geo.atlas import load_atlas
    >>> labels = place_search_labels(load_atlas())
    >>> labels["AF-SAR"], labels["mazar-e-sharif"]
    ('Sar-e Pol (Sar-e Pul; Sari Pul; Sar-i Pul; Sar-I Pul; Saripul; Sare Pol; Sar-i-Pul)', 'Balkh (Mazar-e Sharif)')
    """
    names = dict(zip(atlas.provinces["province_code"], atlas.provinces["province"]))
    others = dict(zip(atlas.provinces["province_code"], atlas.provinces["alt_names"]))
    labels = {code: names[code] + (f" ({others[code]})" if others.get(code) else "") for code in sorted(names, key=names.get)}
    for place in atlas.places.itertuples():
        spellings = {fold_name(place.name): place.name}
        for other in place.alt_names:
            spellings.setdefault(fold_name(other), other)
        labels[place.id] = f"{names.get(place.province_code, place.province_code)} ({'; '.join(spellings.values())})"
    return labels


@st.cache_resource(show_spinner=False, hash_funcs={Atlas: id}, max_entries=4)
def search_labels(atlas: Atlas) -> dict[str, str]:
    """:func:`place_search_labels` of an atlas, worked out once (the atlas is loaded once per
    process; the picker is drawn on every step of the map)."""
    return place_search_labels(atlas)


def _find(atlas: Atlas) -> None:
    """Apply "Find a province": the province, or the place's province and a view of the place."""
    names = set(atlas.province_names)
    places = {p.id: (p.province_code, float(p.lat), float(p.lon)) for p in atlas.places.itertuples()}
    fine, value = known_or_none(st.session_state.get("province_picker"), names | set(places), "province_picker")
    if fine:
        page_state.update(map_state.find, value, names, places)
        if value in places:
            st.session_state["initial_view"] = page_state.current().view  # the map moves there


def event_panel(atlas: Atlas, event_id: str) -> None:
    """An event's date, kind, place, sides, outcome, description and sources, with a Close button."""
    event = atlas.events.set_index("id").loc[event_id].to_dict() | {"id": event_id}
    details = event_details(event, atlas.faction_names, atlas.sources_by_id, full=True)
    when = details["start"] + (f" – {details['until']}" if details["until"] else "")
    st.markdown(f"#### {md(details['title'])}")
    st.markdown(f"**{md(when)}** · {md(details['kind'])} · {md(details['place'])}  \n"
                f"**Sides:** {md(details['sideA'])} *vs* {md(details['sideB'])}  \n**Outcome:** {md(details['outcome'])}")
    st.markdown(md(details["description"]))
    show_sources(details["sources"])
    st.button("Close event", key="close_event", on_click=page_state.update,
              args=(lambda state: state.with_changes(event=None),))


def how_to_begin(atlas: Atlas, state) -> None:
    """Under the moment's summary while nothing is selected: what to click, and the tour."""
    from ui import tour

    if not map_state.nothing_selected(state):
        return
    st.info("Click a province to see who held it, how sure we are and which sources say so. "
            "Click a marker for the event's details. Press Play on the map to watch the months go by.")
    st.button("Take the guided tour", icon=":material/auto_stories:", key="start_story",
              on_click=tour.start, args=(atlas.story,))


def moment_panel(atlas: Atlas, state) -> None:
    """What beside the map names the moment, written by the map's fragment on each of its
    runs: the panel of the selected district, event or province, then the moment's summary.
    What the reader chose comes first, in the page's order as on the screen (a screen reader
    and Tab follow it): beside the map on a wide screen, just under it on a phone."""
    if state.district in set(atlas.districts["id"]):
        district_panel(atlas, state.district, state.moment)
        st.button("Clear district", key="clear_district", on_click=page_state.update,
                  args=(lambda current: current.with_changes(district=None),))
    if state.event in set(atlas.events["id"]):
        event_panel(atlas, state.event)
    if state.province:
        province_panel(atlas, state.province, state.moment)
        st.button("Clear province", key="clear_province", on_click=page_state.update,
                  args=(lambda current: current.with_changes(province=None),))
    st.markdown(md(atlas.summary_at(state.moment)))


def holder_of_district(row, faction_names: dict[str, str]) -> str:
    """``Taliban, control`` or ``Government vs Taliban, contested``: a district centre's holder."""
    return f"{holder_text(row, faction_names)}, {STATUS_LABELS[row['status']]}"


def districts_of_province(atlas: Atlas, code: str, moment: Moment) -> None:
    """The holders of the province's district centres at ``moment`` (from January 2015)."""
    if moment.day < DISTRICTS_FROM:
        return
    rows = atlas.districts_at(moment)
    rows = rows[rows["province_code"] == code]
    if rows.empty:
        return
    st.markdown(f"**Its districts** ({len(rows)}), by who held the district centre:")
    st.markdown("\n".join(f"- {md(row['district'])}: {md(holder_of_district(row, atlas.faction_names))}"
                          for row in rows.to_dict("records")))


def district_panel(atlas: Atlas, district_id: str, moment: Moment) -> None:
    """A district centre: its holder at ``moment``, and every period from 2015 to 2021 with its
    dates, confidence, sources and note."""
    district = atlas.districts.set_index("id").loc[district_id]
    st.subheader(f"{district['name']} district, {atlas.province_name(district['province_code'])}")
    if moment.day >= DISTRICTS_FROM:
        row = atlas.districts_at(moment).set_index("district_id").loc[district_id]
        when = f"End of {moment.label}" if moment.precision == "month" else moment.label
        st.markdown(f"**{md(when)}:** {md(holder_of_district(row, atlas.faction_names))} · confidence "
                    f"**{md(row['confidence'])}**")
    else:
        st.caption("The atlas follows district centres from January 2015; before that the province is the unit.")
    centre = district["centre"] or "not known"
    st.caption(f"District centre: {centre}. “Control” means the centre was held, not every village.")
    periods = atlas.district_periods[atlas.district_periods["district_id"] == district_id]
    lines = [{"start": r["start"], "end": r["end"], "factions": [r["faction"]], "status": r["status"],
              "confidence": r["confidence"], "source_ids": r["source_ids"], "note": r["note"]}
             for r in periods.to_dict("records")]
    show_periods(atlas, "Periods, 2015–2021", lines)
