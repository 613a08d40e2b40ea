"""AppTest: the pages' logic without a browser (the map itself is tested in tests/browser)."""
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

APP = str(REPO / "dashboard.py")  # the pages, as app.py serves them


@pytest.fixture
def app(monkeypatch):
    monkeypatch.delenv("JUNBISH_ATLAS_DATA_DIR", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def texts(app) -> str:
    """The page's Markdown as a reader sees it (without the escaping of ui.text.md)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in app.markdown))


def state_of(app):
    """The map page's one state value (ui.state)."""
    return app.session_state["map_state"]


def month_of(app) -> int:
    return state_of(app).moment.index


def test_map_page_runs_on_december_1992_by_default(app):
    app.run()
    assert not app.exception
    assert month_of(app) == 59  # December 1992, the default
    assert state_of(app).time_request > 1_700_000_000_000  # from the clock: newer than any earlier session's
    assert "At the end of December 1992 Junbish held" in texts(app)
    assert not app.select_slider and not app.slider  # time lives inside the map, nowhere else


def test_an_old_year_link_opens_at_the_end_of_that_year(app):
    app.query_params.update({"year": "1993", "province": "Sari Pul", "layers": "territory", "labels": "1"})
    app.run()
    assert not app.exception and not app.warning
    assert month_of(app) == 71  # December 1993
    assert any(h.value == "Sar-e Pol" for h in app.subheader)
    assert "End of December 1993:" in texts(app) and "Junbish" in texts(app)
    assert app.toggle(key="show_events").value is False and app.toggle(key="labels").value is True


def test_a_layer_toggle_changes_the_state_and_the_link(app):
    app.query_params.update({"date": "1997-05"})
    app.run()
    app.toggle(key="show_events").set_value(False).run()
    assert state_of(app).layers == frozenset({"territory", "districts"}) and app.query_params["layers"] == "territory,districts"
    assert app.toggle(key="labels").value is True and "labels" not in app.query_params  # province names on by default
    app.toggle(key="labels").set_value(False).run()
    assert not state_of(app).labels and app.query_params["labels"] == "0"


def test_a_day_link_shows_that_day(app):
    app.query_params.update({"date": "1997-05-26", "province": "AF-BAL"})
    app.run()
    assert "On 26 May 1997 Junbish held" in texts(app)


def test_a_forged_province_picker_value_is_ignored(app):
    app.query_params.update({"date": "1997-05", "province": "AF-BAL"})
    app.run()
    app.session_state["province_picker"] = "AF-XXX<script>"
    app.run()
    assert not app.exception  # the picker's labels and its change both survive a value it never offered
    assert state_of(app).province in ("AF-BAL", None)
    assert app.selectbox(key="province_picker").value in (None, "AF-BAL")


def test_finding_a_town_selects_its_province_and_moves_the_map_there(app):
    app.query_params.update({"date": "1997-05"})
    app.run()
    picker = app.selectbox(key="province_picker")
    assert picker.format_func("mazar-e-sharif") == "Balkh (Mazar-e Sharif)"
    picker.set_value("mazar-e-sharif").run()
    assert not app.exception
    assert state_of(app).province == "AF-BAL" and state_of(app).view == (36.709, 67.1109, 8)
    assert app.session_state["initial_view"] == (36.709, 67.1109, 8)  # what st_folium moves the map to
    assert app.query_params["province"] == "AF-BAL" and app.query_params["view"] == "36.7090,67.1109,8"


def test_the_summary_speaks_of_the_month_and_names_its_changes(app):
    app.query_params["date"] = "1997-05"
    app.run()
    summary = texts(app)
    assert "At the end of May 1997 Junbish held" in summary
    assert "Changes in May 1997:" in summary and "Faryab: Junbish (control) → Malik (control)" in summary


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"year": "1850"}, {"province": "AF-XXX"}, {"year": "1" * 5000},
    {"province": "<script>alert(1)</script>"}, {"layers": "<img src=x onerror=alert(1)>"},
    {"view": "91,500,30"}, {"event": "ev-1999-not-real"}, {"province": "../../etc/passwd"},
    {"kinds": "battle,__import__('os')"}, {"speed": "1e9"}, {"year": "1994.5"}, {"labels": "yes"},
    {"date": "1997-02-30"}, {"date": "2030-01"},
])
def test_bad_link_parameters_fall_back_with_a_notice(app, params):
    app.query_params.update(params)
    app.run()
    assert not app.exception
    assert month_of(app) == 59  # every case falls back to the default, December 1992
    assert len(app.warning) == 1
    assert "<" not in app.warning[0].value and "script" not in app.warning[0].value


def test_a_broken_dataset_shows_one_clear_error_page(app, data_copy, monkeypatch):
    (data_copy / "events.csv").write_text("id,date\nev-1992-x,1992\n", encoding="utf-8")
    monkeypatch.setenv("JUNBISH_ATLAS_DATA_DIR", str(data_copy))
    app.run()
    assert not app.exception
    assert "cannot show this dataset" in app.title[0].value
    assert "events.csv:1: title: column missing" in app.code[0].value


def test_choosing_a_province_event_moves_to_its_date(app):
    app.query_params.update({"year": "1992", "province": "AF-BAL"})
    app.run()
    app.selectbox(key="province_event_AF-BAL").select("ev-1998-taliban-capture-mazar").run()
    assert not app.exception
    assert app.query_params["date"] == "1998-08-08" and month_of(app) == 127
    assert app.query_params["event"] == "ev-1998-taliban-capture-mazar"
    assert any("Taliban capture Mazar" in m.value for m in app.markdown)  # Markdown source: "-" escaped


def test_streamlit_keeps_xsrf_protection_on_and_hides_tracebacks():
    import tomllib
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["runner"]["postScriptGC"] is False  # a full collection after every rerun cost ~100 ms
    assert "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION=true" in (REPO / "Dockerfile").read_text()
