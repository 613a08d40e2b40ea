"""The one contract between Python and the map script, stated once. (No ``from __future__
import annotations`` here: TypedDict must see ``NotRequired`` to tell optional keys.)

What Python sends (read by ``static/atlas-map.js`` and ``static/atlas-export.js``):

* :class:`MapConfig`: the second argument of ``createAtlasMap(map, config)``: the boundaries
  and the month table (URLs in the dashboard, the data itself in the export), the time axis and
  its change days, the playback speeds, the legend's widths and colours, the frame's behaviour,
  and the names of the ``data-atlas-*`` attributes (:data:`ROOT_ATTRIBUTES`).
* :class:`MonthTable`: every month's province looks, legend and default markers, so the map
  can repaint any month its time bar or its playback shows without asking the server.
* :class:`MomentLayer`: what each server layer hands to ``atlasReceiveLayer``: the moment the
  page knows, the options, and ``timeRequest``, the page's count of its own moves of the time
  (a chapter, an event chosen, a link); a day view also carries that day's styles and legend.
* :class:`Marker`: one event marker.

What the script sends back (:class:`MapReport`, through ``window.Streamlit.setComponentValue``,
the one channel; streamlit-folium itself returns nothing: :data:`RETURNED_OBJECTS` is empty):
the moment it shows, whether it plays and at what speed, a click (``province`` or ``event``
with its id: ids travel, never display text), and the view once the reader has chosen one
(the map's own fit of the country is not a choice, so a link then opens fitted to its
reader's screen). :func:`parse_report` accepts only well-formed values.

:func:`contract_schema` states all of it as a JSON Schema (``static/atlas-contract.schema.json``,
written by ``python -m atlas_view.contract``): the script checks each layer against it, and
its tests (``tests/js``) check Python's payloads against it.
"""

import json
import math
import re
import types
import typing
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

from geo.dates import Moment

CLICK_KINDS = ("province", "event", "district")
# streamlit-folium reports nothing of its own (its map moves and clicks): the map's own report
# (MapReport, through window.Streamlit.setComponentValue) is the only value the component returns.
RETURNED_OBJECTS: list[str] = []
MAX_ID_LENGTH = 100
_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class PathStyle(TypedDict):
    """A Leaflet path style (``layer.setStyle``)."""

    fillColor: str
    fillOpacity: float
    color: str
    weight: float
    dashArray: str | None
    opacity: float


class ProvinceStyle(TypedDict):
    """One province in one year: ``s`` indexes the palette, ``h`` the two hatch colours of a
    contested province (or None), ``l`` the plain-text hover label."""

    s: int
    h: list[str] | None
    l: str  # noqa: E741  (a one-letter key keeps the table small)


class YearStyles(TypedDict):
    """:func:`atlas_view.styles.year_styles`: one year's palette and province styles."""

    palette: list[PathStyle]
    styles: dict[str, ProvinceStyle]


class Marker(TypedDict):
    """One event marker (:func:`atlas_view.markers.place_markers`). Every text is put in the
    page with ``textContent``. ``description`` and ``sources`` come only with full popups
    (the export); ``shift`` fans out events at one point; ``faded`` marks earlier years'."""

    id: str
    lat: float
    lon: float
    size: int
    title: str
    start: str
    until: str
    kind: str
    place: str
    sideA: str
    sideB: str
    outcome: str
    deaths: str
    confidence: str
    sourceCount: int
    description: NotRequired[str]
    sources: NotRequired[list[list[str]]]
    shift: NotRequired[list[int]]
    faded: NotRequired[bool]
    selected: NotRequired[bool]


class MonthEntry(TypedDict):
    """One month of :class:`MonthTable`: ``p`` the index into ``states`` of each province (in
    the table's ``provinces`` order), ``g`` the index into ``legends``, ``m`` the markers shown:
    ``[index into markers, shift x, shift y, faded (0 or 1)]``."""

    p: list[int]
    g: int
    m: list[list[int]]
    o: int | None  # index into outlines: the provinces as they were, where the map differed from today's


