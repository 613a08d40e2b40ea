"""The map page's rules: which events show, when the markers are the default set, and what a
click or a move on the map changes (forged or garbled values change nothing)."""
import math

import pytest

from geo.dates import Moment
from geo.events import EVENT_KINDS
from ui.map_state import (apply_map_result, choose_event, every_kind_chosen, map_has_reported, shown_events,
                          shows_default_markers)

CODES, EVENTS = {"AF-BAL", "AF-FYB"}, {"ev-1997-a", "ev-1998-b"}


def click(kind, ident, count=1, page="p1"):
    return {"last_active_drawing": {"type": "Feature", "geometry": None,
                                    "properties": {"atlasClick": {"kind": kind, "id": ident, "page": page,
                                                                  "count": count}}}}


def test_a_province_click_selects_the_province_by_its_code():
    state = {}
    assert apply_map_result(state, click("province", "AF-FYB"), CODES, EVENTS)
    assert state["province"] == "AF-FYB"


def test_an_event_click_selects_the_event_by_its_id():
    state = {"province": "AF-BAL"}
    assert apply_map_result(state, click("event", "ev-1998-b"), CODES, EVENTS)
    assert (state["province"], state["event"]) == ("AF-BAL", "ev-1998-b")


def test_the_same_click_reported_twice_is_handled_once_but_a_new_click_counts():
    state = {}
    apply_map_result(state, click("province", "AF-FYB"), CODES, EVENTS)
    state["province"] = None  # the reader cleared it
    assert not apply_map_result(state, click("province", "AF-FYB"), CODES, EVENTS)
    assert state["province"] is None
    assert apply_map_result(state, click("province", "AF-FYB", count=2), CODES, EVENTS)
    assert state["province"] == "AF-FYB"


@pytest.mark.parametrize("result", [
    None, [], "x", {"last_active_drawing": "AF-BAL"}, {"last_active_drawing": {"properties": []}},
    click("province", "AF-XXX"), click("event", "ev-2099-none"), click("parade", "AF-BAL"),
    click("province", ["AF-BAL"]), click("province", "AF-BAL", count="1"), click("province", "AF-BAL", count=True),
    click("province", "AF-BAL", count=-1), click("province", "<script>"), click("province", "AF-BAL", page=None),
    click("province", "x" * 500),
])
def test_forged_or_garbled_clicks_change_nothing(result):
    state = {"province": "AF-BAL", "event": None}
    assert not apply_map_result(state, result, CODES, EVENTS)
    assert state == {"province": "AF-BAL", "event": None} or set(state) == {"province", "event", "_last_click"}
    assert (state["province"], state["event"]) == ("AF-BAL", None)


CHOSEN = {"last_active_drawing": {"type": "Feature", "properties": {"atlasViewChosen": True}}}


