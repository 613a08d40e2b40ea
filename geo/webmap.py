"""The folium map of the atlas, built so that the browser receives province geometry once.

The *base map* never changes between years: it loads the boundaries GeoJSON and, in the
dashboard, every year's style table (:func:`geo.styles.year_table`) from URLs served by the
app itself, draws the 34 provinces and defines ``window.atlas.apply()``. The *year layer* is
a small folium FeatureGroup carrying the year, the options and that year's event markers;
streamlit-folium swaps it in place without rebuilding the map. (The offline export has no
year table and no server: it inlines every year's :func:`year_payload`, styles included.)

All text placed in the page goes in through ``textContent`` (see ``static/atlas-map.js``);
nothing from the data or the URL is inserted as markup.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import folium
import pandas as pd
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.dates import format_partial_date
from geo.events import side_names

AFGHANISTAN_CENTRE = (33.9, 66.0)
AFGHANISTAN_BOUNDS = ((29.3, 60.4), (38.6, 75.0))
DEFAULT_ZOOM = 6
# A provider object, not a name or URL: folium then skips searching xyzservices' catalogue
# of providers on every rerun.
OSM_TILES = xyzservices.TileProvider(name="OpenStreetMap", url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                     attribution="", max_zoom=19)
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element: '<', '>' and '&' are escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class RenderedText(Element):
    """Text that is already rendered. branca wraps each element's rendered script in an
    ``Element(text)``, which compiles that text as a Jinja template again (about 0.4 ms per
    element, on every rerun); this puts it in the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class ScriptElement(MacroElement):
    """A map element whose only output is the ``script`` macro of its template (which
    streamlit-folium also calls directly). Rendering puts that script in the page without
    compiling it again."""

    def render(self, **kwargs) -> None:
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(RenderedText(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class ProvinceLayer(ScriptElement):
    """Fetches the boundaries from ``geometry_url`` (or uses ``inline_geometry``) and draws them.

    Styles come later: with ``year_table_url`` (:func:`geo.styles.year_table` as JSON, the
    dashboard) from that table, for the year the page's slider shows, even before the server's
    year layer arrives; without it (the export) from ``window.atlas.styles``, which each
    year's :func:`year_payload` sets.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
atlasInit({{ this._parent.get_name() }}, {{ this.geometry_json }}, {{ this.year_table_json }});
{% endmacro %}
""")

    def __init__(self, geometry_url: str | None = None, inline_geometry: str | None = None,
                 year_table_url: str | None = None):
        super().__init__()
        self._name = "ProvinceLayer"
        self.geometry_json = inline_geometry.replace("</", "<\\/") if inline_geometry else safe_json(geometry_url)
        self.year_table_json = safe_json(year_table_url)


class YearStyles(ScriptElement):
    """Sets the year and the options on ``window.atlas`` (:func:`year_payload`) and repaints
    the map in place."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var atlas = window.atlas = window.atlas || {};
  Object.assign(atlas, {{ this.payload_json }});
  atlas.layerYear = atlas.year;
  if (atlas.apply) { atlas.apply(); }
})();
{% endmacro %}
""")

    def __init__(self, year: int, selected: str | None = None, show_territory: bool = True,
                 show_labels: bool = False, default_markers: bool = False):
        super().__init__()
        self._name = "YearStyles"
        self.payload_json = safe_json(year_payload(year, None, selected, show_territory=show_territory,
                                                   show_labels=show_labels, default_markers=default_markers))


def year_payload(year: int, styles: dict | None, selected: str | None = None, legend=(), show_territory: bool = True,
                 show_labels: bool = False, default_markers: bool = False) -> dict:
    """What a year layer sets on ``window.atlas``: ``styles`` is :func:`geo.styles.year_styles`.

    Without ``styles`` (the dashboard, whose map has fetched every year's styles and legend
    once from the year table) the layer carries only the year and the options.
    ``default_markers`` says the layer's markers are the default set (all kinds, no earlier
    years, none selected), the set the year table holds for every year: the map may then
    preview another year's markers from the table too.
    """
    payload = {"year": int(year), "selected": selected, "showTerritory": bool(show_territory),
               "showLabels": bool(show_labels), "defaultMarkers": bool(default_markers)}
    if styles is not None:
        payload |= {"styles": styles["styles"], "palette": styles["palette"], "legend": list(legend)}
    return payload


