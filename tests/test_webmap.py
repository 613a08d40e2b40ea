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
    year_layer(1992, {"palette": [{}], "styles": {"AF-BAL": {"s": 0, "h": None, "l": "x"}}}).add_to(folium_map)
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
