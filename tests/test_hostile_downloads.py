"""Every download of a fully hostile dataset (a spreadsheet formula in every free-text cell,
some hidden after a CR, a LF or a tab) read back by Python's csv module and by a spreadsheet
(Gnumeric's ``ssconvert``, which ``make test`` installs): no cell became a formula, and every row
is the source's row."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pytest

from geo.atlas import load_atlas
from geo.control import territory_geojson
from geo.dataset import FORMULA_STARTS
from geo.districts import districts_geojson
from geo.package import PACKAGE_FILES, cited_csv, dataset_zip, package_file
from tests.hostile import FORMULA_PAYLOADS, write_formula_dataset

SSCONVERT = shutil.which("ssconvert") or "/usr/bin/ssconvert"
GNUMERIC = "{http://www.gnumeric.org/v10.dtd}"
CSV_FILES = [name for name, _, _ in PACKAGE_FILES if name.endswith(".csv")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The atlas of a valid dataset with a formula in every free-text cell, and those columns."""
    folder = tmp_path_factory.mktemp("formulas") / "data"
    free = write_formula_dataset(folder)
    return load_atlas(folder), free


@pytest.fixture(scope="module")
def offered(hostile) -> dict[str, tuple[str, bytes]]:
    """Every CSV the app offers: ``{what: (the data file it comes from, bytes)}``."""
    atlas, _ = hostile
    offered = {f"Data page: {name}": (name, package_file(atlas, name)) for name in CSV_FILES}
    offered["Events page: these events"] = ("events.csv", cited_csv(atlas.events, "events", atlas))
    return offered


def read_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_hostile_dataset_puts_every_trick_in_every_file(hostile):
    atlas, free = hostile
    cells = {cell for row in read_rows((atlas.data_dir / "events.csv").read_bytes()) for cell in row.values()}
    assert cells >= set(FORMULA_PAYLOADS)
    assert set(free) >= {"events.csv", "sources.csv", "control_periods.csv", "factions.csv", "story.csv"}


@pytest.mark.parametrize("name", CSV_FILES + ["events page"])
def test_python_reads_every_download_with_the_source_rows_and_no_formula(hostile, offered, name):
    atlas, free = hostile
    file, data = offered["Events page: these events" if name == "events page" else f"Data page: {name}"]
    source, written = read_rows((atlas.data_dir / file).read_bytes()), read_rows(data)
    assert len(written) == len(source)  # no row broke, none was added
    for line, (was, now) in enumerate(zip(source, written), start=2):
        for column, cell in now.items():
            assert not cell.startswith(FORMULA_STARTS) or is_number(cell), (file, line, column, cell)
        for column in free.get(file, {}):
            assert now[column] in (was[column], "'" + was[column]), (file, line, column)
            assert now[column].lstrip("'") == was[column]


def test_the_zip_carries_the_same_files_as_the_single_downloads(hostile, offered):
    atlas, _ = hostile
    with zipfile.ZipFile(io.BytesIO(dataset_zip(atlas))) as archive:
        for name in CSV_FILES:
            assert archive.read(f"junbish-atlas-data/{name}") == offered[f"Data page: {name}"][1], name


def spreadsheet_cells(path: Path) -> tuple[dict[tuple[int, int], str], list[str]]:
    """What Gnumeric makes of a CSV file: ``{(row, column): value}`` and the cells it holds as
    formulas (in Gnumeric's own file format a formula cell has no value type)."""
    converted = path.with_suffix(".gnumeric")
    result = subprocess.run([SSCONVERT, "-I", "Gnumeric_stf:stf_csvtab", str(path), str(converted)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    root = ElementTree.fromstring(gzip.decompress(converted.read_bytes()))
    cells, formulas = {}, []
    for cell in root.iter(f"{GNUMERIC}Cell"):
        place = (int(cell.get("Row")), int(cell.get("Col")))
        cells[place] = cell.text or ""
        if cell.get("ValueType") is None:
            formulas.append(f"row {place[0] + 1}, column {place[1] + 1}: {cell.text}")
    return cells, formulas


def as_stored(text: str) -> str:
    """``text`` as Gnumeric shows a text cell: the ``'`` that marks it as text dropped, and line
    ends as XML stores them (a CR becomes a LF)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_a_spreadsheet_opens_every_download_without_a_formula_and_with_the_same_rows(hostile, offered, tmp_path):
    if not Path(SSCONVERT).exists():
        pytest.fail(f"Gnumeric's ssconvert not found at {SSCONVERT}: run `make test` (it installs Debian's gnumeric)")
    atlas, free = hostile
    for what, (file, data) in offered.items():
        path = tmp_path / f"{what.replace(' ', '_').replace(':', '')}.csv"
        path.write_bytes(data)
        cells, formulas = spreadsheet_cells(path)
        assert formulas == [], (what, formulas[:5])
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert max(row for row, _ in cells) + 1 == len(rows), what  # no row broke, none was added
        header = rows[0]
        for line, row in enumerate(rows[1:], start=1):
            for index, cell in enumerate(row):
                if header[index] in free.get(file, {}) or header[index] == "sources":
                    assert cells.get((line, index), "") == as_stored(cell), (what, line + 1, header[index])


def test_the_geojson_downloads_carry_the_texts_exactly(hostile):
    """GeoJSON is JSON (no spreadsheet reads it as cells): its texts come back exactly as written."""
    atlas, _ = hostile
    territory = json.loads(territory_geojson(atlas.territory, atlas.provinces, 1998))["features"]
    notes = atlas.territory[atlas.territory["year"] == 1998].set_index("province_code")["note"]
    assert [f["properties"]["note"] for f in territory] == [notes[f["properties"]["province_code"]] for f in territory]
    assert set(notes) & set(FORMULA_PAYLOADS)
    districts = json.loads(districts_geojson(dt.date(2021, 7, 31), atlas.districts, atlas.district_periods))["features"]
    rows = atlas.districts.set_index("id")
    assert [(f["properties"]["district"], f["properties"]["centre"]) for f in districts] == \
        [(rows.at[f["properties"]["district_id"], "name"], rows.at[f["properties"]["district_id"], "centre"])
         for f in districts]
    assert {f["properties"]["district"] for f in districts} & set(FORMULA_PAYLOADS)
