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
import math
import re

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.dates import format_partial_date

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
  // Leaflet focuses the map on mousedown; in an iframe that is only partly on screen the
  // browser then scrolls the page between mousedown and mouseup and the click lands elsewhere.
  if (map.keyboard) {
    map.keyboard.disable();
    map.keyboard._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({preventScroll: true}); }
    };
    map.keyboard.enable();
  }
  atlas.provinceCount = 0;
  atlas.addMarkers = function (group, markers) {
    var selectedMarker = null;
    markers.forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], {
        icon: L.divIcon({html: m.icon, iconSize: [m.size, m.size], iconAnchor: m.anchor, className: m.className}),
        zIndexOffset: m.selected ? 1000 : 0, riseOnHover: true, alt: m.alt
      });
      marker.bindTooltip(m.tooltip, {direction: 'top'});
      marker.bindPopup(m.popup, {maxWidth: 360});
      marker.addTo(group);
      if (m.selected) { selectedMarker = marker; }
    });
    if (selectedMarker) { setTimeout(function () { selectedMarker.openPopup(); }, 0); }
  };
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
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var box = L.DomUtil.create('div', 'atlas-legend');
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
  function swatch(box, fill, text, extra) {
    var row = document.createElement('div');
    var mark = document.createElement('span');
    mark.className = 'atlas-swatch';
    mark.style.background = fill;
    if (extra) { Object.assign(mark.style, extra); }
    var label = document.createElement('span');
    label.textContent = text;
    row.appendChild(mark); row.appendChild(label); box.appendChild(row);
  }
  function drawLegend() {
    var box = legend.getContainer();
    box.textContent = '';
    var title = document.createElement('strong');
    title.textContent = 'Holder at the end of ' + atlas.year;
    box.appendChild(title);
    if (atlas.showTerritory === false) {
      var off = document.createElement('div'); off.textContent = 'Territory layer off'; box.appendChild(off);
    } else {
      (atlas.legend || []).forEach(function (item) { swatch(box, item[0], item[1]); });
      var key = document.createElement('div'); key.className = 'atlas-legend-key';
      box.appendChild(key);
      swatch(key, '#999', 'stronghold', {border: '2.5px solid #444'});
      swatch(key, 'repeating-linear-gradient(45deg,#999 0 4px,#fff 4px 8px)', 'contested');
      swatch(key, 'rgba(153,153,153,0.3)', 'influence', {border: '1px dotted #444'});
      swatch(key, '#fff', 'low confidence', {border: '1px dashed #444'});
      swatch(key, '#fff', 'changed in the year', {border: '3px solid #111'});
    }
  }
  function drawLabels() {
    if (!atlas.layer) { return; }
    if (!atlas.labelLayer) {
      atlas.labelLayer = L.layerGroup();
      atlas.layer.eachLayer(function (layer) {
        var label = document.createElement('span');
        label.textContent = layer.feature.properties.province;
        L.tooltip({permanent: true, direction: 'center', className: 'atlas-label', interactive: false})
          .setLatLng(layer.getCenter()).setContent(label).addTo(atlas.labelLayer);
      });
    }
    if (atlas.showLabels) { atlas.labelLayer.addTo(map); } else { map.removeLayer(atlas.labelLayer); }
  }
  atlas.apply = function () {
    if (!atlas.layer || !atlas.styles) { return; }
    drawLegend();
    drawLabels();
    atlas.layer.eachLayer(function (layer) {
      var code = layer.feature.properties.province_code;
      var entry = atlas.styles[code];
      if (!entry) { return; }
      var style = Object.assign({}, entry.style);
      if (atlas.showTerritory === false) {
        style = {fillColor: '#ffffff', fillOpacity: 0.15, color: '#777777', weight: 1, dashArray: null, opacity: 1};
        entry = {style: style, hatch: null, label: layer.feature.properties.province};
      }
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

    def __init__(self, geometry_url: str | None = None, inline_geometry: str | None = None):
        super().__init__()
        self._name = "ProvinceLayer"
        self.geometry_url_json = safe_json(geometry_url)
        self.inline_geometry = inline_geometry.replace("</", "<\\/") if inline_geometry else None


class YearStyles(MacroElement):
    """Sets ``window.atlas.styles`` for one year and repaints the provinces in place."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var atlas = window.atlas = window.atlas || {};
  Object.assign(atlas, {{ this.payload_json }});
  if (atlas.apply) { atlas.apply(); }
})();
{% endmacro %}
""")

    def __init__(self, year: int, styles: dict, selected: str | None = None, legend=(),
                 show_territory: bool = True, show_labels: bool = False):
        super().__init__()
        self._name = "YearStyles"
        self.payload_json = safe_json({
            "year": int(year), "styles": styles, "selected": selected, "legend": list(legend),
            "showTerritory": bool(show_territory), "showLabels": bool(show_labels),
        })


def use_local_assets(folium_map: folium.Map, leaflet_js: str, leaflet_css: str) -> folium.Map:
    """Load Leaflet from the given URLs instead of folium's CDNs (and nothing else).

    folium's default Bootstrap, jQuery, Font Awesome and awesome-markers are not used by
    the atlas and are dropped, so the page makes no request off the machine.
    """
    folium_map.default_js = [("leaflet", leaflet_js)]
    folium_map.default_css = [("leaflet_css", leaflet_css)]
    return folium_map


def base_map(leaflet_js: str, leaflet_css: str, geometry_url: str | None = None,
             inline_geometry: str | None = None, tiles: bool = True) -> folium.Map:
    """The unchanging part of the map: background, optional OSM tiles, the province layer."""
    folium_map = folium.Map(
        location=AFGHANISTAN_CENTRE, zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=4, max_zoom=12,
        max_bounds=True, min_lat=24, max_lat=44, min_lon=52, max_lon=82, control_scale=True,
        prefer_canvas=False,
    )
    use_local_assets(folium_map, leaflet_js, leaflet_css)
    if tiles:
        folium.TileLayer("OpenStreetMap", attr=OSM_ATTRIBUTION, opacity=0.55).add_to(folium_map)
    folium_map.get_root().header.add_child(Element(f"<style>{MAP_CSS}</style>"))
    ProvinceLayer(geometry_url=geometry_url, inline_geometry=inline_geometry).add_to(folium_map)
    return folium_map


MAP_CSS = f"""
.leaflet-container {{ background: {MAP_BACKGROUND}; font: 12px/1.4 sans-serif; }}
.atlas-label {{ background: transparent; border: none; box-shadow: none; font: 600 11px sans-serif;
  color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }}
.atlas-label:before {{ display: none; }}
.atlas-legend {{ background: rgba(255,255,255,0.92); padding: 5px 7px; border-radius: 4px; font-size: 11px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 190px; max-height: 45%; overflow: auto; line-height: 1.25; }}
.atlas-legend div {{ display: flex; align-items: center; gap: 5px; margin-top: 1px; }}
.atlas-legend-key {{ display: block !important; border-top: 1px solid #ddd; margin-top: 4px; padding-top: 2px; }}
.atlas-swatch {{ display: inline-block; width: 12px; height: 10px; border: 1px solid #444; flex: none; }}
.atlas-event svg {{ overflow: visible; }}
.atlas-event.faded {{ opacity: 0.35; }}
.atlas-event.selected svg {{ filter: drop-shadow(0 0 3px #000); }}
.atlas-popup h4 {{ margin: 0 0 4px; font-size: 13px; }}
.atlas-popup p {{ margin: 4px 0; }}
.atlas-popup ul {{ margin: 2px 0; padding-left: 16px; }}
"""


def year_layer(year: int, styles: dict, selected: str | None = None, legend=(),
               show_territory: bool = True, show_labels: bool = False) -> folium.FeatureGroup:
    """The per-year layer: style table for the provinces; callers add the event markers."""
    group = folium.FeatureGroup(name=f"Year {int(year)}", control=False)
    YearStyles(year, styles, selected, legend, show_territory, show_labels).add_to(group)
    return group


def escape(text) -> str:
    """HTML-escape any value for popups and tooltips (None -> empty)."""
    return html.escape("" if text is None else str(text), quote=True)


# Event symbols: one SVG shape per kind, drawn in a 20x20 box centred on (10, 10).
KIND_SHAPES = {
    "battle": '<circle cx="10" cy="10" r="8"/>',
    "capture": '<rect x="3" y="3" width="14" height="14"/>',
    "withdrawal": '<polygon points="2,4 18,4 10,18"/>',
    "defection": '<polygon points="10,1 19,10 10,19 1,10"/>',
    "alliance": '<polygon points="10,1 18,6 18,14 10,19 2,14 2,6"/>',
    "massacre": '<polygon points="4,1 10,7 16,1 19,4 13,10 19,16 16,19 10,13 4,19 1,16 7,10 1,4"/>',
    "abuse": '<polygon points="10,1 19,18 1,18"/>',
    "political": '<polygon points="10,1 12.6,7 19,7.3 14,11.5 15.6,18 10,14.5 4.4,18 6,11.5 1,7.3 7.4,7"/>',
    "assassination": '<polygon points="7,1 13,1 13,7 19,7 19,13 13,13 13,19 7,19 7,13 1,13 1,7 7,7"/>',
    "deployment": '<polygon points="1,6 11,6 11,1 19,10 11,19 11,14 1,14"/>',
}
KIND_COLOURS = {"massacre": "#B2182B", "abuse": "#D6604D"}
EVENT_COLOUR = "#222222"
MIN_SYMBOL_PX, MAX_SYMBOL_PX = 16, 34


def symbol_size(fatalities_high) -> int:
    """Marker size in pixels: larger for deadlier events (log scale); base size when unknown."""
    if fatalities_high is None or pd.isna(fatalities_high) or fatalities_high <= 0:
        return MIN_SYMBOL_PX
    return int(min(MAX_SYMBOL_PX, MIN_SYMBOL_PX + 4 * math.log10(float(fatalities_high) + 1)))


def kind_svg(kind: str, size: int, fill: str | None = None) -> str:
    colour = fill or KIND_COLOURS.get(kind, EVENT_COLOUR)
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true">'
            f'<g fill="{colour}" fill-opacity="0.85" stroke="#fff" stroke-width="1.5">{KIND_SHAPES[kind]}</g></svg>')


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s), else None (never a javascript: or data: link)."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s\"'<>]+$", url) else None


