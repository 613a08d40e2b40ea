"""Shared fixtures: small hand-made provinces and rows, and copies of the real dataset."""
from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

CONTROL_COLUMNS = ["province_code", "faction", "status", "start", "end", "confidence", "source_ids", "note"]


@pytest.fixture
def square_provinces() -> gpd.GeoDataFrame:
    """Three 1-degree squares standing in for provinces, side by side along latitude 36."""
    return gpd.GeoDataFrame(
        {"province_code": ["AF-BAL", "AF-JOW", "AF-KAB"], "province": ["Balkh", "Jowzjan", "Kabul"],
         "alt_names": ["", "Jawzjan", ""]},
        geometry=[box(67, 36, 68, 37), box(65, 36, 66, 37), box(69, 34, 70, 35)],
        crs="EPSG:4326",
    )


def control_table(*rows: tuple) -> pd.DataFrame:
    """Control periods from tuples (province, faction, status, start, end[, confidence])."""
    records = []
    for row in rows:
        code, faction, status, start, end, *rest = row
        confidence = rest[0] if rest else "high"
        records.append([code, faction, status, start, end, confidence, ("src-a",), f"{faction} {start}"])
    return pd.DataFrame(records, columns=CONTROL_COLUMNS)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the real dataset, for corrupting."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def atlas():
    """The real dataset, loaded once for the tests that only read it."""
    from geo.atlas import load_atlas
    return load_atlas(DATA)


@pytest.fixture(scope="session")
def atlas_view(atlas):
    """How the real dataset looks (styles, legends, markers, the year table), computed once."""
    from atlas_view.presentation import present
    return present(atlas)


@pytest.fixture(scope="session")
def control():
    """The real control periods (tests of the dataset's facts)."""
    import geo
    return geo.load_control()


@pytest.fixture(scope="session")
def provinces():
    """The real boundaries."""
    import geo
    return geo.load_boundaries()


@pytest.fixture(scope="session")
def events():
    """The real events."""
    import geo
    return geo.load_events()


@pytest.fixture(scope="session")
def sources():
    """The real sources."""
    import geo
    return geo.load_sources()


def holding_on(day, code, control, provinces) -> tuple:
    """(faction, status, contested_with) of one province on one day of the real data."""
    import geo
    row = geo.territory_on(day, control, provinces).set_index("province_code").loc[code]
    return row["faction"], row["status"], row["contested_with"]
