"""Validate a dataset folder against its descriptor and the atlas's cross-file rules.

Usage: ``python -m geo.validate [DATA_DIR]`` (default: the package's ``data/``).

Each problem is printed as ``file:row: column: what is wrong``, where ``row`` is the line
of the file (the CSV header is line 1); the exit status is 1 if there is any problem. Every
problem is reported in one run: the files themselves (a path leaving the folder, files the
files over 20 MB, encodings other than UTF-8, NUL bytes), each table's schema, and the rules
across files on whatever could be read. Files the descriptor does not name and text that
begins like a spreadsheet formula are listed as ``warning:`` lines; they do not fail the
check (nothing in the data folder is served, and the downloads neutralise formulas). The first
:data:`LISTED` problems are printed one by one, the rest counted per file. A resource that is a
symbolic link to another file of the folder has its problems named at that file.

The time grows in proportion to the rows (``bench/validate_scale.py``): the rules look at each
distinct id and date once, overlapping periods are found in one sweep over the periods sorted
by start, and the schema check stops after :data:`SCHEMA_ERRORS_PER_FILE` problems in one file
(and says so).

The per-file schema (columns, types, required cells, enums, patterns, unique ids, the
faction foreign key) is checked by frictionless from ``datapackage.json`` itself. The rules
a Table Schema cannot express are checked here: province codes exist in the boundaries,
source ids and faction lists resolve, dates are real and within 1988-2021, periods end after
they start and do not overlap unless contested, and each event's point lies in its province.
"""
from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime as dt
import functools
import gc
import sys
from pathlib import Path
from typing import NamedTuple

import frictionless
import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import load_boundaries
from geo.reference import CLIP_BOUNDS, REFERENCE_FILE, load_reference
from geo.dataset import DATA_DIR, DESCRIPTOR_FILE, FORMULA_STARTS, DataError, cited_id, load_table, read_descriptor
from geo.dates import FIRST_YEAR, LAST_YEAR, last_day_of, parse_partial_date

EXPECTED_PROVINCE_COUNT = 34
POINT_TOLERANCE_METRES = 5_000  # the web boundaries are simplified; real points are never moved
METRIC_CRS = "EPSG:32642"  # UTM zone 42N, centred on Afghanistan, for distances
BOUNDARIES_FILE_LABEL = "provinces.geojson"


class Problem(NamedTuple):
    """One thing wrong with the data, printed as ``file:row: column: message``. A named tuple:
    a report of a million problems is sorted and deduplicated at C speed."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


MAX_FILE_BYTES = 20_000_000  # per file: about 100 times today's largest table; a bigger one is a mistake


def find_problems(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the dataset of ``data_dir``, in file and row order, all at once: the
    files themselves (paths, size, encoding), each table's schema,
    and the rules across files, run on what could be read even when a table has schema errors.
    A problem the schema check reported is not reported again by the rules across files."""
    data_dir = Path(data_dir or DATA_DIR)
    try:
        descriptor = read_descriptor(data_dir)
    except DataError as error:
        return [_problem_from(error)]
    with _no_cycle_collection():
        return _all_problems(data_dir, descriptor)


@contextlib.contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused: a big file's report is a million small tuples, and the
    collector would walk the whole growing heap again and again while they are made (the time
    grew faster than the rows). The pause is process-wide, for the seconds the check takes;
    cycles made meanwhile (by frictionless, pandas) are collected once it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _all_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    problems, unreadable = _file_problems(data_dir, descriptor)
    problems += _schema_problems(data_dir, descriptor, unreadable)
    if BOUNDARIES_FILE_LABEL not in unreadable:
        problems += _boundary_problems(data_dir)
    if REFERENCE_FILE in {r.get("path") for r in descriptor.get("resources", [])} and REFERENCE_FILE not in unreadable:
        problems += _reference_layer_problems(data_dir)
    reported = {problem[:3] for problem in problems}
    problems += [p for p in _cross_file_problems(data_dir, descriptor, unreadable, data_is_broken=bool(problems))
                 if p[:3] not in reported]
    real = real_paths(data_dir, descriptor)
    if real:
        problems = [p._replace(file=real[p.file]) if p.file in real else p for p in problems]
    return sorted(dict.fromkeys(problems))  # in the order found: runs already sorted, which sorting keeps cheap


