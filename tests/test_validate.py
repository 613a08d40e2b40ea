"""The data contract: the real data validates; corrupted copies fail with file:row: column."""
import csv
import subprocess
import sys
from pathlib import Path

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


# --- everything at once: the files themselves, and the rules across files despite schema errors


def messages_of(folder) -> list[str]:
    return [str(p) for p in find_problems(folder)]


def test_a_missing_column_and_an_unknown_source_elsewhere_are_reported_together(data_copy):
    rewrite(data_copy / "control_periods.csv", drop_column("control_periods.csv", "status")[1])
    rewrite(data_copy / "events.csv", set_cell("events.csv", 4, "source_ids", "no-such-source")[1])
    messages = messages_of(data_copy)
    assert "control_periods.csv:1: status: column missing" in messages
    assert "events.csv:4: source_ids: unknown source id 'no-such-source'" in messages


def test_a_bad_date_is_named_with_its_value(data_copy):
    rewrite(data_copy / "events.csv", set_cell("events.csv", 3, "date", "1992-02-30")[1])
    assert "events.csv:3: date: '1992-02-30': day is out of range for month" in messages_of(data_copy)


def test_one_problem_is_reported_once(data_copy):
    rewrite(data_copy / "control_periods.csv", set_cell("control_periods.csv", 3, "faction", "martians")[1])
    at_the_cell = [m for m in messages_of(data_copy) if m.startswith("control_periods.csv:3: faction:")]
    assert len(at_the_cell) == 1 and "martians" in at_the_cell[0]


@pytest.mark.parametrize("encode, expected", [
    (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "factions.csv:1: -: the file begins with a byte-order mark"),
    (lambda text: text.encode("utf-16"), "factions.csv:1: -: the file is UTF-16"),
    (lambda text: text.replace("Jamiat", "Jami\u00e2t").encode("cp1252"), "not UTF-8 (byte 0xE2 at line"),
    (lambda text: text.replace("\n", "\n\0", 3).encode("utf-8")[: text.index("\n") + 200], "factions.csv:2: -: NUL byte"),
])
def test_encoding_problems_are_named_at_their_line(data_copy, encode, expected):
    path = data_copy / "factions.csv"
    path.write_bytes(encode(path.read_text(encoding="utf-8")))
    messages = messages_of(data_copy)
    assert any(expected in m for m in messages), messages
    assert not any("\x00" in m or "\ufeff" in m for m in messages)  # no invisible characters in the report


def test_latin1_is_reported_at_the_line_where_it_is(data_copy):
    path = data_copy / "factions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",", ",\u00e9", 1)
    path.write_bytes("".join(lines).encode("cp1252"))
    assert any(m.startswith("factions.csv:5: -: not UTF-8") for m in messages_of(data_copy))


def test_a_file_over_the_size_limit_is_refused_unread(data_copy, monkeypatch):
    import geo.validate
    monkeypatch.setattr(geo.validate, "MAX_FILE_BYTES", 250_000)
    messages = messages_of(data_copy)
    assert any(m.startswith("events.csv:1: -: the file is 0.3 MB; the limit is") for m in messages), messages


def test_a_descriptor_path_leaving_the_folder_is_named_and_the_rest_is_still_checked(data_copy):
    import json
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == "story")["path"] = "../../etc/passwd"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (data_copy / "story.csv").unlink()
    rewrite(data_copy / "events.csv", set_cell("events.csv", 4, "source_ids", "no-such-source")[1])
    messages = messages_of(data_copy)
    assert any("'../../etc/passwd' of resource 'story' leaves the data folder" in m for m in messages), messages
    assert "events.csv:4: source_ids: unknown source id 'no-such-source'" in messages


