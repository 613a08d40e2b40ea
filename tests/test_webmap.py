"""The folium map loads nothing from CDNs, sends the map script one init call, and never lets
text become markup."""
import json

import folium.elements
import streamlit_folium
from streamlit_folium import _get_feature_group_string, _get_map_string

from atlas_view.contract import ANSWER_ATTRIBUTE, ROOT_ATTRIBUTES, moment_payload
from atlas_view.styles import CHANGED_BORDER_WEIGHT, STATUS_BORDER_WEIGHT
from atlas_view.webmap import TILE_OPACITY, base_map, map_config, moment_layer, with_answer
from geo.dates import Moment

MAY_1997 = Moment.end_of_month(1997, 5)

ASSETS = {"map_js": "../generated/map-scripts-1.js", "leaflet_css": "../leaflet/leaflet.css",
          "atlas_css": "../static/atlas-map.css"}


def links(element):
    found = set()
    stack = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, folium.elements.JSCSSMixin):
            found |= {url for _, url in node.default_js + node.default_css}
        stack.extend(getattr(node, "_children", {}).values())
    return found


def dashboard_map():
    return base_map(ASSETS, map_config("g.json", "months.json"))


def init_config(script: str) -> dict:
    """The configuration passed to createAtlasMap in a rendered map script."""
    start = script.index("createAtlasMap(")
    arguments = script[start + len("createAtlasMap("):script.index(");", start)]
    return json.loads(arguments.split(", ", 1)[1])


def test_map_links_only_the_local_assets():
    folium_map = dashboard_map()
    moment_layer(moment_payload(MAY_1997), []).add_to(folium_map)
    assert links(folium_map) == set(ASSETS.values())


def test_base_map_script_is_the_same_for_every_year():
    first = _get_map_string(dashboard_map())
    assert first == _get_map_string(dashboard_map())  # streamlit-folium keys the component on it: no reload
    assert "FeatureCollection" not in first  # geometry is fetched, not inlined
    assert len(first) < 2500  # the behaviour lives in static/atlas-map.js, fetched once


def test_the_script_gets_the_names_it_needs_from_its_init_call():
    config = init_config(_get_map_string(dashboard_map()))
    assert config["geometry"] == "g.json" and config["monthTable"] == "months.json"
    assert config["attributes"] == ROOT_ATTRIBUTES and config["monthCount"] == 408
    assert config["report"] is True and config["timeBar"] is True
    assert config["playback"] == {"speeds": [1, 3, 6, 12], "speed": 6}
    assert config["legendKey"]["strongholdWidth"] == STATUS_BORDER_WEIGHT["stronghold"]
    assert config["legendKey"]["changedWidth"] == CHANGED_BORDER_WEIGHT


def test_moment_layer_reaches_streamlit_folium_with_moment_and_markers():
    # streamlit-folium builds the layer's script from each element's `script` macro; the
    # page's fast render path must not lose either part
    folium_map = dashboard_map()
    layer = moment_layer(moment_payload(MAY_1997, selected="AF-BAL"),
                         [{"id": "ev-x", "lat": 36.7, "lon": 67.1, "size": 16}])
    script = _get_feature_group_string(layer, map=folium_map)
    assert '"month":112' in script and '"param":"1997-05"' in script and '"selected":"AF-BAL"' in script
    assert script.count("atlasReceiveLayer(") == 1 and '"timeRequest":0' in script
    assert 'window.atlasMap.addServerMarkers(feature_group_feature_group_0, [{"id":"ev-x"' in script


def test_a_moment_layer_without_markers_adds_none():
    script = _get_feature_group_string(moment_layer(moment_payload(MAY_1997), []), map=dashboard_map())
    assert "addServerMarkers" not in script


def test_hostile_text_in_a_payload_stays_inside_its_script():
    layer = moment_layer(moment_payload(MAY_1997), [{"id": "ev-x", "title": "</script><script>alert(1)</script>"}])
    script = _get_feature_group_string(layer, map=dashboard_map())
    assert "</script>" not in script and "\\u003c/script\\u003e" in script


def test_a_day_layer_carries_its_own_styles_and_a_month_layer_none(atlas_view):
    month = moment_payload(MAY_1997)
    assert month["styles"] is None and month["legend"] is None and month["precision"] == "month"
    day = Moment.parse("1997-05-26")
    styles, legend = atlas_view.day_styles(day)
    payload = moment_payload(day, styles, legend)
    assert (payload["param"], payload["label"], payload["month"]) == ("1997-05-26", "26 May 1997", 112)
    assert set(payload["styles"]) == set(atlas_view.atlas.province_names) and payload["legend"]


def test_the_tiles_are_a_light_base_and_the_names_come_from_the_reference_layer():
    folium_map = base_map(ASSETS, map_config("g.json", "months.json", reference="reference.json"))
    script = _get_map_string(folium_map)
    assert init_config(script)["reference"] == "reference.json"  # fetched, not inlined
    tiles = [child for child in folium_map._children.values() if isinstance(child, folium.TileLayer)]
    assert [tile.options["opacity"] for tile in tiles] == [TILE_OPACITY] and TILE_OPACITY <= 0.4


def test_the_pages_answer_reaches_the_map_without_a_new_map_or_layer(monkeypatch):
    """The answer to the map's reports travels in the figure's HTML: a new answer changes that
    argument of streamlit-folium's component only. Its key (made from the map's script) and its
    layer stay, so the frame keeps its map and swaps nothing; the map script reads the answer
    from the render event (``atlasAnswerIn``, tests/js/report.test.js)."""
    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **arguments: sent.append(arguments))
    layer = moment_payload(MAY_1997, time_request=3)
    for answered in (4, 5):
        streamlit_folium.st_folium(with_answer(dashboard_map(), answered), key="atlas_map", render=False,
                                   feature_group_to_add=moment_layer(layer, []), returned_objects=["last_active_drawing"])
    first, second = sent
    assert f'<template {ANSWER_ATTRIBUTE}="4"></template>' in first["html"]
    assert f'<template {ANSWER_ATTRIBUTE}="5"></template>' in second["html"]
    assert [name for name in first if first[name] != second[name] and name != "on_change"] == ["html"]
    assert map_config("g.json")["answerAttribute"] == ANSWER_ATTRIBUTE
