"""The folium map loads nothing from CDNs and never lets text become markup."""
import folium.elements
from streamlit_folium import _get_map_string

from geo.webmap import base_map, safe_json, year_layer

ASSETS = {"leaflet_js": "../leaflet/leaflet.js", "leaflet_css": "../leaflet/leaflet.css",
          "atlas_js": "../static/atlas-map.js", "atlas_css": "../static/atlas-map.css"}


def links(element):
    found = set()
    stack = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, folium.elements.JSCSSMixin):
            found |= {url for _, url in node.default_js + node.default_css}
        stack.extend(getattr(node, "_children", {}).values())
    return found


def test_map_links_only_the_local_assets():
    folium_map = base_map(ASSETS, geometry_url="../data/provinces.geojson")
    year_layer(1992).add_to(folium_map)
    assert links(folium_map) == set(ASSETS.values())


def test_base_map_script_is_the_same_for_every_year():
    first = _get_map_string(base_map(ASSETS, geometry_url="g.json"))
    second = _get_map_string(base_map(ASSETS, geometry_url="g.json"))
    assert first == second  # streamlit-folium keys the component on it: same script, no reload
    assert '"g.json"' in first and "FeatureCollection" not in first  # geometry is fetched, not inlined
    assert len(first) < 2000  # the behaviour lives in static/atlas-map.js, fetched once


def test_json_in_scripts_cannot_close_the_script_element():
    text = safe_json({"label": "</script><img src=x onerror=alert(1)>"})
    assert "</script>" not in text and "<img" not in text


def test_brief_details_in_the_app_full_details_in_the_export():
    from geo.webmap import event_details
    event = {"id": "ev-1998-x", "title": "T", "date": "1998-08-08", "end_date": "", "kind": "capture",
             "place": "Mazar", "side_a": "taliban", "side_b": "wahdat", "outcome": "taken", "confidence": "high",
             "description": "<b>desc</b>", "source_ids": "s1", "fatalities_low": None, "fatalities_high": 600}
    sources = {"s1": {"citation": "Report", "url": "javascript:alert(1)"}}
    brief = event_details(event, {"taliban": "Taliban"}, sources, full=False)
    full = event_details(event, {"taliban": "Taliban"}, sources, full=True)
    assert "description" not in brief and brief["sourceCount"] == 1 and brief["deaths"] == "600"
    assert brief["sideA"] == "Taliban" and (brief["start"], brief["until"]) == ("8 August 1998", "")
    assert full["description"] == "<b>desc</b>"  # plain text: the browser sets it with textContent
    assert full["sources"] == [["Report", ""]]  # a javascript: URL is dropped, the citation kept


def test_year_layer_reaches_streamlit_folium_with_year_and_markers():
    # streamlit-folium builds the layer's script from each element's `script` macro; the
    # page's fast render path must not lose either part
    from streamlit_folium import _get_feature_group_string

    from geo.webmap import EventMarkers
    folium_map = base_map(ASSETS, geometry_url="g.json")
    layer = year_layer(1998)
    EventMarkers([{"id": "ev-x", "lat": 36.7, "lon": 67.1, "size": 16}]).add_to(layer)
    script = _get_feature_group_string(layer, map=folium_map)
    assert '"year":1998' in script and "atlas.apply()" in script
    assert 'window.atlas.addMarkers(feature_group_feature_group_0, [{"id":"ev-x"' in script


def test_markers_fan_out_fade_and_highlight():
    from geo.webmap import place_markers
    point = {"lat": 36.7, "lon": 67.1, "size": 16}
    markers = place_markers([(1997, point | {"id": "a"}), (1998, point | {"id": "b"}), (1998, point | {"id": "c"})],
                            1998, selected_event="c")
    assert [m["id"] for m in markers] == ["a", "b", "c"]
    assert "shift" not in markers[0] and markers[1]["shift"] != markers[2]["shift"]  # fanned out around the point
    assert all((m["lat"], m["lon"]) == (36.7, 67.1) for m in markers)  # coordinates unchanged
    assert markers[0].get("faded") and not markers[1].get("faded")  # 1997 event seen in 1998
    assert markers[2]["selected"] and markers[2]["size"] == 22 and markers[1]["size"] == 16


def test_page_markers_match_the_export_rule(atlas):
    from geo.webmap import event_marker_specs
    for year in (1992, 1997, 1998, 2001):
        events = atlas.events_by_year[year]
        expected = event_marker_specs(events, atlas.faction_names, atlas.sources_by_id, year, "ev-1998-taliban-capture-mazar")
        assert atlas.markers(events, year, "ev-1998-taliban-capture-mazar") == expected


def test_year_table_carries_each_years_default_markers(atlas):
    import json
    table = json.loads(atlas.year_table_json)
    for year in (1988, 1998, 2001, 2017):
        assert table["years"][str(year)]["markers"] == atlas.markers(atlas.events_by_year[year], year)
    assert not any(m.get("selected") for y in table["years"].values() for m in y["markers"])
