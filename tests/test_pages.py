"""AppTest for the companion pages: they run, filter and offer the right downloads."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA, REPO


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("JUNBISH_ATLAS_DATA_DIR", raising=False)
    return AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)


def open_page(app, page, **params):
    app.query_params.update(params)
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def test_timeline_page_draws_its_three_charts(app):
    open_page(app, "pages/timeline.py")
    assert app.title[0].value == "Timeline"
    assert len(app.get("vega_lite_chart")) == 3


def test_events_page_filters_the_table(app):
    open_page(app, "pages/events.py")
    everything = len(app.dataframe[0].value)
    assert everything >= 60
    app.button_group(key="events_kinds").select("massacre").run()
    massacres = app.dataframe[0].value
    assert 0 < len(massacres) < everything and set(massacres["kind"]) == {"massacre"}
    app.text_input(key="events_search").input("Mazar").run()
    assert all("mazar" in " ".join(map(str, row)).lower() for row in app.dataframe[0].value.itertuples())


def test_events_page_starts_on_the_shared_province(app):
    open_page(app, "pages/events.py", province="AF-FYB")
    assert app.multiselect(key="events_provinces").value == ["AF-FYB"]
    assert set(app.dataframe[0].value["province"]) == {"Faryab"}


def test_sources_page_shows_method_bibliography_and_citation(app):
    open_page(app, "pages/sources.py")
    text = "\n".join(m.value for m in app.markdown)
    assert "What the map shows" in text and "Changes in this version" in text
    sources = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    assert f"**{len(sources)}** of {len(sources)} sources" in text
    version = json.loads((DATA / "datapackage.json").read_text())["version"]
    assert "CC BY 4.0" in app.code[0].value and f"version {version}" in app.code[0].value


def test_data_page_offers_every_file_with_its_content(app):
    open_page(app, "pages/data.py", year="1994")
    buttons = {b.proto.label: b for b in app.get("download_button")}
    assert {"Download control periods (CSV)", "Download events (CSV)", "Download sources (CSV)",
            "Download province boundaries (GeoJSON)", "Download descriptor (datapackage.json)",
            "Download the whole dataset (zip, with citation and licence)", "Download the offline map"} <= set(buttons)
    assert all(label.startswith("Download") for label in buttons)  # every button says what it does
    assert app.selectbox(key="data_year").value == 1994
    assert "Download junbish-territory-1994.geojson" in buttons
