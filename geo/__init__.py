"""Junbish Atlas domain: boundaries, dates with their precision, control periods, events,
sources, validation and summaries of a moment of the map.

Plain Python on pandas, geopandas, shapely and frictionless. Nothing here imports Streamlit,
folium, branca, Jinja2 or Altair, and nothing here imports :mod:`atlas_view` or :mod:`ui`, so
every function works from a notebook or a script::

    import geo
    geo.territory_for_year(1993)          # GeoDataFrame, one row per province
    geo.events_in((1992, 1994), "AF-KAB")  # events in Kabul, 1992-1994
    geo.districts_on(datetime.date(2021, 6, 20))  # the district centres of the north that day
    geo.reference_layer()                 # the places, neighbours and river the map names
"""
from geo.boundaries import load_boundaries, province_code_for, provinces_on
from geo.control import province_history, territory_by_year, territory_for_year, territory_on
from geo.dataset import DataError, load_control, load_events, load_factions, load_sources
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.districts import districts_on
from geo.events import events_in
from geo.reference import load_places, reference_layer

__all__ = [
    "DataError", "FIRST_YEAR", "LAST_YEAR", "districts_on", "events_in", "load_boundaries", "load_control",
    "load_events", "load_factions", "load_places", "load_sources", "province_code_for", "reference_layer",
    "province_history", "provinces_on", "territory_by_year", "territory_for_year", "territory_on",
]
