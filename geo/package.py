"""The dataset as readers download it: each file of the package, the tables that cite sources
with a readable ``sources`` column of full citations, formula-like cells neutralised, and the
whole package as one zip with a citation file and the licence."""
from __future__ import annotations

import io
import zipfile

from geo.atlas import Atlas
import pandas as pd

from geo.dataset import (DESCRIPTOR_FILE, download_csv, load_table, read_descriptor, resource_schema,
                         spreadsheet_safe_csv, with_citations)

# (file, label, media type) of what the Data page offers, in the order it shows them
PACKAGE_FILES = (
    ("control_periods.csv", "control periods (CSV)", "text/csv"),
    ("events.csv", "events (CSV)", "text/csv"),
    ("sources.csv", "sources (CSV)", "text/csv"),
    ("factions.csv", "factions (CSV)", "text/csv"),
    ("province_changes.csv", "province changes (CSV)", "text/csv"),
    ("story.csv", "the tour's chapters (CSV)", "text/csv"),
    ("districts.csv", "districts of the north and their centres (CSV)", "text/csv"),
    ("district_periods.csv", "district control periods, 2015-2021 (CSV)", "text/csv"),
    ("places.csv", "places the map names (CSV)", "text/csv"),
    ("provinces.geojson", "province boundaries (GeoJSON)", "application/geo+json"),
    ("reference.geojson", "neighbouring countries and the Amu Darya (GeoJSON)", "application/geo+json"),
    (DESCRIPTOR_FILE, "descriptor (datapackage.json)", "application/json"),
)
LICENCE_TEXT = """Junbish Atlas dataset

The tables (CSV files) and the documentation are licensed under the Creative Commons
Attribution 4.0 International licence (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/
You may share and adapt them for any purpose, if you give appropriate credit, link to the
licence and say whether you made changes.

provinces.geojson comes from Natural Earth (public domain): https://www.naturalearthdata.com/about/terms-of-use/
The coordinates of the district centres in districts.csv and of most places in places.csv come from
GeoNames (CC BY 4.0): https://www.geonames.org/
reference.geojson: the neighbouring countries come from Natural Earth (public domain); the Amu Darya
from GSHHG's WDB II rivers (public domain data, distributed with GSHHG under the LGPL 3.0):
https://www.soest.hawaii.edu/pwessel/gshhg/
"""


def dataset_version(atlas: Atlas) -> str:
    """The dataset's version, as its descriptor declares it."""
    return str(read_descriptor(atlas.data_dir)["version"])


def citation(atlas: Atlas) -> str:
    """How to cite the dataset (with its version), and a reminder to cite the sources too."""
    descriptor = read_descriptor(atlas.data_dir)
    return (f"Junbish Atlas contributors. {descriptor['title']} (dataset, version {descriptor['version']}). "
            "Licence CC BY 4.0.\n\nCite the original sources too: every row of the tables names them "
            "(the sources column, and sources.csv).\n")


def package_file(atlas: Atlas, name: str) -> bytes:
    """One file of the package as a download. A table whose rows cite sources gains a ``sources``
    column with the full citations; CSV cells a spreadsheet would run are neutralised."""
    resources = {r["path"]: r["name"] for r in read_descriptor(atlas.data_dir)["resources"]}
    resource = resources.get(name)
    if resource and name.endswith(".csv"):
        table = load_table(resource, atlas.data_dir)
        if "source_ids" in table.columns:
            return cited_csv(table, resource, atlas)
        return spreadsheet_safe_csv((atlas.data_dir / name).read_bytes())
    return (atlas.data_dir / name).read_bytes()


def cited_csv(table: pd.DataFrame, resource_name: str, atlas: Atlas) -> bytes:
    """Rows of a table that cites sources (as loaded, or a selection of them, as the Events page
    offers) as a CSV download with the full citations (:func:`geo.dataset.with_citations`,
    :func:`geo.dataset.download_csv`): the file's columns, without the ones the atlas computes."""
    fields = [f["name"] for f in resource_schema(resource_name, read_descriptor(atlas.data_dir))["schema"]["fields"]]
    table = table[[column for column in fields if column in table.columns]]
    return download_csv(with_citations(table, resource_name, atlas.sources_by_id, atlas.data_dir))


def dataset_zip(atlas: Atlas) -> bytes:
    """Every file of the package (as :func:`package_file` gives them), CITATION.txt and LICENSE.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, _, _ in PACKAGE_FILES:
            archive.writestr(f"junbish-atlas-data/{name}", package_file(atlas, name))
        archive.writestr("junbish-atlas-data/CITATION.txt", citation(atlas))
        archive.writestr("junbish-atlas-data/LICENSE.txt", LICENCE_TEXT)
    return buffer.getvalue()
