"""The map page in Chromium against a real server."""
import re

import pytest
from playwright.sync_api import expect

from atlas_view.viewport import AFGHANISTAN_BOUNDS
from geo.dates import Moment
from tests.browser.mapping import (MAP_IFRAME, TIMEOUT_MS, WHOLE_COUNTRY_IN_VIEW, assert_year_labels_readable,
                                    click_province, fill_of, map_frame, overlapping_bottom_controls, status_line,
                                    time_slider, uncovered_point, wait_for_moment, wait_for_month, wait_for_year)

SERVED_HOSTS = ("http://127.0.0.1", "ws://127.0.0.1")


def test_the_34_provinces_are_drawn(server, page, artifacts):
    page.goto(server.url)
    frame = map_frame(page)
    assert frame.locator("path.atlas-province").count() == 34
    page.screenshot(path=artifacts / "map-default.png")


def test_no_script_or_style_is_requested_off_the_machine(server, page):
    outside = []

    def block_outside(route):
        outside.append((route.request.resource_type, route.request.url))
        route.abort()

    page.route(lambda url: not url.startswith(SERVED_HOSTS), block_outside)
    page.goto(server.url)
    frame = map_frame(page)
    assert frame.evaluate("typeof L.version") == "string"
    code_or_style = [(kind, url) for kind, url in outside if kind in ("script", "stylesheet", "font", "fetch", "xhr")]
    assert code_or_style == []
    # only base-map tiles may be asked for, and the map is drawn without them
    assert all(kind == "image" for kind, _ in outside), outside


def test_moving_the_slider_recolours_the_map_in_place(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_year(frame, 1992)
    frame.evaluate("document.querySelector('.leaflet-container').setAttribute('data-probe', 'same-map')")
    balkh_1992 = fill_of(frame, "AF-BAL")
    time_slider(frame).focus()
    for _ in range(12):  # back to December 1991, a month a key press
        page.keyboard.press("ArrowLeft")
    wait_for_month(frame, "1991-12")
    assert fill_of(frame, "AF-BAL") != balkh_1992
    # the same Leaflet map was restyled, not rebuilt
    assert frame.get_attribute(".leaflet-container", "data-probe") == "same-map"


@pytest.mark.parametrize("year, code, name", [(1992, "AF-SAM", "Samangan"), (1997, "AF-PAR", "Parwan")])
def test_clicking_a_province_shows_its_name_and_status(server, page, atlas, year, code, name):
    """Its holder, status and confidence as the dataset has them: Samangan held by Junbish at the
    end of 1992, Parwan contested by Jamiat and the Taliban at the end of 1997 (two statuses, so
    a panel that showed one status for every province would fail)."""
    page.goto(f"{server.url}/?year={year}")
    frame = map_frame(page)
    wait_for_year(frame, year)
    click_province(page, frame, code)  # on a point no marker or label covers
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=TIMEOUT_MS)
    expected = status_line(atlas, code, Moment.end_of_month(year, 12))
    assert ("held" if year == 1992 else "contested") in expected  # the two cases this test means
    expect(page.locator(".st-key-side_panel")).to_contain_text(expected)


def test_server_reports_healthy_only_after_the_warm_up(server):
    """`streamlit run app.py` (make run, the Docker image, Community Cloud): the st.App's warm-up
    has loaded the atlas before /_stcore/health first answers. Read from the log as it was at that
    moment, not later, when a warm-up still running behind the server would have caught up."""
    assert re.search(r"Junbish Atlas warm-up: .*: atlas loaded in [0-9.]+ s", server.log_when_healthy)


def test_map_says_so_when_its_data_cannot_be_loaded(server, page):
    page.route("**/months-*.json", lambda route: route.fulfill(status=503, body="unavailable"))
    page.goto(f"{server.url}/?year=1998")
    page.wait_for_selector('iframe[src*="streamlit_folium"]')
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.wait_for_function("document.documentElement.getAttribute('data-atlas-error') === 'load'", timeout=30_000)
    assert "could not be loaded" in frame.locator(".atlas-legend").inner_text()


def test_a_broken_dataset_gets_one_clear_error_page_from_the_started_server(browser, artifacts, data_copy):
    from tests.browser.conftest import own_server_and_page

    (data_copy / "events.csv").write_text("id,date\nev-1992-x,1992\n", encoding="utf-8")
    # app.py: the warm-up finds the problems and still starts
    with own_server_and_page(browser, data_copy) as (broken, page):
        page.goto(broken.url)
        page.get_by_text("Junbish Atlas cannot show this dataset").wait_for(timeout=30_000)
        page.get_by_text("events.csv:1: title: column missing").wait_for(timeout=30_000)
        assert "Traceback" not in page.inner_text("body")
    assert "problem(s), shown on the pages" in open(broken.log.name, encoding="utf-8").read()


