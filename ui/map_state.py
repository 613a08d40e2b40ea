"""The map page's rules, as pure functions on its one state value (:class:`ui.url_state.MapState`):
what the map's report changes, what the page's own moves of the time change, which events the
map shows. No Streamlit here: :mod:`ui.state` keeps the value in the session and derives the
URL and the widgets from it.

Time has one owner, the map (``static/atlas-map.js``): its report (:class:`atlas_view.contract.Report`)
says which moment it shows, and the page takes it as it comes. The page moves the time itself
only for a chapter of the tour, an event chosen, or a link: :func:`move_time` then counts the
move in ``time_request``, and the map follows a layer whose count is newer than the last it
followed, so a layer sent for another reason never moves the map back.
"""
from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from atlas_view.contract import Marker, MomentLayer, Report, moment_payload
from atlas_view.presentation import AtlasView
from atlas_view.viewport import PLAYBACK_SPEEDS
from geo.atlas import Atlas
from geo.dates import Moment, date_precision, parse_partial_date
from geo.events import EVENT_KINDS, events_touching
from geo.story import Chapter
from ui.url_state import LAYERS, MapState


def apply_report(state: MapState, report: Report | None, province_codes: Collection[str],
                 event_ids: Collection[str], district_ids: Collection[str] = (), new_session: bool = False) -> MapState:
    """The state after the map's report: the moment it shows (a day or the end of a month), whether
    it plays, its speed, the view the reader chose, and the province or event clicked. A report
    that is None, a moment outside the axis, an unknown speed or id changes that part only not.

    >>> state = apply_report(MapState(), Report(1, "p", "1997-05", False, 3, (36.7, 67.1, 7), ("province", "AF-BAL"),
    ...                                         time_request=0), {"AF-BAL"}, set())
    >>> state.moment.param, state.speed, state.view, state.province
    ('1997-05', 3, (36.7, 67.1, 7), 'AF-BAL')
    """
    if report is None:
        return state
    changes: dict = {"answered_report": report.seq}
    # A report the map sent before it had followed the page's latest move of the time (a
    # chapter, an event chosen) says where the map was, not where the reader wants it: its
    # moment and view are not taken. (A new session after a reconnect starts its count anew.)
    if new_session or report.time_request >= state.time_request:
        changes["playing"] = report.playing
        try:
            changes["moment"] = Moment.parse(report.moment)
        except ValueError:
            pass
        if report.speed in PLAYBACK_SPEEDS:
            changes["speed"] = report.speed
        if report.view is not None:
            changes["view"] = report.view
    if report.click:
        kind, ident = report.click
        if kind == "province" and ident in province_codes:
            changes["province"] = ident
        elif kind == "event" and ident in event_ids:
            changes["event"] = ident
        elif kind == "district" and ident in district_ids:
            changes["district"] = ident
    return state.with_changes(**changes)


def move_time(state: MapState, moment: Moment) -> MapState:
    """The page moves the time (a chapter, an event chosen, a link): the map will follow."""
    return state.with_changes(moment=moment, playing=False, time_request=state.time_request + 1,
                              requested_moment=moment)


def choose_event(state: MapState, event_id: str | None, dates_by_event: dict[str, str]) -> MapState:
    """Select an event (None: none) and, for an event, show the moment it happened: its day, or
    the end of its month or year, as precisely as its date is known."""
    if not event_id:
        return state.with_changes(event=None)
    return move_time(state, event_moment(dates_by_event[event_id])).with_changes(event=event_id)


def select_province(state: MapState, code: str | None, province_codes: Collection[str]) -> MapState:
    """Select a province (None, or a code not of the atlas: none)."""
    return state.with_changes(province=code if code in province_codes else None)


PLACE_ZOOM = 8  # a place found by the search is shown at this zoom, its province around it


def find(state: MapState, option: str | None, province_codes: Collection[str],
         places: dict[str, tuple[str, float, float]]) -> MapState:
    """What "Find a province" does with the option chosen: a province code selects the province;
    a place id (``places``: id -> (province code, lat, lon)) selects the place's province and
    moves the map to the place.

    >>> state = find(MapState(), "mazar-e-sharif", {"AF-BAL"}, {"mazar-e-sharif": ("AF-BAL", 36.709, 67.111)})
    >>> state.province, state.view
    ('AF-BAL', (36.709, 67.111, 8))
    >>> find(state, "AF-BAL", {"AF-BAL"}, {}).view  # a province alone leaves the view
    (36.709, 67.111, 8)
    """
    if option in places:
        code, lat, lon = places[option]
        return select_province(state, code, province_codes).with_changes(view=(round(lat, 4), round(lon, 4), PLACE_ZOOM))
    return select_province(state, option, province_codes)


