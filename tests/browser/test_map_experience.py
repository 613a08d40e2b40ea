"""Time controls, events, details panels and shareable links, in Chromium against a real server."""
import re
import struct
import time

import pytest
from playwright.sync_api import expect

from tests.browser.mapping import (TIMEOUT_MS, WHOLE_COUNTRY_IN_VIEW, click_province, fill_of, map_frame, url_params,
                                    wait_for_month, wait_for_year, wait_until_settled)


def slider_value(page) -> str:
    return page.locator("[data-testid='stSliderThumbValue']").first.inner_text().strip()


def wait_for_url_date(page, date: str) -> None:
    page.wait_for_function(f"new URLSearchParams(location.search).get('date') === '{date}'", timeout=TIMEOUT_MS)


def month_slider(page):
    return page.locator(".st-key-month input[type=range]")


def test_month_steps_year_steps_and_slider_keys_change_colours_and_url(server, page):
    page.goto(f"{server.url}/?date=1997-04")
    frame = map_frame(page)
    wait_for_month(frame, "1997-04")
    faryab_april = fill_of(frame, "AF-FYB")
    page.locator(".st-key-next_month button").first.click()
    wait_for_month(frame, "1997-05")
    wait_for_url_date(page, "1997-05")
    assert fill_of(frame, "AF-FYB") != faryab_april  # Malik took Faryab in May 1997
    assert slider_value(page) == "May 1997"
    month_slider(page).focus()
    page.keyboard.press("ArrowRight")  # one month
    wait_for_month(frame, "1997-06")
    wait_for_url_date(page, "1997-06")
    page.keyboard.press("PageUp")  # one year
    wait_for_month(frame, "1998-06")
    wait_for_url_date(page, "1998-06")
    page.keyboard.press("Shift+ArrowLeft")  # one year back
    wait_for_month(frame, "1997-06")
    page.keyboard.press("End")
    wait_for_month(frame, "2021-12")
    wait_for_url_date(page, "2021-12")


def test_malik_holds_faryab_in_july_1997_on_the_map_legend_and_panel(server, page):
    page.goto(f"{server.url}/?date=1997-07&province=AF-FYB")
    frame = map_frame(page)
    wait_for_month(frame, "1997-07")
    assert "Malik" in frame.get_attribute("path.province-AF-FYB", "data-label")
    expect(frame.locator(".atlas-legend")).to_contain_text("Malik")
    panel = page.locator("[data-testid='stColumn']").filter(has=page.get_by_role("heading", name="Faryab"))
    expect(panel).to_contain_text("End of July 1997: Malik", timeout=TIMEOUT_MS)
    expect(panel).to_contain_text("Periods in 1997")


def test_a_day_link_names_the_taliban_and_next_change_lands_on_balkhs_next_change(server, page):
    page.goto(f"{server.url}/?date=1997-05-26&province=AF-BAL")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05-26")
    assert "Taliban" in frame.get_attribute("path.province-AF-BAL", "data-label")
    panel = page.locator("[data-testid='stColumn']").filter(has=page.get_by_role("heading", name="Balkh"))
    expect(panel).to_contain_text("26 May 1997: Malik vs Taliban, contested", timeout=TIMEOUT_MS)
    # the parties to one contested period are one line, with the period's own dates
    expect(panel).to_contain_text("24 May 1997 – 28 May 1997: Malik and Taliban (contested)")
    page.locator(".st-key-next_change button").first.click()
    wait_for_url_date(page, "1997-05-28")
    wait_for_month(frame, "1997-05-28")
    assert "Taliban" not in frame.get_attribute("path.province-AF-BAL", "data-label")


def test_play_at_twelve_months_a_second_skips_no_month_and_stays_off_the_server(server, page):
    page.goto(f"{server.url}/?date=1990-01&speed=12")
    frame = map_frame(page)
    wait_for_month(frame, "1990-01")
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    frame.evaluate("() => { window.atlas.paintedMonths = []; }")
    frame.get_by_role("button", name="Play").click()
    time.sleep(3.0)
    frame.get_by_role("button", name="Pause").click()
    painted = frame.evaluate("() => window.atlas.paintedMonths")
    assert len(painted) >= 30, painted
    years_months = [int(p[:4]) * 12 + int(p[5:7]) for p in painted]
    assert years_months == list(range(years_months[0], years_months[0] + len(years_months)))  # none skipped
    stopped = painted[-1]
    wait_for_url_date(page, stopped)  # the page heard where playback stopped, and nothing else
    wait_for_month(frame, stopped)
    assert slider_value(page) == frame.evaluate(f"() => window.atlas.table.labels[window.atlas.table.params.indexOf('{stopped}')]")
    assert len(sent) < len(painted) / 3, (len(sent), len(painted))
    time.sleep(1.0)
    assert frame.get_attribute("html", "data-atlas-month") == stopped  # pausing holds the month
