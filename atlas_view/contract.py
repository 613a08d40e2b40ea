"""The one contract between Python and the map script, stated once. (No ``from __future__
import annotations`` here: TypedDict must see ``NotRequired`` to tell optional keys.)

What Python sends (read by ``static/atlas-map.js`` and ``static/atlas-export.js``):

* :class:`MapConfig`: the second argument of ``atlasInit(map, config)``: the boundaries and
  the month table (URLs in the dashboard, the data itself in the export), the names the script
  needs from the page (the month slider's widget key, the year-step buttons' keys), the
  legend's border widths, and the playback speeds.
* :class:`MonthTable`: every month's province looks, legend and default markers, so the map
  can repaint any month the slider or the playback shows without asking the server.
* :class:`MomentLayer`: what each server layer (``atlas_view.webmap.MomentStyles``) assigns to
  ``window.atlas`` before calling ``atlas.apply()``: the month or day shown and the options; a
  day view also carries that day's styles, palette and legend.
* :class:`Marker`: one event marker, the items of ``atlas.addMarkers(group, markers)``.

What the script returns (through streamlit-folium's ``last_active_drawing``, a GeoJSON
feature whose ``properties[CLICK_PROPERTY]`` is a :class:`MapClick`; and ``center``/``zoom``):
a click carries the clicked province's ``province_code`` or the event's ``id``, and a paused
playback the month it stopped on (``"1997-05"``), never display text; :func:`parse_map_click`
and :func:`parse_map_view` accept only well-formed values. ``properties[VIEW_CHOSEN_PROPERTY]``
is true when the reported view was chosen (moved by the reader, or given by the link) and not
the map's own fit of the country (:func:`parse_view_chosen`): only a chosen view goes into the
link, so a link opens fitted to its reader's screen unless its sender moved the map.
"""

import math
import re
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

CLICK_PROPERTY = "atlasClick"
VIEW_CHOSEN_PROPERTY = "atlasViewChosen"
CLICK_KINDS = ("province", "event", "moment")
RETURNED_OBJECTS = ["last_active_drawing", "center", "zoom"]
MAX_ID_LENGTH = 100
_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")


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


class MonthTable(TypedDict):
    """Every month from January 1988 (index 0) to December 2021 (index 407), fetched once by the
    dashboard's map and inlined in the export (:func:`atlas_view.months.month_table`). Read by
    ``monthView()``, ``paintMonth()`` and the playback in ``static/atlas-map.js``."""

    provinces: list[str]
    palette: list[PathStyle]
    states: list[list]  # [palette index, hatch colours or None, hover label]
    legends: list[list[list[str]]]  # each: [[colour, name], ...]
    markers: list[Marker]  # every placed event, brief popups, no shift
    months: list[MonthEntry]
    outlines: list[dict]  # GeoJSON of provinces made of several of today's units (e.g. Parwan with Panjshir)
    labels: list[str]  # "January 1988" ...
    params: list[str]  # "1988-01" ...


class LegendKey(TypedDict):
    """The widths and colours the legend's pattern key draws, as the map's styles use them."""

    strongholdWidth: float
    changedWidth: float
    changedColour: str
    borderColour: str
    influenceOpacity: float
    kindColours: dict[str, str]  # event kind -> marker colour (the charts use the same)


class YearSteps(TypedDict):
    """Widget keys of the page's one-year-back and one-year-forward buttons, which Page Up/Down
    and Shift+arrows on the month slider press."""

    back: str
    forward: str


class Playback(TypedDict):
    speeds: list[int]  # months per second the reader can choose
    speed: int  # the one chosen at first


class MapConfig(TypedDict):
    """The second argument of ``atlasInit``."""

    geometry: str | dict  # a URL to fetch (dashboard) or the GeoJSON itself (export)
    monthTable: str | dict | None  # a URL to fetch (dashboard) or the MonthTable itself (export)
    sliderKey: str | None  # the page's month slider widget key; None in the export
    yearSteps: YearSteps | None
    legendKey: LegendKey
    clickProperty: str
    viewChosenProperty: str
    playback: Playback | None
    tableMarkers: bool  # markers always from the table (the export, which has no server)
    fitBounds: list[list[float]] | None  # fit the country to the frame at start (None: a link gave the view)
    fillFrame: bool  # the map fills its frame's height, whatever the page made it (an embed)