class DistrictPoint(TypedDict):
    """A district centre on the map (``districts.csv``)."""

    id: str
    name: str
    province: str
    lat: float
    lon: float


class MonthTable(TypedDict):
    """Every month from January 1988 (index 0) to December 2021 (index 407), fetched once by the
    dashboard's map and inlined in the export (:func:`atlas_view.months.month_table`). Read by
    ``monthView()``, ``paintMonth()`` and the playback in ``static/atlas-map.js``."""

    provinces: list[str]
    palette: list[PathStyle]
    states: list[list]  # [palette index, hatch colours or None, hover label]
    legends: list[list[list[str | float]]]  # each a list of LegendItems (colour, names, summary, opacity)
    markers: list[Marker]  # every placed event, brief popups, no shift
    months: list[MonthEntry]
    outlines: list[dict]  # GeoJSON of provinces made of several of today's units (e.g. Parwan with Panjshir)
    changeDays: dict[str, list[str]]  # days of recorded changes (ISO): "all", and each province's
    districts: list[DistrictPoint]  # the district centres of the north that have coordinates
    districtStates: list[list]  # [fill colour, second colour of a contested centre or None, spoken name]
    districtMonths: list[list[int] | None]  # per month: index into districtStates per district; None before 2015
    labels: list[str]  # "January 1988" ...
    params: list[str]  # "1988-01" ...


class LegendItem(typing.NamedTuple):
    """One holder in a legend (:func:`atlas_view.styles.legend_for`); it travels as a list, read
    by ``holderList()`` in ``static/atlas-map.js``."""

    colour: str
    name: str  # the short name
    full_name: str
    summary: str  # one line: who they were
    opacity: float  # the swatch's, as the holder's fill on the map (a held province's, or unknown's)


class LegendKey(TypedDict):
    """The widths and colours the legend's pattern key draws, as the map's styles use them."""

    strongholdWidth: float
    changedWidth: float
    changedColour: str
    borderColour: str
    influenceOpacity: float
    deathSizes: list[list]  # the size key: [label, symbol size in px] from no known toll to the largest
    markerFill: str  # every event marker's fill (one shape per kind tells kinds apart)
    markerOutline: str  # its outline
    selectedFill: str  # the selected event's fill, the one accent


class Playback(TypedDict):
    speeds: list[int]  # months per second the reader can choose
    speed: int  # the one chosen at first


class RootAttributes(TypedDict):
    """The ``data-atlas-*`` attributes the map sets on its frame's root element (the browser tests
    and the benchmarks wait on them): :data:`ROOT_ATTRIBUTES`."""

    provinces: str  # the number of provinces drawn
    month: str  # the month shown, "1997-05"
    moment: str  # the moment shown: the month, or the day ("1997-05-26")
    layerMonth: str  # the moment of the server's last layer
    answered: str  # the moment of the page's last answer: to the map's report, or a layer that moved the map
    layerRequest: str  # the time request of the server's last layer (a new session's is newer)
    markersMonth: str  # the moment whose markers are on the map ("" when none)
    playing: str  # "1" while playing
    outlines: str  # the provinces of the time drawn over today's ("Parwan:AF-PAN+AF-PAR")
    chapter: str  # the tour's chapter shown ("" outside the tour)
    districts: str  # the number of district centres drawn ("" when none is)
    labels: str  # the zoom and the number of names shown after the last placing ("6:31")


class PlaceLabel(TypedDict):
    """A place the map names (``places.csv``): ``rank`` 1 is labelled first."""

    id: str
    name: str
    kind: str  # capital, provincial capital, town, site
    rank: int
    province: str  # its province's ISO code (the place search selects it)
    lat: float
    lon: float


class AreaLabel(TypedDict):
    """The name of a neighbouring country or of the Amu Darya (``reference.geojson``), drawn at
    its label point."""

    id: str
    name: str
    kind: Literal["country", "river"]
    rank: int
    lat: float
    lon: float


