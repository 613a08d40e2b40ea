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


def month_of(app) -> int:
    return app.select_slider(key="month").value


def test_map_page_runs_with_a_month_slider_over_the_whole_history(app):
    app.run()
    assert not app.exception
    slider = app.select_slider(key="month")
    assert (slider.options[0], slider.options[-1]) == ("January 1988", "December 2021")
    assert slider.value == 59  # December 1992, the default
    assert "At the end of December 1992 Junbish held" in texts(app)


def test_an_old_year_link_opens_at_the_end_of_that_year(app):
    app.query_params.update({"year": "1993", "province": "Sari Pul", "layers": "territory", "labels": "1"})
    app.run()
    assert not app.exception and not app.warning
    assert month_of(app) == 71  # December 1993
    assert any(h.value == "Sar-e Pol" for h in app.subheader)
    assert "End of December 1993:" in texts(app) and "Junbish" in texts(app)
    assert app.toggle(key="show_events").value is False and app.toggle(key="labels").value is True


def test_month_and_year_steps_move_and_the_url_follows(app):
    app.run()
    app.button(key="next_month").click().run()
    assert month_of(app) == 60 and app.query_params["date"] == "1993-01"
    app.button(key="next_year").click().run()
    assert month_of(app) == 72 and app.query_params["date"] == "1994-01"
    app.button(key="previous_year").click().run()
    app.button(key="previous_month").click().run()
    assert month_of(app) == 59 and app.query_params["date"] == "1992-12"


def test_next_change_of_a_province_lands_on_its_day(app):
    app.query_params.update({"date": "1997-05-26", "province": "AF-BAL"})
    app.run()
    assert "On 26 May 1997 Junbish held" in texts(app)
    app.button(key="next_change").click().run()
    assert app.query_params["date"] == "1997-05-28"  # the Taliban's four days in Mazar end
    assert "28 May 1997" in texts(app)
    app.button(key="previous_change").click().run()
    assert app.query_params["date"] == "1997-05-24"


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
