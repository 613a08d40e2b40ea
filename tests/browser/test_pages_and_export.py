"""Companion pages, a download, and the offline export, in Chromium."""
import pytest
from playwright.sync_api import expect

from atlas_view.export import write_export
from geo.dates import Moment
from geo.events import EVENT_KINDS
from tests.browser.mapping import TIMEOUT_MS, map_frame, wait_for_moment, wait_for_month, wait_for_year
from tests.conftest import DATA


def test_year_and_province_carry_across_pages(server, page):
    page.goto(f"{server.url}/?year=1994&province=AF-FYB")
    wait_for_year(map_frame(page), 1994)
    page.get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", name="Events")).to_be_visible(timeout=TIMEOUT_MS)
    province_filter = page.locator("[data-testid='stMultiSelect']").filter(has_text="Province")
    expect(province_filter).to_contain_text("Faryab", timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Map").click()
    frame = map_frame(page)
    wait_for_year(frame, 1994)
    expect(page.get_by_role("heading", name="Faryab")).to_be_visible(timeout=TIMEOUT_MS)


def test_data_page_download_has_the_dataset_content(server, page, tmp_path):
    page.goto(f"{server.url}/data")
    expect(page.get_by_role("heading", name="Data", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="Download control periods (CSV)").click()
    saved = tmp_path / "control_periods.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "control_periods.csv"
    from geo.atlas import load_atlas
    from geo.package import package_file
    assert saved.read_bytes() == package_file(load_atlas(DATA), "control_periods.csv")
    assert b"\"source_ids\",\"sources\"," in saved.read_bytes()[:200]  # the citations travel with the data


def test_offline_export_works_from_disk_with_the_network_blocked(browser, tmp_path, atlas_view):
    from tests.browser.conftest import offline_page
    exported = write_export(tmp_path, atlas_view, Moment.end_of_year(1992))
    with offline_page(browser) as (page, outside, errors):
        use_export_offline(page, exported)
        assert outside == [] and errors == []


def use_export_offline(page, exported):
    page.goto(exported.as_uri())
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-provinces') === '34'",
                           timeout=TIMEOUT_MS)
    assert page.locator("path.atlas-province").count() == 34
    # the reference layer travels in the file: the towns' names and the neighbours, offline
    expect(page.locator(".atlas-ref-label:not(.atlas-label-hidden)", has_text="Mazar-e Sharif")).to_have_count(
        1, timeout=TIMEOUT_MS)
    assert page.locator("path.atlas-neighbour").count() == 6 and page.locator("path.atlas-river").count() == 1
    assert page.get_attribute("html", "data-atlas-month") == "1992-12"  # the month it was made for
    balkh_1992 = page.get_attribute("path.province-AF-BAL", "data-fill")
    slider = page.get_by_role("slider", name="Month")
    slider.focus()
    page.keyboard.press("PageUp")  # one year
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') === '1993-12'",
                           timeout=TIMEOUT_MS)
    page.keyboard.press("End")
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') === '2021-12'",
                           timeout=TIMEOUT_MS)
    assert page.get_attribute("path.province-AF-BAL", "data-fill") != balkh_1992
    page.get_by_role("button", name="Play").click()  # restarts from January 1988, month by month
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') >= '1988-04'",
                           timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Pause").click()
    assert page.get_attribute("html", "data-atlas-month") < "1995-01"
    # the file opens at the moment and province of its own link
    page.goto(exported.as_uri() + "?date=1997-07&province=AF-FYB")
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') === '1997-07'",
                           timeout=TIMEOUT_MS)
    assert "Malik" in page.get_attribute("path.province-AF-FYB", "data-label")
    assert page.get_attribute("path.province-AF-FYB", "stroke-width") == "4"  # the province is selected
    page.goto(exported.as_uri() + "?date=not-a-date")
    page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') === '1992-12'",
                           timeout=TIMEOUT_MS)
    assert "not a month" in page.locator(".atlas-notice").inner_text()


def test_clicking_a_timeline_cell_opens_the_map_there(server, page):
    page.goto(f"{server.url}/timeline")
    cell = page.locator("[data-testid='stVegaLiteChart'] svg path[aria-label^='year: 1997; province: Balkh;']")
    cell.wait_for(timeout=TIMEOUT_MS)
    cell.click()
    frame = map_frame(page)
    wait_for_year(frame, 1997)
    expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("new URLSearchParams(location.search).get('province') === 'AF-BAL'", timeout=TIMEOUT_MS)