def real_paths(data_dir: Path, descriptor: dict) -> dict[str, str]:
    """``{resource path: the path of the file it really is}`` for the resources that are
    symbolic links to a file elsewhere in the data folder (``events.csv`` ->
    ``archive/events-2024.csv``): their problems are reported at the file to edit."""
    folder = data_dir.resolve()
    real = {}
    for resource in descriptor.get("resources", []):
        path = resource.get("path")
        if not isinstance(path, str) or path.startswith(("http://", "https://")):
            continue
        target = (data_dir / path).resolve()
        if target.is_relative_to(folder) and target.relative_to(folder).as_posix() != Path(path).as_posix():
            real[path] = target.relative_to(folder).as_posix()
    return real


def find_warnings(data_dir: Path | None = None) -> list[Problem]:
    """What a maintainer should look at but that does not stop the atlas: files in the data
    folder that the descriptor does not name, and cells that begin like a spreadsheet formula
    (the downloads neutralise them, :func:`geo.dataset.spreadsheet_safe`; named here so each can
    be checked as meant). A number (``-12``) is not a formula."""
    data_dir = Path(data_dir or DATA_DIR)
    try:
        descriptor = read_descriptor(data_dir)
    except DataError:
        return []  # find_problems names it
    warnings = _unexpected_files(data_dir, descriptor)
    real = real_paths(data_dir, descriptor)
    for resource in descriptor.get("resources", []):
        path = resource.get("path", "")
        if not str(path).endswith(".csv") or not (data_dir / path).is_file():
            continue
        try:
            with open(data_dir / path, newline="", encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
        except (UnicodeDecodeError, csv.Error):
            continue  # find_problems names the file
        header = rows[0] if rows else []
        for line, row in enumerate(rows[1:], start=2):
            for column, cell in zip(header, row):
                if cell.startswith(FORMULA_STARTS) and not _is_number(cell):
                    warnings.append(Problem(real.get(path, path), line, column, f"{cell[:40]!r} begins like a spreadsheet formula "
                                            "(downloads prefix it with ' so it is shown, not run)"))
    return warnings


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _file_problems(data_dir: Path, descriptor: dict) -> tuple[list[Problem], set[str]]:
    """Problems with the files as files, and the paths that cannot be read as tables because of
    them: a path leaving the folder, a file over :data:`MAX_FILE_BYTES`, an encoding other than
    UTF-8 (a byte-order mark, UTF-16, Latin-1), NUL bytes; and files in the folder that the
    descriptor does not list are warnings (:func:`find_warnings`)."""
    problems: list[Problem] = []
    unreadable: set[str] = set()
    folder = data_dir.resolve()
    for resource in descriptor.get("resources", []):
        path = resource.get("path")
        if not isinstance(path, str) or path.startswith(("http://", "https://")):
            continue
        target = (data_dir / path).resolve()
        if not (Path(path).is_absolute() or ".." in Path(path).parts) and not target.is_relative_to(folder):
            problems.append(Problem(path, 1, "-", f"a symbolic link to {target}, outside the data folder; "
                                                  "every resource must be a file inside it"))
            unreadable.add(path)
            continue
        if Path(path).is_absolute() or ".." in Path(path).parts:
            problems.append(Problem(DESCRIPTOR_FILE, 1, "resources",
                                    f"the path {path!r} of resource {resource.get('name')!r} leaves the data folder; "
                                    "every resource must be a file inside it"))
            unreadable.add(path)
            continue
        if not target.is_file():
            continue  # "file not found", from the schema check
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, 1, "-", f"the file is {size / 1e6:.1f} MB; the limit is "
                                                  f"{MAX_FILE_BYTES / 1e6:.0f} MB per file"))
            unreadable.add(path)
            continue
        problem = _encoding_problem(path, target.read_bytes())
        if problem:
            problems.append(problem)
            unreadable.add(path)
    return problems, unreadable


