"""The data contract: the real data validates; corrupted copies fail with file:row: column."""
import csv
import subprocess
import sys

import pytest

from geo.validate import find_problems, main
from tests.conftest import DATA, REPO


def rewrite(path, change):
    """Apply ``change(rows)`` to a CSV (rows as dicts, header kept) and write it back."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames), list(reader)
    fields = change(rows) or fields
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def first_row_where(rows, **match):
    return next(i for i, row in enumerate(rows) if all(row[k] == v for k, v in match.items()))


def test_the_real_dataset_validates():
    assert [str(p) for p in find_problems(DATA)] == []


def test_validate_command_exits_zero_on_the_real_data():
    result = subprocess.run([sys.executable, "-m", "geo.validate", str(DATA)], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def set_cell(file, line, column, value):
    def change(rows):
        rows[line - 2][column] = value
    return file, change


def drop_column(file, column):
    def change(rows):
        for row in rows:
            row.pop(column)
        return [c for c in rows[0]] if rows else None
    return file, change


def duplicate_first_event(rows):
    rows.insert(1, dict(rows[0]))


CORRUPTIONS = {
    "missing column": (drop_column("control_periods.csv", "status"), "control_periods.csv:1: status: column missing"),
    "bad date": (set_cell("control_periods.csv", 2, "start", "1992-13"), "control_periods.csv:2: start:"),
    "impossible date": (set_cell("events.csv", 3, "date", "1992-02-30"), "events.csv:3: date:"),
    "year outside coverage": (set_cell("events.csv", 4, "date", "1979-12-27"), "events.csv:4: date: 1979-12-27 is outside 1988-2021"),
    "unknown province": (set_cell("events.csv", 2, "province_code", "AF-XXX"), "events.csv:2: province_code: unknown province code 'AF-XXX'"),
    "unknown faction in a period": (set_cell("control_periods.csv", 3, "faction", "martians"), "control_periods.csv:3: faction:"),
    "unknown faction in an event": (set_cell("events.csv", 5, "side_b", "taliban;martians"), "events.csv:5: side_b: unknown faction id 'martians'"),
    "unknown source": (set_cell("control_periods.csv", 4, "source_ids", "no-such-source"), "control_periods.csv:4: source_ids: unknown source id 'no-such-source'"),
    "bad status": (set_cell("control_periods.csv", 5, "status", "owned"), "control_periods.csv:5: status:"),
    "duplicate id": (("events.csv", duplicate_first_event), "events.csv:3: id: duplicate value"),
    "missing required cell": (set_cell("sources.csv", 2, "citation", ""), "sources.csv:2: citation: value missing"),
    "not a number": (set_cell("events.csv", 6, "lat", "north"), "events.csv:6: lat:"),
}


@pytest.mark.parametrize("corruption, expected", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupted_copy_names_file_row_and_column(data_copy, corruption, expected):
    file, change = corruption
    rewrite(data_copy / file, change)
    messages = [str(p) for p in find_problems(data_copy)]
    assert any(m.startswith(expected) for m in messages), messages


def test_event_point_outside_its_province_is_reported(data_copy):
    def move_into_the_sea(rows):
        rows[0]["lat"], rows[0]["lon"] = "30.0", "74.9"  # inside the lat/lon bounds, far from any province
    rewrite(data_copy / "events.csv", move_into_the_sea)
    messages = [str(p) for p in find_problems(data_copy)]
    assert any(m.startswith("events.csv:2: lat: point (30.0, 74.9) lies") and "km outside" in m for m in messages), messages


def test_overlapping_periods_are_reported_unless_both_contested(data_copy):
    def overlap(rows):
        i = first_row_where(rows, province_code="AF-JOW")
        extra = dict(rows[i], faction="taliban", status="control", start="1990", end="1991", note="test")
        rows.append(extra)
    rewrite(data_copy / "control_periods.csv", overlap)
    messages = [str(p) for p in find_problems(data_copy)]
    assert any("overlaps line" in m and m.startswith("control_periods.csv:") for m in messages), messages


def test_broken_geojson_is_reported(data_copy):
    (data_copy / "provinces.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    messages = [str(p) for p in find_problems(data_copy)]
    assert messages and messages[0].startswith("provinces.geojson:1: geometry: cannot read GeoJSON"), messages


def test_empty_file_is_reported(data_copy):
    (data_copy / "sources.csv").write_text("", encoding="utf-8")
    assert "sources.csv:1: -: file is empty" in [str(p) for p in find_problems(data_copy)]


def test_missing_file_is_reported(data_copy):
    (data_copy / "events.csv").unlink()
    assert "events.csv:1: -: file not found" in [str(p) for p in find_problems(data_copy)]


def test_cli_lists_every_problem_and_exits_non_zero_without_a_traceback(data_copy, capsys):
    rewrite(data_copy / "events.csv", set_cell("events.csv", 2, "province_code", "AF-XXX")[1])
    rewrite(data_copy / "control_periods.csv", set_cell("control_periods.csv", 2, "start", "1992-13")[1])
    assert main([str(data_copy)]) == 1
    output = capsys.readouterr()
    assert "Traceback" not in output.out + output.err
    # a bad date stops the cross-file checks, so the schema problem is listed first
    assert "control_periods.csv:2: start:" in output.out


def test_event_with_unknown_location_must_leave_place_fields_empty(data_copy):
    def half_known(rows):
        rows[0]["location_precision"] = "unknown"  # but lat/lon/province are still filled in
    rewrite(data_copy / "events.csv", half_known)
    messages = [str(p) for p in find_problems(data_copy)]
    assert "events.csv:2: lat: must be empty when location_precision is unknown" in messages


def test_event_end_date_may_be_coarser_than_its_start(data_copy):
    def coarse_end(rows):
        rows[0]["date"], rows[0]["end_date"] = "1994-01-01", "1994-01"
    rewrite(data_copy / "events.csv", coarse_end)
    assert not [p for p in find_problems(data_copy) if p.column == "end_date"]


def test_the_story_table_is_checked_against_the_others(data_copy):
    import csv
    from geo.validate import find_problems
    path = data_copy / "story.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows[0]["events"] = "ev-2021-kabul-falls;ev-1999-no-such-event"
    rows[1]["source_ids"] = "no-such-source"
    rows[2]["provinces"] = "AF-XXX"
    rows[3]["text"] = "Too short."
    rows[4]["view"] = "10,10,7"
    rows[5]["date"] = "2030-01"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    problems = [str(p) for p in find_problems(data_copy)]
    for expected in ("story.csv:2: events: 'ev-2021-kabul-falls' happens after the chapter's date",
                     "story.csv:2: events: unknown event id 'ev-1999-no-such-event'",
                     "story.csv:3: source_ids: unknown source id 'no-such-source'",
                     "story.csv:4: provinces: unknown province code 'AF-XXX'",
                     "story.csv:5: text: 2 words; a chapter has 80-180",
                     "story.csv:6: view: '10,10,7' is not a view over Afghanistan",
                     "story.csv:7: date: 2030-01 is outside 1988-2021"):
        assert any(p.startswith(expected) for p in problems), (expected, problems)