@pytest.mark.parametrize("width", [1440, 390])
def test_the_kinds_of_event_are_listed_beside_the_bars_of_events_per_year(server, page, width):
    """Each kind's colour is named beside the bars it colours, not below them among the years."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server.url}/timeline")
    chart = page.locator("[data-testid='stVegaLiteChart']").filter(has=page.locator(".role-legend-title", has_text="Kind"))
    years = chart.locator(".role-axis[aria-label^='X-axis']")
    years.wait_for(timeout=TIMEOUT_MS)
    legend = chart.locator(".role-legend").bounding_box()
    plot_bottom = years.bounding_box()["y"]  # the year axis starts where the bars end
    assert legend["y"] + legend["height"] <= plot_bottom + 1, (legend, plot_bottom)


def test_selecting_an_events_row_opens_the_event_on_the_map(server, page):
    page.goto(f"{server.url}/events")
    page.get_by_label("Search titles, places and descriptions").fill("Taliban capture Mazar")
    page.keyboard.press("Enter")
    import geo
    from geo.events import filter_events
    events = geo.load_events()
    assert len(filter_events(events, text="Taliban capture Mazar")) == 1
    page.get_by_text(f"1 of {len(events)} events").wait_for(timeout=TIMEOUT_MS)
    grid = page.locator("[data-testid='stDataFrame']").bounding_box()
    # the grid is drawn on a canvas: click the row-selection cell at the left of its only row
    page.mouse.click(grid["x"] + 18, grid["y"] + grid["height"] * 0.75)
    page.wait_for_function("new URLSearchParams(location.search).get('event') === 'ev-1998-taliban-capture-mazar'",
                           timeout=TIMEOUT_MS)
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08-08")  # the event's day
    expect(page.get_by_role("heading", name="Taliban capture Mazar-i-Sharif")).to_be_visible(timeout=TIMEOUT_MS)
    expect(frame.locator(".event-ev-1998-taliban-capture-mazar.selected")).to_have_count(1)


def test_every_kind_of_event_is_in_view_on_a_desktop_and_choosing_one_filters_the_table(server, page, atlas):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server.url}/events")
    kinds = page.locator(".st-key-events_kinds [data-testid='stButtonGroup']")
    expect(kinds).to_be_visible(timeout=TIMEOUT_MS)
    row = kinds.bounding_box()
    for kind in EVENT_KINDS:  # each pill wholly inside the row, none scrolled out of sight
        pill = kinds.get_by_role("button", name=kind.capitalize(), exact=True).bounding_box()
        assert row["x"] <= pill["x"] and pill["x"] + pill["width"] <= row["x"] + row["width"], (kind, pill, row)
    kinds.get_by_role("button", name="Massacre", exact=True).click()
    massacres = int((atlas.events["kind"] == "massacre").sum())
    assert 0 < massacres < len(atlas.events)
    expect(page.get_by_text(f"{massacres} of {len(atlas.events)} events")).to_be_visible(timeout=TIMEOUT_MS)


def test_a_fresh_server_opened_on_a_sub_page_uses_the_apps_navigation(browser, artifacts):
    from tests.browser.conftest import own_server_and_page

    with own_server_and_page(browser, DATA) as (fresh, page):
        page.goto(f"{fresh.url}/events")
        expect(page.get_by_role("heading", name="Events", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        # the app's own navigation (in the header): page titles, not the legacy list of file names
        expect(page.get_by_role("link", name="Sources & method")).to_be_visible(timeout=TIMEOUT_MS)
        for file_name in ("app", "sources", "map"):
            assert page.get_by_role("link", name=file_name, exact=True).count() == 0


def test_the_offline_map_opens_on_the_province_and_view_it_was_made_from(browser, tmp_path, atlas_view):
    from atlas_view.export import build_static_html
    from tests.browser.conftest import offline_page
    exported = tmp_path / "made-from.html"
    exported.write_text(build_static_html(atlas_view, Moment.end_of_month(1997, 7), "AF-FYB", (36.0, 65.5, 7)),
                        encoding="utf-8")
    with offline_page(browser) as (page, outside, errors):
        page.goto(exported.as_uri())
        page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') === '1997-07'",
                               timeout=TIMEOUT_MS)
        assert page.get_attribute("path.province-AF-FYB", "stroke-width") == "4"
        assert page.evaluate("() => window.atlasMap.map.getZoom()") == 7
        assert outside == [] and errors == []


def test_the_offline_map_draws_the_district_centres_and_repaints_them_offline(browser, tmp_path, atlas_view):
    from atlas_view.export import build_static_html
    from tests.browser.conftest import offline_page
    exported = tmp_path / "districts.html"
    exported.write_text(build_static_html(atlas_view, Moment.end_of_month(2021, 7)), encoding="utf-8")
    with offline_page(browser) as (page, outside, errors):
        page.goto(exported.as_uri())
        page.wait_for_function("Number(document.documentElement.getAttribute('data-atlas-districts')) >= 30",
                               timeout=TIMEOUT_MS)
        qaisar = page.locator("path.district-fyb-qaisar")
        assert qaisar.get_attribute("aria-label").startswith("Qaisar district, Faryab: Taliban")
        page.get_by_role("slider", name="Month").focus()
        page.keyboard.press("PageDown")  # July 2020: Qaisar's centre had not fallen yet
        page.wait_for_function("document.documentElement.getAttribute('data-atlas-month') === '2020-07'")
        assert not qaisar.get_attribute("aria-label").startswith("Qaisar district, Faryab: Taliban")
        assert outside == [] and errors == []
