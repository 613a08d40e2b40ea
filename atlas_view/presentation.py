"""How a loaded atlas looks, computed once: the fixed part of every event marker, the month
table the dashboard's map fetches once (:class:`atlas_view.contract.MonthTable`), and on
demand a day's styles and the markers of a moment."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from atlas_view.contract import Marker, MonthTable
from atlas_view.markers import arrange_markers, marker_fields
from atlas_view.months import month_table
from atlas_view.safety import safe_json
from atlas_view.styles import legend_for, year_styles
from geo.atlas import Atlas
from geo.dates import Moment


@dataclass(frozen=True)
class AtlasView:
    """What the map and the export draw for an :class:`Atlas`."""

    atlas: Atlas
    marker_fields: dict[str, dict]  # event id -> the fixed part of its map marker (placed events only)
    _day_cache: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def month_table(self) -> MonthTable:
        """Every month's looks, legend and default markers (brief popups)."""
        return month_table(self.atlas, self.marker_fields)

    @cached_property
    def month_table_json(self) -> str:
        """:attr:`month_table` as JSON, for the file the dashboard's map fetches once."""
        return safe_json(self.month_table)

    def day_styles(self, moment: Moment) -> tuple[dict, list[tuple[str, str]]]:
        """The styles (:func:`atlas_view.styles.year_styles`) and legend of a day's view."""
        if moment not in self._day_cache:
            view = self.atlas.view_at(moment)
            self._day_cache[moment] = (year_styles(view, self.atlas.factions, "changed", "the month"),
                                       legend_for(view, self.atlas.factions))
        return self._day_cache[moment]

    def markers(self, events: pd.DataFrame, moment: Moment, selected_event: str | set[str] | None = None) -> list[Marker]:
        """The map markers of ``events`` (rows of ``atlas.events``) at ``moment``, with brief
        popups: events that do not touch the moment's month are faded."""
        month_start = moment.window[0]
        shown = [event_id for event_id in events["id"] if event_id in self.marker_fields]
        faded = set(events.loc[events["last_day"] < month_start, "id"])
        return arrange_markers([self.marker_fields[e] for e in shown], faded, selected_event)


def present(atlas: Atlas) -> AtlasView:
    """Compute how ``atlas`` looks (the month table is built when first asked for)."""
    fields = {event["id"]: marker_fields(event, atlas.faction_names, atlas.sources_by_id)
              for event in atlas.events.to_dict("records")}
    return AtlasView(atlas=atlas, marker_fields={event_id: f for event_id, f in fields.items() if f is not None})
