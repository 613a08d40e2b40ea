"""The guided tour, on the map page and in the offline export."""
import re

from playwright.sync_api import expect

from geo.story import load_story
from tests.browser.mapping import MAP_IFRAME, TIMEOUT_MS, map_frame, wait_for_month, wait_for_url

STORY = load_story()


def chapter_heading(page, order: int):
    return page.get_by_role("heading", name=STORY[order - 1].title)


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= size["height"]


def cut_button_labels(page) -> list[str]:
    """The chapter card's buttons whose label does not fit (shown cut, "Previous c…")."""
    return page.locator(".st-key-story_panel button").evaluate_all(
        "buttons => buttons.filter(button => [button, ...button.querySelectorAll('*')]"
        "  .some(element => element.scrollWidth > element.clientWidth + 1)).map(button => button.innerText)")


def test_a_story_link_opens_its_chapter_and_next_moves_through_the_tour(server, page, artifacts):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server.url}/?story=1")
    frame = map_frame(page)
    expect(chapter_heading(page, 1)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"chapter 1 of {len(STORY)}")).to_be_visible()
    wait_for_month(frame, STORY[0].moment.param)
    for order in (2, 3, 4):  # a reader reads each chapter before the next
        page.get_by_role("button", name=re.compile("Next chapter")).click()
        expect(chapter_heading(page, order)).to_be_visible(timeout=TIMEOUT_MS)
        wait_for_month(frame, STORY[order - 1].moment.param)  # the map follows the card
    expect(page.get_by_text(f"chapter 4 of {len(STORY)}")).to_be_visible()
    wait_for_url(page, story="4", date=STORY[3].moment.param)
    for code in STORY[3].provinces:  # the chapter's provinces are outlined
        assert frame.get_attribute(f"path.province-{code}", "stroke-width") == "4"
    assert frame.get_attribute("html", "data-atlas-chapter") == "4"
    # the chapter's words and its map on one screen, without scrolling
    assert page.evaluate("window.scrollY") == 0
    assert in_view(page, chapter_heading(page, 4))
    assert in_view(page, page.get_by_text(STORY[3].text[:40]))
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box["width"] * min(map_box["height"], 900 - map_box["y"]) >= 1440 * 900 / 3
    card = page.locator(".st-key-story_panel").bounding_box()
    assert card["x"] >= map_box["x"] + map_box["width"] - 5  # beside the map
    assert cut_button_labels(page) == []
    page.screenshot(path=artifacts / "story-desktop.png")


def test_arrow_keys_move_chapters_and_leaving_keeps_the_map(server, page):
    page.goto(f"{server.url}/?story=2")
    frame = map_frame(page)
    expect(chapter_heading(page, 2)).to_be_visible(timeout=TIMEOUT_MS)
    chapter_heading(page, 2).click()  # focus on the page, not in the map or a control
    page.keyboard.press("ArrowRight")
    expect(chapter_heading(page, 3)).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_month(frame, STORY[2].moment.param)  # the server's answer is in place before the next key
    page.keyboard.press("ArrowLeft")
    expect(chapter_heading(page, 2)).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_month(frame, STORY[1].moment.param)
    page.get_by_role("button", name=re.compile("Leave the tour")).click()
    expect(chapter_heading(page, 2)).to_have_count(0, timeout=TIMEOUT_MS)
    wait_for_url(page, story=None, date=STORY[1].moment.param)  # the map stays where it was


def test_the_story_entry_of_the_navigation_starts_the_tour(server, page):
    page.goto(server.url)
    map_frame(page)
    page.get_by_role("link", name="Story").click()
    expect(chapter_heading(page, 1)).to_be_visible(timeout=TIMEOUT_MS)