def _unexpected_files(data_dir: Path, descriptor: dict) -> list[Problem]:
    """Files in the data folder that no resource of the descriptor names (nothing in the
    folder is served, but a stray notes file or ``.env`` should not travel with the dataset)."""
    described = {DESCRIPTOR_FILE} | {Path(r["path"]).parts[0] for r in descriptor.get("resources", [])
                                     if isinstance(r.get("path"), str) and not r["path"].startswith(("http:", "https:"))
                                     and Path(r["path"]).parts}
    described |= {Path(real).parts[0] for real in real_paths(data_dir, descriptor).values()}
    return [Problem(entry.name, 1, "-", "not part of the dataset (no resource of datapackage.json names it): "
                                        "the data folder should hold only the dataset's files")
            for entry in sorted(data_dir.iterdir()) if entry.name not in described]


def _encoding_problem(path: str, data: bytes) -> Problem | None:
    """The file's encoding problem, if any, at the line where it is."""
    if data.startswith(codecs.BOM_UTF8):
        return Problem(path, 1, "-", "the file begins with a byte-order mark (UTF-8 with BOM): save it as "
                                     "UTF-8 without BOM")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:2].count(b"\0") == 1:
        return Problem(path, 1, "-", "the file is UTF-16: save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        return Problem(path, data.count(b"\n", 0, nul) + 1, "-", f"NUL byte at byte {nul}: the file is not "
                                                                 "text as the dataset needs it (UTF-8)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Problem(path, line, "-", f"not UTF-8 (byte 0x{data[error.start]:02X} at line {line}; the file looks "
                                        "like Latin-1 or Windows-1252): save it as UTF-8")
    return None


def _problem_from(error: DataError) -> Problem:
    file, row, column, message = (str(error).split(":", 3) + ["", "", ""])[:4]
    return Problem(file, int(row) if row.strip().isdigit() else 1, column.strip(), message.strip())


SCHEMA_ERRORS_PER_FILE = 1_000  # frictionless takes ~0.15 ms per error: a file of errors is summarised here


def _schema_problems(data_dir: Path, descriptor: dict, unreadable: set[str]) -> list[Problem]:
    readable = dict(descriptor, resources=[r for r in descriptor.get("resources", []) if r.get("path") not in unreadable])
    try:
        package = frictionless.Package(readable, basepath=str(data_dir))
    except frictionless.FrictionlessException as error:
        return [Problem("datapackage.json", 1, "-", f"descriptor is not valid: {error.error.note or error}")]
    problems = []
    for resource in package.resources:
        if not resource.tabular:
            continue
        if not (data_dir / resource.path).is_file():
            problems.append(Problem(resource.path, 1, "-", "file not found"))
            continue
        if (data_dir / resource.path).stat().st_size == 0:
            problems.append(Problem(resource.path, 1, "-", "file is empty"))
            continue
        header_problems = _header_problems(data_dir, resource)
        if header_problems:
            problems += header_problems
            continue
        report = resource.validate(checklist=frictionless.Checklist(skip_errors=["blank-row"]),
                                   limit_errors=SCHEMA_ERRORS_PER_FILE)
        errors = report.tasks[0].errors
        if len(errors) >= SCHEMA_ERRORS_PER_FILE:
            after = max((getattr(e, "row_number", None) or 1) for e in errors)
            problems.append(Problem(resource.path, after, "-", f"the schema check stops after "
                                    f"{SCHEMA_ERRORS_PER_FILE:,} problems in one file: the lines after this one "
                                    "were not checked against the schema; fix these and run it again"))
        for error in errors:
            column = getattr(error, "field_name", None)
            if error.type == "foreign-key":
                column = ",".join(error.field_names) if getattr(error, "field_names", None) else column
            problems.append(Problem(
                resource.path,
                getattr(error, "row_number", None) or 1,
                column or "-",
                _describe(error.type, error.note, getattr(error, "cell", None)),
            ))
    return problems


def _header_problems(data_dir: Path, resource) -> list[Problem]:
    """Missing or unexpected columns, reported once each on line 1 (the header)."""
    with open(data_dir / resource.path, newline="", encoding="utf-8", errors="replace") as handle:
        header = next(csv.reader(handle), [])
    expected = [field.name for field in resource.schema.fields]
    problems = [Problem(resource.path, 1, name, "column missing") for name in expected if name not in header]
    problems += [Problem(resource.path, 1, name or "-", "column not in the descriptor")
                 for name in header if name not in expected]
    return problems


def _describe(kind: str, note: str, cell) -> str:
    readable = {
        "missing-label": "column missing",
        "missing-cell": "value missing",
        "extra-cell": "more cells than columns",
        "extra-label": "column not in the descriptor",
        "unique-error": "duplicate value",
        "foreign-key": "refers to an id that does not exist",
    }
    if kind == "constraint-error" and '"required"' in note:
        return "value missing (the column is required)"
    prefix = readable.get(kind, kind.replace("-", " "))
    shown = f" ({cell!r})" if cell not in (None, "") else ""
    return f"{prefix}{shown}: {note}" if note else f"{prefix}{shown}"


def _boundary_problems(data_dir: Path) -> list[Problem]:
    try:
        provinces = load_boundaries(data_dir)
    except DataError as error:
        return [_problem_from(error)]
    problems = []
    if len(provinces) != EXPECTED_PROVINCE_COUNT:
        problems.append(Problem(BOUNDARIES_FILE_LABEL, 1, "-", f"{len(provinces)} provinces, expected {EXPECTED_PROVINCE_COUNT}"))
    for index, row in provinces.iterrows():
        if row.geometry is None or not row.geometry.is_valid:
            problems.append(Problem(BOUNDARIES_FILE_LABEL, index + 1, "geometry", f"invalid geometry for {row['province_code']}"))
    if provinces["province_code"].duplicated().any():
        problems.append(Problem(BOUNDARIES_FILE_LABEL, 1, "province_code", "duplicate province code"))
    return problems


TABLES = ("factions", "control_periods", "events", "sources", "province_changes", "story", "districts",
          "district_periods", "places")


def _cross_file_problems(data_dir: Path, descriptor: dict, unreadable: set[str] = frozenset(),
                         data_is_broken: bool = False) -> list[Problem]:
    """The rules across files, on what could be read. With ``data_is_broken`` (other checks have
    found problems) a table may lack columns or hold unreadable values: a rule that cannot run
    on it is skipped, and the problems already found say why."""
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources", [])}
    tables: dict[str, pd.DataFrame | None] = {}
    for name in TABLES:
        try:
            tables[name] = None if paths.get(name) in unreadable else load_table(name, data_dir, lenient=True)
        except DataError:
            tables[name] = None
    try:
        provinces = None if BOUNDARIES_FILE_LABEL in unreadable else load_boundaries(data_dir)
    except DataError:
        provinces = None
    factions, control, events = tables["factions"], tables["control_periods"], tables["events"]
    sources, changes, story = tables["sources"], tables["province_changes"], tables["story"]
    districts, district_periods, places = tables["districts"], tables["district_periods"], tables["places"]
    known = {
        "province_code": set(provinces["province_code"]) if provinces is not None else None,
        "faction": set(factions["id"]) if factions is not None and "id" in factions else None,
        "source_ids": set(sources["id"]) if sources is not None and "id" in sources else None,
        "district_id": set(districts["id"]) if districts is not None and "id" in districts else None,
    }

    def run(check, *args, **kwargs) -> list[Problem]:
        if any(arg is None for arg in args):
            return []
        if not data_is_broken:
            return check(*args, **kwargs)
        try:
            return check(*args, **kwargs)
        except (KeyError, ValueError, TypeError, AttributeError):
            return []  # a column or value this rule needs is missing or unreadable; reported already

    problems = run(_reference_problems, "control_periods.csv", control, known)
    problems += run(_reference_problems, "events.csv", events, known)
    problems += run(_reference_problems, "province_changes.csv", changes, known)
    problems += run(_date_problems, "province_changes.csv", changes, [("date", None)])
    problems += run(_reference_problems, "story.csv", story, known)
    problems += run(_date_problems, "story.csv", story, [("date", None)])
    problems += run(_story_problems, story, events)
    problems += run(_date_problems, "control_periods.csv", control, [("start", "end")])
    problems += run(_date_problems, "events.csv", events, [("date", "end_date")], end_inclusive=True)
    problems += run(_date_problems, "sources.csv", sources, [("published", None)], within_coverage=False)
    problems += run(_reference_problems, "districts.csv", districts, known)
    problems += run(_reference_problems, "district_periods.csv", district_periods, known)
    problems += run(_date_problems, "district_periods.csv", district_periods, [("start", "end")])
    problems += run(_reference_problems, "places.csv", places, known)
    if not problems:
        problems += run(_overlap_problems, control)
        problems += run(_status_problems, control)
        problems += run(_location_presence_problems, events)
        problems += run(_event_location_problems, events, provinces)
        problems += run(_fatality_problems, events)
        problems += run(_overlap_problems, district_periods, "district_periods.csv", "district_id")
        problems += run(_status_problems, district_periods, "district_periods.csv")
        problems += run(_district_coverage_problems, district_periods, districts)
        problems += run(_district_centre_problems, districts, provinces)
        problems += run(_place_problems, places, provinces, _readable_reference(data_dir, unreadable))
    return problems


def _readable_reference(data_dir: Path, unreadable: set[str]) -> gpd.GeoDataFrame | None:
    if REFERENCE_FILE in unreadable or not (data_dir / REFERENCE_FILE).is_file():
        return None
    try:
        return load_reference(data_dir)
    except DataError:
        return None  # reported by _reference_layer_problems


REFERENCE_KINDS = ("country", "river")


def _reference_layer_problems(data_dir: Path) -> list[Problem]:
    """``reference.geojson``: readable, each feature a valid geometry with a known kind, a
    unique id, a name, a whole rank and a label point within the map's extent."""
    try:
        reference = load_reference(data_dir)
    except DataError as error:
        return [_problem_from(error)]
    problems = []
    west, south, east, north = CLIP_BOUNDS
    for index, row in reference.iterrows():
        line = index + 1
        if row["kind"] not in REFERENCE_KINDS:
            problems.append(Problem(REFERENCE_FILE, line, "kind", f"{row['kind']!r} is not one of {list(REFERENCE_KINDS)}"))
        if not isinstance(row["name"], str) or not row["name"].strip():
            problems.append(Problem(REFERENCE_FILE, line, "name", "value missing"))
        if row.geometry is None or not row.geometry.is_valid or row.geometry.is_empty:
            problems.append(Problem(REFERENCE_FILE, line, "geometry", f"invalid geometry for {row['id']!r}"))
        if pd.isna(row["rank"]) or float(row["rank"]) != int(row["rank"]) or int(row["rank"]) < 1:
            problems.append(Problem(REFERENCE_FILE, line, "rank", f"{row['rank']!r} is not a whole number from 1"))
        try:
            lat, lon = float(row["label_lat"]), float(row["label_lon"])
        except (TypeError, ValueError):
            lat = lon = float("nan")
        if not (south <= lat <= north and west <= lon <= east):
            problems.append(Problem(REFERENCE_FILE, line, "label_lat",
                                    f"{row['label_lat']}, {row['label_lon']} is not within the map's extent"))
    for index in reference.index[reference["id"].duplicated()]:
        problems.append(Problem(REFERENCE_FILE, index + 1, "id", f"duplicate id {reference.at[index, 'id']!r}"))
    return problems


def _place_problems(places: pd.DataFrame, provinces: gpd.GeoDataFrame,
                    reference: gpd.GeoDataFrame | None) -> list[Problem]:
    """A place lies in its province (within about 12 km of the generalised outline); its rank is
    not the rank of a neighbour's or the river's name (labels are drawn in one order); a place
    not from the gazetteer says where its position comes from."""
    problems = []
    shapes = dict(zip(provinces["province_code"], provinces.geometry))
    taken = {int(rank): name for rank, name in zip(reference["rank"], reference["name"])} if reference is not None else {}
    for index, row in places.iterrows():
        shape = shapes.get(row["province_code"])
        if shape is not None and not shape.buffer(0.11).contains(shapely.Point(float(row["lon"]), float(row["lat"]))):
            problems.append(Problem("places.csv", _line(index), "lat",
                                    f"{row['lat']}, {row['lon']} is not inside {row['province_code']}"))
        if int(row["rank"]) in taken:
            problems.append(Problem("places.csv", _line(index), "rank",
                                    f"rank {int(row['rank'])} is also the rank of {taken[int(row['rank'])]!r} in {REFERENCE_FILE}"))
        if not row["geonames_id"] and not row["note"]:
            problems.append(Problem("places.csv", _line(index), "note",
                                    "a place without a GeoNames id needs a note saying where its position comes from"))
    return problems


DISTRICT_COVERAGE = (dt.date(2015, 1, 1), dt.date(2022, 1, 1))


def _district_coverage_problems(periods: pd.DataFrame, districts: pd.DataFrame) -> list[Problem]:
    """Every district is covered from January 2015 to the end of 2021 without a gap (where the
    sources are silent, an unknown period says so); sources may be missing only from an unknown
    period."""
    from geo.control import dated_periods

    uncited = (periods["source_ids"].map(len) == 0) & (periods["status"] != "unknown")
    problems = [Problem("district_periods.csv", _line(index), "source_ids",
                        "value missing (only an unknown period may cite no source)") for index in periods.index[uncited]]
    dated = dated_periods(periods.rename(columns={"district_id": "province_code"}))
    by_district = {district: own for district, own in dated.groupby("province_code", sort=False)}
    for line, district in enumerate(districts["id"], start=2):
        own = by_district.get(district)
        if own is None:
            problems.append(Problem("districts.csv", line, "id", f"{district} has no period in district_periods.csv"))
            continue
        day, end = DISTRICT_COVERAGE
        for start_date, end_date in sorted(zip(own["start_date"], own["end_date"])):
            if start_date > day:
                problems.append(Problem("district_periods.csv", _line(own.index[0]), "start",
                                        f"{district} has no period from {day} to {start_date}"))
            day = max(day, end_date)
        if day < end:
            problems.append(Problem("district_periods.csv", _line(own.index[-1]), "end",
                                    f"{district} has no period from {day} to the end of 2021"))
    return problems


def _district_centre_problems(districts: pd.DataFrame, provinces: gpd.GeoDataFrame) -> list[Problem]:
    """A district's centre lies inside its province (the boundaries are generalised: within
    about 12 km of it); a centre has both coordinates or neither."""
    problems = []
    near = {code: shape.buffer(0.11) for code, shape in zip(provinces["province_code"], provinces.geometry)}
    for index, code, lat, lon in zip(districts.index, districts["province_code"], districts["lat"], districts["lon"]):
        has = [pd.notna(lat), pd.notna(lon)]
        if any(has) != all(has):
            problems.append(Problem("districts.csv", _line(index), "lat", "give both lat and lon, or neither"))
            continue
        shape = near.get(code)
        if all(has) and shape is not None and not shape.contains(shapely.Point(float(lon), float(lat))):
            problems.append(Problem("districts.csv", _line(index), "lat", f"{lat}, {lon} is not inside {code}"))
    return problems


STORY_WORDS = (80, 180)


def _story_problems(story: pd.DataFrame, events: pd.DataFrame) -> list[Problem]:
    """Chapters in order from 1, texts of 80-180 words, events that exist and happened by the
    chapter's date, views over Afghanistan."""
    problems = []
    if list(story["order"]) != list(range(1, len(story) + 1)):
        problems.append(Problem("story.csv", 2, "order", "chapters must be numbered 1, 2, 3 ... in file order"))
    first_days = {event_id: parsed if isinstance(parsed := _parsed_date(date), dt.date) else None
                  for event_id, date in zip(events["id"], events["date"])}  # bad dates are reported elsewhere
    for index, row in zip(story.index, story.to_dict("records")):
        words = len(row["text"].split())
        if not STORY_WORDS[0] <= words <= STORY_WORDS[1]:
            problems.append(Problem("story.csv", _line(index), "text",
                                    f"{words} words; a chapter has {STORY_WORDS[0]}-{STORY_WORDS[1]}"))
        for event_id in row["events"]:
            if event_id not in first_days:
                problems.append(Problem("story.csv", _line(index), "events", f"unknown event id {event_id!r}"))
            elif first_days[event_id] and isinstance(day := _parsed_date(row["date"]), dt.date) \
                    and first_days[event_id] > day:
                problems.append(Problem("story.csv", _line(index), "events",
                                        f"{event_id!r} happens after the chapter's date {row['date']}"))
        lat, lon, zoom = (float(part) for part in row["view"].split(","))
        if not (29 <= lat <= 39 and 60 <= lon <= 75.5 and 4 <= zoom <= 12):
            problems.append(Problem("story.csv", _line(index), "view", f"{row['view']!r} is not a view over Afghanistan"))
    return problems


def _line(index: int) -> int:
    return index + 2  # header is line 1


def _reference_problems(file: str, table: pd.DataFrame, known: dict[str, set]) -> list[Problem]:
    problems = []
    id_columns = {"province_code": "province_code", "from_province_codes": "province_code", "provinces": "province_code",
                  "source_ids": "source_ids", "side_a": "faction", "side_b": "faction", "faction": "faction",
                  "district_id": "district_id"} if file != "control_periods.csv" else {
                  "province_code": "province_code", "source_ids": "source_ids"}
    what = {"province_code": "province code", "faction": "faction id", "source_ids": "source id",
            "district_id": "district id"}
    for column, kind in id_columns.items():
        if column not in table.columns or known[kind] is None:
            continue
        cells = table[column].tolist()
        unknown = {}  # each distinct cell is looked at once: a big table repeats its ids
        for cell in set(cells):
            items = cell if isinstance(cell, tuple) else (cell,) if cell else ()
            values = [cited_id(item) if kind == "source_ids" else item for item in items]
            if any(value not in known[kind] for value in values):
                unknown[cell] = [value for value in values if value not in known[kind]]
        if unknown:
            problems += [Problem(file, _line(index), column, f"unknown {what[kind]} {value!r}")
                         for index, cell in zip(table.index, cells) if cell in unknown for value in unknown[cell]]
    return problems


def _date_problems(file: str, table: pd.DataFrame, pairs, within_coverage: bool = True,
                  end_inclusive: bool = False) -> list[Problem]:
    """Dates parse and lie in coverage; an end comes after its start. A period's end is
    exclusive (the next holder's start); an event's end_date is inclusive, so ``1994-01-01`` to
    ``1994-01`` is fine. Each distinct text is parsed once (a big table repeats its dates)."""
    problems = []
    for start_column, end_column in pairs:
        columns = [c for c in (start_column, end_column) if c is not None]
        for index, *cells in zip(table.index, *(table[c].tolist() for c in columns)):
            dates = {}
            for column, cell in zip(columns, cells):
                if not cell:
                    continue
                parsed = _parsed_date(cell)
                if isinstance(parsed, str):
                    message = parsed if repr(cell) in parsed else f"{cell!r}: {parsed}"
                    problems.append(Problem(file, _line(index), column, message))
                    continue
                dates[column] = parsed
                # an end may fall on 1 January 2022: the period lasted to the end of coverage
                latest = LAST_YEAR + 1 if column == end_column else LAST_YEAR
                if within_coverage and not FIRST_YEAR <= parsed.year <= latest:
                    problems.append(Problem(file, _line(index), column, f"{cell} is outside {FIRST_YEAR}-{LAST_YEAR}"))
            if start_column in dates and end_column in dates:
                start, end = cells
                if (_last_day(end) < dates[start_column] if end_inclusive else dates[end_column] <= dates[start_column]):
                    problems.append(Problem(file, _line(index), end_column,
                                            f"{end} is not after {start_column} {start}"))
    return problems


@functools.lru_cache(maxsize=65_536)
def _parsed_date(text: str) -> dt.date | str:
    """The first day ``text`` names, or why it is not a date (cached: tables repeat dates)."""
    try:
        return parse_partial_date(text)
    except ValueError as error:
        return str(error)


@functools.lru_cache(maxsize=65_536)
def _last_day(text: str) -> dt.date:
    return last_day_of(text)


def _overlap_problems(control: pd.DataFrame, file: str = "control_periods.csv",
                      key: str = "province_code") -> list[Problem]:
    """A period that overlaps an earlier-starting one of the same province, unless both are
    contested; each such period is named once, with the line of the period it overlaps (the
    one lasting longest). One sweep over the periods sorted by start: n log n, not n²."""
    from geo.control import dated_periods

    periods = dated_periods(control)
    problems = []
    for code, group in periods.sort_values(["start_date", "order"], kind="stable").groupby(key, sort=False):
        longest = {True: None, False: None}  # the earlier period lasting longest, contested or not
        for period in group.itertuples():
            contested = period.status == "contested"
            candidates = [longest[False]] if contested else [longest[False], longest[True]]
            earlier = max((c for c in candidates if c is not None), key=lambda c: c.end_date, default=None)
            if earlier is not None and earlier.end_date > period.start_date:
                problems.append(Problem(
                    file, _line(period.Index), "start",
                    f"{code} period {period.start}-{period.end or 'open'} ({period.faction}, {period.status}) "
                    f"overlaps line {_line(earlier.Index)} ({earlier.faction}, {earlier.status}); "
                    "only contested periods may overlap",
                ))
            if longest[contested] is None or period.end_date > longest[contested].end_date:
                longest[contested] = period
    return problems


def _status_problems(control: pd.DataFrame, file: str = "control_periods.csv") -> list[Problem]:
    mismatched = (control["status"] == "unknown") != (control["faction"] == "unknown")
    return [Problem(file, _line(index), "status", "status 'unknown' goes with faction 'unknown' and only with it")
            for index in control.index[mismatched]]


def _location_presence_problems(events: pd.DataFrame) -> list[Problem]:
    """A place is either known (province, lat and lon given) or unknown (all three empty)."""
    problems = []
    unknown = events["location_precision"] == "unknown"
    for column in ("province_code", "lat", "lon"):
        present = events[column].notna() & (events[column].astype(str) != "")
        problems += [Problem("events.csv", _line(index), column, "must be empty when location_precision is unknown")
                     for index in events.index[present & unknown]]
        problems += [Problem("events.csv", _line(index), column,
                             "value missing (only events whose location_precision is unknown may omit it)")
                     for index in events.index[~present & ~unknown]]
    return sorted(problems)


def _event_location_problems(events: pd.DataFrame, provinces: gpd.GeoDataFrame) -> list[Problem]:
    events = events[(events["location_precision"] != "unknown") & events["lat"].notna() & events["lon"].notna()]
    if events.empty:
        return []
    shapes = provinces.set_index("province_code").to_crs(METRIC_CRS).geometry
    points = gpd.GeoSeries(shapely.points(events["lon"].astype(float), events["lat"].astype(float)),
                           index=events.index, crs="EPSG:4326").to_crs(METRIC_CRS)
    problems = []
    for index, point in points.items():
        code = events.at[index, "province_code"]
        distance = shapes[code].distance(point)
        if distance > POINT_TOLERANCE_METRES:
            problems.append(Problem("events.csv", _line(index), "lat",
                                    f"point ({events.at[index, 'lat']}, {events.at[index, 'lon']}) lies "
                                    f"{distance / 1000:.0f} km outside {code}"))
    return problems


def _fatality_problems(events: pd.DataFrame) -> list[Problem]:
    problems = []
    both = events["fatalities_low"].notna() & events["fatalities_high"].notna()
    for index in events.index[both & (events["fatalities_low"] > events["fatalities_high"])]:
        problems.append(Problem("events.csv", _line(index), "fatalities_high", "lower than fatalities_low"))
    return problems


LISTED = 1_000  # problems printed one by one; the rest are counted per file


def listed(problems: list[Problem], limit: int = LISTED) -> list[str]:
    """The first ``limit`` problems as lines, then one line counting the rest per file, so a
    long report is never cut short silently.

    >>> listed([Problem("a.csv", n, "x", "bad") for n in (2, 3, 4)], limit=1)
    ['a.csv:2: x: bad', '... and 2 more problem(s) not listed: a.csv 2']
    """
    lines = [str(problem) for problem in problems[:limit]]
    rest = collections.Counter(problem.file for problem in problems[limit:])
    if rest:
        lines.append(f"... and {sum(rest.values()):,} more problem(s) not listed: "
                     + ", ".join(f"{file} {count:,}" for file, count in sorted(rest.items())))
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else DATA_DIR
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder", file=sys.stderr)
        return 2
    problems = find_problems(data_dir)
    for line in listed(problems):
        print(line)
    for warning in listed(find_warnings(data_dir)):
        print(f"warning: {warning}")
    if problems:
        sys.stdout.flush()
        print(f"{len(problems)} problem(s) in {data_dir}", file=sys.stderr)
        return 1
    print(f"{data_dir}: valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