def test_clicking_an_event_marker_shows_its_details(server, page):
    page.goto(f"{server.url}/?date=1998-08&kinds=capture")
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
    wait_for_month(frame, "1998-08-08")
    expect(frame.locator(".atlas-event.selected")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Taliban capture Mazar-i-Sharif")
    # the link follows at the end of the page's answer, after the map's update
    page.wait_for_function("new URLSearchParams(location.search).get('event') === 'ev-1998-taliban-capture-mazar'",
                           timeout=TIMEOUT_MS)


def test_an_old_year_link_restores_the_end_of_that_year_province_and_layers(server, page):
    page.goto(f"{server.url}/?year=1997&province=Jawzjan&layers=territory&labels=1")
    frame = map_frame(page)
    wait_for_month(frame, "1997-12")
    expect(page.get_by_role("heading", name="Jowzjan")).to_be_visible(timeout=TIMEOUT_MS)
    assert slider_value(page) == "December 1997"
    assert frame.locator(".atlas-event").count() == 0  # events layer off
    assert frame.locator(".atlas-label").count() == 34  # labels on
    params = url_params(page)
    assert params["province"] == "AF-JOW" and params["layers"] == "territory" and params["date"] == "1997-12"


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


@pytest.mark.parametrize("path", ["/", "/events"])
def test_an_over_long_link_opens_the_page_with_a_notice(server, page, path):
    page.goto(f"{server.url}{path}?date={'9' * 100_000}&province=AF-BAL")  # a 100 KB link
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid='stAlertContentWarning']").first).to_be_visible(timeout=TIMEOUT_MS)
    if path == "/":
        wait_for_year(map_frame(page), 1992)  # the date fell back to its default
    assert page.locator("[data-testid='stException']").count() == 0


def test_desktop_and_phone_screenshots(server, browser, artifacts):
    for name, viewport in (("desktop", {"width": 1400, "height": 1000}), ("phone", {"width": 390, "height": 844})):
        phone = name == "phone"  # a touch screen without hover: no keyboard hints, compact controls
        context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=phone, has_touch=phone)
        page = context.new_page()
        page.goto(f"{server.url}/?date=1997-05-26&province=AF-BAL")
        frame = map_frame(page)
        wait_for_month(frame, "1997-05-26")
        page.get_by_role("heading", name="Balkh").wait_for(timeout=TIMEOUT_MS)
        strip = page.get_by_role("img", name=re.compile("^Holder by year: "))  # the province's 1988-2021 strip
        expect(strip.locator("span[data-year]")).to_have_count(34)
        assert strip.locator("span[data-selected]").get_attribute("title").startswith("1997: ")
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
    wait_for_month(map_frame(page), "1996-12")
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    expect(code).to_contain_text("date=1996-12", timeout=TIMEOUT_MS)
    expect(code).to_contain_text("province=AF-JOW")
    assert code.inner_text().strip().startswith(server.url)
    # a click outside closes it; opened again, it shows the view as it is now
    page.locator(".st-key-next_month button").first.click()
    expect(code).to_have_count(0, timeout=TIMEOUT_MS)
    wait_for_month(map_frame(page), "1997-01")
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    expect(code).to_contain_text("date=1997-01", timeout=TIMEOUT_MS)


