"""The folium map of the atlas, built so that the browser receives province geometry once.

The *base map* never changes: ``createAtlasMap(map, config)`` (``static/atlas-map.js``) loads
the boundaries and every month's looks (the month table, from URLs served by the app itself, or
inlined in the export), draws the 34 provinces and the time bar, and owns the time. The *moment
layer* is a small folium FeatureGroup carrying the moment the page knows, the options and the
event markers, handed to ``atlasReceiveLayer``; streamlit-folium swaps it in place without
rebuilding the map. The payloads are declared in :mod:`atlas_view.contract`.

All text placed in the page goes in through ``textContent`` (see ``static/atlas-map.js``);
nothing from the data or the URL is inserted as markup.
"""
from __future__ import annotations

from pathlib import Path

import folium
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template

from atlas_view.contract import ANSWER_ATTRIBUTE, REPORT_PATIENCE_MS, ROOT_ATTRIBUTES, SCHEMA_FILE, MapConfig, Marker, MomentLayer
from atlas_view.safety import safe_json
from atlas_view.styles import legend_key
from atlas_view.viewport import (AFGHANISTAN_BOUNDS, AFGHANISTAN_CENTRE, DEFAULT_PLAYBACK_SPEED, DEFAULT_ZOOM,
                                 LAT_RANGE, LON_RANGE, PLAYBACK_SPEEDS, ZOOM_RANGE)
from geo.dates import MONTH_COUNT

# The tiles, when online, are a light base under the fills: the names a reader needs are the
# reference layer's (in English, ranked, never overlapping), not the tiles'.
TILE_OPACITY = 0.35
# A provider object, not a name or URL: folium then skips searching xyzservices' catalogue
# of providers on every rerun.
OSM_TILES = xyzservices.TileProvider(name="OpenStreetMap", url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                     attribution="", max_zoom=19)
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

STATIC_DIR = Path(__file__).resolve().parent / "static"
ATLAS_JS = "atlas-map.js"
# The map script's files, in the order the frame runs them: the time controller, the payload
# checks, the map (each a plain script; tests/js loads the same files in node).
MAP_SCRIPTS = ("atlas-time.js", "atlas-report.js", "atlas-contract.js", ATLAS_JS)
ATLAS_CSS = "atlas-map.css"


def map_script_text() -> str:
    """The map script as one text: the contract's schema as ``ATLAS_CONTRACT_SCHEMA``, then
    :data:`MAP_SCRIPTS` (the dashboard serves it after Leaflet; the export inlines it)."""
    schema = (STATIC_DIR / SCHEMA_FILE).read_text(encoding="utf-8")
    parts = [f"var ATLAS_CONTRACT_SCHEMA = {schema.strip()};"]
    parts += [(STATIC_DIR / name).read_text(encoding="utf-8") for name in MAP_SCRIPTS]
    return "\n;".join(parts)


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
    """Calls ``createAtlasMap(map, config)`` with a :class:`atlas_view.contract.MapConfig`."""

    _template = Template("""
{% macro script(this, kwargs) %}
createAtlasMap({{ this._parent.get_name() }}, {{ this.config_json }});
{% endmacro %}
""")

    def __init__(self, config: MapConfig):
        super().__init__()
        self._name = "ProvinceLayer"
        self.config_json = safe_json(config)


def map_config(geometry: str | dict, month_table: str | dict | None = None, speed: int = DEFAULT_PLAYBACK_SPEED,
               start_month: int = 0, table_markers: bool = False, fit_country: bool = True, fill_frame: bool = True,
               wheel_zoom: bool = True, report: bool = True, compact: bool = False,
               reference: str | dict | None = None) -> MapConfig:
    """The init call's configuration: ``geometry``, ``month_table`` and ``reference`` (the places
    and neighbours, :func:`geo.reference.reference_layer`) are URLs (dashboard) or the data
    itself (export). ``fill_frame``: the map takes its frame's height (the page sizes the
    frame); ``wheel_zoom``: the wheel zooms (off in an embed, where it scrolls the article);
    ``report``: the map reports to the page (the dashboard); ``compact``: an embed's small
    frame, where the legend stays open (a reader of an article gets the key without a click)."""
    return {"geometry": geometry, "reference": reference, "monthTable": month_table, "monthCount": MONTH_COUNT,
            "startMonth": int(start_month), "legendKey": legend_key(),
            "playback": {"speeds": list(PLAYBACK_SPEEDS), "speed": int(speed)}, "tableMarkers": table_markers,
            "fitBounds": [list(AFGHANISTAN_BOUNDS[0]), list(AFGHANISTAN_BOUNDS[1])] if fit_country else None,
            "fillFrame": fill_frame, "wheelZoom": wheel_zoom, "timeBar": True, "compact": compact, "report": report,
            "reportPatience": REPORT_PATIENCE_MS, "answerAttribute": ANSWER_ATTRIBUTE, "attributes": dict(ROOT_ATTRIBUTES)}


