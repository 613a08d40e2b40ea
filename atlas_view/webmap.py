"""The folium map of the atlas, built so that the browser receives province geometry once.

The *base map* never changes between years: ``atlasInit(map, config)`` (``static/atlas-map.js``)
loads the boundaries and, in the dashboard, every year's style table from URLs served by the
app itself, draws the 34 provinces and defines ``window.atlas.apply()``. The *year layer* is
a small folium FeatureGroup carrying the year, the options and that year's event markers;
streamlit-folium swaps it in place without rebuilding the map. (The offline export has no
year table and no server: it inlines every year's :func:`year_payload`, styles included.)
The payloads are declared in :mod:`atlas_view.contract`.

All text placed in the page goes in through ``textContent`` (see ``static/atlas-map.js``);
nothing from the data or the URL is inserted as markup.
"""
from __future__ import annotations

from pathlib import Path

import folium
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template

from atlas_view.contract import CLICK_PROPERTY, MapConfig, Marker, YearLayer
from atlas_view.safety import safe_json
from atlas_view.styles import legend_key
from atlas_view.viewport import AFGHANISTAN_CENTRE, DEFAULT_ZOOM, LAT_RANGE, LON_RANGE, ZOOM_RANGE

# A provider object, not a name or URL: folium then skips searching xyzservices' catalogue
# of providers on every rerun.
OSM_TILES = xyzservices.TileProvider(name="OpenStreetMap", url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                     attribution="", max_zoom=19)
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

STATIC_DIR = Path(__file__).resolve().parent / "static"
ATLAS_JS = "atlas-map.js"
ATLAS_CSS = "atlas-map.css"


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
    """Calls ``atlasInit(map, config)`` with a :class:`atlas_view.contract.MapConfig`."""

    _template = Template("""
{% macro script(this, kwargs) %}
atlasInit({{ this._parent.get_name() }}, {{ this.config_json }});
{% endmacro %}
""")

    def __init__(self, config: MapConfig):
        super().__init__()
        self._name = "ProvinceLayer"
        self.config_json = safe_json(config)


def map_config(geometry: str | dict, year_table_url: str | None = None, slider_key: str | None = None) -> MapConfig:
    """The init call's configuration: ``geometry`` is a URL (dashboard) or the GeoJSON itself
    (export); ``slider_key`` is the widget key of the page's year slider, which the map follows."""
    return {"geometry": geometry, "yearTableUrl": year_table_url, "sliderKey": slider_key,
            "legendKey": legend_key(), "clickProperty": CLICK_PROPERTY}


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

    def __init__(self, payload: YearLayer):
        super().__init__()
        self._name = "YearStyles"
        self.payload_json = safe_json(payload)


def year_payload(year: int, styles: dict | None, selected: str | None = None, legend=(), show_territory: bool = True,
                 show_labels: bool = False, default_markers: bool = False) -> YearLayer:
    """What a year layer sets on ``window.atlas``: ``styles`` is :func:`atlas_view.styles.year_styles`.

    Without ``styles`` (the dashboard, whose map has fetched every year's styles and legend
    once from the year table) the layer carries only the year and the options.
    ``default_markers`` says the layer's markers are the default set (all kinds, no earlier
    years, none selected), the set the year table holds for every year: the map may then
    preview another year's markers from the table too.
    """
    payload: YearLayer = {"year": int(year), "selected": selected, "showTerritory": bool(show_territory),
                          "showLabels": bool(show_labels), "defaultMarkers": bool(default_markers)}
    if styles is not None:
        payload |= {"styles": styles["styles"], "palette": styles["palette"], "legend": [list(i) for i in legend]}
    return payload


def use_local_assets(folium_map: folium.Map, assets: dict[str, str]) -> folium.Map:
    """Load Leaflet and the atlas's own script and styles from the given URLs, instead of
    folium's CDNs. folium's default Bootstrap, jQuery, Font Awesome and awesome-markers are
    not used by the atlas and are dropped, so the page makes no request off the machine.

    ``assets`` maps ``leaflet_js``, ``leaflet_css``, ``atlas_js`` and ``atlas_css`` to URLs.
    """
    folium_map.default_js = [("leaflet", assets["leaflet_js"]), ("atlas", assets["atlas_js"])]
    folium_map.default_css = [("leaflet_css", assets["leaflet_css"]), ("atlas_css", assets["atlas_css"])]
    return folium_map


def base_map(assets: dict[str, str], config: MapConfig, tiles: bool = True) -> folium.Map:
    """The unchanging part of the map: background, optional OSM tiles, the province layer.
    Its script is a few hundred bytes: the behaviour is in ``static/atlas-map.js``."""
    folium_map = folium.Map(
        location=AFGHANISTAN_CENTRE, zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=ZOOM_RANGE[0],
        max_zoom=ZOOM_RANGE[1], max_bounds=True, min_lat=LAT_RANGE[0], max_lat=LAT_RANGE[1],
        min_lon=LON_RANGE[0], max_lon=LON_RANGE[1], control_scale=True, prefer_canvas=False,
    )
    use_local_assets(folium_map, assets)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", opacity=0.55, max_zoom=19).add_to(folium_map)
    ProvinceLayer(config).add_to(folium_map)
    return folium_map


def year_layer(payload: YearLayer, markers: list[Marker]) -> folium.FeatureGroup:
    """The dashboard's per-year layer: the year and its options (:func:`year_payload`; the
    styles and legend come from the year table the map fetched once) and the event markers."""
    group = folium.FeatureGroup(name=f"Year {payload['year']}", control=False)
    YearStyles(payload).add_to(group)
    if markers:
        EventMarkers(markers).add_to(group)
    return group


class EventMarkers(ScriptElement):
    """Event markers added to the year layer by ``atlas.addMarkers`` (``static/atlas-map.js``).
    Markers travel as JSON of plain fields; the browser builds icons, hover text and popups
    with textContent, never through a template literal, jQuery or HTML made from data."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.atlas.addMarkers({{ this._parent.get_name() }}, {{ this.markers_json }});
{% endmacro %}
""")

    def __init__(self, markers: list[Marker]):
        super().__init__()
        self._name = "EventMarkers"
        self.markers_json = safe_json(markers)