def test_hovering_a_province_outlines_it_and_leaving_restores_its_pattern(server, page):
    page.goto(f"{server.url}/?year=1997")
    frame = map_frame(page)
    wait_for_year(frame, 1997)
    path = frame.locator("path.province-AF-PAR")  # Parwan: contested in 1997, drawn hatched
    assert path.get_attribute("fill").startswith("url(#hatch-")
    width = path.get_attribute("stroke-width")
    page.mouse.move(*uncovered_point(page, frame, "AF-PAR"))
    frame.wait_for_function("document.querySelector('path.province-AF-PAR').getAttribute('stroke-width') === '3'")
    box = page.locator('iframe[src*="streamlit_folium"]').bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # the map's corner, outside Afghanistan
    frame.wait_for_function(f"document.querySelector('path.province-AF-PAR').getAttribute('stroke-width') === '{width}'")
    assert path.get_attribute("fill").startswith("url(#hatch-")


def test_only_the_map_assets_are_served_never_other_files_of_the_data_folder(browser, artifacts, data_copy):
    """Every component folder the map page loads from answers 404 for the data folder's files and
    for files planted in it, on a real server. (A folder registered but never fetched from is not
    seen here: tests/test_assets.py reads Streamlit's registry for those.)"""
    import re

    from tests.browser.conftest import own_server_and_page

    (data_copy / "readme.html").write_text("<script>document.title = 'ran'</script>", encoding="utf-8")
    (data_copy / ".env").write_text("SECRET=1\n", encoding="utf-8")
    with own_server_and_page(browser, data_copy) as (running, page):
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(running.url)
        frame = map_frame(page)  # the map still gets its boundaries
        assert frame.locator("path.atlas-province").count() == 34
        folders = {m.group(1) for url in requested if (m := re.search(r"/component/([^/?]+)/", url))}
        assert {"ui.assets.atlas_generated", "ui.assets.atlas_static", "ui.assets.leaflet"} <= folders
        for folder in folders:
            for name in ("readme.html", ".env", "control_periods.csv", "datapackage.json", "events.csv"):
                response = page.request.get(f"{running.url}/component/{folder}/{name}")
                assert response.status == 404, (folder, name, response.status)


SCROLLED = "() => Math.max(window.scrollY, ...[...document.querySelectorAll('*')].map(e => e.scrollTop))"


def test_on_the_map_page_the_wheel_zooms_the_map(server, page):
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05")
    assert frame.evaluate(WHOLE_COUNTRY_IN_VIEW)
    zoom = frame.evaluate("() => window.atlasMap.map.getZoom()")
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.mouse.wheel(0, -300)
    frame.wait_for_function(f"window.atlasMap.map.getZoom() > {zoom}", timeout=TIMEOUT_MS)


def test_in_an_embed_the_wheel_scrolls_the_article_and_ctrl_wheel_zooms_the_map(server, browser):
    context = browser.new_context(viewport={"width": 700, "height": 480})
    page = context.new_page()
    page.goto(f"{server.url}/?date=1997-05&embed=true")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05")
    zoom = frame.evaluate("() => window.atlasMap.map.getZoom()")
    frame.locator(".leaflet-container").dispatch_event("wheel", {"deltaY": 400})
    expect(frame.locator(".atlas-gesture-hint")).to_contain_text("Ctrl")  # the wheel alone does not zoom
    assert frame.evaluate("() => window.atlasMap.map.getZoom()") == zoom
    frame.locator(".leaflet-container").dispatch_event("wheel", {"deltaY": -100, "ctrlKey": True})
    frame.wait_for_function(f"window.atlasMap.map.getZoom() === {zoom + 1}")
    context.close()


def test_on_a_phone_the_legend_folds_into_a_button_and_targets_are_large(server, phone_page):
    page = phone_page
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    assert frame.locator(".atlas-legend").is_hidden()
    toggle = frame.get_by_role("button", name="Legend")
    toggle.click()
    assert frame.locator(".atlas-legend").is_visible() and toggle.get_attribute("aria-expanded") == "true"
    zoom_in = frame.locator(".leaflet-control-zoom-in").bounding_box()
    assert zoom_in["width"] >= 44 and zoom_in["height"] >= 44
    assert frame.get_by_role("button", name="Play").bounding_box()["height"] >= 44
    assert frame.evaluate("() => !window.atlasMap.map.dragging.enabled()")  # one finger scrolls the page
    bar = frame.locator(".atlas-timebar").bounding_box()
    assert bar["height"] <= 110  # Play, the month and its steps in one row, the slider under it


