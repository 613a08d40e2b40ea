"""A single self-contained HTML file of the animated map, for articles and slides.

Usage: ``python -m geo.export [OUTPUT_DIR]`` (default ``dist/``, or ``$EXPORT_DIR``); writes
``junbish-atlas.html``. Leaflet's script and stylesheet, the boundaries, every year's styles
and every event are inlined, so the file works opened from disk with no network. Base tiles
are left out for the same reason; the provinces are drawn on a plain background.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from branca.element import Element, MacroElement
from jinja2 import Template

from geo.atlas import Atlas, load_atlas
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import events_in
from geo.webmap import ATLAS_CSS, ATLAS_JS, STATIC_DIR, base_map, event_marker_specs, safe_json, year_payload

EXPORT_FILE = "junbish-atlas.html"
DEFAULT_EXPORT_DIR = Path("dist")
START_YEAR = 1992


def leaflet_files() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS from the installed django-js-lib-leaflet package."""
    import js_lib_leaflet

    folder = Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"
    return (folder / "leaflet.js").read_text(encoding="utf-8"), (folder / "leaflet.css").read_text(encoding="utf-8")


class TimeControl(MacroElement):
    """A year slider and Play button on the map, driving every year's styles and events."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var atlas = window.atlas = window.atlas || {};
  var years = {{ this.years_json }};
  var eventLayers = {};
  function showYear(year) {
    var payload = years[String(year)];
    Object.assign(atlas, payload.view);
    Object.keys(eventLayers).forEach(function (y) { map.removeLayer(eventLayers[y]); });
    if (!eventLayers[year]) {
      eventLayers[year] = L.featureGroup();
      atlas.addMarkers(eventLayers[year], payload.markers);
    }
    eventLayers[year].addTo(map);
    slider.value = String(year);
    label.textContent = String(year);
    if (atlas.apply) { atlas.apply(); }
  }
  var control = L.control({position: 'topright'});
  var slider, label, play, timer = null;
  control.onAdd = function () {
    var box = L.DomUtil.create('div', 'atlas-time');
    L.DomEvent.disableClickPropagation(box);
    play = L.DomUtil.create('button', 'atlas-play', box);
    play.type = 'button'; play.textContent = 'Play';
    slider = L.DomUtil.create('input', 'atlas-year-slider', box);
    slider.type = 'range'; slider.min = '{{ this.first }}'; slider.max = '{{ this.last }}'; slider.step = '1';
    slider.setAttribute('aria-label', 'Year');
    label = L.DomUtil.create('strong', 'atlas-year-label', box);
    slider.addEventListener('input', function () { stop(); showYear(Number(slider.value)); });
    play.addEventListener('click', function () { timer ? stop() : start(); });
    return box;
  };
  function start() {
    if (Number(slider.value) >= {{ this.last }}) { showYear({{ this.first }}); }
    play.textContent = 'Pause';
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      if (next > {{ this.last }}) { stop(); return; }
      showYear(next);
    }, 1000);
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } if (play) { play.textContent = 'Play'; } }
  control.addTo(map);
  atlas.showYear = showYear;
  showYear({{ this.start }});
})();
{% endmacro %}
""")

    def __init__(self, years: dict, start: int):
        super().__init__()
        self._name = "TimeControl"
        self.years_json = safe_json(years)
        self.first, self.last, self.start = FIRST_YEAR, LAST_YEAR, start


def build_static_html(atlas: Atlas, start_year: int = START_YEAR) -> str:
    """The whole export as one HTML string."""
    leaflet_js, leaflet_css = leaflet_files()
    atlas_js = (STATIC_DIR / ATLAS_JS).read_text(encoding="utf-8")
    atlas_css = (STATIC_DIR / ATLAS_CSS).read_text(encoding="utf-8")
    folium_map = base_map({"leaflet_js": "", "leaflet_css": "", "atlas_js": "", "atlas_css": ""},
                          inline_geometry=atlas.geometry_json, tiles=False)
    folium_map.default_js, folium_map.default_css = [], []
    header = folium_map.get_root().header
    header.add_child(Element(f"<style>{leaflet_css}\n{atlas_css}</style>"), name="inline_css", index=0)
    for index, (name, script) in enumerate((("leaflet_js", leaflet_js), ("atlas_js", atlas_js)), start=1):
        safe_script = script.replace("</script", "<\\/script")
        header.add_child(Element(f"<script>{safe_script}</script>"), name=name, index=index)
    header.add_child(Element(
        "<style>html,body{margin:0;height:100%}.atlas-time{background:#fff;padding:6px 8px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3);display:flex;gap:8px;align-items:center;font:13px sans-serif}"
        ".atlas-year-slider{width:220px}.atlas-title{background:rgba(255,255,255,.9);padding:4px 8px;"
        "font:600 14px sans-serif;border-radius:4px}</style>"))
    folium_map.get_root().title = "Junbish Atlas: territory and battles of Junbish-i-Milli, 1988-2021"
    years = {}
    for year in atlas.years:
        markers = event_marker_specs(events_in(year, events=atlas.events), atlas.faction_names,
                                     atlas.sources_by_id, year, full_popups=True)
        years[str(year)] = {
            "view": year_payload(year, atlas.styles_by_year[year], legend=atlas.legends[year]),
            "markers": markers,
        }
    TimeControl(years, start_year).add_to(folium_map)
    folium_map.get_root().html.add_child(Element(
        '<div style="position:absolute;top:10px;left:60px;z-index:1000" class="atlas-title">'
        "Junbish Atlas · territory and battles of Junbish-i-Milli, 1988–2021 · data CC BY 4.0</div>"))
    return folium_map.get_root().render()


def write_export(output_dir: Path, atlas: Atlas | None = None) -> Path:
    """Write the export into ``output_dir``; return the file's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / EXPORT_FILE
    target.write_text(build_static_html(atlas or load_atlas()), encoding="utf-8")
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("EXPORT_DIR") or DEFAULT_EXPORT_DIR)
    written = write_export(folder)
    print(f"wrote {written} ({written.stat().st_size / 1024:.0f} KiB)")
