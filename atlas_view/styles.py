"""Map styles: what each province looks like at a moment, computed in Python (geometry is sent
once; the map fetches every month's looks once, in the month table of :mod:`atlas_view.months`,
and a day's view carries its own, :func:`year_styles`).

Encoding (also shown in the legend):

* fill colour = the holder's colour from ``factions.csv`` (colour-blind-safe palettes);
* ``stronghold`` = solid fill with a thick border; ``control`` = solid fill;
  ``contested`` = hatched stripes of the two parties' colours; ``influence`` = pale fill
  with a dotted border; ``unknown`` = light grey, dashed;
* ``low`` confidence = a dashed border and "(low confidence)" in the label;
* changed during the shown year or month (up to the shown day) = a dark double-weight border.
"""
from __future__ import annotations

import pandas as pd

from atlas_view.contract import LegendItem, LegendKey
from atlas_view.markers import DEATH_KEY, symbol_size
from geo.control import UNKNOWN

STATUS_FILL_OPACITY = {"stronghold": 0.85, "control": 0.7, "contested": 0.75, "influence": 0.3, "unknown": 0.35}
STATUS_BORDER_WEIGHT = {"stronghold": 2.5, "control": 1.0, "contested": 1.0, "influence": 1.0, "unknown": 0.8}
BORDER_COLOUR = "#444444"
CHANGED_BORDER_COLOUR = "#111111"
CHANGED_BORDER_WEIGHT = 3.5
STATUS_DASH = {"influence": "2 4", "unknown": "4 4"}
LOW_CONFIDENCE_DASH = "6 4"
# Event markers are neutral, so none vanishes on a holder's fill and none reads as a faction:
# one shape per kind (atlas-map.js, picture.py), a white fill, a dark outline, and one accent,
# a vivid magenta no holder uses, for the selected event (tests/test_markers.py measures it).
MARKER_FILL = "#FFFFFF"
MARKER_OUTLINE = "#1A1A1A"
SELECTED_MARKER_FILL = "#D027FA"
# One colour per event kind in the charts (events per year by kind), where no territory is behind
# them. Ten colours from Paul Tol's qualitative schemes (muted, bright, vibrant), chosen so that
# every two stay at least 12 apart in CIEDE2000 for normal vision and under simulated protanopia,
# deuteranopia and tritanopia (tests/test_charts.py): massacres and abuses in wine and magenta,
# fighting dark (battle near-black, capture indigo), politics in cool colours.
EVENT_KIND_COLOURS = {
    "battle": "#222222", "capture": "#332288", "withdrawal": "#DDCC77", "defection": "#999933",
    "alliance": "#117733", "massacre": "#882255", "abuse": "#EE3377", "political": "#66CCEE",
    "assassination": "#009988", "deployment": "#BBBBBB",
}
STATUS_LABELS = {
    "stronghold": "stronghold (core base)",
    "control": "held",
    "contested": "contested",
    "influence": "influence (presence without holding)",
    "unknown": "unknown",
}


CHANGED_COLUMN = "changed_during_year"  # the year view's; a moment's view calls it "changed"


def province_style(row: pd.Series | dict, colours: dict[str, str], changed_column: str = CHANGED_COLUMN) -> dict:
    """Leaflet path style and pattern hint for one row of the year view (or of a moment's view,
    with ``changed_column="changed"``)."""
    status = row["status"]
    fill = colours.get(row["faction"], colours.get("unknown", "#DDDDDD"))
    changed = bool(row[changed_column])
    dash = STATUS_DASH.get(status)
    if row["confidence"] == "low" and dash is None:
        dash = LOW_CONFIDENCE_DASH
    style = {
        "fillColor": fill,
        "fillOpacity": STATUS_FILL_OPACITY[status],
        "color": CHANGED_BORDER_COLOUR if changed else BORDER_COLOUR,
        "weight": CHANGED_BORDER_WEIGHT if changed else STATUS_BORDER_WEIGHT[status],
        "dashArray": dash,
        "opacity": 1.0,
    }
    hatch = None
    if status == "contested":
        others = row.get("contested_with", ())
        hatch = [fill, colours.get(others[0], "#FFFFFF") if others else "#FFFFFF"]
    return {"style": style, "hatch": hatch}


def province_label(row: pd.Series | dict, names: dict[str, str], province_name: str,
                   changed_column: str = CHANGED_COLUMN, period: str = "the year") -> str:
    """Plain-text hover label: ``Balkh: Junbish, held (changed during the year)``."""
    holder = names.get(row["faction"], row["faction"])
    others = [names.get(f, f) for f in row.get("contested_with", ())]
    if others:
        holder = f"{holder} vs {', '.join(others)}"
    text = f"{province_name}: {holder}, {STATUS_LABELS[row['status']]}"
    if row["confidence"] == "low":
        text += " (low confidence)"
    if row[changed_column]:
        text += f" (changed during {period})"
    return text


def year_styles(year_view: pd.DataFrame, factions: pd.DataFrame, changed_column: str = CHANGED_COLUMN,
                period: str = "the year") -> dict:
    """Style table for one year, packed to travel light: ``{"palette": [style, ...],
    "styles": {province_code: {"s": palette index, "h": hatch colours or None, "l": label}}}``.

    ``year_view`` has one row per province (``territory_for_year`` or the matching rows of
    ``territory_by_year`` joined with province names). Provinces drawn alike share one
    palette entry, so a year costs a few KB whatever the number of provinces.
    """
    colours = dict(zip(factions["id"], factions["colour"]))
    names = dict(zip(factions["id"], factions["short_name"]))
    palette: list[dict] = []
    styles = {}
    for row in year_view.to_dict("records"):
        entry = province_style(row, colours, changed_column)
        if entry["style"] not in palette:
            palette.append(entry["style"])
        styles[row["province_code"]] = {"s": palette.index(entry["style"]), "h": entry["hatch"],
                                        "l": province_label(row, names, row["province"], changed_column, period)}
    return {"palette": palette, "styles": styles}


def legend_for(year_view: pd.DataFrame, factions: pd.DataFrame) -> list[LegendItem]:
    """Every faction on the map in one view, in factions.csv order: ``(colour, short name, full
    name, one-line summary, opacity)`` (the legend shows the full name and summary on hover,
    focus or tap, and its swatch at the opacity of a held province's fill, or an unknown one's)."""
    present = set(year_view["faction"]) | {f for others in year_view["contested_with"] for f in others}
    return [LegendItem(row.colour, row.short_name, row.name, row.summary,
                       STATUS_FILL_OPACITY["unknown" if row.id == UNKNOWN else "control"])
            for row in factions.itertuples() if row.id in present]


def legend_key() -> LegendKey:
    """How the legend draws the status and change patterns (the same widths and dashes as
    :func:`province_style` uses on the map), the event symbols and the size key of death tolls
    (:func:`atlas_view.markers.symbol_size`); the script takes them from its init call."""
    return {
        "strongholdWidth": STATUS_BORDER_WEIGHT["stronghold"],
        "changedWidth": CHANGED_BORDER_WEIGHT,
        "changedColour": CHANGED_BORDER_COLOUR,
        "borderColour": BORDER_COLOUR,
        "influenceOpacity": STATUS_FILL_OPACITY["influence"],
        "deathSizes": [[label, symbol_size(deaths)] for label, deaths in DEATH_KEY],
        "markerFill": MARKER_FILL,
        "markerOutline": MARKER_OUTLINE,
        "selectedFill": SELECTED_MARKER_FILL,
    }
