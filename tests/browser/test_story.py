"""The guided tour, on the map page and in the offline export."""
import re

from playwright.sync_api import expect

from geo.story import load_story
from tests.browser.mapping import TIMEOUT_MS, map_frame, url_params, wait_for_month

STORY = load_story()


def chapter_heading(page, order: int):
    return page.get_by_role("heading", name=STORY[order - 1].title)


def test_a_story_link_opens_its_chapter_and_next_moves_through_the_tour(server, page, artifacts):
    page.goto(f"{server.url}/?story=1")
    frame = map_frame(page)
    expect(chapter_heading(page, 1)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"chapter 1 of {len(STORY)}")).to_be_visible()
    wait_for_month(frame, STORY[0].moment.param)
    # A reader reads each chapter before the next (Streamlit merges clicks on one button that
    # arrive while the page is still answering the first, so three blind clicks may count as two).
    for order in (2, 3, 4):
        page.get_by_role("button", name=re.compile("Next chapter")).click()
        expect(chapter_heading(page, order)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"chapter 4 of {len(STORY)}")).to_be_visible()
    # The link and the map settle on the chapter's moment (not the previous chapter's).
    page.wait_for_function("(date) => { const q = new URLSearchParams(location.search);"
                           " return q.get('story') === '4' && q.get('date') === date; }",
                           arg=STORY[3].moment.param, timeout=TIMEOUT_MS)
    wait_for_month(frame, STORY[3].moment.param)
    for code in STORY[3].provinces:  # the chapter's provinces are outlined
        assert frame.get_attribute(f"path.province-{code}", "stroke-width") == "4"
    page.wait_for_function(f"document.activeElement && document.activeElement.textContent.includes("
                           f"{STORY[3].title!r})", timeout=TIMEOUT_MS)  # focus moved to the new chapter's heading
    page.screenshot(path=artifacts / "story-desktop.png", full_page=True)


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
    page.wait_for_function("!new URLSearchParams(location.search).has('story')", timeout=TIMEOUT_MS)
    assert url_params(page)["date"] == STORY[1].moment.param  # the map stays where it was


def test_the_story_entry_of_the_navigation_starts_the_tour(server, page):
    page.goto(server.url)
    map_frame(page)
    page.get_by_role("link", name="Story").click()
    expect(chapter_heading(page, 1)).to_be_visible(timeout=TIMEOUT_MS)


def test_phone_shows_the_chapter_above_the_map(server, browser, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{server.url}/?story=9")
    map_frame(page)
    heading = chapter_heading(page, 9)
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    assert heading.bounding_box()["y"] < page.locator("iframe[src*='streamlit_folium']").bounding_box()["y"]
    page.screenshot(path=artifacts / "story-phone.png", full_page=True)
    context.close()


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
