"""The reference layer in Chromium: the towns, neighbours and the Amu Darya are named on the map
at its default view on a desktop and on a phone, no two names overlap at any zoom from 5 to 9,
and "Find a province" finds a town."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.mapping import TIMEOUT_MS, WHOLE_COUNTRY_IN_VIEW, attribute, map_frame, wait_for_moment, wait_for_url

STORY_TOWNS = {"Mazar-e Sharif", "Sheberghan", "Maimana", "Kunduz", "Kabul", "Herat", "Kandahar", "Pul-e Khumri",
               "Sar-e Pol", "Aibak", "Taloqan", "Faizabad", "Hairatan", "Andkhoy"}
NEIGHBOURS = {"Uzbekistan", "Turkmenistan", "Tajikistan", "Iran", "Pakistan", "China"}

# The names shown, with their boxes, that lie wholly inside the map's frame (NAMES_SHOWN: all
# the names shown, wherever they are).
NAMES_SHOWN = """() => [...document.querySelectorAll('.atlas-ref-label:not(.atlas-label-hidden)')]
    .filter(node => getComputedStyle(node).visibility === 'visible').map(node => node.textContent)"""
NAMES_IN_VIEW = """() => {
    const frame = window.atlasMap.map.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.atlas-ref-label:not(.atlas-label-hidden)')].map(node => {
        const box = node.getBoundingClientRect();
        return {kind: node.getAttribute('data-label-kind'), name: node.textContent,
                left: box.left, top: box.top, right: box.right, bottom: box.bottom,
                visible: getComputedStyle(node).visibility === 'visible'};
    }).filter(n => n.visible && n.left >= frame.left && n.right <= frame.right && n.top >= frame.top
                   && n.bottom <= frame.bottom);
}"""


def wait_for_names(frame, zoom=None):
    """Until the reference layer has placed its names (at ``zoom``, when given; else at the zoom
    the map shows, with no zoom under way: a map that fits itself again after a resize places
    them anew)."""
    wanted = f"'{zoom}:'" if zoom is not None else \
        "(window.atlasMap && !window.atlasMap.map._animatingZoom ? window.atlasMap.map.getZoom() + ':' : '-')"
    frame.wait_for_function(f"({attribute('labels')} || '').startsWith({wanted}) && "
                            f"!({attribute('labels')} || '').endsWith(':0') && ({attribute('labels')} || '') !== 'failed'",
                            timeout=TIMEOUT_MS)


def overlapping(names):
    pairs = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                pairs.append((a["name"], b["name"]))
    return pairs


@pytest.fixture(params=[{"width": 1440, "height": 900}, "phone"], ids=["1440x900", "390x844"])
def any_page(request, browser, phone_page):
    if request.param == "phone":
        yield phone_page
        return
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


def test_towns_neighbours_and_the_amu_darya_are_named_at_the_default_view(server, any_page):
    any_page.goto(f"{server.url}/?date=2001-11")
    frame = map_frame(any_page)
    wait_for_moment(frame, "2001-11")
    frame.wait_for_function(WHOLE_COUNTRY_IN_VIEW, timeout=TIMEOUT_MS)
    wait_for_names(frame)
    names = frame.evaluate(NAMES_IN_VIEW)
    towns = {n["name"] for n in names} & STORY_TOWNS
    neighbours = {n["name"] for n in names if n["kind"] == "country"}
    assert len(towns) >= 6, towns
    assert len(neighbours & NEIGHBOURS) >= 4, neighbours
    assert frame.locator("path.atlas-river").count() == 1 and frame.locator("path.atlas-neighbour").count() == 6
    assert overlapping(names) == []
    # no name is cut by the map's edge: every name shown lies wholly inside the frame, here and
    # zoomed in on the north, where the neighbours' names meet the edges
    assert sorted(n["name"] for n in names) == sorted(frame.evaluate(NAMES_SHOWN))
    frame.evaluate("() => window.atlasMap.map.setView([36.7, 67.1], 7, {animate: false})")
    wait_for_names(frame, 7)
    north = frame.evaluate(NAMES_IN_VIEW)
    assert len(north) >= 6 and sorted(n["name"] for n in north) == sorted(frame.evaluate(NAMES_SHOWN))


def test_no_two_names_overlap_at_zooms_5_to_9(server, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server.url}/?date=2001-11&labels=1")  # the province names too
    frame = map_frame(page)
    wait_for_moment(frame, "2001-11")
    wait_for_names(frame)
    expect(frame.locator(".atlas-ref-province")).to_have_count(34, timeout=TIMEOUT_MS)
    # the whole country, then the crowded north (Mazar-e Sharif, its fortress, the river port)
    for zoom, centre in ((5, [34.0, 66.5]), (6, [34.0, 66.5]), (7, [35.8, 67.5]), (8, [36.4, 67.3]), (9, [36.69, 67.0])):
        frame.evaluate("([centre, zoom]) => window.atlasMap.map.setView(centre, zoom, {animate: false})", [centre, zoom])
        wait_for_names(frame, zoom)
        names = frame.evaluate(NAMES_IN_VIEW)
        assert len(names) >= 8, (zoom, names)
        assert overlapping(names) == [], (zoom, centre)
    # zoomed in, places the default view has no room for are named
    names = {n["name"] for n in names}
    assert {"Qala-i Jangi", "Balkh", "Mazar-e Sharif", "Hairatan", "Amu Darya"} <= names, names


def test_find_a_province_finds_mazar_and_moves_the_map_there(server, page):
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-05")
    picker = page.get_by_role("combobox", name=re.compile("Find a province"))
    picker.click()
    page.keyboard.type("Mazar")
    page.get_by_role("option", name="Balkh (Mazar-e Sharif)").click()
    expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_url(page, province="AF-BAL")
    frame.wait_for_function("""() => { const map = window.atlasMap.map, c = map.getCenter();
        return map.getZoom() === 8 && Math.abs(c.lat - 36.709) < 0.05 && Math.abs(c.lng - 67.111) < 0.05; }""",
                            timeout=TIMEOUT_MS)


def test_names_drawn_before_the_stylesheets_load_are_placed_once_they_have(server, phone_page):
    """The map script may draw the names before Leaflet's and the atlas's stylesheets have loaded
    (the frame adds them as links and runs the script at once); a name measured then is as wide
    as the map. The names are measured and placed once the stylesheets are in: the same towns
    and neighbours as ever, each name its own width."""
    held = []
    phone_page.route("**/leaflet.css", lambda route: held.append(route))
    phone_page.goto(f"{server.url}/?date=2001-11")
    frame = map_frame(phone_page)
    frame.wait_for_function("document.querySelectorAll('.atlas-ref-label').length > 20", timeout=TIMEOUT_MS)
    assert held, "the stylesheet was not held back"
    for route in held:
        route.continue_()
    wait_for_moment(frame, "2001-11")
    wait_for_names(frame)
    names = frame.evaluate(NAMES_IN_VIEW)
    towns = {n["name"] for n in names} & STORY_TOWNS
    assert len(towns) >= 6, towns
    assert len({n["name"] for n in names if n["kind"] == "country"} & NEIGHBOURS) >= 4
    assert max(n["right"] - n["left"] for n in names) < 150
    assert overlapping(names) == []