class MomentStyles(ScriptElement):
    """Hands the moment and the options (:func:`atlas_view.contract.moment_payload`) to the map, which repaints in
    place (``atlasReceiveLayer`` in ``static/atlas-map.js``)."""

    _template = Template("""
{% macro script(this, kwargs) %}
atlasReceiveLayer({{ this.payload_json }});
{% endmacro %}
""")

    def __init__(self, payload: MomentLayer):
        super().__init__()
        self._name = "MomentStyles"
        self.payload_json = safe_json(payload)


def use_local_assets(folium_map: folium.Map, assets: dict[str, str]) -> folium.Map:
    """Load Leaflet and the atlas's own script and styles from the given URLs, instead of
    folium's CDNs. folium's default Bootstrap, jQuery, Font Awesome and awesome-markers are
    not used by the atlas and are dropped, so the page makes no request off the machine.

    ``assets`` maps ``map_js`` (one file holding Leaflet and the map script, as the dashboard
    serves them), ``leaflet_css`` and ``atlas_css`` to URLs.
    """
    folium_map.default_js = [("atlas", assets["map_js"])] if assets.get("map_js") else []
    folium_map.default_css = [("leaflet_css", assets["leaflet_css"]), ("atlas_css", assets["atlas_css"])]
    return folium_map


def base_map(assets: dict[str, str], config: MapConfig, tiles: bool = True) -> folium.Map:
    """The unchanging part of the map: background, optional OSM tiles, the province layer.
    Its script is a few hundred bytes: the behaviour is in ``static/atlas-map.js``."""
    folium_map = folium.Map(
        location=AFGHANISTAN_CENTRE, zoom_start=DEFAULT_ZOOM, tiles=None, min_zoom=ZOOM_RANGE[0],
        max_zoom=ZOOM_RANGE[1], max_bounds=True, min_lat=LAT_RANGE[0], max_lat=LAT_RANGE[1],
        min_lon=LON_RANGE[0], max_lon=LON_RANGE[1], control_scale=True, prefer_canvas=False,
        scroll_wheel_zoom=False,  # the wheel scrolls the page; Ctrl/Cmd+wheel zooms (atlas-map.js)
    )
    use_local_assets(folium_map, assets)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", opacity=TILE_OPACITY, max_zoom=19).add_to(folium_map)
    ProvinceLayer(config).add_to(folium_map)
    return folium_map


def with_answer(folium_map: folium.Map, answered_report: int) -> folium.Map:
    """The page's answer to the map's reports (the seq of the last one it applied) added to the
    map figure's HTML, where the map's script finds it (``ANSWER_ATTRIBUTE`` in
    :mod:`atlas_view.contract`). An inert, empty ``<template>``: nothing in it is shown or run."""
    folium_map.get_root().html.add_child(
        Element(f'<template {ANSWER_ATTRIBUTE}="{int(answered_report)}"></template>'), name="atlas_answer")
    return folium_map


def moment_layer(payload: MomentLayer, markers: list[Marker]) -> folium.FeatureGroup:
    """The dashboard's layer for one moment: the month or day and its options
    (:func:`atlas_view.contract.moment_payload`) and the event markers."""
    group = folium.FeatureGroup(name=f"Moment {payload['param']}", control=False)
    MomentStyles(payload).add_to(group)
    if markers:
        EventMarkers(markers).add_to(group)
    return group


class EventMarkers(ScriptElement):
    """Event markers added to the moment layer by the map (``addServerMarkers``).
    Markers travel as JSON of plain fields; the browser builds icons, hover text and popups
    with textContent, never through a template literal, jQuery or HTML made from data."""

    _template = Template("""
{% macro script(this, kwargs) %}
window.atlasMap.addServerMarkers({{ this._parent.get_name() }}, {{ this.markers_json }});
{% endmacro %}
""")

    def __init__(self, markers: list[Marker]):
        super().__init__()
        self._name = "EventMarkers"
        self.markers_json = safe_json(markers)
