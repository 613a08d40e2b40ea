"""How a loaded atlas looks, computed once: every year's province styles and legend, the
fixed part of every event marker, and the year table the
dashboard's map fetches once (:class:`atlas_view.contract.YearTable`)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from atlas_view.contract import Marker, YearTable
from atlas_view.markers import marker_fields, place_markers
from atlas_view.safety import safe_json
from atlas_view.styles import legend_for, year_styles, year_table
from geo.atlas import Atlas


@dataclass(frozen=True)
class AtlasView:
    """What the map and the export draw for an :class:`Atlas`."""

    atlas: Atlas
    styles_by_year: dict[int, dict]  # year -> atlas_view.styles.year_styles
    legends: dict[int, list[tuple[str, str]]]  # (colour, name) of the factions on the map each year
    marker_fields: dict[str, dict]  # event id -> the fixed part of its map marker (placed events only)

    @cached_property
    def year_table(self) -> YearTable:
        """:func:`atlas_view.styles.year_table` plus each year's markers as the map shows them
        by default (every kind, earlier years not shown, no event selected)."""
        table = year_table(self.styles_by_year, self.legends)
        for year in self.atlas.years:
            table["years"][str(year)]["markers"] = self.markers(self.atlas.events_by_year[year], year)
        return table

    @cached_property
    def year_table_json(self) -> str:
        """:attr:`year_table` as JSON, for the file the dashboard's map fetches once."""
        return safe_json(self.year_table)

    def markers(self, events: pd.DataFrame, year: int, selected_event: str | None = None) -> list[Marker]:
        """The map markers of ``events`` (rows of ``atlas.events``) in ``year``, with brief popups."""
        placed = [(int(first), self.marker_fields[event_id])
                  for event_id, first in zip(events["id"], events["first_year"]) if event_id in self.marker_fields]
        return place_markers(placed, year, selected_event)


def present(atlas: Atlas) -> AtlasView:
    """Compute how ``atlas`` looks, once."""
    styles = {year: year_styles(view, atlas.factions) for year, view in atlas.views.items()}
    legends = {year: legend_for(view, atlas.factions) for year, view in atlas.views.items()}
    fields = {event["id"]: marker_fields(event, atlas.faction_names, atlas.sources_by_id)
              for event in atlas.events.to_dict("records")}
    return AtlasView(atlas=atlas, styles_by_year=styles, legends=legends, marker_fields={event_id: f for event_id, f in fields.items() if f is not None})
