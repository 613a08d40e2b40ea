"""The contract between Python and the map script, read from both sides: payloads built in
Python are read by the real atlas-map.js in Chromium, and what the script reports for a click
is parsed by Python's parse_map_click."""
import json

import pytest

from atlas_view.contract import parse_map_click
from atlas_view.export import inline_script, leaflet_files
from atlas_view.safety import safe_json
from atlas_view.webmap import ATLAS_CSS, ATLAS_JS, STATIC_DIR, map_config, year_payload

YEAR = 1997
SELECTED_EVENT = "ev-1998-taliban-capture-mazar"


@pytest.fixture
def map_page(page, tmp_path, atlas, atlas_view):
    """A bare page with Leaflet and atlas-map.js, initialised with a MapConfig built in Python
    and painted with a YearLayer (styles included, as in the export) and its markers."""
    leaflet_js, leaflet_css = leaflet_files()
    geometry = json.loads(atlas.provinces.to_json(drop_id=True))
    payload = year_payload(YEAR, atlas_view.styles_by_year[YEAR], selected="AF-BAL", legend=atlas_view.legends[YEAR])
    markers = atlas_view.markers(atlas.events_by_year[YEAR], YEAR)
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<style>{inline_script(leaflet_css)}{(STATIC_DIR / ATLAS_CSS).read_text()} #map {{height: 700px}}</style>
<script>{inline_script(leaflet_js)}</script><script>{inline_script((STATIC_DIR / ATLAS_JS).read_text())}</script>
</head><body><div id="map"></div><script>
window.__GLOBAL_DATA__ = {{}};  // where streamlit-folium collects what it returns
var map = L.map('map').setView([34, 66], 6);
atlasInit(map, {safe_json(map_config(geometry))});
Object.assign(window.atlas, {safe_json(payload)});
window.atlas.layerYear = {YEAR};
window.atlas.apply();
var group = L.featureGroup().addTo(map);
window.atlas.addMarkers(group, {safe_json(markers)});
</script></body></html>"""
    path = tmp_path / "contract.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-year') === '1997'")
    return page, payload, markers


def test_the_script_paints_every_province_as_python_styled_it(map_page):
    page, payload, _ = map_page
    for code, packed in payload["styles"].items():
        path = page.locator(f"path.province-{code}")
        assert path.get_attribute("data-fill") == payload["palette"][packed["s"]]["fillColor"], code
        assert path.get_attribute("data-label") == packed["l"], code
        if packed["h"]:
            assert path.get_attribute("fill").startswith("url(#hatch-"), code


def test_the_legend_lists_the_holders_python_sent(map_page):
    page, payload, _ = map_page
    legend = page.locator(".atlas-legend").inner_text()
    assert f"Holder at the end of {YEAR}" in legend
    for _, name in payload["legend"]:
        assert name in legend


def test_the_selected_province_is_outlined(map_page):
    page, _, _ = map_page
    assert page.locator("path.province-AF-BAL").get_attribute("stroke-width") == "4"


def test_a_province_click_returns_its_code(map_page):
    page, _, _ = map_page
    page.evaluate("""() => {
        const layer = window.atlas.layer.getLayers().find(l => l.feature.properties.province_code === 'AF-FYB');
        layer.fire('click', {latlng: layer.getCenter()});
    }""")
    returned = page.evaluate("() => ({last_active_drawing: window.__GLOBAL_DATA__.last_active_drawing})")
    click = parse_map_click(returned)
    assert (click.kind, click.id, click.count) == ("province", "AF-FYB", 1)


def test_a_marker_click_returns_the_event_id_and_each_click_counts(map_page):
    page, _, markers = map_page
    first = markers[0]["id"]
    marker = page.locator(f".atlas-event.event-{first}").first
    marker.click(force=True)
    returned = page.evaluate("() => ({last_active_drawing: window.__GLOBAL_DATA__.last_active_drawing})")
    click = parse_map_click(returned)
    assert (click.kind, click.id) == ("event", first)
    page.evaluate("() => window.atlas.map.closePopup()")  # the open popup may cover the marker
    marker.click(force=True)
    again = parse_map_click(page.evaluate("() => ({last_active_drawing: window.__GLOBAL_DATA__.last_active_drawing})"))
    assert again.id == first and again.count == click.count + 1 and again.page == click.page