def event_popup_html(event: dict, faction_names: dict[str, str], sources: dict[str, dict]) -> str:
    """The details shown when an event marker is clicked; every value escaped."""
    def sides(cell: str) -> str:
        return ", ".join(escape(faction_names.get(f, f)) for f in cell.split(";") if f) or "—"

    when = format_partial_date(event["date"])
    if event.get("end_date"):
        when += " – " + format_partial_date(event["end_date"])
    deaths = ""
    low, high = event.get("fatalities_low"), event.get("fatalities_high")
    if pd.notna(low) or pd.notna(high):
        figures = [f"{int(v):,}" for v in (low, high) if pd.notna(v)]
        deaths = f"<p><b>Deaths:</b> {escape(' to '.join(dict.fromkeys(figures)))} (as reported by the sources)</p>"
    items = []
    for source_id in event["source_ids"].split(";"):
        source = sources.get(source_id)
        if source is None:
            continue
        link = safe_url(source.get("url", ""))
        citation = escape(source.get("citation", source_id))
        items.append(f'<li><a href="{escape(link)}" target="_blank" rel="noopener noreferrer">{citation}</a></li>'
                     if link else f"<li>{citation}</li>")
    return (
        f'<div class="atlas-popup" data-event-id="{escape(event["id"])}">'
        f'<h4>{escape(event["title"])}</h4>'
        f"<p><b>{escape(when)}</b> · {escape(event['kind'])} · {escape(event['place'])}</p>"
        f"<p><b>Sides:</b> {sides(event['side_a'])} <i>vs</i> {sides(event.get('side_b', ''))}</p>"
        f"<p><b>Outcome:</b> {escape(event['outcome'])}</p>{deaths}"
        f"<p>{escape(event['description'])}</p>"
        f"<p><b>Confidence:</b> {escape(event['confidence'])}</p>"
        f"<p><b>Sources:</b></p><ul>{''.join(items)}</ul></div>"
    )


