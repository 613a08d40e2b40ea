import json

import pycountry
import pytest

from geo.boundaries import PROVINCES, load_boundaries, province_code_for
from geo.dataset import DATA_DIR

BOUNDARIES = DATA_DIR / "provinces.geojson"


@pytest.fixture(scope="module")
def provinces():
    return load_boundaries()


def test_the_34_provinces_are_keyed_by_their_iso_codes(provinces):
    iso_codes = {s.code for s in pycountry.subdivisions.get(country_code="AF")}
    assert len(provinces) == 34
    assert set(provinces["province_code"]) == iso_codes == set(PROVINCES)


def test_boundaries_are_valid_wgs84_and_small_enough_for_the_web(provinces):
    assert provinces.crs.to_epsg() == 4326
    assert provinces.geometry.is_valid.all()
    assert BOUNDARIES.stat().st_size < 300 * 1024


def test_provinces_tile_the_country_without_gaps_or_overlaps(provinces):
    assert provinces.union_all().geom_type == "Polygon"
    equal_area = provinces.to_crs("ESRI:54034")  # World Cylindrical Equal Area
    total_km2 = equal_area.area.sum() / 1e6
    assert 630_000 < total_km2 < 660_000  # Afghanistan: about 652,000 km2
    assert abs(equal_area.union_all().area / 1e6 - total_km2) < 50


def test_natural_earth_mislabels_are_fixed(provinces):
    centre = provinces.set_index("province_code").geometry.representative_point()
    assert centre["AF-PAN"].y > centre["AF-PAR"].y and centre["AF-PAN"].x > centre["AF-PAR"].x
    assert centre["AF-DAY"].y > centre["AF-URU"].y
    names = dict(zip(provinces["province_code"], provinces["province"]))
    assert (names["AF-PAN"], names["AF-DAY"]) == ("Panjshir", "Daykundi")


@pytest.mark.parametrize("spelling, code", [
    ("Jowzjan", "AF-JOW"), ("Jawzjan", "AF-JOW"), ("Jauzjan", "AF-JOW"),
    ("Sar-e Pol", "AF-SAR"), ("Sari Pul", "AF-SAR"), ("Sar-i Pul", "AF-SAR"), ("Sar-I Pul", "AF-SAR"),
    ("Paktia", "AF-PIA"), ("Paktya", "AF-PIA"), ("Paktika", "AF-PKA"),
    ("Hilmand", "AF-HEL"), ("Hirat", "AF-HER"), ("Herāt", "AF-HER"), ("Wilayat-e Kunar", "AF-KNR"),
    ("Faryab Province", "AF-FYB"), ("af-bal", "AF-BAL"), ("Atlantis", None),
])
def test_province_names_in_any_common_spelling(spelling, code):
    assert province_code_for(spelling) == code


def test_alternative_spellings_ship_with_the_boundaries():
    features = json.loads(BOUNDARIES.read_text())["features"]
    jowzjan = next(f for f in features if f["properties"]["province_code"] == "AF-JOW")
    assert "Jawzjan" in jowzjan["properties"]["alt_names"]
