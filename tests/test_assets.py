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
    from atlas_view.webmap import map_script_text

    urls = ("../ui.assets.atlas_generated/provinces-1.geojson", "../ui.assets.atlas_generated/months-2.json")
    text = (generated_dir() / _map_scripts(urls)).read_text(encoding="utf-8")
    fetches, leaflet, atlas = (text.index(urls[0]), text.index("Leaflet"), text.index("function createAtlasMap"))
    assert fetches < leaflet < atlas  # the fetches start before Leaflet runs
    assert (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8") in text
    assert map_script_text() in text
    assert _map_scripts(urls) != _map_scripts(urls[:1])  # named by content


def test_sessions_writing_the_same_generated_file_at_once_all_succeed():
    """Readers who reconnect after a restart run the map page for the first time together, and
    each writes the same generated files: every one of them must get its file, none an error."""
    import threading

    from ui.assets import write_generated

    for round_number in range(40):
        text = f"round {round_number} " + "x" * 200_000  # big enough for the writes to overlap
        start = threading.Barrier(8)
        names, errors = [], []

        def write():
            start.wait()
            try:
                names.append(write_generated("race", ".txt", text))
            except Exception as error:  # what the reader would have seen in the page
                errors.append(repr(error))
        threads = [threading.Thread(target=write) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and len(set(names)) == 1
        assert (generated_dir() / names[0]).read_text(encoding="utf-8") == text
    assert not list(generated_dir().glob("*.partial*"))  # no half-written file left behind
