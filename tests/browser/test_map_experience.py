"""The map is the page: its time bar, playback, clicks, panels and shareable links, in Chromium
against a real server. Every wait is on something the page shows (the map's attributes, the
link, a heading), never on time."""
import re
import struct

import pytest
from playwright.sync_api import expect

from geo.dates import Moment
from tests.browser.mapping import (MAP_IFRAME, TIMEOUT_MS, WHOLE_COUNTRY_IN_VIEW, assert_year_labels_readable,
                                    attribute, click_province, fill_of, map_frame, overlapping_bottom_controls,
                                    shown_moment, status_line, time_slider, uncovered_point, url_params,
                                    wait_for_moment, wait_for_url, wait_for_year)


def side_panel(page):
    return page.locator(".st-key-side_panel")


def test_the_time_bar_steps_months_and_years_and_the_link_follows(server, page):
    page.goto(f"{server.url}/?date=1997-04")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-04")
    faryab_april = fill_of(frame, "AF-FYB")
    frame.get_by_role("button", name="Next month").click()
    wait_for_moment(frame, "1997-05")
    wait_for_url(page, date="1997-05")
    assert fill_of(frame, "AF-FYB") != faryab_april  # Malik took Faryab in May 1997
    assert time_slider(frame).get_attribute("aria-valuetext") == "May 1997"
    time_slider(frame).focus()
    page.keyboard.press("ArrowRight")  # one month
    wait_for_moment(frame, "1997-06")
    page.keyboard.press("PageUp")  # one year
    wait_for_moment(frame, "1998-06")
    wait_for_url(page, date="1998-06")
    page.keyboard.press("Shift+ArrowLeft")  # one year back
    wait_for_moment(frame, "1997-06")
    page.keyboard.press("Alt+ArrowRight")  # one month, as the page's shortcut was
    wait_for_moment(frame, "1997-07")
    page.keyboard.press("End")
    wait_for_moment(frame, "2021-12")
    wait_for_url(page, date="2021-12")
    frame.get_by_role("button", name="One year back").click()
    wait_for_moment(frame, "2020-12")


def test_ten_page_up_presses_at_150_ms_move_exactly_ten_years_on_the_map_and_in_the_link(server, page):
    page.goto(f"{server.url}/?date=2006-06&province=AF-BAL")
    frame = map_frame(page)
    wait_for_moment(frame, "2006-06")
    time_slider(frame).focus()
    for _ in range(10):
        page.keyboard.press("PageUp", delay=150)
    wait_for_moment(frame, "2016-06")
    wait_for_url(page, date="2016-06", province="AF-BAL")
    expect(side_panel(page)).to_contain_text("End of June 2016", timeout=TIMEOUT_MS)
    assert shown_moment(frame) == "2016-06"


def test_malik_holds_faryab_in_july_1997_on_the_map_legend_and_panel(server, page):
    page.goto(f"{server.url}/?date=1997-07&province=AF-FYB")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-07")
    assert "Malik" in frame.get_attribute("path.province-AF-FYB", "data-label")
    expect(frame.locator(".atlas-legend")).to_contain_text("Malik")
    expect(side_panel(page)).to_contain_text("End of July 1997: Malik", timeout=TIMEOUT_MS)
    expect(side_panel(page)).to_contain_text("Periods in 1997")


def test_a_day_link_names_the_taliban_and_next_change_lands_on_balkhs_next_change(server, page):
    page.goto(f"{server.url}/?date=1997-05-26&province=AF-BAL")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-05-26")
    assert "Taliban" in frame.get_attribute("path.province-AF-BAL", "data-label")
    expect(side_panel(page)).to_contain_text("26 May 1997: Malik vs Taliban, contested", timeout=TIMEOUT_MS)
    expect(side_panel(page)).to_contain_text("24 May 1997 – 28 May 1997: Malik and Taliban (contested)")
    frame.get_by_role("button", name=re.compile("^Next change")).click()
    wait_for_url(page, date="1997-05-28")
    wait_for_moment(frame, "1997-05-28")
    assert "Taliban" not in frame.get_attribute("path.province-AF-BAL", "data-label")
    frame.get_by_role("button", name=re.compile("^Previous change")).click()
    wait_for_moment(frame, "1997-05-24")


