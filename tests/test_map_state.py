"""The map page's rules as pure functions of its one state: what the map's report changes, what
the page's own moves of the time change, which events show (forged or garbled values change
nothing)."""
import math

import pytest

from atlas_view.contract import Report, parse_report
from atlas_view.viewport import LAT_RANGE, LON_RANGE, ZOOM_RANGE
from geo.dates import Moment
from geo.events import EVENT_KINDS
from ui.map_state import (apply_report, choose_event, every_kind_chosen, move_time, select_province, shown_events,
                          shows_default_markers, with_layers)
from ui.url_state import MapState

CODES, EVENTS = {"AF-BAL", "AF-FYB"}, {"ev-1997-a", "ev-1998-b"}


def report(moment="1997-05", playing=False, speed=6, view=None, chosen=False, click=None, seq=1, page="p1",
           time_request=0):
    return {"seq": seq, "page": page, "moment": moment, "playing": playing, "speed": speed, "view": view,
            "viewChosen": chosen, "click": click, "timeRequest": time_request}


def applied(value, state=MapState()):
    return apply_report(state, parse_report(value, LAT_RANGE, LON_RANGE, ZOOM_RANGE), CODES, EVENTS)


def test_the_map_reports_the_moment_it_shows_and_the_page_takes_it():
    state = applied(report("2003-10"))
    assert state.moment == Moment.end_of_month(2003, 10) and not state.playing
    assert applied(report("1997-05-26")).moment.label == "26 May 1997"


def test_while_playing_the_page_knows_it_and_after_pause_it_shows_the_month_stopped_on():
    playing = applied(report("1995-01", playing=True, speed=12))
    assert playing.playing and playing.speed == 12
    paused = applied(report("1997-07", playing=False, speed=12), playing)
    assert not paused.playing and paused.moment.param == "1997-07" and paused.speed == 12


def test_a_click_selects_the_province_or_the_event_by_its_id():
    state = applied(report(click={"kind": "province", "id": "AF-FYB"}))
    assert state.province == "AF-FYB"
    state = applied(report(click={"kind": "event", "id": "ev-1998-b"}), state)
    assert (state.province, state.event) == ("AF-FYB", "ev-1998-b")


def test_a_view_the_reader_chose_is_kept_rounded_and_the_maps_own_fit_is_not():
    state = applied(report(view={"lat": 36.712345, "lon": 67.1, "zoom": 6.5}, chosen=True))
    assert state.view == (36.7123, 67.1, 6)
    kept = applied(report(view={"lat": 33.9, "lon": 67.7, "zoom": 5.5}, chosen=False), state)
    assert kept.view == (36.7123, 67.1, 6)
    assert applied(report(view=None)).view is None


@pytest.mark.parametrize("value", [
    None, [], "x", 5, {"seq": "1"}, report(moment="1997-13"), report(moment="May 1997"), report(moment=None),
    report(speed="6"), report(playing="false"), report(seq=-1), report(page=None), report(page="<script>"),
    report(click={"kind": "parade", "id": "AF-BAL"}), report(click={"kind": "province", "id": ["AF-BAL"]}),
    report(click={"kind": "province", "id": "x" * 500}), report(click="AF-BAL"),
    {**report(), **{f"k{i}": i for i in range(40)}},
])
def test_forged_or_garbled_reports_change_nothing(value):
    before = MapState(province="AF-BAL")
    assert applied(value, before) == before


@pytest.mark.parametrize("ident", ["AF-XXX", "ev-2099-none"])
def test_an_unknown_id_selects_nothing(ident):
    kind = "province" if ident.startswith("AF") else "event"
    state = applied(report(click={"kind": kind, "id": ident}), MapState(province="AF-BAL"))
    assert (state.province, state.event) == ("AF-BAL", None)


@pytest.mark.parametrize("view", [
    {"lat": "36", "lon": 67.1, "zoom": 7}, {"lat": 36.0, "lon": 67.1, "zoom": "NaN"},
    {"lat": math.nan, "lon": 67.1, "zoom": 7}, {"lat": 36.0, "lon": 67.1, "zoom": 1e300},
    {"lat": 1e300, "lon": 67.1, "zoom": 7}, [36, 67, 7], {"lat": 36.0, "lon": 67.1, "zoom": 13},
])
def test_forged_views_are_ignored_and_the_rest_of_the_report_is_taken(view):
    state = applied(report("1999-01", view=view, chosen=True), MapState(view=(35.0, 66.0, 6)))
    assert state.view == (35.0, 66.0, 6) and state.moment.param == "1999-01"


def test_an_unknown_speed_is_not_taken():
    assert applied(report(speed=7)).speed == MapState().speed


def test_the_pages_own_moves_of_the_time_are_counted_so_the_map_follows_only_them():
    state = MapState()
    moved = move_time(state, Moment.parse("1998-08-08"))
    assert moved.time_request == state.time_request + 1 and moved.moment.label == "8 August 1998"
    assert applied(report("1999-01"), moved).time_request == moved.time_request  # the map's own moves are not


def test_a_report_sent_before_the_map_followed_the_pages_move_does_not_undo_it():
    """The tour moves to a chapter while the map's report of the previous chapter is on its way:
    that report is older than the move, and the chapter's moment stays."""
    chapter = move_time(MapState(time_request=7), Moment.parse("2001-11-09"))
    late = applied(report("1998-08-08", time_request=7, click={"kind": "province", "id": "AF-BAL"}), chapter)
    assert late.moment.param == "2001-11-09" and late.province == "AF-BAL"  # the click is the reader's, and kept
    current = applied(report("2001-12", time_request=8), chapter)
    assert current.moment.param == "2001-12"  # a report after the map followed the move is the reader's