def test_on_a_phone_the_map_sits_above_the_chapter_and_next_changes_both_without_scrolling(server, phone_page,
                                                                                           artifacts):
    page = phone_page
    page.goto(f"{server.url}/?story=9")
    frame = map_frame(page)
    heading = chapter_heading(page, 9)
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_month(frame, STORY[8].moment.param)
    map_box = page.locator(MAP_IFRAME).bounding_box()
    assert map_box["y"] < heading.bounding_box()["y"]  # the map above the card
    assert map_box["height"] * map_box["width"] >= 0.3 * 390 * 844
    assert in_view(page, page.get_by_text(f"chapter 9 of {len(STORY)}"))
    assert in_view(page, page.get_by_role("button", name=re.compile("Next chapter")))
    assert cut_button_labels(page) == []
    page.screenshot(path=artifacts / "story-phone.png")
    page.get_by_role("button", name=re.compile("Next chapter")).click()
    expect(chapter_heading(page, 10)).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_month(frame, STORY[9].moment.param)
    assert page.evaluate("window.scrollY") == 0  # nothing jumped
    assert in_view(page, page.get_by_text(f"chapter 10 of {len(STORY)}"))


def test_the_offline_export_carries_the_tour_and_moves_through_it_without_network(browser, tmp_path, atlas_view):
    from atlas_view.export import write_export
    from tests.browser.conftest import offline_page
    exported = write_export(tmp_path, atlas_view)
    with offline_page(browser) as (page, outside, errors):
        tour_offline(page, exported)
        assert outside == [] and errors == []


def tour_offline(page, exported):
    page.goto(exported.as_uri())
    page.get_by_role("button", name=re.compile("Take the tour")).click()
    expect(page.get_by_role("heading", name=STORY[0].title)).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Next chapter").click()
    expect(page.get_by_role("heading", name=STORY[1].title)).to_be_visible()
    assert page.get_attribute("html", "data-atlas-month") == STORY[1].moment.param[:7]
    page.get_by_role("heading", name=STORY[1].title).click()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=STORY[2].title)).to_be_visible()
    page.goto(exported.as_uri() + "?story=9")
    expect(page.get_by_role("heading", name=STORY[8].title)).to_be_visible(timeout=TIMEOUT_MS)
    assert page.get_attribute("html", "data-atlas-chapter") == "9"


POPUP_BESIDE_ITS_MARKER = """() => {
    const map = window.atlasMap.map, popup = map._popup;
    if (!popup || !popup.isOpen()) { return null; }
    const frame = map.getContainer().getBoundingClientRect();
    const box = popup.getElement().querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
    const tip = popup.getElement().querySelector('.leaflet-popup-tip').getBoundingClientRect();
    const marker = map.latLngToContainerPoint(popup.getLatLng());
    return {inside: box.left >= frame.left && box.right <= frame.right && box.top >= frame.top,
            tipFromMarker: Math.abs(tip.left + tip.width / 2 - frame.left - marker.x)};
}"""
POPUP_PLACED = f"() => {{ const placed = ({POPUP_BESIDE_ITS_MARKER})(); return placed && placed.inside && placed.tipFromMarker < 3; }}"


def test_a_chapters_pop_up_opened_before_the_stylesheets_load_sits_on_its_marker_inside_the_map(server, page):
    """Chapter 9 opens the massacre at Qaisar in a pop-up. Leaflet measures a pop-up as it
    opens; opened before its stylesheet, a pop-up is as wide as the map and was placed half a
    map to the left of its marker, cut by the map's edge. It opens once the stylesheets apply."""
    held = []
    page.route("**/leaflet.css", lambda route: held.append(route))
    page.goto(f"{server.url}/?story=9")
    frame = map_frame(page)
    frame.wait_for_selector(".atlas-event.selected", state="attached", timeout=TIMEOUT_MS)
    assert held, "the stylesheet was not held back"
    for route in held:
        route.continue_()
    wait_for_month(frame, STORY[8].moment.param)
    # (waits out the pop-up's own pan of the map into view)
    frame.wait_for_function(POPUP_PLACED, timeout=TIMEOUT_MS)
