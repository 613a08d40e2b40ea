"""The static export is one self-contained file that carries every month."""
import json
import re

import pytest

from atlas_view.export import EXPORT_FILE, build_static_html, leaflet_files, write_export
from geo.dates import Moment


@pytest.fixture(scope="module")
def page_html(atlas_view):
    return build_static_html(atlas_view, Moment.end_of_month(1997, 5))


def init_config(page_html: str) -> dict:
    match = re.search(r"createAtlasMap\(map_[0-9a-f]+, (\{.*?\})\);\n", page_html)
    assert match, "the export calls createAtlasMap with its configuration"
    return json.loads(match.group(1))


def test_export_inlines_everything_and_links_nothing_external(page_html):
    assert not re.search(r"<script[^>]+src=", page_html)
    assert not re.search(r"<link[^>]+stylesheet", page_html)
    assert leaflet_files()[0].replace("</", "<\\/") in page_html  # the installed Leaflet, inlined whole
    assert "function createAtlasMap(" in page_html and "function atlasExport(" in page_html
    assert "tile.openstreetmap.org" not in page_html


def test_the_export_carries_every_month_with_full_popups(page_html, atlas):
    config = init_config(page_html)
    table = config["monthTable"]
    assert len(table["months"]) == 408 and table["provinces"] == list(atlas.month_views[0]["province_code"])
    assert config["tableMarkers"] is True and config["report"] is False
    assert len(config["geometry"]["features"]) == 34
    assert all("sources" in marker and "description" in marker for marker in table["markers"])  # no panel offline


def test_the_export_opens_at_the_month_it_was_made_for(page_html):
    match = re.search(r"atlasExport\(map_[0-9a-f]+, (\{.*?\})\);", page_html)
    config = json.loads(match.group(1))
    assert (config["start"], config["monthCount"]) == (Moment.end_of_month(1997, 5).index, 408)


def test_the_export_carries_the_tour(page_html, atlas):
    match = re.search(r"atlasExport\(map_[0-9a-f]+, (\{.*?\})\);", page_html)
    story = json.loads(match.group(1))["story"]
    assert [c["title"] for c in story] == [c.title for c in atlas.story]
    assert all(c["sources"] and all(url == "" or url.startswith("http") for _, url in c["sources"]) for c in story)


def test_write_export_writes_the_file(tmp_path, atlas_view):
    written = write_export(tmp_path, atlas_view)
    assert written == tmp_path / EXPORT_FILE and written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_export_opens_at_the_province_and_view_it_was_made_from(atlas_view):
    page_html = build_static_html(atlas_view, Moment.end_of_month(1997, 7), "AF-FYB", (36.0, 65.5, 7))
    match = re.search(r"atlasExport\(map_[0-9a-f]+, (\{.*?\})\);", page_html)
    config = json.loads(match.group(1))
    assert (config["province"], config["view"]) == ("AF-FYB", [36.0, 65.5, 7])
    assert init_config(page_html)["fitBounds"] is None  # the view it was made from, not the whole country
