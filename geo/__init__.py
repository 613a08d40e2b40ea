"""Junbish Atlas data layer: boundaries, control periods, events, sources.

Plain Python (pandas, geopandas, shapely, folium); it never imports Streamlit, so every
function works from a notebook or a script::

    import geo
    geo.territory_for_year(1993)          # GeoDataFrame, one row per province
    geo.events_in((1992, 1994), "AF-KAB")  # events in Kabul, 1992-1994
"""
from geo.boundaries import DataError, load_boundaries, province_at, province_code_for
from geo.control import province_history, territory_by_year, territory_for_year, territory_on
from geo.dataset import load_control, load_events, load_factions, load_sources
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import events_in

__all__ = [
    "DataError", "FIRST_YEAR", "LAST_YEAR", "events_in", "load_boundaries", "load_control",
    "load_events", "load_factions", "load_sources", "province_at", "province_code_for",
    "province_history", "territory_by_year", "territory_for_year", "territory_on",
]