def test_choosing_an_event_shows_it_at_its_date():
    dates = {"ev-1998-b": "1998-08-08", "ev-1997-a": "1997"}
    state = choose_event(MapState(), "ev-1998-b", dates)
    assert (state.moment.param, state.event, state.time_request) == ("1998-08-08", "ev-1998-b", 1)
    state = choose_event(state, "ev-1997-a", dates)
    assert state.moment.param == "1997-12"  # year precision: the end of the year
    cleared = choose_event(state, None, dates)
    assert cleared.event is None and cleared.moment == state.moment


def test_only_a_province_of_the_atlas_is_selected():
    assert select_province(MapState(), "AF-BAL", CODES).province == "AF-BAL"
    assert select_province(MapState(province="AF-BAL"), "<b>", CODES).province is None


def test_default_markers_need_every_kind_no_fade_no_selected_event_and_no_chapter():
    every = MapState()
    assert every_kind_chosen(every) and shows_default_markers(every)
    assert not shows_default_markers(every.with_changes(kinds=frozenset({"battle"})))
    assert not shows_default_markers(every.with_changes(fade=True))
    assert not shows_default_markers(every.with_changes(event="ev-1998-b"))
    assert not shows_default_markers(with_layers(every, True, False))
    assert not shows_default_markers(every.with_changes(story=2))


def test_shown_events_follow_the_layer_the_kinds_and_fade(atlas):
    may_1997 = MapState(moment=Moment.end_of_month(1997, 5))
    around = shown_events(may_1997, atlas)
    assert list(around["id"]) == list(atlas.events_around(may_1997.moment)["id"])
    assert around["first_day"].max() <= may_1997.moment.day and around["last_day"].min().year >= 1996
    assert shown_events(with_layers(may_1997, True, False), atlas).empty
    captures = shown_events(may_1997.with_changes(kinds=frozenset({"capture"})), atlas)
    assert set(captures["kind"]) == {"capture"}
    faded = shown_events(may_1997.with_changes(fade=True), atlas)
    assert len(faded) > len(around) and faded["first_day"].min().year == 1988


def test_a_widget_value_we_never_offered_is_refused_and_logged_without_the_value(caplog):
    from ui.checks import known_or_none
    assert known_or_none("AF-BAL", CODES, "province_picker") == (True, "AF-BAL")
    assert known_or_none(None, CODES, "province_picker") == (True, None)
    for forged in ("AF-XXX<script>", ["AF-BAL"], {"a": 1}, "AF-BAL" * 100, 5):
        assert known_or_none(forged, CODES, "province_picker") == (False, None)
    assert "province_picker" in caplog.text and "script" not in caplog.text


def test_the_moment_layer_sends_markers_only_when_the_month_table_has_not_got_them(atlas, atlas_view):
    """A month with the default markers: no markers travel (the map shows the month table's);
    filtered kinds, earlier years or a day: the markers the filters leave, with the payload
    saying which set it is; a chapter's events whatever the filters."""
    from ui.map_state import moment_layer_for
    month = move_time(MapState(), Moment.end_of_month(1997, 5))
    payload, markers = moment_layer_for(month, atlas, atlas_view)
    assert payload["defaultMarkers"] and payload["param"] == "1997-05" and markers == []

    battles = month.with_changes(kinds=("battle",))
    payload, markers = moment_layer_for(battles, atlas, atlas_view)
    expected = shown_events(battles, atlas)
    assert not payload["defaultMarkers"] and markers == atlas_view.markers(expected, battles.moment, {None})
    assert {m["kind"] for m in markers} == {"battle"}

    day = move_time(MapState(), Moment.parse("1997-05-26"))
    payload, markers = moment_layer_for(day, atlas, atlas_view)
    assert payload["precision"] == "day" and payload["styles"] and markers

    chapter = atlas.story[8]  # the fall of the north, 1998: four events
    touring = move_time(MapState(), chapter.moment).with_changes(story=chapter.order, kinds=("political",))
    payload, markers = moment_layer_for(touring, atlas, atlas_view, chapter)
    assert set(chapter.events) <= {m["id"] for m in markers}
    assert payload["chapter"] == chapter.order and payload["highlighted"] == list(chapter.provinces)


def test_a_step_the_reader_makes_leaves_the_layer_as_it_was_unless_it_brings_markers(atlas, atlas_view):
    """The map paints a month with the default markers from its table, so the page's layer
    for it does not change as the reader steps (streamlit-folium then swaps nothing in the
    map's frame): it names the page's last move of the time. With filtered markers or a
    selected event the layer brings the month's own markers, and changes with the month."""
    from ui.map_state import moment_layer_for
    linked = move_time(MapState(), Moment.end_of_month(1997, 5))  # a link, a chapter, an event chosen
    report = Report(1, "p", "1997-09", False, 6, None, None, time_request=linked.time_request)
    stepped = apply_report(linked, report, {"AF-BAL"}, set())
    assert stepped.moment.param == "1997-09"
    assert moment_layer_for(stepped, atlas, atlas_view) == moment_layer_for(linked, atlas, atlas_view)

    battles = stepped.with_changes(kinds=("battle",))
    payload, _ = moment_layer_for(battles, atlas, atlas_view)
    assert payload["param"] == "1997-09" and not payload["defaultMarkers"]

    # the page's next move of the time is named, and the map follows it
    moved = move_time(stepped, Moment.end_of_month(2001, 11))
    payload, _ = moment_layer_for(moved, atlas, atlas_view)
    assert payload["param"] == "2001-11" and payload["timeRequest"] == moved.time_request
