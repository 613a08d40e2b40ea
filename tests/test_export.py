"""The static export is one self-contained file whose time control reads every year."""
import json
import re

import pytest

from atlas_view.export import EXPORT_FILE, build_static_html, leaflet_files, write_export


@pytest.fixture(scope="module")
def page_html(atlas_view):
    return build_static_html(atlas_view)


def time_control_config(page_html: str) -> dict:
    match = re.search(r"atlasTimeControl\(map_[0-9a-f]+, (\{.*?\})\);\n", page_html)
    assert match, "the export calls atlasTimeControl with its years"
    return json.loads(match.group(1))


def test_export_inlines_everything_and_links_nothing_external(page_html):
    assert not re.search(r"<script[^>]+src=", page_html)
    assert not re.search(r"<link[^>]+stylesheet", page_html)
    assert leaflet_files()[0].replace("</", "<\\/") in page_html  # the installed Leaflet, inlined whole
    assert "function atlasInit(" in page_html and "function atlasTimeControl(" in page_html
    assert "tile.openstreetmap.org" not in page_html


def test_the_time_control_carries_every_years_styles_legend_and_markers(page_html, atlas):
    config = time_control_config(page_html)
    assert (config["first"], config["last"], config["start"]) == (1988, 2021, 1992)
    assert sorted(map(int, config["years"])) == list(atlas.years)
    for year, entry in config["years"].items():
        assert entry["view"]["year"] == int(year)
        assert set(entry["view"]["styles"]) == set(atlas.province_names)
        assert entry["view"]["legend"], year
    shown = {m["id"] for m in config["years"]["1998"]["markers"]}
    assert "ev-1998-taliban-capture-mazar" in shown
    assert all("sources" in m for m in config["years"]["1998"]["markers"])  # full popups: no panel offline


def test_the_boundaries_are_inlined_in_the_init_call(page_html):
    match = re.search(r"atlasInit\(map_[0-9a-f]+, (\{.*?\})\);\n", page_html)
    config = json.loads(match.group(1))
    assert len(config["geometry"]["features"]) == 34 and config["yearTableUrl"] is None


def test_write_export_writes_the_file(tmp_path, atlas_view):
    written = write_export(tmp_path, atlas_view)
    assert written == tmp_path / EXPORT_FILE and written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
