"""The map page's rules: which events show, when the markers are the default set, and what a
click or a move on the map changes (forged or garbled values change nothing)."""
import math

import pytest

from geo.events import EVENT_KINDS
from ui.map_state import apply_map_result, choose_event, every_kind_chosen, shown_events, shows_default_markers

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


def test_a_move_is_kept_for_the_link_rounded():
    state = {}
    apply_map_result(state, {"center": {"lat": 36.712345, "lng": 67.1}, "zoom": 7}, CODES, EVENTS)
    assert state["view"] == (36.7123, 67.1, 7)


@pytest.mark.parametrize("view", [
    {"center": {"lat": "36", "lng": 67.1}, "zoom": 7}, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": "NaN"},
    {"center": {"lat": math.nan, "lng": 67.1}, "zoom": 7}, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": 1e300},
    {"center": {"lat": 1e300, "lng": 67.1}, "zoom": 7}, {"center": [36, 67], "zoom": 7},
    {"center": {"lat": 36.0, "lng": 67.1}, "zoom": 6.5}, {"center": {"lat": 36.0, "lng": 67.1}, "zoom": None},
])
def test_forged_views_are_ignored(view):
    state = {"view": (35.0, 66.0, 6)}
    apply_map_result(state, view, CODES, EVENTS)
    assert state["view"] == (35.0, 66.0, 6)


def test_default_markers_need_every_kind_no_fade_and_no_selected_event():
    every = {"show_events": True, "kinds": list(EVENT_KINDS), "fade": False, "event": None}
    assert every_kind_chosen(every) and shows_default_markers(every)
    assert not shows_default_markers(every | {"kinds": ["battle"]})
    assert not shows_default_markers(every | {"fade": True})
    assert not shows_default_markers(every | {"event": "ev-1998-b"})
    assert not shows_default_markers(every | {"show_events": False})


def test_shown_events_follow_the_layer_the_kinds_and_fade(atlas):
    every = {"show_events": True, "kinds": list(EVENT_KINDS), "fade": False}
    assert list(shown_events(every, atlas, 1998)["id"]) == list(atlas.events_by_year[1998]["id"])
    assert shown_events(every | {"show_events": False}, atlas, 1998).empty
    captures = shown_events(every | {"kinds": ["capture"]}, atlas, 1998)
    assert set(captures["kind"]) == {"capture"}
    faded = shown_events(every | {"fade": True}, atlas, 1998)
    assert len(faded) > len(atlas.events_by_year[1998]) and faded["first_year"].min() == 1988


def test_choosing_an_event_moves_to_its_year_and_stops_playback():
    state = {"year": 1992, "playing": True}
    choose_event(state, "ev-1998-b", {"ev-1998-b": 1998})
    assert state == {"year": 1998, "playing": False, "event": "ev-1998-b"}
    choose_event(state, None, {})
    assert state["event"] is None and state["year"] == 1998