@pytest.mark.parametrize("width, height", [(700, 480), (340, 600)])
def test_an_embed_frame_shows_title_time_bar_and_the_whole_country_on_its_first_screen(server, browser, artifacts,
                                                                                      width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{server.url}/?date=1997-05&embed=true")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05")
    title = page.get_by_role("heading", name="Junbish Atlas")
    box = title.bounding_box()
    # The title is not under the page's header bar: the point at its middle belongs to it.
    assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('h1')",
                         [box["x"] + 20, box["y"] + box["height"] / 2])
    slider = frame.get_by_role("slider", name="Month").bounding_box()
    assert slider["y"] + slider["height"] < height
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box["y"] + map_box["height"] <= height  # the whole map in the first screen
    (south, west), (north, east) = AFGHANISTAN_BOUNDS
    shown = frame.evaluate("(() => { const b = window.atlasMap.map.getBounds();"
                           " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    assert shown[0] <= south + 0.3 and shown[1] <= west + 0.3 and shown[2] >= north - 0.3 and shown[3] >= east - 0.3
    zoom = frame.locator(".leaflet-control-zoom").bounding_box()
    playback = frame.locator(".atlas-timebar").bounding_box()
    overlap_x = min(zoom["x"] + zoom["width"], playback["x"] + playback["width"]) - max(zoom["x"], playback["x"])
    overlap_y = min(zoom["y"] + zoom["height"], playback["y"] + playback["height"]) - max(zoom["y"], playback["y"])
    assert overlap_x <= 0 or overlap_y <= 0  # the playback control leaves the zoom buttons free
    assert page.get_by_role("link", name="Open this view in the full Junbish Atlas").count() == 1
    assert_year_labels_readable(frame, first_year_shown=width > 500)  # nothing (the map's credit) covers them
    assert overlapping_bottom_controls(frame) == []
    page.screenshot(path=artifacts / f"embed-{width}x{height}.png")
    context.close()


def test_an_embed_carries_its_own_key_name_date_holders_and_credit_without_a_click(server, browser, atlas):
    """At 700x480, an article's frame shows the atlas's name, the moment with what Junbish held
    (whole lines only), a legend naming every holder on the map, and the credit with its links;
    no Streamlit chrome."""
    width, height = 700, 480
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{server.url}/?date=1997-05&embed=true")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05")

    def on_screen(locator):
        box = locator.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width

    assert on_screen(page.get_by_role("heading", name="Junbish Atlas"))
    caption = page.locator(".st-key-embed_caption [data-testid='stText']")
    expect(caption).to_have_text(atlas.headline_at(Moment.parse("1997-05")))
    assert "May 1997" in caption.inner_text() and on_screen(caption)
    lines = caption.evaluate("e => e.clientHeight / parseFloat(getComputedStyle(e).lineHeight)")
    assert abs(lines - round(lines)) < 0.1 and 1 <= round(lines) <= 2  # whole lines, never one cut through

    legend = frame.locator(".atlas-legend")
    expect(legend).to_be_visible()  # open, without a click on "Legend"
    assert on_screen(legend)
    holders = set(atlas.view_at(Moment.parse("1997-05"))["faction"]) - {"unknown"}
    for faction in holders:
        expect(legend).to_contain_text(atlas.faction_names.get(faction, faction))

    credit = page.locator(".st-key-embed_credit")
    expect(credit).to_contain_text("Junbish Atlas · CC BY 4.0 · sources")
    assert on_screen(credit)
    assert page.get_by_role("link", name="sources").get_attribute("href").endswith("/sources")
    for chrome in ("header[data-testid='stHeader']", "[data-testid='stSidebarCollapsedControl']", "[data-testid='stToolbar']"):
        assert not page.locator(chrome).is_visible()
    context.close()


def test_a_step_is_reported_before_the_map_paints_it_and_its_answer_repaints_nothing(server, page):
    """The page (the same thread as the map's frame) gets the step's report before the map
    paints the month, so the server's run overlaps the paint; and the provinces are restyled
    once for the step: the server's layer for the month already painted restyles nothing
    (whichever comes first on a busy machine, the map's own paint or the answer)."""
    page.goto(f"{server.url}/?date=1997-01")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-01")
    page.evaluate("""() => {
        window.__order = [];
        window.addEventListener('message', (event) => {
            if (event.data && event.data.type === 'streamlit:setComponentValue') { window.__order.push('report'); }
        }, true);
    }""")
    frame.evaluate("""() => {
        const order = window.top.__order;
        new MutationObserver((changes) => {
            for (const change of changes) {
                const month = change.target.getAttribute('data-atlas-month');
                if (change.attributeName === 'data-atlas-month' && !order.includes('painted ' + month)) { order.push('painted ' + month); }
            }
        }).observe(document.documentElement, {attributes: true});
        // one callback per task that restyles: the step's paint, and any repaint after it
        new MutationObserver(() => order.push('restyled')).observe(document.querySelector('.leaflet-overlay-pane'),
            {attributes: true, subtree: true, attributeFilter: ['fill', 'stroke', 'fill-opacity', 'stroke-width', 'class']});
    }""")
    time_slider(frame).focus()
    page.keyboard.press("ArrowRight")
    wait_for_moment(frame, "1997-02")
    order = page.evaluate("window.__order")
    assert "painted 1997-02" in order and order.index("report") < order.index("painted 1997-02"), order
    assert order.count("restyled") == 1, order
