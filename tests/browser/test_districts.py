"""The district centres of the north on the map (2015-2021): drawn with spoken names, opened with
Enter, repainted in the browser as the months go by, a layer that can be switched off and
travels in the link."""
import re

from playwright.sync_api import expect

from tests.browser.mapping import TIMEOUT_MS, attribute, map_frame, wait_for_moment, wait_for_url

WATCH_QAISAR = """() => { window.__qaisar = [];
    const path = document.querySelector('path.district-fyb-qaisar');
    new MutationObserver(() => window.__qaisar.push(path.getAttribute('data-label')))
        .observe(path, {attributes: true, attributeFilter: ['data-label']}); }"""


def test_july_2021_draws_the_district_centres_with_spoken_names_and_enter_opens_one(server, page):
    page.goto(f"{server.url}/?date=2021-07")
    frame = map_frame(page)
    wait_for_moment(frame, "2021-07")
    frame.wait_for_function(f"Number({attribute('districts')}) >= 30", timeout=TIMEOUT_MS)
    qaisar = frame.locator("path.district-fyb-qaisar")
    label = qaisar.get_attribute("aria-label")
    assert label.startswith("Qaisar district, Faryab: Taliban") and "since" in label
    assert qaisar.get_attribute("tabindex") == "0" and qaisar.get_attribute("role") == "button"
    qaisar.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Qaisar district, Faryab")).to_be_visible(timeout=TIMEOUT_MS)
    panel = page.locator(".st-key-side_panel")
    expect(panel).to_contain_text("Periods, 2015–2021")
    expect(panel).to_contain_text("Sources:")
    assert panel.locator("a[href^='http']").count() >= 1
    wait_for_url(page, district="fyb-qaisar")
    assert qaisar.get_attribute("stroke-width") == "4"  # the selected centre stands out


def test_the_province_panel_lists_its_districts_holders(server, page):
    page.goto(f"{server.url}/?date=2021-07&province=AF-JOW")
    wait_for_moment(map_frame(page), "2021-07")
    panel = page.locator(".st-key-side_panel")
    expect(panel).to_contain_text("Its districts (11)", timeout=TIMEOUT_MS)
    expect(panel).to_contain_text("Darzab:")


def test_playback_repaints_the_districts_without_asking_the_server_each_month(server, page):
    page.goto(f"{server.url}/?date=2021-01&speed=12")
    frame = map_frame(page)
    wait_for_moment(frame, "2021-01")
    frame.evaluate(WATCH_QAISAR)
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    frame.get_by_role("button", name="Play").click()
    frame.wait_for_function(f"{attribute('month')} === '2021-12'", timeout=TIMEOUT_MS)  # the last month pauses
    labels = frame.evaluate("() => window.__qaisar")
    assert len(set(labels)) >= 2  # repainted as the months went by
    assert labels[-1].startswith("Qaisar district, Faryab: Taliban")  # it fell in June 2021
    assert len(sent) <= 6  # Play and the stop went to the server, not the months


def test_before_2015_no_district_is_drawn_and_the_layer_can_be_switched_off(server, page):
    page.goto(f"{server.url}/?date=2010-06")
    frame = map_frame(page)
    wait_for_moment(frame, "2010-06")
    assert frame.evaluate(attribute("districts")) == ""
    expect(frame.locator("path.atlas-district")).to_have_count(0)
    page.goto(f"{server.url}/?date=2021-07&layers=territory,events")
    frame = map_frame(page)
    wait_for_moment(frame, "2021-07")
    assert frame.evaluate(attribute("districts")) == ""
    page.get_by_role("button", name=re.compile("Layers")).click()
    page.locator(".st-key-show_districts label").click()
    wait_for_url(page, layers=None)  # every layer on: the default, left out of the link
    frame.wait_for_function(f"Number({attribute('districts')}) >= 30", timeout=TIMEOUT_MS)
