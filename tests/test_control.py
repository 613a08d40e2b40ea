import datetime as dt

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from geo.control import territory_by_year, territory_for_year, territory_on
from tests.conftest import control_table

CODES = ["AF-BAL", "AF-JOW", "AF-KAB"]


def view(control, years):
    table = territory_by_year(control, CODES, years)
    return table.set_index(["year", "province_code"])


def test_year_view_shows_the_holder_at_the_close_of_the_year():
    control = control_table(
        ("AF-BAL", "pdpa_government", "control", "1988", "1992-03"),
        ("AF-BAL", "junbish", "control", "1992-03", "1998-08-08"),
        ("AF-BAL", "taliban", "control", "1998-08-08", ""),
    )
    table = view(control, range(1991, 2000))
    assert table.loc[(1991, "AF-BAL"), "faction"] == "pdpa_government"
    assert table.loc[(1992, "AF-BAL"), "faction"] == "junbish"
    assert table.loc[(1998, "AF-BAL"), "faction"] == "taliban"
    assert table.loc[(1999, "AF-BAL"), "faction"] == "taliban"


def test_changes_within_a_year_are_flagged_and_listed_in_order():
    control = control_table(
        ("AF-BAL", "junbish", "control", "1988", "1997-05"),
        ("AF-BAL", "malik", "control", "1997-05", "1997-10"),
        ("AF-BAL", "junbish", "contested", "1997-10", "1998"),
        ("AF-BAL", "wahdat", "contested", "1997-10", "1998"),
    )
    table = view(control, range(1996, 1998))
    assert not table.loc[(1996, "AF-BAL"), "changed_during_year"]
    assert table.loc[(1996, "AF-BAL"), "holders_during_year"] == (("junbish", "control"),)
    busy = table.loc[(1997, "AF-BAL")]
    assert busy["changed_during_year"]
    assert busy["holders_during_year"] == (("junbish", "control"), ("malik", "control"), ("junbish", "contested"),
                                           ("wahdat", "contested"))
    assert busy["status"] == "contested"
    assert busy["faction"] == "junbish" and busy["contested_with"] == ("wahdat",)


def test_a_holder_who_returns_within_the_year_is_listed_again():
    control = control_table(
        ("AF-JOW", "junbish", "control", "1988", "1997-05"),
        ("AF-JOW", "malik", "control", "1997-05", "1997-11"),
        ("AF-JOW", "junbish", "control", "1997-11", ""),
    )
    row = view(control, range(1997, 1998)).loc[(1997, "AF-JOW")]
    assert row["holders_during_year"] == (("junbish", "control"), ("malik", "control"), ("junbish", "control"))


def test_contested_without_junbish_takes_the_first_party_in_file_order():
    control = control_table(
        ("AF-KAB", "jamiat", "contested", "1993", "1996-09-27"),
        ("AF-KAB", "hezb_islami", "contested", "1993", "1996-09-27", "low"),
    )
    row = view(control, range(1994, 1995)).loc[(1994, "AF-KAB")]
    assert (row["faction"], row["status"], row["contested_with"]) == ("jamiat", "contested", ("hezb_islami",))
    assert row["confidence"] == "low"  # the weakest of the parties' confidences


def test_province_without_any_period_is_unknown():
    control = control_table(("AF-BAL", "junbish", "control", "1992-03", ""))
    table = view(control, range(1990, 1991))
    for code in CODES:
        row = table.loc[(1990, code)]
        assert (row["faction"], row["status"], row["source_ids"]) == ("unknown", "unknown", ())


def test_empty_control_table_gives_every_province_unknown():
    table = territory_by_year(control_table(), CODES, range(1988, 1989))
    assert list(table["faction"]) == ["unknown"] * 3
    assert not table["changed_during_year"].any()


def test_open_ended_period_runs_to_2021_and_coverage_start_is_not_a_change():
    control = control_table(("AF-JOW", "junbish", "stronghold", "1988", ""))
    table = view(control, range(1988, 2022))
    assert (table.xs("AF-JOW", level="province_code")["faction"] == "junbish").all()
    assert not table.loc[(1988, "AF-JOW"), "changed_during_year"]


def test_year_precision_handover_counts_in_its_own_year_only():
    control = control_table(
        ("AF-JOW", "junbish", "control", "1988", "1993"),
        ("AF-JOW", "malik", "control", "1993", ""),
    )
    table = view(control, range(1992, 1994))
    assert not table.loc[(1992, "AF-JOW"), "changed_during_year"]
    assert table.loc[(1993, "AF-JOW"), "changed_during_year"]


def test_territory_for_year_is_a_geodataframe_with_one_row_per_province(square_provinces):
    control = control_table(("AF-BAL", "junbish", "control", "1992-03", ""))
    result = territory_for_year(1993, control, square_provinces)
    assert list(result.columns) == ["province_code", "province", "faction", "status", "confidence", "source_ids",
                                    "contested_with", "changed_during_year", "holders_during_year", "note",
                                    "geometry"]
    assert result.crs == square_provinces.crs
    expected = pd.DataFrame({"province_code": CODES, "faction": ["junbish", "unknown", "unknown"]})
    assert_frame_equal(result[["province_code", "faction"]].reset_index(drop=True), expected)


@pytest.mark.parametrize("year", [1987, 2022])
def test_territory_for_year_refuses_years_outside_coverage(year, square_provinces):
    with pytest.raises(ValueError, match="outside"):
        territory_for_year(year, control_table(), square_provinces)


def test_territory_on_a_day_uses_half_open_periods(square_provinces):
    control = control_table(
        ("AF-BAL", "junbish", "control", "1992-03", "1998-08-08"),
        ("AF-BAL", "taliban", "control", "1998-08-08", ""),
    )
    before = territory_on(dt.date(1998, 8, 7), control, square_provinces).set_index("province_code")
    on_the_day = territory_on(dt.date(1998, 8, 8), control, square_provinces).set_index("province_code")
    assert before.loc["AF-BAL", "faction"] == "junbish"
    assert on_the_day.loc["AF-BAL", "faction"] == "taliban"


def test_territory_geojson_has_one_feature_per_province_and_year(square_provinces):
    import json
    from geo.control import territory_geojson
    control = control_table(("AF-BAL", "junbish", "control", "1992-03", ""))
    table = territory_by_year(control, CODES, range(1991, 1994))
    one_year = json.loads(territory_geojson(table, square_provinces, 1992))
    assert len(one_year["features"]) == 3
    balkh = next(f for f in one_year["features"] if f["properties"]["province_code"] == "AF-BAL")
    assert balkh["properties"]["faction"] == "junbish" and balkh["properties"]["changed_during_year"] is True
    assert balkh["properties"]["holders_during_year"] == "junbish:control"  # lists written as in the CSV
    assert balkh["properties"]["source_ids"] == "src-a"
    assert len(json.loads(territory_geojson(table, square_provinces))["features"]) == 9


def test_province_history_lists_one_provinces_periods_in_date_order():
    from geo.control import province_history
    control = control_table(
        ("AF-BAL", "taliban", "control", "1998-08-08", ""),
        ("AF-JOW", "junbish", "stronghold", "1988", ""),
        ("AF-BAL", "junbish", "control", "1992-03", "1998-08-08"),
    )
    history = province_history("AF-BAL", control)
    assert list(history["faction"]) == ["junbish", "taliban"]
    assert history["end_date"].iloc[-1] == dt.date(2022, 1, 1)  # open end = end of coverage
