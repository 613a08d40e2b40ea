"""A province's 1988–2021 strip for its panel: one cell per year, in the holder's colour (as on
the map), paler for a weaker hold, with the shown year outlined. Plain HTML made here, not a
charting library: the panel (and a shared link to a province) opens without loading one.

Every text from the data goes in escaped and a colour only as ``#RRGGBB``; each cell carries a
``title`` (the hover text: year, holder, status, confidence, whether it changed), and the whole
strip a spoken summary.
"""
from __future__ import annotations

from html import escape

import pandas as pd

from atlas_view.styles import STATUS_LABELS
from geo.dates import FIRST_YEAR, LAST_YEAR

STATUS_OPACITY = {"stronghold": 1.0, "control": 0.8, "contested": 0.5, "influence": 0.3, "unknown": 0.25}
CELL_HEIGHT = 28
UNKNOWN_COLOUR = "#DDDDDD"


def _rgba(colour: str, opacity: float) -> str:
    """``#RRGGBB`` at ``opacity`` as a CSS colour (the cell's outline stays opaque)."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {opacity})"


def province_years_html(territory: pd.DataFrame, province_code: str, factions: pd.DataFrame,
                        selected_year: int) -> str:
    """The strip of ``province_code`` from ``territory`` (one row per province and year, as
    :func:`geo.control.territory_by_year`), with ``selected_year`` outlined. HTML of plain
    elements with inline styles (what ``st.html``'s sanitiser keeps), one root element."""
    rows = territory[territory["province_code"] == province_code].set_index("year")
    names = dict(zip(factions["id"], factions["short_name"]))
    colours = dict(zip(factions["id"], factions["colour"]))
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    cells, labels, runs = [], [], []
    for year in years:
        label = str(year) if year % 4 == 0 else ""
        labels.append(f'<span style="flex: 1 1 0; text-align: center; overflow: visible;">{label}</span>')
        if year not in rows.index:
            cells.append(f'<span style="flex: 1 1 0; height: {CELL_HEIGHT}px;"></span>')
            continue
        row = rows.loc[year]
        holder = names.get(row["faction"], row["faction"])
        status = STATUS_LABELS.get(row["status"], row["status"])
        hover = f"{year}: {holder}, {status}, confidence {row['confidence']}"
        if row["changed_during_year"]:
            hover += ", changed during the year"
        colour = colours.get(row["faction"], UNKNOWN_COLOUR)
        fill = _rgba(colour, STATUS_OPACITY.get(row["status"], 0.5)) if _is_hex(colour) else UNKNOWN_COLOUR
        outline = "box-shadow: inset 0 0 0 2.5px #000000;" if year == selected_year else ""
        selected = ' data-selected="true"' if year == selected_year else ""
        cells.append(f'<span title="{escape(hover)}" data-year="{year}" data-faction="{escape(str(row["faction"]))}"'
                     f'{selected} style="flex: 1 1 0; height: {CELL_HEIGHT}px; background: {fill}; '
                     f'border-right: 1px solid #ffffff; {outline}"></span>')
        if runs and runs[-1][0] == holder:
            runs[-1][2] = year
        else:
            runs.append([holder, year, year])
    summary = "; ".join(f"{first}–{last}: {holder}" if first != last else f"{first}: {holder}"
                        for holder, first, last in runs)
    return (f'<div class="atlas-strip" role="img" aria-label="{escape("Holder by year: " + summary)}">'
            f'<div style="display: flex;">{"".join(cells)}</div>'
            f'<div aria-hidden="true" style="display: flex; font-size: 10px; line-height: 14px;">{"".join(labels)}</div>'
            f'</div>')


def _is_hex(colour: str) -> bool:
    return len(colour) == 7 and colour.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