def test_a_link_keeps_the_view_only_once_the_reader_moves_the_map(server, page, browser):
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05")
    wait_until_settled(page)  # the page has had the map's report of the view it fitted
    assert "view" not in url_params(page)  # the map's own fit: the link leaves the view to its reader
    desktop_link = page.evaluate("location.href")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone_page = phone.new_page()
    phone_page.goto(desktop_link)
    phone_frame = map_frame(phone_page)
    wait_for_month(phone_frame, "1997-05")
    assert phone_frame.evaluate(WHOLE_COUNTRY_IN_VIEW)  # fitted to the phone, not to the sender's screen
    phone.close()
    fitted_zoom = frame.evaluate("window.atlas.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()  # the reader zooms in: that view is theirs to share
    page.wait_for_function("new URLSearchParams(location.search).has('view')", timeout=TIMEOUT_MS)
    assert int(url_params(page)["view"].split(",")[2]) == round(fitted_zoom + 1)  # a link keeps whole levels
    assert not frame.evaluate(WHOLE_COUNTRY_IN_VIEW)


def test_earlier_events_can_be_shown_faded(server, page):
    page.goto(f"{server.url}/?date=1998-08&kinds=capture&fade=1")
    frame = map_frame(page)
    wait_for_month(frame, "1998-08")
    expect(frame.locator(".atlas-event.faded").first).to_be_attached(timeout=TIMEOUT_MS)
    with_earlier = frame.locator(".atlas-event").count()
    assert frame.locator(".atlas-event:not(.faded)").count() > 0  # August 1998's own captures
    page.goto(f"{server.url}/?date=1998-08&kinds=capture")
    frame = map_frame(page)
    wait_for_month(frame, "1998-08")
    assert 0 < frame.locator(".atlas-event").count() < with_earlier  # only the twelve months up to August


ROOT_ATTRIBUTES = """[document.documentElement.getAttribute('data-atlas-month'),
                     document.documentElement.getAttribute('data-atlas-markers-month'),
                     document.documentElement.getAttribute('data-atlas-layer-month'),
                     document.querySelector('.leaflet-container').classList.contains('atlas-preview')]"""
SHOWN_EVENTS = """[...document.querySelectorAll('.atlas-event')].filter(e => getComputedStyle(e).display !== 'none')
    .map(e => [...e.classList].find(c => c.startsWith('event-'))).sort()"""


def all_fills(frame) -> dict:
    return frame.evaluate("""Object.fromEntries([...document.querySelectorAll('path.atlas-province')]
        .map(p => [[...p.classList].find(c => c.startsWith('province-')), p.getAttribute('data-fill')]))""")


def drag_slider_to_1998(page, frame):
    """Press the slider's thumb and move it to about 1998 without releasing; return the month
    the map shows."""
    wait_until_settled(page)
    track = page.locator(".st-key-month [role=group]").bounding_box()
    middle = track["y"] + track["height"] / 2
    start = int(month_slider(page).get_attribute("value")) / 407
    page.mouse.move(track["x"] + 2 + start * (track["width"] - 4), middle)  # on the thumb
    page.mouse.down()
    page.mouse.move(track["x"] + 0.31 * track["width"], middle, steps=8)
    frame.wait_for_function("Number(document.documentElement.getAttribute('data-atlas-year')) >= 1996",
                            timeout=TIMEOUT_MS)
    return frame.get_attribute("html", "data-atlas-month")


def label_of(frame, param: str) -> str:
    return frame.evaluate(f"() => window.atlas.table.labels[window.atlas.table.params.indexOf('{param}')]")


def test_dragging_the_slider_repaints_territory_and_events_before_release(server, page):
    page.goto(f"{server.url}/?date=1988-01")
    frame = map_frame(page)
    wait_for_month(frame, "1988-01")
    shown = drag_slider_to_1998(page, frame)
    # nothing has gone to the server yet: its layer is still January 1988's, hidden behind the preview
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, shown, "1988-01", False]
    assert slider_value(page) == label_of(frame, shown)
    assert frame.locator(".atlas-legend strong").inner_text() == f"Holder at the end of {label_of(frame, shown)}"
    previewed_fills, previewed_events = all_fills(frame), frame.evaluate(SHOWN_EVENTS)
    assert previewed_events  # the month's events are on the map already
    page.mouse.up()
    wait_for_month(frame, shown)
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, shown, shown, False]
    # the preview showed exactly what the server's layer shows
    assert all_fills(frame) == previewed_fills and len(previewed_fills) == 34
    assert frame.evaluate(SHOWN_EVENTS) == previewed_events
    expect(frame.locator(".atlas-preview-event")).to_have_count(0)
    wait_for_url_date(page, shown)


def test_with_filtered_events_the_preview_dims_the_markers_until_the_server_answers(server, page):
    page.goto(f"{server.url}/?date=1988-12&kinds=battle,capture")
    frame = map_frame(page)
    wait_for_month(frame, "1988-12")
    before = frame.evaluate(SHOWN_EVENTS)
    assert before  # 1988 has battles
    shown = drag_slider_to_1998(page, frame)
    # the table only holds the unfiltered markers: the filtered December 1988 ones stay, dimmed
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, "1988-12", "1988-12", True]
    assert frame.evaluate(SHOWN_EVENTS) == before
    page.mouse.up()
    wait_for_month(frame, shown)
    assert frame.evaluate(ROOT_ATTRIBUTES) == [shown, shown, shown, False]


def test_quick_key_presses_end_on_the_last_month_in_full(server, page):
    page.goto(f"{server.url}/?date=1998-04")
    frame = map_frame(page)
    wait_for_month(frame, "1998-04")
    month_slider(page).focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_for_month(frame, "1998-08")
    time.sleep(1.0)  # any late answer for an earlier month must not take the map back
    assert frame.evaluate(ROOT_ATTRIBUTES) == ["1998-08", "1998-08", "1998-08", False]
    expect(frame.locator(".event-ev-1998-taliban-capture-mazar")).to_have_count(1)  # August 1998's markers
    wait_for_url_date(page, "1998-08")


