"""The map page's rules, as small functions on the page's state (``st.session_state`` in
the page, a plain dict in the tests): which events the map shows, whether its markers are
the year table's default set, and what a click or a move on the map changes.

State keys used here: ``year``, ``province``, ``event``, ``view``, ``show_events``, ``fade``,
``kinds``, ``playing`` and ``_last_click`` (the last click handled, so a click reported twice
is handled once).
"""
from __future__ import annotations

from collections.abc import Collection, MutableMapping

import pandas as pd

from atlas_view.contract import parse_map_click, parse_map_view
from atlas_view.viewport import LAT_RANGE, LON_RANGE, ZOOM_RANGE
from geo.atlas import Atlas
from geo.dates import FIRST_YEAR
from geo.events import EVENT_KINDS, events_in

LAST_CLICK = "_last_click"


def every_kind_chosen(state: MutableMapping) -> bool:
    """Every event kind is chosen in the filter."""
    return set(state.get("kinds", ())) >= set(EVENT_KINDS)


def shown_events(state: MutableMapping, atlas: Atlas, year: int) -> pd.DataFrame:
    """The events the map shows in ``year``: none with the events layer off; with ``fade``
    also every earlier year's; only the chosen kinds."""
    if not state.get("show_events", True):
        return atlas.events.iloc[0:0]
    chosen = events_in((FIRST_YEAR, year), events=atlas.events) if state.get("fade") else atlas.events_by_year[year]
    return chosen if every_kind_chosen(state) else chosen[chosen["kind"].isin(state.get("kinds", ()))]


def shows_default_markers(state: MutableMapping) -> bool:
    """The markers on the map are the year table's set: events on, every kind, no earlier
    years, no event selected."""
    return (bool(state.get("show_events", True)) and not state.get("fade") and not state.get("event")
            and every_kind_chosen(state))


def apply_map_result(state: MutableMapping, result: object, province_codes: Collection[str],
                     event_ids: Collection[str]) -> bool:
    """Turn what the map returned (a move, a click on a province or a marker) into the page's
    state. A click selects the province or the event whose id it carries; a malformed value,
    an unknown id or a click already handled changes nothing. Returns True when the selected
    province or event changed."""
    view = parse_map_view(result, LAT_RANGE, LON_RANGE, ZOOM_RANGE)
    if view is not None:
        state["view"] = view
    click = parse_map_click(result)
    if click is None or (click.page, click.count) == state.get(LAST_CLICK):
        return False
    state[LAST_CLICK] = (click.page, click.count)
    before = (state.get("province"), state.get("event"))
    if click.kind == "province" and click.id in province_codes:
        state["province"] = click.id
    elif click.kind == "event" and click.id in event_ids:
        state["event"] = click.id
    return (state.get("province"), state.get("event")) != before


def choose_event(state: MutableMapping, event_id: str | None, years_by_event: dict[str, int]) -> None:
    """Select an event (None: none) and, for an event, show its first year."""
    state["event"] = event_id
    if event_id:
        state["year"] = years_by_event[event_id]
        state["playing"] = False
