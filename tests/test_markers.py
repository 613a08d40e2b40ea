"""Event markers: popup fields, fanning out, fading, and one rule for the page and the export."""
from atlas_view.markers import arrange_markers, event_details, symbol_size

EVENT = {"id": "ev-1998-x", "title": "T", "date": "1998-08-08", "end_date": "", "kind": "capture",
         "place": "Mazar", "side_a": ("taliban",), "side_b": ("wahdat",), "outcome": "taken", "confidence": "high",
         "description": "<b>desc</b>", "source_ids": ("s1", "missing"), "fatalities_low": None,
         "fatalities_high": 600}


def test_brief_details_in_the_app_full_details_in_the_export():
    sources = {"s1": {"citation": "Report", "url": "javascript:alert(1)"}}
    brief = event_details(EVENT, {"taliban": "Taliban"}, sources, full=False)
    full = event_details(EVENT, {"taliban": "Taliban"}, sources, full=True)
    assert "description" not in brief and brief["sourceCount"] == 1 and brief["deaths"] == "up to 600"
    assert brief["sideA"] == "Taliban" and brief["sideB"] == "wahdat"
    assert (brief["start"], brief["until"]) == ("8 August 1998", "")
    assert full["description"] == "<b>desc</b>"  # plain text: the browser sets it with textContent
    assert full["sources"] == [["Report", ""]]  # a javascript: URL is dropped, the citation kept


def test_death_tolls_read_as_the_sources_give_them():
    def deaths(low, high):
        return event_details(EVENT | {"fatalities_low": low, "fatalities_high": high}, {}, {}, full=False)["deaths"]
    assert deaths(1000, 3000) == "1,000–3,000"
    assert deaths(2000, None) == "at least 2,000"  # "at least 2,000" (1997) is not "up to 2,000" (2001)
    assert deaths(None, 2000) == "up to 2,000"
    assert deaths(60, 60) == "60" and deaths(None, None) == ""


def test_deadlier_events_get_larger_symbols():
    assert symbol_size(None) < symbol_size(10) < symbol_size(10_000)


def test_markers_fan_out_fade_and_highlight():
    point = {"lat": 36.7, "lon": 67.1, "size": 16}
    markers = arrange_markers([point | {"id": "a"}, point | {"id": "b"}, point | {"id": "c"}], faded={"a"},
                              selected_event="c")
    assert [m["id"] for m in markers] == ["a", "b", "c"]
    assert "shift" not in markers[0] and markers[1]["shift"] != markers[2]["shift"]  # fanned out around the point
    assert all((m["lat"], m["lon"]) == (36.7, 67.1) for m in markers)  # coordinates unchanged
    assert markers[0].get("faded") and not markers[1].get("faded")
    assert markers[2]["selected"] and markers[2]["size"] == 22 and markers[1]["size"] == 16


def test_the_page_fades_events_outside_the_shown_month(atlas, atlas_view):
    from geo.dates import Moment
    may_1997 = Moment.end_of_month(1997, 5)
    markers = atlas_view.markers(atlas.events_around(may_1997), may_1997, "ev-1997-malik-defection")
    by_id = {m["id"]: m for m in markers}
    assert not by_id["ev-1997-malik-defection"].get("faded") and by_id["ev-1997-malik-defection"]["selected"]
    assert by_id["ev-1996-kabul-taliban"]["faded"]  # September 1996: in the twelve months, not in May 1997


def test_the_month_table_holds_each_months_default_markers(atlas, atlas_view):
    """Every month's: with the default layers the server's layer for a month brings no markers
    and the map shows the table's (ui.map_state.moment_layer_for), so they must be the ones it would have sent."""
    from geo.dates import MONTH_COUNT, Moment
    table = atlas_view.month_table
    for moment in (Moment.at_index(index) for index in range(MONTH_COUNT)):
        entry = table["months"][moment.index]
        from_table = [(table["markers"][i]["id"], bool(faded)) for i, _, _, faded in entry["m"]]
        expected = [(m["id"], bool(m.get("faded"))) for m in atlas_view.markers(atlas.events_around(moment), moment)]
        assert from_table == expected
