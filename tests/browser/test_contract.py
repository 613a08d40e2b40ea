"""The contract between Python and the map script, read from both sides: payloads built in
Python are read by the real atlas-map.js in Chromium, and what the script reports (a click, a
paused playback) is parsed by Python's parse_map_click."""
import json

import pytest
from playwright.sync_api import expect

from atlas_view.contract import parse_map_click
from atlas_view.export import inline_script, leaflet_files
from atlas_view.safety import safe_json
from atlas_view.webmap import ATLAS_CSS, ATLAS_JS, STATIC_DIR, map_config, moment_payload
from geo.dates import Moment

MAY_1997 = Moment.end_of_month(1997, 5)


def open_map(page, tmp_path, atlas, config, payload, markers=()):
    """A bare page with Leaflet and atlas-map.js, initialised with a MapConfig built in Python
    and given a MomentLayer and its markers, as the server's layer gives them."""
    leaflet_js, leaflet_css = leaflet_files()
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<style>{inline_script(leaflet_css)}{(STATIC_DIR / ATLAS_CSS).read_text()} #map {{height: 700px}}</style>
<script>{inline_script(leaflet_js)}</script><script>{inline_script((STATIC_DIR / ATLAS_JS).read_text())}</script>
</head><body><div id="map"></div><script>
window.__GLOBAL_DATA__ = {{}};  // where streamlit-folium collects what it returns
var map = L.map('map').setView([34, 66], 6);
atlasInit(map, {safe_json(config)});
Object.assign(window.atlas, {safe_json(payload)});
window.atlas.apply();
var group = L.featureGroup().addTo(map);
window.atlas.addMarkers(group, {safe_json(list(markers))});
</script></body></html>"""
    path = tmp_path / "contract.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function(f"document.documentElement.getAttribute('data-atlas-moment') === '{payload['param']}'")
    return page


@pytest.fixture
def month_map(page, tmp_path, atlas, atlas_view):
    geometry = json.loads(atlas.provinces.to_json(drop_id=True))
    config = map_config(geometry, atlas_view.month_table)
    payload = moment_payload(MAY_1997, selected="AF-BAL")
    markers = atlas_view.markers(atlas.events_around(MAY_1997), MAY_1997)
    return open_map(page, tmp_path, atlas, config, payload, markers), atlas_view.month_table, markers


def returned(page):
    return page.evaluate("() => ({last_active_drawing: window.__GLOBAL_DATA__.last_active_drawing})")


def test_the_script_paints_every_province_as_the_month_table_says(month_map):
    page, table, _ = month_map
    entry = table["months"][MAY_1997.index]
    for position, code in enumerate(table["provinces"]):
        style_index, hatch, label = table["states"][entry["p"][position]]
        path = page.locator(f"path.province-{code}")
        assert path.get_attribute("data-fill") == table["palette"][style_index]["fillColor"], code
        assert path.get_attribute("data-label") == label, code
        assert path.get_attribute("fill").startswith("url(#hatch-") == bool(hatch), code


def test_the_legend_lists_the_holders_of_the_month(month_map):
    page, table, _ = month_map
    legend = page.locator(".atlas-legend").inner_text()
    assert "Holder at the end of May 1997" in legend
    for _, name in table["legends"][table["months"][MAY_1997.index]["g"]]:
        assert name in legend
    assert "Malik" in legend


def test_a_day_view_paints_the_styles_python_sent(page, tmp_path, atlas, atlas_view):
    day = Moment.parse("1997-05-26")
    styles, legend = atlas_view.day_styles(day)
    geometry = json.loads(atlas.provinces.to_json(drop_id=True))
    page = open_map(page, tmp_path, atlas, map_config(geometry, atlas_view.month_table),
                    moment_payload(day, styles, legend))
    balkh = styles["styles"]["AF-BAL"]
    assert page.locator("path.province-AF-BAL").get_attribute("data-label") == balkh["l"]
    assert "Taliban" in balkh["l"]  # 26 May 1997: the Taliban's four days in Mazar
    assert "Holder on 26 May 1997" in page.locator(".atlas-legend").inner_text()


def test_the_selected_province_is_outlined(month_map):
    page, _, _ = month_map
    assert page.locator("path.province-AF-BAL").get_attribute("stroke-width") == "4"


def test_a_province_click_returns_its_code(month_map):
    page, _, _ = month_map
    page.evaluate("""() => {
        const layer = window.atlas.layer.getLayers().find(l => l.feature.properties.province_code === 'AF-FYB');
        layer.fire('click', {latlng: layer.getCenter()});
    }""")
    click = parse_map_click(returned(page))
    assert (click.kind, click.id, click.count) == ("province", "AF-FYB", 1)


def test_a_marker_click_returns_the_event_id_and_each_click_counts(month_map):
    page, _, markers = month_map
    first = markers[0]["id"]
    marker = page.locator(f".atlas-event.event-{first}").first
    marker.dispatch_event("click")
    click = parse_map_click(returned(page))
    assert (click.kind, click.id) == ("event", first)
    page.evaluate("() => window.atlas.map.closePopup()")  # the open popup may cover the marker
    marker.dispatch_event("click")
    again = parse_map_click(returned(page))
    assert again.id == first and again.count == click.count + 1 and again.page == click.page


def test_playback_paints_every_month_in_order_and_reports_where_it_paused(month_map):
    page, table, _ = month_map
    page.evaluate("() => { window.atlas.paintedMonths = []; window.atlas.setSpeed(12); }")
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Pause").click()
    painted = page.evaluate("() => window.atlas.paintedMonths")
    indexes = [table["params"].index(p) for p in painted]
    assert len(indexes) >= 20 and indexes == list(range(indexes[0], indexes[0] + len(indexes)))  # none skipped
    click = parse_map_click(returned(page))
    assert click.kind == "moment" and click.id == painted[-1]


def test_markers_take_their_kinds_colour_and_the_legend_keys_every_symbol(month_map):
    from atlas_view.styles import EVENT_KIND_COLOURS
    page, _, markers = month_map
    first = markers[0]
    fill = page.locator(f".atlas-event.event-{first['id']} svg g").first.get_attribute("fill")
    assert fill == EVENT_KIND_COLOURS[first["kind"]]
    key = page.locator(".atlas-symbol-key")
    key.locator("summary").click()
    for kind in EVENT_KIND_COLOURS:
        expect(key).to_contain_text(kind.capitalize())
