"""Key facts of the history, pinned through the geo API so a later edit cannot silently break
them, and coverage of the real dataset."""
import datetime as dt

import pytest

import geo
from geo.control import COVERAGE_END, COVERAGE_START, dated_periods
from geo.events import events_in
from geo.validate import find_problems
from tests.conftest import DATA, holding_on

JUNBISH_PRESENT = {"stronghold", "control", "contested"}


def test_junbish_holds_balkh_and_mazar_after_march_1992(control, provinces, events):
    for day in (dt.date(1992, 4, 15), dt.date(1995, 6, 1), dt.date(1997, 1, 1)):
        faction, status, _ = holding_on(day, "AF-BAL", control, provinces)
        assert faction == "junbish" and status in JUNBISH_PRESENT, day
    assert holding_on(dt.date(1991, 6, 1), "AF-BAL", control, provinces)[0] == "pdpa_government"
    mazar_1992 = events_in(1992, "AF-BAL", events=events)
    assert any(kind == "capture" and date.startswith("1992-03") for kind, date in zip(mazar_1992["kind"], mazar_1992["date"]))


def test_junbish_holds_its_heartland_in_1993(control, provinces):
    year = geo.territory_for_year(1993, control, provinces).set_index("province_code")
    for code in ("AF-JOW", "AF-FYB", "AF-SAR", "AF-SAM"):
        assert year.loc[code, "faction"] == "junbish", code


def test_junbish_is_pushed_out_of_its_kabul_positions_in_1994(control, provinces, events):
    before = holding_on(dt.date(1993, 12, 31), "AF-KAB", control, provinces)
    assert "junbish" in (before[0], *before[2])
    after = geo.territory_for_year(1994, control, provinces).set_index("province_code").loc["AF-KAB"]
    assert after["faction"] != "junbish" and "junbish" not in after["contested_with"]
    assert after["changed_during_year"]
    kabul_1994 = events_in(1994, "AF-KAB", events=events)
    assert {"alliance", "battle"} <= set(kabul_1994["kind"])


def test_the_taliban_take_mazar_in_august_1998(control, provinces, events):
    # just before, Mazar was in anti-Taliban hands (Junbish, or Wahdat in the summer of 1998)
    assert holding_on(dt.date(1998, 8, 1), "AF-BAL", control, provinces)[0] in {"junbish", "wahdat"}
    assert holding_on(dt.date(1998, 8, 9), "AF-BAL", control, provinces)[0] == "taliban"
    year = geo.territory_for_year(1998, control, provinces).set_index("province_code").loc["AF-BAL"]
    assert year["faction"] == "taliban" and year["changed_during_year"]
    mazar_1998 = events_in(1998, "AF-BAL", events=events)
    assert {"capture", "massacre"} <= set(mazar_1998["kind"])


def test_1997_is_visibly_turbulent_in_the_north(control, provinces):
    year = geo.territory_for_year(1997, control, provinces).set_index("province_code")
    assert year.loc["AF-BAL", "changed_during_year"]
    assert len(year.loc["AF-BAL", "holders_during_year"]) >= 3
    quieter = geo.territory_for_year(2010, control, provinces)
    assert quieter["changed_during_year"].sum() < year["changed_during_year"].sum()


def test_malik_defects_in_may_1997_and_dostum_returns(events):
    may_1997 = events_in(1997, events=events)
    assert any(k == "defection" and d.startswith("1997-05") for k, d in zip(may_1997["kind"], may_1997["date"]))


def test_jowzjan_is_junbish_stronghold_after_2001_and_taliban_at_the_end(control, provinces):
    assert holding_on(dt.date(2010, 6, 1), "AF-JOW", control, provinces)[:2] == ("junbish", "stronghold")
    end = geo.territory_for_year(2021, control, provinces)
    assert set(end["faction"]) == {"taliban"}


def test_human_rights_abuses_named_in_the_seed_are_recorded(events):
    kinds = dict(zip(events["id"], events["kind"]))
    faryab_2016 = events_in(2016, "AF-FYB", events=events)
    assert "abuse" in set(faryab_2016["kind"])
    assert any(kinds[i] in ("abuse", "massacre") for i in events_in(1992, "AF-BAL", events=events)["id"])


def test_every_province_is_covered_from_1988_to_2021_without_gaps(control, provinces):
    periods = dated_periods(control)
    for code in provinces["province_code"]:
        own = periods[periods["province_code"] == code].sort_values("start_date")
        assert not own.empty, code
        reached = COVERAGE_START
        for start, end in zip(own["start_date"], own["end_date"]):
            assert start <= reached, f"{code}: gap from {reached} to {start}"
            reached = max(reached, end)
        assert reached >= COVERAGE_END, f"{code}: coverage stops at {reached}"
    table = geo.territory_by_year(control, list(provinces["province_code"]))
    assert len(table) == 34 * (geo.LAST_YEAR - geo.FIRST_YEAR + 1)


def test_at_least_sixty_events_each_sourced_and_inside_its_province(events):
    assert len(events) >= 60
    assert events["source_ids"].map(len).gt(0).all()
    assert [str(p) for p in find_problems(DATA) if p.file == "events.csv"] == []
