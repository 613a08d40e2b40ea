"""The month table is written once per content, under a name that changes with it."""
import json
import sys
from pathlib import Path

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


def test_the_map_page_serves_only_the_maps_folders_and_none_holds_the_data(data_copy, monkeypatch):
    """Streamlit serves every file of every folder registered as a component, under any name:
    a run of the map page registers exactly the map's four folders, and none of them is, holds or
    lies inside the data folder (where a planted ``.env`` would then be served). Read from
    Streamlit's own registry, so a folder the page never fetches from is seen too."""
    from types import SimpleNamespace

    from streamlit.components.lib.local_component_registry import LocalComponentRegistry
    from streamlit.components.v1 import component_registry
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO
    from ui.cache import DATA_DIR_VARIABLE

    (data_copy / ".env").write_text("SECRET=1\n", encoding="utf-8")
    registry = LocalComponentRegistry()  # AppTest's runtime is a mock that records nothing
    monkeypatch.setattr(component_registry, "get_instance", lambda: SimpleNamespace(component_registry=registry))
    # streamlit-folium registers its folder when first imported: imported afresh here (another
    # test may have imported it already), so the page's run registers it in this registry too.
    monkeypatch.delitem(sys.modules, "streamlit_folium", raising=False)
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy))
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90).run()
    assert not app.exception
    served = {component.name: Path(component.abspath).resolve() for component in registry.get_components()}
    assert set(served) == {"ui.assets.leaflet", "ui.assets.atlas_static", "ui.assets.atlas_generated",
                           "streamlit_folium.st_folium"}
    data = data_copy.resolve()
    for name, folder in served.items():
        assert folder != data and data not in folder.parents and folder not in data.parents, (name, folder)
        assert not list(folder.rglob(".env")) and not list(folder.rglob("*.csv")), name
