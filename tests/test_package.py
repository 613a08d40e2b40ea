"""Downloads carry their citations, neutralise formulas, and the zip holds the whole package."""
import io
import json
import zipfile

import pandas as pd

from geo.package import PACKAGE_FILES, dataset_zip, package_file


def test_tables_that_cite_sources_carry_the_full_citations(atlas):
    events = pd.read_csv(io.BytesIO(package_file(atlas, "events.csv")), dtype=str, keep_default_na=False)
    assert list(events.columns[:3]) == ["id", "date", "end_date"]
    assert events.columns.get_loc("sources") == events.columns.get_loc("source_ids") + 1
    row = events.set_index("id").loc["ev-2016-faryab-junbish-abuses"]
    assert "Human Rights Watch" in row["sources"] and "https://www.hrw.org/" in row["sources"]
    control = pd.read_csv(io.BytesIO(package_file(atlas, "control_periods.csv")), dtype=str, keep_default_na=False)
    assert (control["sources"] != "").all()


def test_files_without_citations_download_as_they_are(atlas):
    import csv

    assert package_file(atlas, "provinces.geojson") == (atlas.data_dir / "provinces.geojson").read_bytes()
    def cells(data: bytes) -> list[list[str]]:
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    # the same cells, every one quoted (tests/test_spreadsheet_safety.py)
    assert cells(package_file(atlas, "sources.csv")) == cells((atlas.data_dir / "sources.csv").read_bytes())


def test_the_zip_holds_every_file_a_citation_and_the_licence(atlas):
    archive = zipfile.ZipFile(io.BytesIO(dataset_zip(atlas)))
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert names == {name for name, _, _ in PACKAGE_FILES} | {"CITATION.txt", "LICENSE.txt"}
    version = json.loads((atlas.data_dir / "datapackage.json").read_text())["version"]
    assert f"version {version}" in archive.read("junbish-atlas-data/CITATION.txt").decode()
    assert "CC BY 4.0" in archive.read("junbish-atlas-data/LICENSE.txt").decode()
