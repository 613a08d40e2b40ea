"""The provinces as they were: today's units dissolved back into the province they were carved from."""
import datetime as dt

import pandas as pd
from shapely.geometry import box

import geo
from geo.boundaries import merged_units, provinces_on

CHANGES = pd.DataFrame({"date": ["2004", "2004-03-28"], "province_code": ["AF-PAN", "AF-DAY"],
                        "from_province_codes": [("AF-PAR",), ("AF-URU",)]})


def squares():
    import geopandas as gpd
    return gpd.GeoDataFrame(
        {"province_code": ["AF-PAN", "AF-PAR", "AF-DAY", "AF-URU"],
         "province": ["Panjshir", "Parwan", "Daykundi", "Uruzgan"]},
        geometry=[box(0, 1, 1, 2), box(0, 0, 1, 1), box(5, 1, 6, 2), box(5, 0, 6, 1)], crs="EPSG:4326")


def test_before_a_change_the_new_province_is_part_of_the_old_one():
    then = provinces_on(dt.date(1995, 6, 30), squares(), CHANGES).set_index("province")
    assert list(then.index) == ["Parwan", "Uruzgan"]
    assert then.loc["Parwan", "province_codes"] == ("AF-PAN", "AF-PAR")
    assert then.loc["Parwan", "geometry"].equals(box(0, 0, 1, 2))


def test_between_two_changes_only_the_later_one_is_undone():
    then = provinces_on(dt.date(2004, 2, 1), squares(), CHANGES)
    assert list(then["province"]) == ["Panjshir", "Parwan", "Uruzgan"]
    assert merged_units(dt.date(2004, 2, 1), ["AF-PAN", "AF-PAR", "AF-DAY", "AF-URU"], CHANGES) == \
        (("AF-DAY", "AF-URU"),)


def test_on_and_after_the_day_of_creation_the_map_is_todays():
    assert len(provinces_on(dt.date(2004, 3, 28), squares(), CHANGES)) == 4
    assert merged_units(dt.date(2010, 1, 1), ["AF-PAN", "AF-PAR"], CHANGES) == ()


def test_the_real_data_draws_34_provinces_today_and_fewer_in_1995():
    assert len(geo.provinces_on(dt.date(2010, 1, 1))) == 34
    then = geo.provinces_on(dt.date(1995, 1, 1)).set_index("province")
    assert len(then) == 32 and then.loc["Parwan", "province_codes"] == ("AF-PAN", "AF-PAR")
