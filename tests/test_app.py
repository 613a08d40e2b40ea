"""AppTest: the pages' logic without a browser (the map itself is tested in tests/browser)."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

APP = str(REPO / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("JUNBISH_ATLAS_DATA_DIR", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def test_map_page_runs_with_a_year_slider_over_the_whole_history(app):
    app.run()
    assert not app.exception
    slider = app.slider(key="year")
    assert (slider.min, slider.max) == (1988, 2021)


def test_selected_province_shows_its_name_and_status(app):
    app.session_state["province"] = "AF-BAL"
    app.run()
    app.slider(key="year").set_value(1993).run()
    assert not app.exception
    assert any(h.value == "Balkh" for h in app.subheader)
    assert any("1993" in m.value and "Junbish" in m.value for m in app.markdown)


def test_a_broken_dataset_shows_one_clear_error_page(app, data_copy, monkeypatch):
    (data_copy / "events.csv").write_text("id,date\nev-1992-x,1992\n", encoding="utf-8")
    monkeypatch.setenv("JUNBISH_ATLAS_DATA_DIR", str(data_copy))
    app.run()
    assert not app.exception
    assert "cannot show this dataset" in app.title[0].value
    assert "events.csv:1: title: column missing" in app.code[0].value
