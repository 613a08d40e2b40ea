"""Text from the data is shown as text everywhere; nothing in it runs (checked in Chromium)."""

from playwright.sync_api import expect

from tests.browser.mapping import TIMEOUT_MS, map_frame, wait_for_year, wait_until_drawn


def assert_nothing_ran(page, dialogs):
    for frame in page.frames:
        assert frame.evaluate("typeof window.__xss") == "undefined", frame.url
        assert frame.locator("img[src='x']").count() == 0, frame.url
    assert dialogs == []


def test_markup_in_the_data_is_shown_as_text_on_the_map_page(hostile_server, page, dialogs):
    page.goto(f"{hostile_server.url}/?year=1998&province=AF-BAL&event=ev-1998-taliban-capture-mazar")
    frame = map_frame(page)
    wait_for_year(frame, 1998)
    popup = frame.locator(".leaflet-popup-content").last  # a closed pop-up fades out for 200 ms
    expect(popup).to_contain_text("<img src=x", timeout=TIMEOUT_MS)  # the title, as text
    expect(frame.locator(".atlas-legend")).to_contain_text("<b>Taliban</b>")
    panel_text = page.locator("[data-testid='stMain']")
    expect(panel_text).to_contain_text("<script>window.__xss", timeout=TIMEOUT_MS)
    expect(panel_text).to_contain_text("<b>Taliban</b>")
    assert page.locator("a[href^='javascript']").count() == 0
    frame.locator(".event-ev-1998-taliban-capture-mazar").hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("<img src=x")
    assert_nothing_ran(page, dialogs)


def test_markup_in_the_data_is_shown_as_text_on_the_other_pages(hostile_server, page, dialogs):
    for path, heading in (("/events", "Events"), ("/sources", "Sources & method"), ("/timeline", "Timeline")):
        page.goto(f"{hostile_server.url}{path}")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        wait_until_drawn(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert_nothing_ran(page, dialogs)
    page.goto(f"{hostile_server.url}/sources")
    page.get_by_role("tab", name="Bibliography").click()
    expect(page.locator("[data-testid='stMain']")).to_contain_text("<img src=x onerror", timeout=TIMEOUT_MS)
    assert page.locator("a[href^='javascript']").count() == 0
    assert_nothing_ran(page, dialogs)
