"""The static export is one self-contained file."""
import re

import pytest

from geo.atlas import load_atlas
from geo.export import EXPORT_FILE, build_static_html, write_export


@pytest.fixture(scope="module")
def page_html():
    return build_static_html(load_atlas())


def test_export_inlines_everything_and_links_nothing_external(page_html):
    assert not re.search(r"<script[^>]+src=", page_html)
    assert not re.search(r"<link[^>]+stylesheet", page_html)
    assert "L.version" in page_html or "Leaflet" in page_html
    assert '"AF-BAL"' in page_html and "FeatureCollection" in page_html
    assert "tile.openstreetmap.org" not in page_html


def test_export_carries_every_year(page_html):
    for year in (1988, 1998, 2021):
        assert f'"{year}":' in page_html


def test_write_export_writes_the_file(tmp_path):
    written = write_export(tmp_path)
    assert written == tmp_path / EXPORT_FILE and written.stat().st_size > 100_000
