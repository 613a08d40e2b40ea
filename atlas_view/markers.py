"""Event markers: symbol size by death toll, the plain-text fields of a popup, and the
markers of one year in drawing order (:class:`atlas_view.contract.Marker`)."""
from __future__ import annotations

import math

import pandas as pd

from atlas_view.contract import Marker
from atlas_view.safety import safe_url
from geo.dataset import cited_sources
from geo.dates import format_partial_date
from geo.events import deaths_text, side_names

MIN_SYMBOL_PX, MAX_SYMBOL_PX = 16, 34
SELECTED_EXTRA_PX = 6
FAN_OUT_PX = 9
# The legend's size key: (label, deaths) of the symbols it shows.
DEATH_KEY = (("not known", None), ("10", 10), ("100", 100), ("1,000", 1000), ("5,000", 5000))


def symbol_size(fatalities_high) -> int:
    """Marker size in pixels: larger for deadlier events (log scale); base size when unknown.

    >>> symbol_size(None), symbol_size(9), symbol_size(10**9)
    (16, 20, 34)
    """
    if fatalities_high is None or pd.isna(fatalities_high) or fatalities_high <= 0:
        return MIN_SYMBOL_PX
    return int(min(MAX_SYMBOL_PX, MIN_SYMBOL_PX + 4 * math.log10(float(fatalities_high) + 1)))


def event_details(event: dict, faction_names: dict[str, str], sources: dict[str, dict],
                  full: bool = True) -> dict:
    """The plain-text fields an event marker's popup shows (the browser builds the popup with
    textContent, so nothing here is ever read as HTML).

    ``full`` adds the description and the sources (citation, URL). The dashboard shows those
    in the panel beside the map, so a year change stays light; the offline export, which has
    no panel, puts them in the popup.
    """
    low, high = event.get("fatalities_low"), event.get("fatalities_high")
    cited = cited_sources(event["source_ids"], sources)
    details = {
        "id": event["id"], "title": event["title"], "start": format_partial_date(event["date"]),
        "until": format_partial_date(event["end_date"]) if event.get("end_date") else "", "kind": event["kind"],
        "place": event["place"], "sideA": side_names(event["side_a"], faction_names) or "—",
        "sideB": side_names(event.get("side_b", ()), faction_names) or "—", "outcome": event["outcome"],
        "deaths": deaths_text(low, high, unknown=""), "confidence": event["confidence"], "sourceCount": len(cited),
    }
    if full:
        details["description"] = event["description"]
        details["sources"] = [[s.get("citation", ""), safe_url(s.get("url", "")) or ""] for s in cited]
    return details


def marker_fields(event: dict, faction_names: dict[str, str], sources: dict[str, dict],
                  full_popups: bool = False) -> dict | None:
    """The part of an event's marker that is the same in every year: point, symbol size and
    popup text. None for an event that no source places on the map."""
    if event["location_precision"] == "unknown" or pd.isna(event["lat"]):
        return None
    return {"lat": float(event["lat"]), "lon": float(event["lon"]), "size": symbol_size(event.get("fatalities_high")),
            **event_details(event, faction_names, sources, full=full_popups)}


def arrange_markers(fields: list[dict], faded: set[str] = frozenset(),
                    selected_event: str | set[str] | None = None) -> list[Marker]:
    """Markers from :func:`marker_fields`, in drawing order. Events in ``faded`` are drawn
    faded and the selected one (or ones: a set, for a chapter of the tour) larger. Events at
    the same point are fanned out by a few pixels (their coordinates are not changed) so each
    can be clicked."""
    selected = selected_event if isinstance(selected_event, (set, frozenset)) else {selected_event}
    placed: dict[tuple[float, float], int] = {}
    markers = []
    for item in fields:
        marker = dict(item)
        marker.update(fan_out(placed, item))
        if item["id"] in faded:
            marker["faded"] = True
        if item["id"] in selected:
            marker["selected"] = True
            marker["size"] += SELECTED_EXTRA_PX
        markers.append(marker)
    return markers


def fan_out(placed: dict[tuple[float, float], int], fields: dict) -> dict:
    """``{"shift": [dx, dy]}`` for the n-th marker drawn at a point already taken (counted in
    ``placed``), ``{}`` for the first."""
    point = (fields["lat"], fields["lon"])
    nth = placed.get(point, 0)
    placed[point] = nth + 1
    if not nth:
        return {}
    angle = nth * 2.4
    return {"shift": [round(FAN_OUT_PX * math.sqrt(nth) * math.cos(angle)),
                      round(FAN_OUT_PX * math.sqrt(nth) * math.sin(angle))]}