class ReferenceLayer(TypedDict):
    """What the map draws for the reader to find their way (:func:`geo.reference.reference_layer`,
    read by ``createReferenceLayer`` in ``static/atlas-map.js``): the neighbours' outlines and
    the river under and over the fills, every name above them, ranked so that none overlaps."""

    places: list[PlaceLabel]
    names: list[AreaLabel]
    outlines: dict  # GeoJSON of the neighbouring countries
    rivers: dict  # GeoJSON of the Amu Darya


class MapConfig(TypedDict):
    """The second argument of ``createAtlasMap(map, config)``."""

    geometry: str | dict  # a URL to fetch (dashboard) or the GeoJSON itself (export)
    reference: NotRequired[str | ReferenceLayer | None]  # the places and neighbours: a URL or the layer itself
    monthTable: str | dict | None  # a URL to fetch (dashboard) or the MonthTable itself (export)
    monthCount: int  # months on the time axis (408)
    startMonth: int  # the month shown before the server's first layer
    legendKey: LegendKey
    playback: Playback
    tableMarkers: bool  # markers always from the table (the export, which has no server)
    fitBounds: list[list[float]] | None  # fit the country to the frame at start (None: a link gave the view)
    fillFrame: bool  # the map fills its frame's height, whatever the page made it
    wheelZoom: bool  # the wheel zooms (the map is the page); else Ctrl/Cmd+wheel (an embed in an article)
    timeBar: bool  # the time bar along the bottom edge
    compact: bool  # an embed's small frame: the legend stays open and small, the time bar keeps one row
    report: bool  # report to the page through window.Streamlit (the dashboard; not the export)
    reportPatience: int  # ms the map waits for the page's answer to a report before it reports again
    answerAttribute: str  # the attribute carrying the page's answer in the figure's HTML (ANSWER_ATTRIBUTE)
    attributes: RootAttributes


class MomentLayer(TypedDict):
    """What each server layer hands to the map (``atlasReceiveLayer``,
    :func:`moment_payload`). Its moment is the one whose markers or day looks
    it brings; a month with the month table's default markers brings neither, and its layer
    names the page's last move of the time instead (the moment the map follows when
    ``timeRequest`` is new): so that layer stays the same while the reader steps, and a step's
    answer costs the map's frame nothing (``ui.map_state.moment_layer_for``)."""

    month: int  # position on the time axis, 0 = January 1988
    param: str  # "1997-05" or "1997-05-26"
    label: str  # "May 1997" or "26 May 1997"
    precision: Literal["month", "day"]
    timeRequest: int  # the page's count of its own moves of the time; a newer one moves the map's
    selected: str | None  # the selected province's code
    highlighted: list[str]  # provinces outlined for a chapter of the tour
    chapter: int | None  # the tour's chapter shown
    selectedEvent: str | None
    showTerritory: bool
    showLabels: bool
    showEvents: bool
    showDistricts: bool  # the district centres of the north (from January 2015)
    selectedDistrict: str | None
    defaultMarkers: bool  # the layer's markers are the month table's default set (a month's layer then brings none)
    styles: dict[str, ProvinceStyle] | None  # a day view's own styles (None: from the month table)
    palette: list[PathStyle] | None
    legend: list[list[str | float]] | None  # a day's LegendItems


