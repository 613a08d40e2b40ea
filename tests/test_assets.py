"""The month table is written once per content, under a name that changes with it."""
import json

from ui.assets import generated_dir, write_month_table


def test_month_table_file_is_named_by_its_content(atlas_view):
    name = write_month_table(atlas_view.month_table_json)
    assert name == write_month_table(atlas_view.month_table_json)
    assert name != write_month_table(atlas_view.month_table_json.replace("Junbish", "Junbesh"))
    written = json.loads((generated_dir() / name).read_text(encoding="utf-8"))
    assert len(written["months"]) == 408 and written["params"][112] == "1997-05"


def test_the_map_frame_gets_one_script_file_that_starts_its_data_fetches_first():
    from ui.assets import LEAFLET_DIR, _map_scripts
    from atlas_view.webmap import ATLAS_JS, STATIC_DIR

    urls = ("../ui.assets.atlas_generated/provinces-1.geojson", "../ui.assets.atlas_generated/months-2.json")
    text = (generated_dir() / _map_scripts(urls)).read_text(encoding="utf-8")
    fetches, leaflet, atlas = (text.index(urls[0]), text.index("Leaflet"), text.index("function atlasInit"))
    assert fetches < leaflet < atlas  # the fetches start before Leaflet runs
    assert (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8") in text
    assert (STATIC_DIR / ATLAS_JS).read_text(encoding="utf-8") in text
    assert _map_scripts(urls) != _map_scripts(urls[:1])  # named by content