WATCH_MONTHS = f"""() => {{ window.__months = [];
    new MutationObserver(() => window.__months.push({attribute('month')}))
        .observe(document.documentElement, {{attributes: true, attributeFilter: ['{'data-atlas-month'}']}}); }}"""


def test_playback_at_twelve_months_a_second_skips_none_and_the_page_never_names_another_month(server, page):
    page.goto(f"{server.url}/?date=1990-01&speed=12")
    frame = map_frame(page)
    wait_for_moment(frame, "1990-01")
    expect(side_panel(page)).to_contain_text("At the end of January 1990", timeout=TIMEOUT_MS)
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    frame.evaluate(WATCH_MONTHS)
    frame.get_by_role("button", name="Play").click()
    frame.wait_for_function("window.__months.length >= 30", timeout=TIMEOUT_MS)
    # while it plays, nothing beside the map names a month: the summary and panel step aside
    expect(page.get_by_text("Playing. Pause to read")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile("^At the end of"))).to_have_count(0)
    frame.get_by_role("button", name="Pause").click()
    painted = frame.evaluate("() => window.__months")
    months = [int(p[:4]) * 12 + int(p[5:7]) for p in dict.fromkeys(painted)]
    assert months == list(range(months[0], months[0] + len(months)))  # none skipped
    stopped = frame.evaluate(attribute("month"))
    wait_for_url(page, date=stopped, speed="12")  # after Pause the link, the page and the map show one month
    wait_for_moment(frame, stopped)
    label = time_slider(frame).get_attribute("aria-valuetext")
    expect(side_panel(page)).to_contain_text(f"At the end of {label}", timeout=TIMEOUT_MS)
    assert len(sent) <= 6, len(sent)  # Play and Pause went to the server, not the months


def test_clicking_an_event_marker_shows_its_details(server, page):
    page.goto(f"{server.url}/?date=1998-08&kinds=capture")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08")
    marker = frame.locator(".event-ev-1998-taliban-capture-mazar svg g > *").first
    marker.click()
    popup = frame.locator(".leaflet-popup-content").last  # a closed pop-up fades out for 200 ms
    expect(popup).to_contain_text("Taliban capture Mazar-i-Sharif", timeout=TIMEOUT_MS)
    expect(popup).to_contain_text("8 August 1998")
    heading = page.get_by_role("heading", name="Taliban capture Mazar-i-Sharif")
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    expect(side_panel(page)).to_contain_text("Sources")
    assert side_panel(page).locator("a[href^='http']").count() >= 1
    wait_for_url(page, event="ev-1998-taliban-capture-mazar")


def test_choosing_an_event_in_the_province_panel_moves_the_map_to_it(server, page):
    page.goto(f"{server.url}/?year=1992&province=AF-BAL")
    frame = map_frame(page)
    wait_for_year(frame, 1992)
    chooser = page.get_by_role("combobox", name=re.compile("Events in Balkh"))
    chooser.click()
    page.keyboard.type("Taliban capture Mazar")
    page.get_by_role("option", name=re.compile("Taliban capture Mazar-i-Sharif")).click()
    wait_for_moment(frame, "1998-08-08")
    expect(frame.locator(".atlas-event.selected")).to_have_count(1, timeout=TIMEOUT_MS)
    expect(frame.locator(".leaflet-popup-content").last).to_contain_text("Taliban capture Mazar-i-Sharif")
    assert time_slider(frame).get_attribute("aria-valuetext") == "8 August 1998"
    wait_for_url(page, event="ev-1998-taliban-capture-mazar", date="1998-08-08")


