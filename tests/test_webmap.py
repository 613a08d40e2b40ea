"""The folium map loads nothing from CDNs and never lets text become markup."""
import folium.elements
from streamlit_folium import _get_map_string

from geo.webmap import base_map, escape, safe_json, year_layer

LOCAL = ("../leaflet/leaflet.js", "../leaflet/leaflet.css")


def links(element):
    found = set()
    stack = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, folium.elements.JSCSSMixin):
            found |= {url for _, url in node.default_js + node.default_css}
        stack.extend(getattr(node, "_children", {}).values())
    return found


def test_map_links_only_the_local_leaflet():
    folium_map = base_map(*LOCAL, geometry_url="../data/provinces.geojson")
    year_layer(1992, {"AF-BAL": {"style": {}, "hatch": None, "label": "x"}}).add_to(folium_map)
    assert links(folium_map) == set(LOCAL)


def test_base_map_script_is_the_same_for_every_year():
    first = _get_map_string(base_map(*LOCAL, geometry_url="g.json"))
    second = _get_map_string(base_map(*LOCAL, geometry_url="g.json"))
    assert first == second  # streamlit-folium keys the component on it: same script, no reload
    assert '"g.json"' in first and "FeatureCollection" not in first  # geometry is fetched, not inlined


def test_json_in_scripts_cannot_close_the_script_element():
    text = safe_json({"label": "</script><img src=x onerror=alert(1)>"})
    assert "</script>" not in text and "<img" not in text


def test_escape_turns_markup_into_text():
    assert escape('<img src=x onerror="alert(1)">') == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert escape(None) == ""
