"""AppTest: the pages' logic without a browser (the map itself is tested in tests/browser)."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

APP = str(REPO / "app.py")


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("JUNBISH_ATLAS_DATA_DIR", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def texts(app) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_map_page_runs_with_a_year_slider_over_the_whole_history(app):
    app.run()
    assert not app.exception
    slider = app.slider(key="year")
    assert (slider.min, slider.max, slider.value) == (1988, 2021, 1992)


def test_a_shared_link_opens_on_its_year_province_and_layers(app):
    app.query_params.update({"year": "1993", "province": "Sari Pul", "layers": "territory", "labels": "1"})
    app.run()
    assert not app.exception and not app.warning
    assert app.slider(key="year").value == 1993
    assert any(h.value == "Sar-e Pol" for h in app.subheader)
    assert "End of 1993:" in texts(app) and "Junbish" in texts(app)
    assert app.toggle(key="show_events").value is False and app.toggle(key="labels").value is True


def test_step_buttons_move_one_year_and_the_url_follows(app):
    app.run()
    app.button(key="next_year").click().run()
    assert app.slider(key="year").value == 1993
    assert app.query_params["year"] == "1993"
    app.button(key="previous_year").click().run()
    app.button(key="previous_year").click().run()
    assert app.slider(key="year").value == 1991


def test_year_summary_reads_as_sentences(app):
    app.query_params["year"] = "1994"
    app.run()
    assert "At the end of 1994 Junbish held" in texts(app)
    assert "km²" in texts(app)


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"year": "1850"}, {"province": "AF-XXX"}, {"year": "1" * 5000},
    {"province": "<script>alert(1)</script>"}, {"layers": "<img src=x onerror=alert(1)>"},
    {"view": "91,500,30"}, {"event": "ev-1999-not-real"}, {"province": "../../etc/passwd"},
    {"kinds": "battle,__import__('os')"}, {"speed": "1e9"}, {"year": "1994.5"}, {"labels": "yes"},
])
def test_bad_link_parameters_fall_back_with_a_notice(app, params):
    app.query_params.update(params)
    app.run()
    assert not app.exception
    assert app.slider(key="year").value == 1992  # every case falls back to the default year
    assert len(app.warning) == 1
    assert "<" not in app.warning[0].value and "script" not in app.warning[0].value


def test_a_broken_dataset_shows_one_clear_error_page(app, data_copy, monkeypatch):
    (data_copy / "events.csv").write_text("id,date\nev-1992-x,1992\n", encoding="utf-8")
    monkeypatch.setenv("JUNBISH_ATLAS_DATA_DIR", str(data_copy))
    app.run()
    assert not app.exception
    assert "cannot show this dataset" in app.title[0].value
    assert "events.csv:1: title: column missing" in app.code[0].value


def test_choosing_a_province_event_moves_to_its_year(app):
    app.query_params.update({"year": "1992", "province": "AF-BAL"})
    app.run()
    app.selectbox(key="province_event_AF-BAL").select("ev-1998-taliban-capture-mazar").run()
    assert not app.exception
    assert app.slider(key="year").value == 1998
    assert app.query_params["event"] == "ev-1998-taliban-capture-mazar"
    assert any("Taliban capture Mazar" in m.value for m in app.markdown)  # Markdown source: "-" escaped


def test_streamlit_keeps_xsrf_protection_on_and_hides_tracebacks():
    import tomllib
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["runner"]["postScriptGC"] is False  # a full collection after every rerun cost ~100 ms
    assert "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION=true" in (REPO / "Dockerfile").read_text()
