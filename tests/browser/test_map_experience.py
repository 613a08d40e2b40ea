"""Time controls, events, details panels and shareable links, in Chromium against a real server."""
import re
import time
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.mapping import TIMEOUT_MS, click_province, fill_of, map_frame, wait_for_year


def url_params(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def slider_value(page) -> str:
    return page.locator("[data-testid='stSliderThumbValue']").first.inner_text().strip()


def wait_for_url_year(page, year: int) -> None:
    page.wait_for_function(f"new URLSearchParams(location.search).get('year') === '{year}'", timeout=TIMEOUT_MS)


def test_step_buttons_and_slider_keys_change_colours_and_url(server, page):
    page.goto(f"{server.url}/?year=1997")
    frame = map_frame(page)
    wait_for_year(frame, 1997)
    balkh_1997 = fill_of(frame, "AF-BAL")
    page.get_by_role("button", name=re.compile("^Next")).click()
    wait_for_year(frame, 1998)
    wait_for_url_year(page, 1998)
    assert fill_of(frame, "AF-BAL") != balkh_1997  # Taliban took Mazar in August 1998
    page.get_by_role("button", name=re.compile("^Previous")).click()
    wait_for_year(frame, 1997)
    page.get_by_role("slider").first.focus()
    page.keyboard.press("End")
    wait_for_year(frame, 2021)
    wait_for_url_year(page, 2021)


def test_play_advances_at_least_three_years_then_pause_holds_the_year(server, page):
    page.goto(f"{server.url}/?year=1990&speed=2")
    frame = map_frame(page)
    wait_for_year(frame, 1990)
    page.get_by_role("button", name=re.compile("^Play")).click()
    frame.wait_for_function("Number(document.documentElement.getAttribute('data-atlas-year')) >= 1993",
                            timeout=TIMEOUT_MS)
    page.get_by_role("button", name=re.compile("^Pause")).click()
    page.get_by_role("button", name=re.compile("^Play")).wait_for(timeout=TIMEOUT_MS)
    paused_at = int(frame.get_attribute("html", "data-atlas-year"))
    assert paused_at >= 1993
    time.sleep(2.5)
    assert int(frame.get_attribute("html", "data-atlas-year")) == paused_at
    assert slider_value(page) == str(paused_at)  # the slider followed the animation


def test_clicking_an_event_marker_shows_its_details(server, page):
    page.goto(f"{server.url}/?year=1998&kinds=capture")
    frame = map_frame(page)
    marker = frame.locator(".event-ev-1998-taliban-capture-mazar")
    marker.wait_for(timeout=TIMEOUT_MS)
    marker.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Taliban capture Mazar-i-Sharif", timeout=TIMEOUT_MS)
    expect(popup).to_contain_text("8 August 1998")
    # the panel beside the map shows the full details: description and sources with links
    heading = page.get_by_role("heading", name="Taliban capture Mazar-i-Sharif")
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    panel = page.locator("[data-testid='stColumn']").filter(has=heading)
    expect(panel).to_contain_text("Sources")
    assert panel.locator("a[href^='http']").count() >= 1


def test_choosing_an_event_in_the_province_panel_highlights_it_on_the_map(server, page):
    page.goto(f"{server.url}/?year=1992&province=AF-BAL")
    map_frame(page)
    page.get_by_text(re.compile(r"^Events in Balkh")).wait_for(timeout=TIMEOUT_MS)
    chooser = page.get_by_role("combobox", name=re.compile("Events in Balkh"))
    chooser.click()
    page.keyboard.type("Taliban capture Mazar")
    page.get_by_role("option", name=re.compile("Taliban capture Mazar-i-Sharif")).click()
    frame = map_frame(page)
    wait_for_year(frame, 1998)
    expect(frame.locator(".atlas-event.selected")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Taliban capture Mazar-i-Sharif")
    assert url_params(page).get("event") == "ev-1998-taliban-capture-mazar"


def test_a_shared_link_restores_year_province_and_layers(server, page):
    page.goto(f"{server.url}/?year=1997&province=Jawzjan&layers=territory&labels=1")
    frame = map_frame(page)
    wait_for_year(frame, 1997)
    expect(page.get_by_role("heading", name="Jowzjan")).to_be_visible(timeout=TIMEOUT_MS)
    assert slider_value(page) == "1997"
    assert frame.locator(".atlas-event").count() == 0  # events layer off
    assert frame.locator(".atlas-label").count() == 34  # labels on
    params = url_params(page)
    assert params["province"] == "AF-JOW" and params["layers"] == "territory"


def test_clicking_a_province_puts_it_in_the_url(server, page):
    page.goto(f"{server.url}/?year=1995")
    frame = map_frame(page)
    click_province(page, frame, "AF-FYB")
    expect(page.get_by_role("heading", name="Faryab")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("new URLSearchParams(location.search).get('province') === 'AF-FYB'", timeout=TIMEOUT_MS)


def test_bad_link_parameters_show_a_notice_and_nothing_runs(server, page, dialogs):
    page.goto(f"{server.url}/?year=abc&province=%3Cscript%3Ealert(1)%3C/script%3E&view=%3Cimg%20src=x%20onerror=alert(2)%3E")
    frame = map_frame(page)
    wait_for_year(frame, 1992)
    notices = page.locator("[data-testid='stAlertContentWarning']")
    expect(notices.first).to_be_visible(timeout=TIMEOUT_MS)
    assert notices.count() == 3
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("img[src='x']").count() == 0 and dialogs == []


def test_desktop_and_phone_screenshots(server, browser, artifacts):
    for name, viewport in (("desktop", {"width": 1400, "height": 1000}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        page.goto(f"{server.url}/?year=1997&province=AF-BAL")
        frame = map_frame(page)
        wait_for_year(frame, 1997)
        page.get_by_role("heading", name="Balkh").wait_for(timeout=TIMEOUT_MS)
        map_box = page.locator("iframe[src*='streamlit_folium']").bounding_box()
        panel_box = page.get_by_role("heading", name="Balkh").bounding_box()
        if name == "phone":
            assert panel_box["y"] > map_box["y"] + map_box["height"] - 5  # panel below the map
        else:
            assert panel_box["x"] > map_box["x"] + map_box["width"] - 5  # panel beside the map
        page.screenshot(path=artifacts / f"map-{name}.png", full_page=True)
        context.close()


def test_copy_link_control_shows_the_link_to_this_view(server, page):
    page.goto(f"{server.url}/?year=1996&province=AF-JOW")
    wait_for_year(map_frame(page), 1996)
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    expect(code).to_contain_text("year=1996", timeout=TIMEOUT_MS)
    expect(code).to_contain_text("province=AF-JOW")
    assert code.inner_text().strip().startswith(server.url)
    # a click outside closes it; opened again, it shows the view as it is now
    page.get_by_role("button", name="Next").click()
    expect(code).to_have_count(0, timeout=TIMEOUT_MS)
    wait_for_year(map_frame(page), 1997)
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    expect(code).to_contain_text("year=1997", timeout=TIMEOUT_MS)


def test_earlier_years_events_can_be_shown_faded(server, page):
    page.goto(f"{server.url}/?year=1998&kinds=capture&fade=1")
    frame = map_frame(page)
    wait_for_year(frame, 1998)
    expect(frame.locator(".atlas-event.faded").first).to_be_attached(timeout=TIMEOUT_MS)
    faded = frame.locator(".atlas-event.faded").count()
    current = frame.locator(".atlas-event:not(.faded)").count()
    assert faded > 0 and current > 0
    page.goto(f"{server.url}/?year=1998&kinds=capture")
    frame = map_frame(page)
    wait_for_year(frame, 1998)
    assert frame.locator(".atlas-event.faded").count() == 0


ROOT_ATTRIBUTES = """[document.documentElement.getAttribute('data-atlas-year'),
                     document.documentElement.getAttribute('data-atlas-markers-year'),
                     document.documentElement.getAttribute('data-atlas-layer-year'),
                     document.querySelector('.leaflet-container').classList.contains('atlas-preview')]"""
SHOWN_EVENTS = """[...document.querySelectorAll('.atlas-event')].filter(e => getComputedStyle(e).display !== 'none')
    .map(e => [...e.classList].find(c => c.startsWith('event-'))).sort()"""


def all_fills(frame) -> dict:
    return frame.evaluate("""Object.fromEntries([...document.querySelectorAll('path.atlas-province')]
        .map(p => [[...p.classList].find(c => c.startsWith('province-')), p.getAttribute('data-fill')]))""")


def drag_slider_to_1998(page, frame):
    """Press the slider's thumb and move it to about 1998 without releasing; return the year
    the map shows."""
    track = page.locator(".st-key-year [role=group]").bounding_box()
    middle = track["y"] + track["height"] / 2
    page.mouse.move(track["x"] + 2, middle)
    page.mouse.down()
    page.mouse.move(track["x"] + 0.31 * track["width"], middle, steps=8)
    frame.wait_for_function("Number(document.documentElement.getAttribute('data-atlas-year')) >= 1996",
                            timeout=TIMEOUT_MS)
    return frame.get_attribute("html", "data-atlas-year")


def test_dragging_the_slider_repaints_territory_and_events_before_release(server, page):
    page.goto(f"{server.url}/?year=1988")
    frame = map_frame(page)
    wait_for_year(frame, 1988)
    shown = drag_slider_to_1998(page, frame)
    # nothing has gone to the server yet: its layer is still 1988's, hidden behind the preview
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, shown, "1988", False]
    assert slider_value(page) == shown
    assert frame.locator(".atlas-legend strong").inner_text() == f"Holder at the end of {shown}"
    previewed_fills, previewed_events = all_fills(frame), frame.evaluate(SHOWN_EVENTS)
    assert previewed_events  # the year's events are on the map already
    page.mouse.up()
    wait_for_year(frame, int(shown))
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, shown, shown, False]
    # the preview showed exactly what the server's layer shows
    assert all_fills(frame) == previewed_fills and len(previewed_fills) == 34
    assert frame.evaluate(SHOWN_EVENTS) == previewed_events
    expect(frame.locator(".atlas-preview-event")).to_have_count(0)
    wait_for_url_year(page, int(shown))


def test_with_filtered_events_the_preview_dims_the_markers_until_the_server_answers(server, page):
    page.goto(f"{server.url}/?year=1988&kinds=battle,capture")
    frame = map_frame(page)
    wait_for_year(frame, 1988)
    before = frame.evaluate(SHOWN_EVENTS)
    assert before  # 1988 has battles
    shown = drag_slider_to_1998(page, frame)
    # the table only holds the unfiltered markers: the filtered 1988 ones stay, dimmed
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, "1988", "1988", True]
    assert frame.evaluate(SHOWN_EVENTS) == before
    page.mouse.up()
    wait_for_year(frame, int(shown))
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, shown, shown, False]


def test_quick_key_presses_end_on_the_last_year_in_full(server, page):
    page.goto(f"{server.url}/?year=1995")
    frame = map_frame(page)
    wait_for_year(frame, 1995)
    page.get_by_role("slider").first.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_for_year(frame, 1999)
    time.sleep(1.0)  # any late answer for an earlier year must not take the map back
    assert frame.evaluate(ROOT_ATTRIBUTES) == ["1999", "1999", "1999", False]
    expect(frame.locator(".event-ev-1999-taliban-retake-bamyan")).to_have_count(1)  # 1999's markers
    expect(frame.locator(".event-ev-1998-taliban-capture-mazar")).to_have_count(0)  # not 1998's
    wait_for_url_year(page, 1999)
