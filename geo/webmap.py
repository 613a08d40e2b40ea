"""The folium map of the atlas, built so that the browser receives province geometry once.

The *base map* never changes between years: it loads the boundaries GeoJSON from a URL
(served by the app itself), draws the 34 provinces and defines ``window.atlas.apply()``.
The *year layer* is a small folium FeatureGroup carrying that year's style table (a few
KB) and its event markers; streamlit-folium swaps it in place without rebuilding the map.

All text placed in the page goes through ``textContent`` or :func:`html.escape`; nothing
from the data or the URL is inserted as markup.
"""
from __future__ import annotations

import html
import json

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

AFGHANISTAN_CENTRE = (33.9, 66.0)
AFGHANISTAN_BOUNDS = ((29.3, 60.4), (38.6, 75.0))
DEFAULT_ZOOM = 6
MAP_BACKGROUND = "#e9eef2"  # shown where base tiles are missing (offline): the map stays readable
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element: '<', '>' and '&' are escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class ProvinceLayer(MacroElement):
    """Fetches the boundaries from ``geometry_url`` (or uses ``inline_geometry``) and draws them.

    Styles come later from ``window.atlas.styles`` (see :class:`YearStyles`).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var atlas = window.atlas = window.atlas || {};
  atlas.map = map;
  atlas.provinceCount = 0;
  atlas.hatchIds = {};
  function hatchFill(colours) {
    var id = 'hatch-' + colours.join('-').replace(/#/g, '');
    if (!atlas.hatchIds[id]) {
      var svg = map.getPanes().overlayPane.querySelector('svg');
      if (!svg) { return colours[0]; }
      var ns = 'http://www.w3.org/2000/svg';
      var defs = svg.querySelector('defs') || svg.insertBefore(document.createElementNS(ns, 'defs'), svg.firstChild);
      var pattern = document.createElementNS(ns, 'pattern');
      pattern.setAttribute('id', id); pattern.setAttribute('patternUnits', 'userSpaceOnUse');
      pattern.setAttribute('width', '10'); pattern.setAttribute('height', '10');
      pattern.setAttribute('patternTransform', 'rotate(45)');
      [[0, colours[0]], [5, colours[1]]].forEach(function (stripe) {
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', stripe[0]); rect.setAttribute('y', '0');
        rect.setAttribute('width', '5'); rect.setAttribute('height', '10');
        rect.setAttribute('fill', stripe[1]);
        pattern.appendChild(rect);
      });
      defs.appendChild(pattern);
      atlas.hatchIds[id] = true;
    }
    return 'url(#' + id + ')';
  }
  atlas.apply = function () {
    if (!atlas.layer || !atlas.styles) { return; }
    atlas.layer.eachLayer(function (layer) {
      var code = layer.feature.properties.province_code;
      var entry = atlas.styles[code];
      if (!entry) { return; }
      var style = Object.assign({}, entry.style);
      if (atlas.selected === code) { style.weight = Math.max(style.weight, 4); style.color = '#000000'; }
      layer.setStyle(style);
      if (layer._path) {
        layer._path.setAttribute('fill', entry.hatch ? hatchFill(entry.hatch) : style.fillColor);
        layer._path.setAttribute('data-fill', style.fillColor);
        layer._path.setAttribute('data-label', entry.label);
      }
      var tip = document.createElement('span');
      tip.textContent = entry.label;
      layer.setTooltipContent(tip);
    });
    atlas.appliedYear = atlas.year;
    document.documentElement.setAttribute('data-atlas-year', String(atlas.year));
  };
  function draw(geojson) {
    atlas.layer = L.geoJSON(geojson, {
      style: function (feature) {
        return {className: 'atlas-province province-' + feature.properties.province_code,
                color: '#444444', weight: 1, fillColor: '#dddddd', fillOpacity: 0.4};
      },
      onEachFeature: function (feature, layer) {
        var tip = document.createElement('span');
        tip.textContent = feature.properties.province;
        layer.bindTooltip(tip, {sticky: true});
        layer.on('mouseover', function () { layer.setStyle({weight: 3}); layer.bringToFront(); });
        layer.on('mouseout', function () { atlas.apply(); });
        atlas.provinceCount += 1;
      }
    }).addTo(map);
    {% if this.show_labels %}
    atlas.layer.eachLayer(function (layer) {
      var label = document.createElement('span');
      label.textContent = layer.feature.properties.province;
      L.tooltip({permanent: true, direction: 'center', className: 'atlas-label', interactive: false})
        .setLatLng(layer.getCenter()).setContent(label).addTo(map);
    });
    {% endif %}
    atlas.apply();
    document.documentElement.setAttribute('data-atlas-provinces', String(atlas.provinceCount));
  }
  {% if this.inline_geometry %}
  draw({{ this.inline_geometry }});
  {% else %}
  fetch({{ this.geometry_url_json }}).then(function (r) { return r.json(); }).then(draw);
  {% endif %}
})();
{% endmacro %}
""")

    def __init__(self, geometry_url: str | None = None, inline_geometry: str | None = None,
                 show_labels: bool = False):
        super().__init__()
        self._name = "ProvinceLayer"
        self.geometry_url_json = safe_json(geometry_url)
        self.inline_geometry = inline_geometry.replace("</", "<\\/") if inline_geometry else None
        self.show_labels = show_labels