def nothing_selected(state: MapState) -> bool:
    """No province, event or district is open (the page then shows how to begin)."""
    return not (state.province or state.event or state.district)


def with_layers(state: MapState, territory: bool, events: bool, districts: bool = True) -> MapState:
    return state.with_changes(layers=frozenset(name for name, on in zip(LAYERS, (territory, events, districts)) if on))


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


def every_kind_chosen(state: MapState) -> bool:
    """Every event kind is chosen in the filter."""
    return set(state.kinds) >= set(EVENT_KINDS)


def shown_events(state: MapState, atlas: Atlas, moment: Moment | None = None) -> pd.DataFrame:
    """The events the map shows at ``moment`` (default: the state's): none with the events layer
    off; those of the twelve months up to it (with ``fade``, every earlier one too); only the
    chosen kinds."""
    moment = moment or state.moment
    if "events" not in state.layers:
        return atlas.events.iloc[0:0]
    if state.fade:
        chosen = events_touching(atlas.events, atlas.events["first_day"].min(), moment.window[1])
    else:
        chosen = atlas.events_around(moment)
    return chosen if every_kind_chosen(state) else chosen[chosen["kind"].isin(state.kinds)]


def shows_default_markers(state: MapState) -> bool:
    """The markers on the map are the month table's set: events on, every kind, no earlier
    years, no event selected, no chapter's highlights."""
    return ("events" in state.layers and not state.fade and not state.event and every_kind_chosen(state)
            and not state.story)


def layer_moment(state: MapState) -> Moment:
    """The moment the map's layer names: the state's, when the layer brings that moment's own
    markers or looks (the reader's filters, a chapter, an event, a day); else, for a month with
    the month table's default markers, where the page's last move of the time took the map. The
    map paints such a month from its table, so a step the reader makes changes nothing in the
    layer, and the frame has nothing to redo (the page's answer reaches the map on its own,
    :func:`atlas_view.webmap.with_answer`).

    >>> stepped = MapState(moment=Moment.parse("1997-06"), requested_moment=Moment.parse("1997-05"))
    >>> layer_moment(stepped).param, layer_moment(stepped.with_changes(fade=True)).param
    ('1997-05', '1997-06')
    """
    if state.moment.precision == "day" or not shows_default_markers(state) or state.requested_moment is None:
        return state.moment
    return state.requested_moment


def moment_layer_for(state: MapState, atlas: Atlas, view: AtlasView,
                     chapter: Chapter | None = None) -> tuple[MomentLayer, list[Marker]]:
    """What the map's moment layer carries for ``state`` (and the open ``chapter``; ``view`` is
    ``atlas`` presented, :func:`atlas_view.presentation.present`): the payload
    (:func:`atlas_view.contract.moment_payload`: the moment, the options, a day's looks) and the
    event markers. A month with the default markers sends none: the month table the map
    already shows holds the same set (``tests/test_markers.py`` checks every month). A chapter's
    events are on the map whatever the filters."""
    highlighted_events = set(chapter.events) if chapter else set()
    default_markers = shows_default_markers(state)
    moment = layer_moment(state)
    day_styles, day_legend = view.day_styles(moment) if moment.precision == "day" else (None, ())
    payload = moment_payload(moment, day_styles, day_legend, state.province, state.event,
                             show_territory="territory" in state.layers, show_labels=state.labels,
                             show_events="events" in state.layers, default_markers=default_markers,
                             highlighted=chapter.provinces if chapter else (), chapter=chapter.order if chapter else None,
                             time_request=state.time_request, show_districts="districts" in state.layers,
                             selected_district=state.district)
    if default_markers and moment.precision == "month":
        return payload, []
    shown = shown_events(state, atlas, moment)
    if highlighted_events:
        shown = atlas.events[atlas.events["id"].isin(set(shown["id"]) | highlighted_events)]
    return payload, view.markers(shown, moment, highlighted_events | {state.event})