def test_an_old_year_link_restores_the_end_of_that_year_province_and_layers(server, page):
    page.goto(f"{server.url}/?year=1997&province=Jawzjan&layers=territory&labels=1")
    frame = map_frame(page)
    wait_for_year(frame, 1997)
    expect(page.get_by_role("heading", name="Jowzjan")).to_be_visible(timeout=TIMEOUT_MS)
    assert time_slider(frame).get_attribute("aria-valuetext") == "December 1997"
    assert frame.locator(".atlas-event").count() == 0  # events layer off
    expect(frame.locator(".atlas-ref-province")).to_have_count(34, timeout=TIMEOUT_MS)  # labels on (those that fit shown)
    wait_for_url(page, province="AF-JOW", layers="territory", date="1997-12")


def test_clicking_a_province_opens_it_and_puts_it_in_the_url(server, page, atlas):
    page.goto(f"{server.url}/?year=1995")
    frame = map_frame(page)
    wait_for_year(frame, 1995)
    click_province(page, frame, "AF-FYB")
    expect(page.get_by_role("heading", name="Faryab")).to_be_visible(timeout=TIMEOUT_MS)
    expect(side_panel(page)).to_contain_text(status_line(atlas, "AF-FYB", Moment.end_of_month(1995, 12)))
    wait_for_url(page, province="AF-FYB")
    assert frame.get_attribute("path.province-AF-FYB", "stroke-width") == "4"  # outlined as selected


def test_a_tap_on_a_province_on_a_phone_opens_the_province(server, phone_page):
    page = phone_page
    page.goto(f"{server.url}/?date=1998-08")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08")
    page.touchscreen.tap(*uncovered_point(page, frame, "AF-FYB"))
    heading = page.get_by_role("heading", name="Faryab")
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_url(page, province="AF-FYB", event=None)
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box["y"] < 160 and map_box["y"] + map_box["height"] > 0  # the map stays in view
    assert page.evaluate("window.scrollY") < map_box["height"] / 2
    # ...and the province's panel opens in view under it, its heading and status line first
    status = page.get_by_text(re.compile(r"^End of August 1998: "))
    expect(status).to_be_visible(timeout=TIMEOUT_MS)
    assert map_box["y"] + map_box["height"] <= heading.bounding_box()["y"]
    assert status.bounding_box()["y"] + status.bounding_box()["height"] <= page.viewport_size["height"]
    # A screen reader and Tab meet them in the order they are on the screen
    summary = page.get_by_text(re.compile(r"^At the end of August 1998 Junbish held"))
    in_screen_order = [page.get_by_role("combobox", name="Find a province"), heading, status, summary]
    assert in_page_order(in_screen_order) and in_order_down_the_screen(in_screen_order)


def in_page_order(locators) -> bool:
    """Whether the elements come in this order in the page's document."""
    handles = [locator.element_handle() for locator in locators]
    return all(earlier.evaluate("(a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)", later)
               for earlier, later in zip(handles, handles[1:]))


def in_order_down_the_screen(locators) -> bool:
    """Whether each element starts below where the one before it ends."""
    boxes = [locator.bounding_box() for locator in locators]
    return all(earlier["y"] + earlier["height"] <= later["y"] for earlier, later in zip(boxes, boxes[1:]))


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
    page.goto(f"{server.url}{path}?date={'9' * 60_000}&province=AF-BAL")  # a 60 KB link (the limit: 64 KB)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid='stAlertContentWarning']").first).to_be_visible(timeout=TIMEOUT_MS)
    if path == "/":
        wait_for_year(map_frame(page), 1992)  # the date fell back to its default
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("width, height", [(1440, 900), (1280, 800), (390, 844)])
def test_the_map_is_the_page(server, browser, artifacts, width, height):
    """The map starts within 160 px of the top and covers at least half of the first screen; on a
    desktop the whole map is in it; the panel is beside it (under it on a phone)."""
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(f"{server.url}/?date=1997-05-26&province=AF-BAL")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-05-26")
    heading = page.get_by_role("heading", name="Balkh")
    heading.wait_for(timeout=TIMEOUT_MS)
    strip = page.get_by_role("img", name=re.compile("^Holder by year: "))  # the province's 1988-2021 strip
    expect(strip.locator("span[data-year]")).to_have_count(34)
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] <= 160, box
    assert box["width"] * box["height"] >= 0.5 * width * height, box
    time_bar = frame.locator(".atlas-timebar").bounding_box()
    assert time_bar["y"] + time_bar["height"] <= height  # the time bar is in the first screen (page coordinates)
    panel_box = heading.bounding_box()
    if phone:
        assert panel_box["y"] > box["y"] + box["height"] - 5  # the panel below the map
    else:
        assert box["y"] + box["height"] <= height  # the whole map in the first screen
        assert panel_box["x"] > box["x"] + box["width"] - 5  # the panel beside the map
    assert_year_labels_readable(frame, first_year_shown=not phone)  # room for 1988's on a desktop only
    assert overlapping_bottom_controls(frame) == []
    page.screenshot(path=artifacts / f"map-{width}x{height}.png")
    context.close()


