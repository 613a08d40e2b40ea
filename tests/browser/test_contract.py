"""The contract between Python and the map script, read from both sides: payloads built in
Python are read by the real map script in Chromium, and what the script reports through
window.Streamlit (a click, Play and Pause) is parsed by Python's parse_report."""
import json

import pytest
from playwright.sync_api import expect

from atlas_view.contract import moment_payload, parse_report
from atlas_view.export import inline_script, leaflet_files
from atlas_view.safety import safe_json
from atlas_view.webmap import ATLAS_CSS, STATIC_DIR, map_config, map_script_text
from geo.dates import Moment

MAY_1997 = Moment.end_of_month(1997, 5)


def open_map(page, tmp_path, atlas, config, payload, markers=()):
    """A bare page with Leaflet and atlas-map.js, initialised with a MapConfig built in Python
    and given a MomentLayer and its markers, as the server's layer gives them."""
    leaflet_js, leaflet_css = leaflet_files()
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<style>{inline_script(leaflet_css)}{(STATIC_DIR / ATLAS_CSS).read_text()} #map {{height: 700px}}</style>
<script>{inline_script(leaflet_js)}</script><script>{inline_script(map_script_text())}</script>
</head><body><div id="map"></div><script>
// streamlit-folium's frame gives the map the component library as window.Streamlit
window.reports = [];
window.Streamlit = {{setComponentValue: function (value) {{ window.reports.push(value); }}}};
var map = L.map('map').setView([34, 66], 6);
createAtlasMap(map, {safe_json(config)});
atlasReceiveLayer({safe_json(payload)});
var group = L.featureGroup().addTo(map);
window.atlasMap.addServerMarkers(group, {safe_json(list(markers))});
</script></body></html>"""
    path = tmp_path / "contract.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function(f"document.documentElement.getAttribute('data-atlas-moment') === '{payload['param']}'")
    return page


@pytest.fixture
def month_map(page, tmp_path, atlas, atlas_view):
    geometry = json.loads(atlas.provinces.to_json(drop_id=True))
    config = map_config(geometry, atlas_view.month_table, fill_frame=False)
    payload = moment_payload(MAY_1997, selected="AF-BAL", time_request=1)
    markers = atlas_view.markers(atlas.events_around(MAY_1997), MAY_1997)
    return open_map(page, tmp_path, atlas, config, payload, markers), atlas_view.month_table, markers


def last_report(page):
    return parse_report(page.evaluate("() => window.reports[window.reports.length - 1]"))


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
    for item in table["legends"][table["months"][MAY_1997.index]["g"]]:
        assert item[1] in legend  # the short name
    assert "Malik" in legend


def test_a_day_view_paints_the_styles_python_sent(page, tmp_path, atlas, atlas_view):
    day = Moment.parse("1997-05-26")
    styles, legend = atlas_view.day_styles(day)
    geometry = json.loads(atlas.provinces.to_json(drop_id=True))
    page = open_map(page, tmp_path, atlas, map_config(geometry, atlas_view.month_table, fill_frame=False),
                    moment_payload(day, styles, legend, time_request=1))
    balkh = styles["styles"]["AF-BAL"]
    assert page.locator("path.province-AF-BAL").get_attribute("data-label") == balkh["l"]
    assert "Taliban" in balkh["l"]  # 26 May 1997: the Taliban's four days in Mazar
    assert "Holder on 26 May 1997" in page.locator(".atlas-legend").inner_text()


def test_the_selected_province_is_outlined(month_map):
    page, _, _ = month_map
    assert page.locator("path.province-AF-BAL").get_attribute("stroke-width") == "4"


def test_a_province_click_reports_its_code(month_map):
    page, _, _ = month_map
    page.evaluate("""() => {
        const layer = window.atlasMap.provinceLayer().getLayers()
            .find(l => l.feature.properties.province_code === 'AF-FYB');
        layer.fire('click', {latlng: layer.getCenter()});
    }""")
    report = last_report(page)
    assert report.click == ("province", "AF-FYB") and report.moment == "1997-05" and report.view is None


def test_a_marker_click_reports_the_event_id_and_each_click_counts(month_map):
    page, _, markers = month_map
    first = markers[0]["id"]
    marker = page.locator(f".atlas-event.event-{first}").first
    marker.dispatch_event("click")
    report = last_report(page)
    assert report.click == ("event", first)
    page.evaluate("() => window.atlasMap.map.closePopup()")  # the open popup may cover the marker
    marker.dispatch_event("click")
    again = last_report(page)
    assert again.click == ("event", first) and again.seq == report.seq + 1 and again.page == report.page


def test_a_layer_that_breaks_the_contract_is_refused(month_map):
    page, _, _ = month_map
    refused = page.evaluate("() => atlasReceiveLayer({month: 'soon', param: '<b>'})")
    assert refused is False
    assert page.get_attribute("html", "data-atlas-moment") == "1997-05"


def test_the_page_moves_the_map_only_with_a_newer_time_request(month_map):
    page, _, _ = month_map
    layer = moment_payload(Moment.parse("1998-08-08"), time_request=2)
    page.evaluate(f"() => atlasReceiveLayer({safe_json(layer)})")
    assert page.get_attribute("html", "data-atlas-moment") == "1998-08-08"
    stale = moment_payload(MAY_1997, time_request=2)  # sent again for another reason: the map stays
    page.evaluate(f"() => atlasReceiveLayer({safe_json(stale)})")
    assert page.get_attribute("html", "data-atlas-month") == "1998-08"
    assert page.evaluate("() => window.reports.length") == 0  # the page's own moves are not reported back


def test_playback_paints_every_month_in_order_and_reports_play_and_pause(month_map):
    page, table, _ = month_map
    page.evaluate(f"""() => {{ window.__months = [];
        new MutationObserver(() => window.__months.push(document.documentElement.getAttribute('data-atlas-month')))
            .observe(document.documentElement, {{attributes: true, attributeFilter: ['data-atlas-month']}}); }}""")
    page.get_by_role("combobox", name="Speed, months per second").select_option("12")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("new Set(window.__months).size >= 24")
    assert last_report(page).playing is True
    page.get_by_role("button", name="Pause").click()
    indexes = [table["params"].index(p) for p in dict.fromkeys(page.evaluate("() => window.__months"))]
    assert len(indexes) >= 20 and indexes == list(range(indexes[0], indexes[0] + len(indexes)))  # none skipped
    report = last_report(page)
    assert not report.playing and report.moment == table["params"][indexes[-1]] and report.speed == 12


def test_markers_are_neutral_the_selected_one_takes_the_accent_and_the_legend_keys_every_symbol(
        page, tmp_path, atlas, atlas_view):
    from atlas_view.styles import MARKER_FILL, MARKER_OUTLINE, SELECTED_MARKER_FILL
    from geo.events import EVENT_KINDS
    events = atlas.events_around(MAY_1997)
    chosen = next(event_id for event_id in events["id"] if event_id in atlas_view.marker_fields)
    markers = atlas_view.markers(events, MAY_1997, selected_event=chosen)
    geometry = json.loads(atlas.provinces.to_json(drop_id=True))
    page = open_map(page, tmp_path, atlas, map_config(geometry, atlas_view.month_table, fill_frame=False),
                    moment_payload(MAY_1997, selected_event=chosen, time_request=1), markers)
    shapes = page.locator(".atlas-event svg g.atlas-shape")
    expect(shapes).to_have_count(len(markers))
    looks = shapes.evaluate_all("gs => gs.map(g => [g.closest('.atlas-event').classList.contains('selected'),"
                                " g.getAttribute('fill'), g.getAttribute('stroke')])")
    assert {tuple(look) for look in looks} == {(False, MARKER_FILL, MARKER_OUTLINE),
                                               (True, SELECTED_MARKER_FILL, MARKER_OUTLINE)}
    key = page.locator(".atlas-symbol-key")
    key.locator("summary").click()
    for kind in EVENT_KINDS:
        expect(key).to_contain_text(kind.capitalize())