def test_the_1995_map_draws_parwans_outline_around_panjshir(server, page):
    page.goto(f"{server.url}/?date=1995-06&province=AF-PAN")
    frame = map_frame(page)
    wait_for_month(frame, "1995-06")
    outlines = frame.get_attribute("html", "data-atlas-outlines")
    assert "Parwan:AF-PAN+AF-PAR" in outlines and "Uruzgan:AF-DAY+AF-URU" in outlines
    expect(frame.locator("path.atlas-historical")).to_have_count(2)
    expect(frame.locator(".atlas-legend")).to_contain_text("province borders of the time")
    expect(page.get_by_text("Panjshir was not yet a province then: it was part of Parwan")).to_be_visible(
        timeout=TIMEOUT_MS)
    page.goto(f"{server.url}/?date=2010-06")
    frame = map_frame(page)
    wait_for_month(frame, "2010-06")
    assert frame.get_attribute("html", "data-atlas-outlines") == ""
    expect(frame.locator("path.atlas-historical")).to_have_count(0)


def test_the_keyboard_opens_a_province_and_markers_have_names(server, page):
    page.goto(f"{server.url}/?date=1998-08&kinds=capture")
    frame = map_frame(page)
    wait_for_month(frame, "1998-08")
    province = frame.locator("path.province-AF-FYB")
    assert province.get_attribute("tabindex") == "0" and province.get_attribute("role") == "button"
    assert province.get_attribute("aria-label").startswith("Faryab: ")
    province.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Faryab")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("new URLSearchParams(location.search).get('province') === 'AF-FYB'", timeout=TIMEOUT_MS)
    marker = frame.locator(".event-ev-1998-taliban-capture-mazar").first
    assert marker.get_attribute("aria-label") == "Capture: Taliban capture Mazar-i-Sharif, 8 August 1998"
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Taliban capture Mazar-i-Sharif")).to_be_visible(timeout=TIMEOUT_MS)


def test_the_province_picker_finds_a_province_in_another_spelling(server, page):
    page.goto(f"{server.url}/?date=1997-05")
    map_frame(page)
    picker = page.get_by_role("combobox", name=re.compile("Find a province"))
    picker.click()
    page.keyboard.type("Jawzjan")
    page.get_by_role("option", name=re.compile("^Jowzjan")).click()
    expect(page.get_by_role("heading", name="Jowzjan")).to_be_visible(timeout=TIMEOUT_MS)
    page.wait_for_function("new URLSearchParams(location.search).get('province') === 'AF-JOW'", timeout=TIMEOUT_MS)


def test_the_embed_control_gives_an_iframe_of_this_view(server, page):
    page.goto(f"{server.url}/?date=1997-05&province=AF-BAL")
    wait_for_month(map_frame(page), "1997-05")
    page.get_by_role("button", name=re.compile("Embed this view")).click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    expect(code).to_contain_text("<iframe src=", timeout=TIMEOUT_MS)
    snippet = code.inner_text()
    assert "date=1997-05" in snippet and "province=AF-BAL" in snippet and "embed=true" in snippet
    src = re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&")
    page.goto(src)  # the embedded view opens on the same moment, with no notice about embed=
    wait_for_month(map_frame(page), "1997-05")
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0


def test_the_picture_download_is_a_png_of_this_moment(server, page, tmp_path):
    page.goto(f"{server.url}/?date=1998-08-08&province=AF-BAL")
    wait_for_month(map_frame(page), "1998-08-08")
    page.get_by_role("button", name=re.compile("Picture for slides")).click()
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name=re.compile("Download picture")).click()
    assert download.value.suggested_filename == "junbish-atlas-1998-08-08.png"
    saved = tmp_path / "picture.png"
    download.value.save_as(saved)
    png = saved.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1440, 960)
    assert page.locator("[data-testid='stException']").count() == 0


def test_on_a_phone_the_map_starts_in_the_upper_half_of_the_first_screen(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=1)
    page = context.new_page()
    for link in ("/?date=1997-05", "/?date=1997-05-26&province=AF-BAL"):  # a month, and a day
        page.goto(server.url + link)
        wait_for_month(map_frame(page), link.split("date=")[1].split("&")[0])
        top = page.locator("iframe[src*='streamlit_folium']").bounding_box()["y"]
        assert top < 844 / 2, (link, top)
    assert page.locator("[data-testid^='stBaseButton'] kbd").first.is_hidden()  # no keyboard hints on touch
    context.close()