def test_the_share_control_gives_the_link_the_embed_and_the_picture_of_this_view(server, page, tmp_path):
    page.goto(f"{server.url}/?date=1998-08-08&province=AF-BAL")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08-08")
    page.get_by_role("button", name=re.compile("Share")).click()
    codes = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    expect(codes.first).to_contain_text("date=1998-08-08", timeout=TIMEOUT_MS)
    assert codes.first.inner_text().strip().startswith(server.url) and "province=AF-BAL" in codes.first.inner_text()
    snippet = codes.nth(1).inner_text()
    assert "<iframe src=" in snippet and "embed=true" in snippet
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name=re.compile("Download picture")).click()
    assert download.value.suggested_filename == "junbish-atlas-1998-08-08.png"
    saved = tmp_path / "picture.png"
    download.value.save_as(saved)
    png = saved.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1440, 960)
    src = re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&")
    page.goto(src)  # the embedded view opens on the same moment, with no notice about embed=
    wait_for_moment(map_frame(page), "1998-08-08")
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0


def test_a_link_keeps_the_view_only_once_the_reader_moves_the_map(server, page, phone_page):
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-05")
    frame.get_by_role("button", name="Next month").click()  # the map reports; its own fit is not a view
    wait_for_url(page, date="1997-06")
    assert "view" not in url_params(page)
    phone_page.goto(page.evaluate("location.href"))
    phone_frame = map_frame(phone_page)
    wait_for_moment(phone_frame, "1997-06")
    assert phone_frame.evaluate(WHOLE_COUNTRY_IN_VIEW)  # fitted to the phone, not to the sender's screen
    fitted_zoom = frame.evaluate("window.atlasMap.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()  # the reader zooms in: that view is theirs to share
    page.wait_for_function("new URLSearchParams(location.search).has('view')", timeout=TIMEOUT_MS)
    assert int(url_params(page)["view"].split(",")[2]) == round(fitted_zoom + 1)  # a link keeps whole levels
    assert not frame.evaluate(WHOLE_COUNTRY_IN_VIEW)


def test_earlier_events_can_be_shown_faded(server, page):
    page.goto(f"{server.url}/?date=1998-08&kinds=capture&fade=1")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08")
    expect(frame.locator(".atlas-event.faded").first).to_be_attached(timeout=TIMEOUT_MS)
    with_earlier = frame.locator(".atlas-event").count()
    assert frame.locator(".atlas-event:not(.faded)").count() > 0  # August 1998's own captures
    page.goto(f"{server.url}/?date=1998-08&kinds=capture")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08")
    assert 0 < frame.locator(".atlas-event").count() < with_earlier  # only the twelve months up to August


STATE = f"[{attribute('month')}, {attribute('markersMonth')}, {attribute('answered')}]"
LAYER_MONTH = attribute("layerMonth")
WITH_THE_LAYER = f"[{attribute('month')}, {attribute('markersMonth')}, {attribute('layerMonth')}]"
SHOWN_EVENTS = """[...document.querySelectorAll('.atlas-event')].filter(e => getComputedStyle(e).display !== 'none')
    .map(e => [...e.classList].find(c => c.startsWith('event-'))).sort()"""


def all_fills(frame) -> dict:
    return frame.evaluate("""Object.fromEntries([...document.querySelectorAll('path.atlas-province')]
        .map(p => [[...p.classList].find(c => c.startsWith('province-')), p.getAttribute('data-fill')]))""")


def drag_slider_to_1998(page, frame):
    """Press the time bar's thumb and move it to about 1998 without releasing; return the month
    the map shows."""
    track = time_slider(frame).bounding_box()  # in the page's coordinates
    middle = track["y"] + track["height"] / 2
    start = int(time_slider(frame).input_value()) / 407
    page.mouse.move(track["x"] + 8 + start * (track["width"] - 16), middle)  # on the thumb
    page.mouse.down()
    page.mouse.move(track["x"] + 8 + 0.31 * (track["width"] - 16), middle, steps=8)
    frame.wait_for_function(f"Number({attribute('month')}.slice(0, 4)) >= 1996", timeout=TIMEOUT_MS)
    return frame.evaluate(attribute("month"))


def test_dragging_the_time_bar_repaints_territory_and_events_at_once(server, page):
    page.goto(f"{server.url}/?date=1988-01")
    frame = map_frame(page)
    wait_for_moment(frame, "1988-01")
    shown = drag_slider_to_1998(page, frame)
    # the map shows the month under the thumb at once, with the table's markers of that month
    assert frame.evaluate(STATE)[:2] == [shown, shown]
    assert frame.locator(".atlas-legend strong").inner_text().startswith("Holder at the end of ")
    painted_fills, painted_events = all_fills(frame), frame.evaluate(SHOWN_EVENTS)
    assert painted_events  # the month's events are on the map already
    page.mouse.up()
    shown = frame.evaluate(attribute("month"))
    wait_for_moment(frame, shown)  # the page heard the month once the drag stopped
    wait_for_url(page, date=shown)
    assert frame.evaluate(STATE) == [shown, shown, shown]
    assert len(all_fills(frame)) == 34 and len(painted_fills) == 34
    assert frame.evaluate(SHOWN_EVENTS)


def test_with_filtered_events_the_server_brings_the_markers_of_the_month_shown(server, page):
    page.goto(f"{server.url}/?date=1988-12&kinds=battle,capture")
    frame = map_frame(page)
    wait_for_moment(frame, "1988-12")
    assert frame.evaluate(SHOWN_EVENTS)  # 1988 has battles
    shown = drag_slider_to_1998(page, frame)
    # the table holds only the unfiltered markers: no marker of another month is shown, and
    # those of the month shown only once the server's layer for it has come
    month, markers, layer = frame.evaluate(WITH_THE_LAYER)
    assert month == shown and markers in ("", shown) and (markers == "") == (layer != shown)
    page.mouse.up()
    shown = frame.evaluate(attribute("month"))
    wait_for_moment(frame, shown)
    assert frame.evaluate(WITH_THE_LAYER) == [shown, shown, shown]  # filtered markers: the layer names the month


def test_quick_key_presses_end_on_the_last_month_in_full(server, page):
    page.goto(f"{server.url}/?date=1998-04")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-04")
    time_slider(frame).focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_for_moment(frame, "1998-08")
    wait_for_url(page, date="1998-08")
    assert frame.evaluate(STATE) == ["1998-08", "1998-08", "1998-08"]
    expect(frame.locator(".event-ev-1998-taliban-capture-mazar")).to_have_count(1)  # August 1998's markers


def test_a_step_is_answered_and_heard_while_the_maps_layer_stays_as_it_was(server, page):
    """The page answers each step (the link, the summary) and the map hears the answer (which
    its report pacer waits for), while the layer in the map's frame stays the one it had: the
    month's looks and markers come from the month table."""
    page.goto(f"{server.url}/?date=1998-04")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-04")
    frame.evaluate("""() => { window.layersHeard = 0; const receive = window.atlasMap.receive;
        window.atlasMap.receive = (payload) => { window.layersHeard += 1; return receive(payload); }; }""")
    time_slider(frame).focus()
    for month, label in (("1998-05", "May 1998"), ("1998-06", "June 1998")):
        page.keyboard.press("ArrowRight")
        wait_for_moment(frame, month)  # the map has the page's answer to the report of this month
        wait_for_url(page, date=month)
        expect(page.locator(".st-key-side_panel")).to_contain_text(f"At the end of {label} ")
    assert frame.evaluate("window.layersHeard") == 0
    assert frame.evaluate(LAYER_MONTH) == "1998-04"  # the page's last move of the time


def test_the_1995_map_draws_parwans_outline_around_panjshir(server, page):
    page.goto(f"{server.url}/?date=1995-06&province=AF-PAN")
    frame = map_frame(page)
    wait_for_moment(frame, "1995-06")
    outlines = frame.get_attribute("html", "data-atlas-outlines")
    assert "Parwan:AF-PAN+AF-PAR" in outlines and "Uruzgan:AF-DAY+AF-URU" in outlines
    expect(frame.locator("path.atlas-historical")).to_have_count(2)
    expect(frame.locator(".atlas-legend")).to_contain_text("province borders of the time")
    expect(page.get_by_text("Panjshir was not yet a province then: it was part of Parwan")).to_be_visible(
        timeout=TIMEOUT_MS)
    page.goto(f"{server.url}/?date=2010-06")
    frame = map_frame(page)
    wait_for_moment(frame, "2010-06")
    assert frame.get_attribute("html", "data-atlas-outlines") == ""
    expect(frame.locator("path.atlas-historical")).to_have_count(0)


def test_the_keyboard_opens_a_province_and_markers_have_names(server, page):
    page.goto(f"{server.url}/?date=1998-08&kinds=capture")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08")
    province = frame.locator("path.province-AF-FYB")
    assert province.get_attribute("tabindex") == "0" and province.get_attribute("role") == "button"
    assert province.get_attribute("aria-label").startswith("Faryab: ")
    province.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Faryab")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_url(page, province="AF-FYB")
    marker = frame.locator(".event-ev-1998-taliban-capture-mazar").first
    assert marker.get_attribute("aria-label") == "Capture: Taliban capture Mazar-i-Sharif, 8 August 1998"
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Taliban capture Mazar-i-Sharif")).to_be_visible(timeout=TIMEOUT_MS)


def test_from_the_map_one_tab_and_enter_reach_the_time_bar(server, page):
    """The map's first stop after the map itself is "Skip to the time bar", shown when focused;
    without it the month slider came after every province and marker (60-odd Tabs)."""
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-05")
    frame.locator(".leaflet-container").focus()
    page.keyboard.press("Tab")
    skip = frame.get_by_role("link", name="Skip to the time bar")
    expect(skip).to_be_focused()
    box, map_box = skip.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    assert box["y"] >= map_box["y"] and box["x"] >= map_box["x"]  # in sight once focused
    page.keyboard.press("Enter")
    expect(time_slider(frame)).to_be_focused()
    page.keyboard.press("PageUp")
    wait_for_moment(frame, "1998-05")
    wait_for_url(page, date="1998-05")


def test_the_province_picker_finds_a_province_in_another_spelling(server, page):
    page.goto(f"{server.url}/?date=1997-05")
    wait_for_moment(map_frame(page), "1997-05")
    picker = page.get_by_role("combobox", name=re.compile("Find a province"))
    picker.click()
    page.keyboard.type("Jawzjan")
    page.get_by_role("option", name=re.compile("^Jowzjan")).click()
    expect(page.get_by_role("heading", name="Jowzjan")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_url(page, province="AF-JOW")


def test_a_layer_toggle_changes_the_map_and_the_link(server, page):
    page.goto(f"{server.url}/?date=1998-08")
    frame = map_frame(page)
    wait_for_moment(frame, "1998-08")
    assert frame.locator(".atlas-event").count() > 0
    page.get_by_role("button", name=re.compile("Layers")).click()
    page.locator(".st-key-show_events label").click()  # the switch named "Events"
    wait_for_url(page, layers="territory,districts")
    expect(frame.locator(".atlas-event:visible")).to_have_count(0, timeout=TIMEOUT_MS)