def moment_payload(moment: Moment, day_styles: dict | None = None, legend=(), selected: str | None = None,
                   selected_event: str | None = None, show_territory: bool = True, show_labels: bool = False,
                   show_events: bool = True, default_markers: bool = False, highlighted=(),
                   chapter: int | None = None, time_request: int = 0, show_districts: bool = True,
                   selected_district: str | None = None) -> MomentLayer:
    """The :class:`MomentLayer` for ``moment`` and the options (what ``atlasReceiveLayer`` hands the map). ``day_styles`` (a day view's
    :func:`atlas_view.styles.year_styles`) and its ``legend`` go with a day; a month's looks
    come from the month table the map fetched once. ``default_markers`` says the layer's
    markers are the table's default set, so the map may show another month's markers from the
    table too. ``time_request`` counts the page's own moves of the time: the map follows the
    layer's moment only when it is newer than the last it followed."""
    return {"month": moment.index, "param": moment.param, "label": moment.label, "precision": moment.precision,
            "timeRequest": int(time_request), "selected": selected, "highlighted": list(highlighted), "chapter": chapter, "selectedEvent": selected_event, "showTerritory": bool(show_territory),
            "showLabels": bool(show_labels), "showEvents": bool(show_events), "showDistricts": bool(show_districts),
            "selectedDistrict": selected_district, "defaultMarkers": bool(default_markers),
            "styles": day_styles["styles"] if day_styles else None,
            "palette": day_styles["palette"] if day_styles else None,
            "legend": [list(item) for item in legend] if day_styles else None}


class ReportedView(TypedDict):
    lat: float
    lon: float
    zoom: float


class ReportedClick(TypedDict):
    kind: Literal["province", "event", "district"]
    id: str


class MapReport(TypedDict):
    """What the map sends the page (``window.Streamlit.setComponentValue``): after a click, a move
    along the time axis, Play or Pause, a change of speed, and a view the reader chose. ``seq``
    counts the reports of one frame (``page``); ``view`` is null until the reader moves the map
    (or the link gave the view)."""

    seq: int
    page: str
    moment: str  # "1997-05" or "1997-05-26"
    playing: bool
    speed: int
    view: ReportedView | None
    viewChosen: bool
    click: ReportedClick | None
    timeRequest: int  # the page's last move of the time the map had followed when it reported (-1: none)


ROOT_ATTRIBUTES: RootAttributes = {
    "provinces": "data-atlas-provinces", "month": "data-atlas-month", "moment": "data-atlas-moment",
    "layerMonth": "data-atlas-layer-month", "answered": "data-atlas-answered", "layerRequest": "data-atlas-layer-request", "markersMonth": "data-atlas-markers-month",
    "playing": "data-atlas-playing", "outlines": "data-atlas-outlines", "chapter": "data-atlas-chapter",
    "districts": "data-atlas-districts", "labels": "data-atlas-labels",
}
REPORT_PATIENCE_MS = 1500
# The page's answer to the map's reports: the seq of the last report it applied, carried by the
# map figure's HTML as this attribute of an inert <template> (:func:`atlas_view.webmap.with_answer`).
# streamlit-folium hands the figure's HTML to the frame as an argument of the component and
# inserts it only when it makes the map; a new answer is a new argument, which reaches the
# map's script in Streamlit's render event (``atlasAnswerIn`` in ``static/atlas-report.js``)
# and touches nothing else in the frame. The map's report pacer waits for it.
ANSWER_ATTRIBUTE = "data-atlas-answers-report"


@dataclass(frozen=True)
class Report:
    """A well-formed :class:`MapReport`, as Python uses it: ``moment`` the month or day the map
    shows, ``click`` ``(kind, id)`` or None, ``view`` ``(lat, lon, zoom)`` rounded for a link, or
    None when the reader has not chosen one."""

    seq: int
    page: str
    moment: str
    playing: bool
    speed: int
    view: tuple[float, float, int] | None
    click: tuple[str, str] | None
    time_request: int = -1


