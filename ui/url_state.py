"""What the map shows, as URL query parameters: parse a shared link safely, write it back.

Parameters (all optional)::

    date=1997-05              the end of a month, 1988-01 to 2021-12
    date=1997-05-26           or one day
    year=1994                 the end of that year (links made before months were added)
    province=AF-BAL           an ISO code or any known spelling ("Sari Pul")
    layers=territory,events   which layers are on: territory, events, districts (all by default; "none")
    kinds=battle,massacre     event kinds shown (default: all)
    labels=0                  province names off (on by default, shown where they fit)
    fade=1                    also show earlier years' events, faded
    event=ev-1998-...         the selected event
    district=fyb-qaisar       the selected district of the north
    view=36.7,67.1,7          map centre (lat, lon) and zoom
    speed=6                   playback speed, months per second (1, 3, 6 or 12)
    story=4                   the guided tour, at chapter 4 (its moment; a date in the link is ignored)

Anything invalid (not a number, out of range, unknown code, too long, markup) is dropped
and falls back to its default; each drop is reported as a plain-text notice. Values are
never echoed back verbatim: notices name the parameter, not its content.

Plain Python (no Streamlit): :mod:`ui.state` moves these values between the URL and the page.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from atlas_view.viewport import LAT_RANGE, LON_RANGE, ZOOM_RANGE
from geo.boundaries import province_code_for
from atlas_view.viewport import DEFAULT_PLAYBACK_SPEED, PLAYBACK_SPEEDS
from geo.dates import FIRST_YEAR, LAST_YEAR, Moment
from geo.events import EVENT_KINDS

DEFAULT_MOMENT = Moment.end_of_year(1992)
LAYERS = ("territory", "events", "districts")
MAX_PARAMETER_LENGTH = 200
EVENT_ID = re.compile(r"^ev-\d{4}-[a-z0-9-]+$")
DISTRICT_ID = re.compile(r"^[a-z]{3}-[a-z0-9-]{1,60}$")


@dataclass(frozen=True)
class MapState:
    """What the map page shows, one value in the session (``ui.state``): everything a shared link
    restores, and three things it does not: ``playing`` (the map plays its months: the page sets
    aside what names a month until Pause), ``time_request`` (the count of the page's own moves
    of the time, which the map follows only when newer: ``ui.map_state``) and
    ``answered_report`` (the seq of the map's last report applied, which the page hands
    back so the map knows it was answered) and ``requested_moment`` (where the page's last
    move of the time took the map). Changed only by the
    pure functions of :mod:`ui.map_state`; the URL and the widgets are derived from it."""

    moment: Moment = DEFAULT_MOMENT
    province: str | None = None
    layers: frozenset[str] = frozenset(LAYERS)
    kinds: frozenset[str] = frozenset(EVENT_KINDS)
    labels: bool = True  # province names, drawn where they fit beside the places' (atlasPlaceLabels)
    fade: bool = False
    event: str | None = None
    district: str | None = None
    view: tuple[float, float, int] | None = None
    speed: int = DEFAULT_PLAYBACK_SPEED
    story: int | None = None
    playing: bool = False
    time_request: int = 0
    answered_report: int = field(default=-1, compare=False)  # bookkeeping, not what the page shows
    requested_moment: Moment | None = field(default=None, compare=False)  # the moment of time_request's move
    notices: tuple[str, ...] = field(default=(), compare=False)

    def with_changes(self, **changes) -> MapState:
        return replace(self, **changes)


def _single(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value)


def parse_state(params: Mapping[str, str | list[str]], event_ids: Iterable[str] = (),
                chapter_count: int | None = None, district_ids: Iterable[str] = ()) -> MapState:
    """A MapState from query parameters; invalid values fall back to defaults with notices.
    ``chapter_count`` is the number of chapters of the tour (None: any chapter number)."""
    defaults = MapState()
    values: dict = {}
    notices: list[str] = []
    known_events = set(event_ids)
    known_districts = set(district_ids)

    def reject(name: str, why: str) -> None:
        notices.append(f"The link's “{name}” parameter {why}, so the default is shown.")

    for name, raw in params.items():
        text = _single(raw).strip()
        if len(text) > MAX_PARAMETER_LENGTH:
            reject(name, "is too long")
            continue
        if name == "date":
            try:
                values["moment"] = Moment.parse(text)
            except ValueError:
                reject(name, f"is not a month (YYYY-MM) or day (YYYY-MM-DD) from {FIRST_YEAR} to {LAST_YEAR}")
        elif name == "year":
            if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
                reject(name, f"is not a year from {FIRST_YEAR} to {LAST_YEAR}")
            elif "date" not in params:  # a date, where both are given, is the more precise
                values["moment"] = Moment.end_of_year(int(text))
        elif name == "province":
            code = province_code_for(text) if re.fullmatch(r"[\w\s'.-]{2,40}", text) else None
            if code is None:
                reject(name, "is not a province")
            else:
                values["province"] = code
        elif name == "layers":
            chosen = {part for part in text.split(",") if part}
            if text == "none":
                values["layers"] = frozenset()
            elif not chosen or not chosen <= set(LAYERS):
                reject(name, "names an unknown layer")
            else:
                values["layers"] = frozenset(chosen)
        elif name == "kinds":
            chosen = {part for part in text.split(",") if part}
            if not chosen <= set(EVENT_KINDS):
                reject(name, "names an unknown event kind")
            else:
                values["kinds"] = frozenset(chosen)
        elif name in ("labels", "fade"):
            if text not in ("0", "1"):
                reject(name, "is not 0 or 1")
            else:
                values[name] = text == "1"
        elif name == "event":
            if not EVENT_ID.fullmatch(text) or (known_events and text not in known_events):
                reject(name, "is not an event of the dataset")
            else:
                values["event"] = text
        elif name == "district":
            if not DISTRICT_ID.fullmatch(text) or (known_districts and text not in known_districts):
                reject(name, "is not a district of the atlas")
            else:
                values["district"] = text
        elif name == "view":
            view = _parse_view(text)
            if view is None:
                reject(name, "is not “latitude,longitude,zoom” over Afghanistan")
            else:
                values["view"] = view
        elif name == "story":
            if not re.fullmatch(r"\d{1,3}", text) or int(text) < 1 or (chapter_count and int(text) > chapter_count):
                reject(name, "is not a chapter of the tour")
            else:
                values["story"] = int(text)
        elif name == "speed":
            if not re.fullmatch(r"\d{1,2}", text) or int(text) not in PLAYBACK_SPEEDS:
                reject(name, "is not " + ", ".join(map(str, PLAYBACK_SPEEDS[:-1])) + f" or {PLAYBACK_SPEEDS[-1]}")
            else:
                values["speed"] = int(text)
        elif name == "embed":
            pass  # Streamlit's own: the page is shown inside another site, without the app's menus
        else:
            notices.append("The link has a parameter the atlas does not know; it was ignored.")
    return replace(defaults, **values, notices=tuple(dict.fromkeys(notices)))


def _parse_view(text: str) -> tuple[float, float, int] | None:
    parts = text.split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        return None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]
            and ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]):
        return None
    return round(lat, 4), round(lon, 4), zoom


def state_to_params(state: MapState) -> dict[str, str]:
    """Query parameters for a state; defaults are left out to keep links short."""
    defaults = MapState()
    params: dict[str, str] = {"date": state.moment.param}
    if state.province:
        params["province"] = state.province
    if state.layers != defaults.layers:
        params["layers"] = ",".join(l for l in LAYERS if l in state.layers) or "none"
    if state.kinds != defaults.kinds:
        params["kinds"] = ",".join(k for k in EVENT_KINDS if k in state.kinds)
    if state.labels != defaults.labels:
        params["labels"] = "1" if state.labels else "0"
    if state.fade:
        params["fade"] = "1"
    if state.event:
        params["event"] = state.event
    if state.district:
        params["district"] = state.district
    if state.view:
        params["view"] = f"{state.view[0]:.4f},{state.view[1]:.4f},{state.view[2]}"
    if state.speed != defaults.speed:
        params["speed"] = str(state.speed)
    if state.story:
        params["story"] = str(state.story)
    return params