STATIC_DIR = Path(__file__).resolve().parent / "static"
ATLAS_JS = "atlas-map.js"
ATLAS_CSS = "atlas-map.css"


def use_local_assets(folium_map: folium.Map, assets: dict[str, str]) -> folium.Map:
    """Load Leaflet and the atlas's own script and styles from the given URLs, instead of
    folium's CDNs. folium's default Bootstrap, jQuery, Font Awesome and awesome-markers are
    not used by the atlas and are dropped, so the page makes no request off the machine.

    ``assets`` maps ``leaflet_js``, ``leaflet_css``, ``atlas_js`` and ``atlas_css`` to URLs.
    """
    folium_map.default_js = [("leaflet", assets["leaflet_js"]), ("atlas", assets["atlas_js"])]
    folium_map.default_css = [("leaflet_css", assets["leaflet_css"]), ("atlas_css", assets["atlas_css"])]
    return folium_map


def base_map(assets: dict[str, str], geometry_url: str | None = None,
             inline_geometry: str | None = None, tiles: bool = True, year_table_url: str | None = None) -> folium.Map:
    """The unchanging part of the map: background, optional OSM tiles, the province layer.
    Its script is a few hundred bytes: the behaviour is in ``static/atlas-map.js``."""
    folium_map = folium.Map(
        location=AFGHANISTAN_CENTRE, zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=4, max_zoom=12,
        max_bounds=True, min_lat=24, max_lat=44, min_lon=52, max_lon=82, control_scale=True,
        prefer_canvas=False,
    )
    use_local_assets(folium_map, assets)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", opacity=0.55, max_zoom=19).add_to(folium_map)
    ProvinceLayer(geometry_url=geometry_url, inline_geometry=inline_geometry,
                  year_table_url=year_table_url).add_to(folium_map)
    return folium_map


def year_layer(year: int, selected: str | None = None, show_territory: bool = True, show_labels: bool = False,
               default_markers: bool = False) -> folium.FeatureGroup:
    """The dashboard's per-year layer: the year and its options (see :func:`year_payload`); the
    styles and legend come from the year table the map fetched once. Callers add the event
    markers."""
    group = folium.FeatureGroup(name=f"Year {int(year)}", control=False)
    YearStyles(year, selected, show_territory, show_labels, default_markers).add_to(group)
    return group


MIN_SYMBOL_PX, MAX_SYMBOL_PX = 16, 34


def symbol_size(fatalities_high) -> int:
    """Marker size in pixels: larger for deadlier events (log scale); base size when unknown."""
    if fatalities_high is None or pd.isna(fatalities_high) or fatalities_high <= 0:
        return MIN_SYMBOL_PX
    return int(min(MAX_SYMBOL_PX, MIN_SYMBOL_PX + 4 * math.log10(float(fatalities_high) + 1)))


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s), else None (never a javascript: or data: link)."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s\"'<>]+$", url) else None