def parse_report(value: object, lat_range: tuple[float, float] = (-90, 90), lon_range: tuple[float, float] = (-180, 180),
                 zoom_range: tuple[int, int] = (0, 20)) -> Report | None:
    """A :class:`Report` from what the map component returned, or None when it is not a
    well-formed :class:`MapReport` (a forged or garbled value changes nothing). A view outside
    the ranges is dropped, not the report.

    >>> parse_report({"seq": 3, "page": "p1", "moment": "1997-05", "playing": False, "speed": 6,
    ...               "view": None, "viewChosen": False, "click": {"kind": "province", "id": "AF-BAL"}})
    Report(seq=3, page='p1', moment='1997-05', playing=False, speed=6, view=None, click=('province', 'AF-BAL'), time_request=-1)
    >>> parse_report({"seq": "3"}) is None, parse_report("AF-BAL") is None
    (True, True)
    """
    if not isinstance(value, dict) or len(value) > 16:
        return None
    seq, page, moment, playing, speed = (value.get(k) for k in ("seq", "page", "moment", "playing", "speed"))
    if not (_is_int(seq) and seq >= 0 and isinstance(page, str) and _ID.match(page)
            and isinstance(moment, str) and _MOMENT.match(moment) and isinstance(playing, bool) and _is_int(speed)):
        return None
    click = value.get("click")
    parsed_click = None
    if click is not None:
        if not isinstance(click, dict):
            return None
        kind, ident = click.get("kind"), click.get("id")
        if kind not in CLICK_KINDS or not isinstance(ident, str) or not _ID.match(ident):
            return None
        parsed_click = (kind, ident)
    view = value.get("view")
    parsed_view = None
    if isinstance(view, dict) and value.get("viewChosen") is True:
        lat, lon, zoom = view.get("lat"), view.get("lon"), view.get("zoom")
        if all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) for n in (lat, lon, zoom)) \
                and lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1] \
                and zoom_range[0] <= zoom <= zoom_range[1]:
            parsed_view = (round(float(lat), 4), round(float(lon), 4), int(round(zoom)))  # a link keeps whole zoom levels
    time_request = value.get("timeRequest", -1)
    if not _is_int(time_request):
        return None
    return Report(seq, page, moment, playing, speed, parsed_view, parsed_click, time_request)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2 ** 53


# --- the contract as a JSON Schema, for the script's tests (tests/js) -----------------------------

SCHEMA_FILE = "atlas-contract.schema.json"
PAYLOADS = (MapConfig, MonthTable, MomentLayer, Marker, MapReport)


def contract_schema() -> dict:
    """Every payload of the contract as one JSON Schema document, its definitions named after the
    TypedDicts (``MomentLayer``, ``MapReport``...): what ``static/atlas-contract.js`` checks."""
    definitions: dict[str, dict] = {}

    def of(annotation) -> dict:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin in (typing.NotRequired, typing.Required):
            return of(args[0])
        if annotation is type(None):
            return {"type": "null"}
        if annotation is str:
            return {"type": "string"}
        if annotation is bool:
            return {"type": "boolean"}
        if annotation is int:
            return {"type": "integer"}
        if annotation is float:
            return {"type": "number"}
        if annotation in (list, dict):
            return {"type": "array" if annotation is list else "object"}
        if origin is Literal:
            return {"enum": list(args)}
        if origin in (types.UnionType, typing.Union):
            return {"anyOf": [of(arg) for arg in args]}
        if origin is list:
            return {"type": "array", "items": of(args[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": of(args[1])}
        if typing.is_typeddict(annotation):
            define(annotation)
            return {"$ref": f"#/definitions/{annotation.__name__}"}
        raise TypeError(f"the contract cannot state {annotation!r}")

    def define(cls) -> None:
        if cls.__name__ in definitions:
            return
        definitions[cls.__name__] = {}  # placeholder against recursion
        hints = typing.get_type_hints(cls, include_extras=True)
        definitions[cls.__name__] = {
            "type": "object", "description": " ".join((cls.__doc__ or "").split()),
            "properties": {name: of(hint) for name, hint in hints.items()},
            "required": sorted(cls.__required_keys__), "additionalProperties": False,
        }

    for payload in PAYLOADS:
        define(payload)
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Junbish Atlas: Python <-> map script",
            "definitions": dict(sorted(definitions.items()))}


def schema_text() -> str:
    return json.dumps(contract_schema(), indent=1, sort_keys=False, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m atlas_view.contract: rewrite the schema file
    from pathlib import Path
    target = Path(__file__).resolve().parent / "static" / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