class MomentLayer(TypedDict):
    """What a server layer sets on ``window.atlas`` (:func:`atlas_view.webmap.moment_payload`)."""

    month: int  # position on the time axis, 0 = January 1988
    param: str  # "1997-05" or "1997-05-26"
    label: str  # "May 1997" or "26 May 1997"
    precision: str  # "month" or "day"
    selected: str | None  # the selected province's code
    highlighted: list[str]  # provinces outlined for a chapter of the tour
    chapter: int | None  # the tour's chapter shown; the script moves focus to its heading when it changes
    selectedEvent: str | None
    showTerritory: bool
    showLabels: bool
    showEvents: bool
    defaultMarkers: bool  # the layer's markers are the month table's default set
    styles: dict[str, ProvinceStyle] | None  # a day view's own styles (None: from the month table)
    palette: list[PathStyle] | None
    legend: list[list[str]] | None


@dataclass(frozen=True)
class MapClick:
    """A click on the map: ``kind`` is "province" (``id`` a province code), "event" (``id`` an
    event id) or "moment" (``id`` the month a paused playback shows, ``"1997-05"``). ``page`` and ``count`` identify the click, so the same click reported twice
    is handled once while a second click on the same thing is not lost."""

    kind: Literal["province", "event", "moment"]
    id: str
    page: str
    count: int


def parse_map_click(result: object) -> MapClick | None:
    """The click in a streamlit-folium result, or None when there is none or it is malformed
    (a forged or garbled message changes nothing).

    >>> parse_map_click({"last_active_drawing": {"properties": {"atlasClick":
    ...     {"kind": "province", "id": "AF-BAL", "page": "p1", "count": 3}}}})
    MapClick(kind='province', id='AF-BAL', page='p1', count=3)
    >>> parse_map_click({"last_active_drawing": {"properties": {"atlasClick": "AF-BAL"}}}) is None
    True
    """
    click = _carried_properties(result).get(CLICK_PROPERTY)
    if not isinstance(click, dict):
        return None
    kind, ident, page, count = (click.get(k) for k in ("kind", "id", "page", "count"))
    if (kind not in CLICK_KINDS or not isinstance(ident, str) or not _ID.match(ident)
            or not isinstance(page, str) or not _ID.match(page)
            or not isinstance(count, int) or isinstance(count, bool) or count < 0):
        return None
    return MapClick(kind, ident, page, count)


def _carried_properties(result: object) -> dict:
    drawing = result.get("last_active_drawing") if isinstance(result, dict) else None
    properties = drawing.get("properties") if isinstance(drawing, dict) else None
    return properties if isinstance(properties, dict) else {}


def parse_view_chosen(result: object) -> bool:
    """Whether the view in a streamlit-folium result was chosen (moved by the reader, or given by
    the link) rather than the map's own fit of the country; anything but ``true`` is not.

    >>> parse_view_chosen({"last_active_drawing": {"properties": {"atlasViewChosen": True}}})
    True
    >>> parse_view_chosen({"last_active_drawing": None}), parse_view_chosen({"last_active_drawing":
    ...     {"properties": {"atlasViewChosen": "true"}}})
    (False, False)
    """
    return _carried_properties(result).get(VIEW_CHOSEN_PROPERTY) is True


def parse_map_view(result: object, lat_range: tuple[float, float], lon_range: tuple[float, float],
                   zoom_range: tuple[int, int]) -> tuple[float, float, int] | None:
    """(lat, lon, zoom) of the map's view in a streamlit-folium result, rounded for a link (the
    zoom to a whole level: the map fits the country at half levels); None unless all three are
    finite numbers within the given ranges.

    >>> parse_map_view({"center": {"lat": 36.7, "lng": 67.1}, "zoom": 7}, (24, 44), (52, 82), (4, 12))
    (36.7, 67.1, 7)
    >>> parse_map_view({"center": {"lat": "36", "lng": 67.1}, "zoom": 7}, (24, 44), (52, 82), (4, 12)) is None
    True
    """
    if not isinstance(result, dict):
        return None
    centre, zoom = result.get("center"), result.get("zoom")
    if not isinstance(centre, dict):
        return None
    lat, lon = centre.get("lat"), centre.get("lng")
    numbers = (lat, lon, zoom)
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) for n in numbers):
        return None
    if not (lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1]
            and zoom_range[0] <= zoom <= zoom_range[1]):
        return None
    return round(float(lat), 4), round(float(lon), 4), int(round(zoom))  # a link keeps whole zoom levels