def test_a_move_is_kept_for_the_link_rounded():
    state = {}
    apply_map_result(state, {"center": {"lat": 36.712345, "lng": 67.1}, "zoom": 7} | CHOSEN, CODES, EVENTS)
    assert state["view"] == (36.7123, 67.1, 7)
    apply_map_result(state, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": 5.5} | CHOSEN, CODES, EVENTS)
    assert state["view"] == (36.0, 67.1, 6)  # a half level, as a whole level


@pytest.mark.parametrize("carrier", [None, {"type": "Feature", "properties": {"atlasViewChosen": False}},
                                     {"type": "Feature", "properties": {"atlasViewChosen": "true"}},
                                     {"type": "Feature", "properties": {}}])
def test_the_maps_own_fit_of_the_country_is_not_kept_for_the_link(carrier):
    """The map reports the view it fitted the country to; a link carrying it would open at the
    sender's zoom on a reader's phone, showing part of the country."""
    state = {}
    fitted = {"center": {"lat": 33.9, "lng": 67.7}, "zoom": 5.5, "last_active_drawing": carrier}
    apply_map_result(state, fitted, CODES, EVENTS)
    assert "view" not in state
    state = {"view": (35.0, 66.0, 6)}  # a view the link gave, or the reader chose, stays
    apply_map_result(state, fitted, CODES, EVENTS)
    assert state["view"] == (35.0, 66.0, 6)


@pytest.mark.parametrize("view", [
    {"center": {"lat": "36", "lng": 67.1}, "zoom": 7}, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": "NaN"},
    {"center": {"lat": math.nan, "lng": 67.1}, "zoom": 7}, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": 1e300},
    {"center": {"lat": 1e300, "lng": 67.1}, "zoom": 7}, {"center": [36, 67], "zoom": 7},
    {"center": {"lat": 36.0, "lng": 67.1}, "zoom": 13}, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": None},
])
def test_forged_views_are_ignored(view):
    state = {"view": (35.0, 66.0, 6)}
    apply_map_result(state, view | CHOSEN, CODES, EVENTS)
    assert state["view"] == (35.0, 66.0, 6)


def test_the_page_knows_once_the_map_has_reported():
    assert not map_has_reported(None)
    assert not map_has_reported({"center": None, "zoom": None, "last_active_drawing": None})  # its defaults
    assert map_has_reported({"center": {"lat": 33.9, "lng": 67.7}, "zoom": 5.5, "last_active_drawing": None})


def test_default_markers_need_every_kind_no_fade_and_no_selected_event():
    every = {"show_events": True, "kinds": list(EVENT_KINDS), "fade": False, "event": None}
    assert every_kind_chosen(every) and shows_default_markers(every)
    assert not shows_default_markers(every | {"kinds": ["battle"]})
    assert not shows_default_markers(every | {"fade": True})
    assert not shows_default_markers(every | {"event": "ev-1998-b"})
    assert not shows_default_markers(every | {"show_events": False})


def test_a_paused_playback_moves_the_page_to_its_month():
    state = {"month": 0, "day": "1988-01-05"}
    assert apply_map_result(state, click("moment", "1997-05"), CODES, EVENTS)
    assert (state["month"], state["day"], state["_last_click"]) == (112, None, ("p1", 1))


@pytest.mark.parametrize("month", ["1997-13", "2030-01", "1997-05-26", "May"])
def test_a_forged_playback_month_changes_nothing(month):
    state = {"month": 5, "day": None}
    assert not apply_map_result(state, click("moment", month), CODES, EVENTS)
    assert (state["month"], state["day"]) == (5, None)


def test_shown_events_follow_the_layer_the_kinds_and_fade(atlas):
    may_1997 = Moment.end_of_month(1997, 5)
    every = {"show_events": True, "kinds": list(EVENT_KINDS), "fade": False}
    around = shown_events(every, atlas, may_1997)
    assert list(around["id"]) == list(atlas.events_around(may_1997)["id"])
    assert around["first_day"].max() <= may_1997.day and around["last_day"].min().year >= 1996
    assert shown_events(every | {"show_events": False}, atlas, may_1997).empty
    captures = shown_events(every | {"kinds": ["capture"]}, atlas, may_1997)
    assert set(captures["kind"]) == {"capture"}
    faded = shown_events(every | {"fade": True}, atlas, may_1997)
    assert len(faded) > len(around) and faded["first_day"].min().year == 1988


def test_choosing_an_event_shows_it_at_its_date():
    state = {"month": 0, "day": None}
    choose_event(state, "ev-1998-b", {"ev-1998-b": "1998-08-08"})
    assert (state["month"], state["day"], state["event"]) == (127, "1998-08-08", "ev-1998-b")
    choose_event(state, "ev-1997-a", {"ev-1997-a": "1997"})
    assert (state["month"], state["day"]) == (119, None)  # year precision: the end of the year
    choose_event(state, None, {})
    assert state["event"] is None and state["month"] == 119
