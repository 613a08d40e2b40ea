"""The map page's rules, as small functions on the page's state (``st.session_state`` in
the page, a plain dict in the tests): which events the map shows, whether its markers are
the year table's default set, and what a click or a move on the map changes.

State keys used here: ``month`` and ``day`` (see :mod:`ui.time_steps`), ``province``,
``event``, ``view``, ``show_events``, ``fade``, ``kinds`` and ``_last_click`` (the last click
handled, so a click reported twice is handled once).
"""
from __future__ import annotations

from collections.abc import Collection, MutableMapping

import pandas as pd

from atlas_view.contract import parse_map_click, parse_map_view, parse_view_chosen
from atlas_view.viewport import LAT_RANGE, LON_RANGE, ZOOM_RANGE
from geo.atlas import Atlas
from geo.dates import Moment, date_precision, parse_partial_date
from geo.events import EVENT_KINDS, events_touching
from ui import time_steps

LAST_CLICK = "_last_click"


def every_kind_chosen(state: MutableMapping) -> bool:
    """Every event kind is chosen in the filter."""
    return set(state.get("kinds", ())) >= set(EVENT_KINDS)


def shown_events(state: MutableMapping, atlas: Atlas, moment: Moment) -> pd.DataFrame:
    """The events the map shows at ``moment``: none with the events layer off; those of the
    twelve months up to it (with ``fade``, every earlier one too); only the chosen kinds."""
    if not state.get("show_events", True):
        return atlas.events.iloc[0:0]
    if state.get("fade"):
        chosen = events_touching(atlas.events, atlas.events["first_day"].min(), moment.window[1])
    else:
        chosen = atlas.events_around(moment)
    return chosen if every_kind_chosen(state) else chosen[chosen["kind"].isin(state.get("kinds", ()))]


def shows_default_markers(state: MutableMapping) -> bool:
    """The markers on the map are the year table's set: events on, every kind, no earlier
    years, no event selected."""
    return (bool(state.get("show_events", True)) and not state.get("fade") and not state.get("event")
            and every_kind_chosen(state))


def apply_map_result(state: MutableMapping, result: object, province_codes: Collection[str],
                     event_ids: Collection[str]) -> bool:
    """Turn what the map returned (a move, a click on a province or a marker, a paused
    playback) into the page's state. A view the reader chose (or the link gave) is kept for the
    link; the map's own fit of the country is not, so the link then opens fitted to whoever
    opens it. A click selects the province or the event whose id it carries; a paused playback
    shows the month it stopped on; a malformed value, an unknown id or a click already handled
    changes nothing. Returns True when the selected province or event or the moment changed."""
    view = parse_map_view(result, LAT_RANGE, LON_RANGE, ZOOM_RANGE)
    if view is not None and parse_view_chosen(result):
        state["view"] = view
    click = parse_map_click(result)
    if click is None or (click.page, click.count) == state.get(LAST_CLICK):
        return False
    state[LAST_CLICK] = (click.page, click.count)
    before = (state.get("province"), state.get("event"), state.get("month"), state.get("day"))
    if click.kind == "province" and click.id in province_codes:
        state["province"] = click.id
    elif click.kind == "event" and click.id in event_ids:
        state["event"] = click.id
    elif click.kind == "moment" and len(click.id) == 7:
        try:
            time_steps.show(state, Moment.parse(click.id))
        except ValueError:
            pass
    return (state.get("province"), state.get("event"), state.get("month"), state.get("day")) != before


def map_has_reported(result: object) -> bool:
    """Whether the map has reported its view at least once (before that, streamlit-folium
    returns its defaults, with no centre)."""
    return parse_map_view(result, LAT_RANGE, LON_RANGE, ZOOM_RANGE) is not None


def change_days(state: MutableMapping, atlas: Atlas) -> tuple:
    """The days of recorded changes that Previous/Next change move between: of the selected
    province, else of any province."""
    return atlas.province_change_days.get(state.get("province"), atlas.change_days)


def choose_event(state: MutableMapping, event_id: str | None, dates_by_event: dict[str, str]) -> None:
    """Select an event (None: none) and, for an event, show the moment it happened: its day, or
    the end of its month or year, as precisely as its date is known."""
    state["event"] = event_id
    if event_id:
        time_steps.show(state, event_moment(dates_by_event[event_id]))


def event_moment(date: str) -> Moment:
    """The moment an event dated ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) is shown at.

    >>> event_moment("1998-08-08").label, event_moment("1997-05").label, event_moment("2001").label
    ('8 August 1998', 'May 1997', 'December 2001')
    """
    first = parse_partial_date(date)
    precision = date_precision(date)
    if precision == "day":
        return Moment(first, "day")
    return Moment.end_of_month(first.year, first.month if precision == "month" else 12)