def event_tooltip(event: dict) -> str:
    """Plain hover text: title and date."""
    return f"{event['title']} ({format_partial_date(event['date'])})"


class EventMarkers(MacroElement):
    """Event markers added to the year layer by ``atlas.addMarkers`` (defined by the base
    map). Each marker's icon, hover text and popup are passed as JSON strings of escaped
    HTML, never through a template literal or jQuery."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.atlas.addMarkers({{ this._parent.get_name() }}, {{ this.markers_json }});
{% endmacro %}
""")

    def __init__(self, markers: list[dict]):
        super().__init__()
        self._name = "EventMarkers"
        self.markers_json = safe_json(markers)


def event_marker_specs(events: pd.DataFrame, faction_names: dict[str, str], sources: dict[str, dict],
                       year: int, selected_event: str | None = None) -> list[dict]:
    """What :class:`EventMarkers` draws for ``events`` (rows with ``first_year``) in ``year``.

    Symbol by kind, size by the highest death toll a source gives. Events from years before
    ``year`` are faded. Events at the same point are fanned out by a few pixels (their
    coordinates are not changed) so each can be clicked.
    """
    placed: dict[tuple[float, float], int] = {}
    markers = []
    for event in events.to_dict("records"):
        if event["location_precision"] == "unknown" or pd.isna(event["lat"]):
            continue
        point = (float(event["lat"]), float(event["lon"]))
        nth = placed.get(point, 0)
        placed[point] = nth + 1
        selected = event["id"] == selected_event
        size = symbol_size(event.get("fatalities_high")) + (6 if selected else 0)
        faded = event.get("first_year", year) < year
        angle = nth * 2.4
        shift = (0, 0) if nth == 0 else (round(9 * math.sqrt(nth) * math.cos(angle)),
                                         round(9 * math.sqrt(nth) * math.sin(angle)))
        markers.append({
            "lat": point[0], "lon": point[1], "size": size,
            "anchor": [size // 2 - shift[0], size // 2 - shift[1]],
            "icon": kind_svg(event["kind"], size),
            "className": "atlas-event" + (" faded" if faded else "") + (" selected" if selected else "")
                         + " event-" + re.sub(r"[^a-z0-9-]", "", event["id"]),
            "tooltip": escape(event_tooltip(event)),
            "alt": event_tooltip(event),
            "popup": event_popup_html(event, faction_names, sources),
            "selected": selected,
        })
    return markers


def add_event_markers(group: folium.FeatureGroup, events: pd.DataFrame, faction_names: dict[str, str],
                      sources: dict[str, dict], year: int, selected_event: str | None = None) -> None:
    """Add the markers of :func:`event_marker_specs` to ``group``."""
    markers = event_marker_specs(events, faction_names, sources, year, selected_event)
    if markers:
        EventMarkers(markers).add_to(group)