class YearStyles(MacroElement):
    """Sets ``window.atlas.styles`` for one year and repaints the provinces in place."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var atlas = window.atlas = window.atlas || {};
  atlas.year = {{ this.year }};
  atlas.styles = {{ this.styles_json }};
  atlas.selected = {{ this.selected_json }};
  if (atlas.apply) { atlas.apply(); }
})();
{% endmacro %}
""")

    def __init__(self, year: int, styles: dict, selected: str | None = None):
        super().__init__()
        self._name = "YearStyles"
        self.year = int(year)
        self.styles_json = safe_json(styles)
        self.selected_json = safe_json(selected)


def use_local_assets(folium_map: folium.Map, leaflet_js: str, leaflet_css: str) -> folium.Map:
    """Load Leaflet from the given URLs instead of folium's CDNs (and nothing else).

    folium's default Bootstrap, jQuery, Font Awesome and awesome-markers are not used by
    the atlas and are dropped, so the page makes no request off the machine.
    """
    folium_map.default_js = [("leaflet", leaflet_js)]
    folium_map.default_css = [("leaflet_css", leaflet_css)]
    return folium_map


def base_map(leaflet_js: str, leaflet_css: str, geometry_url: str | None = None,
             inline_geometry: str | None = None, tiles: bool = True, show_labels: bool = False) -> folium.Map:
    """The unchanging part of the map: background, optional OSM tiles, the province layer."""
    folium_map = folium.Map(
        location=AFGHANISTAN_CENTRE, zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=4, max_zoom=12,
        max_bounds=True, min_lat=24, max_lat=44, min_lon=52, max_lon=82, control_scale=True,
        prefer_canvas=False,
    )
    use_local_assets(folium_map, leaflet_js, leaflet_css)
    if tiles:
        folium.TileLayer("OpenStreetMap", attr=OSM_ATTRIBUTION, opacity=0.55).add_to(folium_map)
    folium_map.get_root().header.add_child(Element(
        f"<style>.leaflet-container{{background:{MAP_BACKGROUND};}}"
        ".atlas-label{background:transparent;border:none;box-shadow:none;font:600 11px sans-serif;"
        "color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff;}</style>"
    ))
    ProvinceLayer(geometry_url=geometry_url, inline_geometry=inline_geometry,
                  show_labels=show_labels).add_to(folium_map)
    return folium_map


def year_layer(year: int, styles: dict, selected: str | None = None) -> folium.FeatureGroup:
    """The per-year layer: style table for the provinces (event markers are added by callers)."""
    group = folium.FeatureGroup(name=f"Year {int(year)}", control=False)
    YearStyles(year, styles, selected).add_to(group)
    return group


def escape(text) -> str:
    """HTML-escape any value for popups and tooltips (None -> empty)."""
    return html.escape("" if text is None else str(text), quote=True)