def test_files_the_descriptor_does_not_list_are_reported_as_warnings(data_copy, capsys):
    from geo.validate import find_warnings
    (data_copy / "readme.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (data_copy / ".env").write_text("SECRET=1", encoding="utf-8")
    assert find_problems(data_copy) == []  # the atlas still opens: nothing in the folder is served
    warnings = [str(w) for w in find_warnings(data_copy)]
    assert any(w.startswith("readme.html:1: -: not part of the dataset") for w in warnings)
    assert any(w.startswith(".env:1: -: not part of the dataset") for w in warnings)
    assert main([str(data_copy)]) == 0
    assert "warning: readme.html:1: -: not part of the dataset" in capsys.readouterr().out


def test_formula_like_text_is_a_warning_not_an_error(data_copy):
    from geo.validate import find_warnings
    rewrite(data_copy / "events.csv", set_cell("events.csv", 2, "title", '=HYPERLINK("http://x.example")')[1])
    assert find_problems(data_copy) == []
    warnings = [str(w) for w in find_warnings(data_copy)]
    assert any(w.startswith("events.csv:2: title: '=HYPERLINK") for w in warnings), warnings
    assert not any(":lat:" in w or ":lon:" in w or "fatalities" in w for w in warnings)  # numbers are numbers
    assert main([str(data_copy)]) == 0


# --- at scale (issue #24): linear time, every problem counted, the file a symlink leads to


class CountedDay:
    """A date that counts how often it is compared (:data:`COMPARISONS`)."""

    def __init__(self, day):
        self.day = day

    def _count(self, other, compare):
        COMPARISONS[0] += 1
        return compare(self.day, other.day if isinstance(other, CountedDay) else other)

    def __lt__(self, other): return self._count(other, lambda a, b: a < b)
    def __le__(self, other): return self._count(other, lambda a, b: a <= b)
    def __gt__(self, other): return self._count(other, lambda a, b: a > b)
    def __ge__(self, other): return self._count(other, lambda a, b: a >= b)
    def __eq__(self, other): return self._count(other, lambda a, b: a == b)
    def __hash__(self): return hash(self.day)


COMPARISONS = [0]


@pytest.mark.parametrize("rows", [500, 2000])
def test_the_overlap_check_grows_with_the_rows_not_with_their_pairs(monkeypatch, rows):
    """Periods that all overlap (contested, allowed) and one held period among them (not
    allowed): found with a few comparisons per period, not one per pair of periods."""
    import geo.control
    from geo.validate import _overlap_problems
    from tests.conftest import control_table

    real = geo.control.dated_periods

    def counted(control):
        periods = real(control)
        return periods.assign(start_date=periods["start_date"].map(CountedDay),
                              end_date=periods["end_date"].map(CountedDay))
    monkeypatch.setattr(geo.control, "dated_periods", counted)
    table = control_table(*[("AF-BAL", "junbish", "contested", str(1990 + i % 20), str(1991 + i % 20))
                            for i in range(rows)], ("AF-BAL", "taliban", "control", "1999-05", "1999-06"))
    COMPARISONS[0] = 0
    problems = _overlap_problems(table)
    assert [p.row for p in problems] == [rows + 2]  # the held period (the last line), which overlaps the others
    assert COMPARISONS[0] < 40 * rows  # a pairwise check makes rows² / 2: 125,000 and 2,000,000


def test_the_overlap_check_names_each_overlapping_period(data_copy):
    def overlaps(rows):
        i = first_row_where(rows, province_code="AF-JOW")
        rows.append(dict(rows[i], faction="taliban", status="control", start="1990", end="1991", note="a"))
        rows.append(dict(rows[i], faction="taliban", status="contested", start="1990-06", end="1990-07", note="b"))
    rewrite(data_copy / "control_periods.csv", overlaps)
    overlapping = [p for p in find_problems(data_copy) if "overlaps line" in p.message]
    assert len({p.row for p in overlapping}) == len(overlapping) >= 2  # each period once


def many_broken_rows(folder, rows: int) -> None:
    path = folder / "control_periods.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" + "AF-X,,,,,,,\n" * rows, encoding="utf-8")


def test_problems_past_the_first_thousand_are_counted_not_dropped(data_copy, capsys):
    from geo.validate import LISTED, SCHEMA_ERRORS_PER_FILE
    many_broken_rows(data_copy, 1_500)
    problems = find_problems(data_copy)
    # the schema check stops listing after 1,000 errors in one file and says so, where it stopped
    stopped = [p for p in problems if "the schema check stops after" in p.message]
    assert len(stopped) == 1 and stopped[0].file == "control_periods.csv"
    assert len(problems) > SCHEMA_ERRORS_PER_FILE and any(p.row == 1_501 for p in problems)  # to the last row
    assert main([str(data_copy)]) == 1
    lines = capsys.readouterr().out.splitlines()
    listed_lines = [line for line in lines if not line.startswith("warning:")]
    assert len(listed_lines) == LISTED + 1
    assert listed_lines[-1] == (f"... and {len(problems) - LISTED:,} more problem(s) not listed: "
                                f"control_periods.csv {len(problems) - LISTED:,}")


def test_problems_in_a_symlinked_file_are_reported_at_the_file_it_leads_to(data_copy, tmp_path):
    from geo.validate import find_warnings
    (data_copy / "archive").mkdir()
    (data_copy / "events.csv").rename(data_copy / "archive" / "events-2024.csv")
    (data_copy / "events.csv").symlink_to(Path("archive") / "events-2024.csv")
    rewrite(data_copy / "archive" / "events-2024.csv", set_cell("events.csv", 3, "date", "1992-02-30")[1])
    outside = tmp_path / "elsewhere.csv"
    (data_copy / "sources.csv").rename(outside)
    (data_copy / "sources.csv").symlink_to(outside)
    messages = messages_of(data_copy)
    assert "archive/events-2024.csv:3: date: '1992-02-30': day is out of range for month" in messages
    assert not any(m.startswith("events.csv:") for m in messages), messages
    assert f"sources.csv:1: -: a symbolic link to {outside.resolve()}, outside the data folder; every resource " \
           "must be a file inside it" in messages
    assert not any(w.file == "archive" for w in find_warnings(data_copy))  # the folder it leads to is the dataset's