def event_details(event: dict, faction_names: dict[str, str], sources: dict[str, dict],
                  full: bool = True) -> dict:
    """The plain-text fields an event marker's popup shows (the browser builds the popup with
    textContent, so nothing here is ever read as HTML).

    ``full`` adds the description and the sources (citation, URL). The dashboard shows those
    in the panel beside the map, so a year change stays light; the offline export, which has
    no panel, puts them in the popup.
    """
    low, high = event.get("fatalities_low"), event.get("fatalities_high")
    figures = [f"{int(v):,}" for v in (low, high) if v is not None and pd.notna(v)]
    cited = [sources[s] for s in event["source_ids"].split(";") if s in sources]
    details = {
        "id": event["id"], "title": event["title"], "start": format_partial_date(event["date"]),
        "until": format_partial_date(event["end_date"]) if event.get("end_date") else "", "kind": event["kind"], "place": event["place"],
        "sideA": side_names(event["side_a"], faction_names) or "—",
        "sideB": side_names(event.get("side_b", ""), faction_names) or "—", "outcome": event["outcome"],
        "deaths": " to ".join(dict.fromkeys(figures)), "confidence": event["confidence"], "sourceCount": len(cited),
    }
    if full:
        details["description"] = event["description"]
        details["sources"] = [[s.get("citation", ""), safe_url(s.get("url", "")) or ""] for s in cited]
    return details


def event_tooltip(event: dict) -> str:
    """Plain hover text: title and date."""
    return f"{event['title']} ({format_partial_date(event['date'])})"


class EventMarkers(ScriptElement):
    """Event markers added to the year layer by ``atlas.addMarkers`` (``static/atlas-map.js``).
    Markers travel as JSON of plain fields; the browser builds icons, hover text and popups
    with textContent, never through a template literal, jQuery or HTML made from data."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.atlas.addMarkers({{ this._parent.get_name() }}, {{ this.markers_json }});
{% endmacro %}
""")

    def __init__(self, markers: list[dict]):
        super().__init__()
        self._name = "EventMarkers"
        self.markers_json = safe_json(markers)


def marker_fields(event: dict, faction_names: dict[str, str], sources: dict[str, dict],
                  full_popups: bool = False) -> dict | None:
    """The part of an event's marker that is the same in every year: point, symbol size and
    popup text. None for an event that no source places on the map."""
    if event["location_precision"] == "unknown" or pd.isna(event["lat"]):
        return None
    return {"lat": float(event["lat"]), "lon": float(event["lon"]), "size": symbol_size(event.get("fatalities_high")),
            **event_details(event, faction_names, sources, full=full_popups)}


def place_markers(events: list[tuple[int, dict]], year: int, selected_event: str | None = None) -> list[dict]:
    """Markers for ``year`` from (first year, :func:`marker_fields`) pairs, in drawing order.

    Events from years before ``year`` are faded and the selected one is drawn larger. Events
    at the same point are fanned out by a few pixels (their coordinates are not changed) so
    each can be clicked.
    """
    placed: dict[tuple[float, float], int] = {}
    markers = []
    for first_year, fields in events:
        point = (fields["lat"], fields["lon"])
        nth = placed.get(point, 0)
        placed[point] = nth + 1
        marker = dict(fields)
        if nth:
            angle = nth * 2.4
            marker["shift"] = [round(9 * math.sqrt(nth) * math.cos(angle)), round(9 * math.sqrt(nth) * math.sin(angle))]
        if first_year < year:
            marker["faded"] = True
        if fields["id"] == selected_event:
            marker["selected"] = True
            marker["size"] += 6
        markers.append(marker)
    return markers


def event_marker_specs(events: pd.DataFrame, faction_names: dict[str, str], sources: dict[str, dict],
                       year: int, selected_event: str | None = None, full_popups: bool = False) -> list[dict]:
    """What :class:`EventMarkers` draws for ``events`` (rows with ``first_year``) in ``year``:
    symbol by kind, size by the highest death toll a source gives (see :func:`place_markers`)."""
    pairs = []
    for event in events.to_dict("records"):
        fields = marker_fields(event, faction_names, sources, full_popups)
        if fields is not None:
            pairs.append((event.get("first_year", year), fields))
    return place_markers(pairs, year, selected_event)


def add_event_markers(group: folium.FeatureGroup, markers: list[dict]) -> None:
    """Add ``markers`` (from :func:`place_markers`) to the year layer ``group``."""
    if markers:
        EventMarkers(markers).add_to(group)
