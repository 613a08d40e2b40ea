"""The legend as the map draws it, on a 1440x900 desktop and a 390x844 phone: each holder's swatch
is the colour of a province it holds, in a screenshot (CIEDE2000 at most 8); the legend keeps the
core north and Kabul clear at the default view; each holder's full name and one line on who
they were come on hover, focus and tap, for screen readers too."""
import io

import pytest
from coloraide import Color
from PIL import Image
from playwright.sync_api import expect

from geo.dates import Moment
from tests.browser.conftest import PHONE, refuse_tiles
from tests.browser.mapping import MAP_IFRAME, map_frame, wait_for_moment

SCREENS = {"desktop": {"viewport": {"width": 1440, "height": 900}}, "phone": PHONE}
SWATCH_DELTA_E = 8
CORE_NORTH_AND_KABUL = {"AF-BAL": "Balkh", "AF-JOW": "Jowzjan", "AF-FYB": "Faryab", "AF-SAM": "Samangan",
                        "AF-SAR": "Sar-e Pol", "AF-KDZ": "Kunduz", "AF-KAB": "Kabul"}
JULY_1997 = Moment.end_of_month(1997, 7)  # Malik, Jamiat, Wahdat and the Taliban each hold provinces
# A point inside a province, 4 px from anything else (a border, a marker, a label, the legend), or null.
OPEN_POINT = """(code) => {
    const layer = window.atlasMap.provinceLayer().getLayers().find(l => l.feature.properties.province_code === code);
    const map = window.atlasMap.map, bounds = layer.getBounds();
    const clear = (x, y) => [[0, 0], [-4, -4], [4, -4], [-4, 4], [4, 4]]
        .every(([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === layer._path);
    for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
        const p = map.latLngToContainerPoint([bounds.getSouth() + (bounds.getNorth() - bounds.getSouth()) * i / 16,
                                              bounds.getWest() + (bounds.getEast() - bounds.getWest()) * j / 16]);
        if (clear(p.x, p.y)) return {x: p.x, y: p.y};
    }
    return null;
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    """A page on one of the screens (OSM tiles blocked: the fills lie on the map's background)."""
    context = refuse_tiles(browser.new_context(**SCREENS[request.param]))
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def open_legend(frame, screen_name):
    """The legend shown: on a phone it is folded into a button."""
    if screen_name == "phone":
        frame.get_by_role("button", name="Legend").click()
    expect(frame.locator(".atlas-legend")).to_be_visible()


def legend_in_july_1997(server, screen):
    """The map at the end of July 1997 with its legend shown: the screen's name, the page and
    the map's frame."""
    screen_name, page = screen
    page.goto(f"{server.url}/?date={JULY_1997.param}")
    frame = map_frame(page)
    wait_for_moment(frame, JULY_1997.param)
    open_legend(frame, screen_name)
    return screen_name, page, frame


def pixel(image: Image.Image, x: float, y: float) -> Color:
    """The colour most common in the 5x5 pixels around (x, y) (a border or anti-aliasing aside)."""
    counts = image.crop((int(x) - 2, int(y) - 2, int(x) + 3, int(y) + 3)).getcolors()
    return Color("srgb", [c / 255 for c in max(counts)[1][:3]])


def test_each_swatch_is_the_colour_of_a_province_its_holder_holds(server, screen, atlas):
    screen_name, page, frame = legend_in_july_1997(server, screen)
    names = dict(zip(atlas.factions["id"], atlas.factions["short_name"]))
    view = atlas.view_at(JULY_1997)
    held = view[(view["status"] == "control") & ~view["changed"]]
    assert {"malik", "taliban", "jamiat", "wahdat"} <= set(held["faction"])
    box = page.locator(MAP_IFRAME).bounding_box()
    points, swatches = {}, {}
    for row in held.itertuples():
        point = frame.evaluate(OPEN_POINT, row.province_code)  # one the legend or a marker does not cover
        if row.faction not in points and point:
            points[row.faction] = (box["x"] + point["x"], box["y"] + point["y"])
    assert set(points) == set(held["faction"])
    for faction in points:
        area = frame.locator(".atlas-holder", has_text=names[faction]).locator(".atlas-holder-swatch").bounding_box()
        swatches[faction] = (area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)  # page coordinates
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    background = pixel(image, box["x"] + 4, box["y"] + box["height"] / 2)  # the map's background, at its edge
    apart = {}
    for faction, point in points.items():
        fill, swatch = pixel(image, *point), pixel(image, *swatches[faction])
        assert fill.delta_e(background, method="2000") > SWATCH_DELTA_E, faction  # a fill was read
        apart[faction] = round(swatch.delta_e(fill, method="2000"), 1)
    assert all(difference <= SWATCH_DELTA_E for difference in apart.values()), apart


def test_the_legend_keeps_the_core_north_and_kabul_clear(server, screen, atlas_view):
    screen_name, page = screen
    table = atlas_view.month_table
    busiest = max(range(len(table["months"])), key=lambda i: len(table["legends"][table["months"][i]["g"]]))
    page.goto(f"{server.url}/?date={table['params'][busiest]}")  # the month with the longest legend
    frame = map_frame(page)
    wait_for_moment(frame, table["params"][busiest])
    covers = """([selector, codes]) => {
        const a = document.querySelector(selector).getBoundingClientRect();
        return codes.filter(code => {
            const b = document.querySelector('path.province-' + code).getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        });
    }"""
    codes = list(CORE_NORTH_AND_KABUL)
    if screen_name == "phone":
        assert frame.evaluate(covers, [".atlas-legend-toggle", codes]) == []  # folded into a button
        open_legend(frame, screen_name)
    assert frame.locator(".atlas-legend .atlas-holder").count() == len(table["legends"][table["months"][busiest]["g"]])
    assert frame.evaluate(covers, [".atlas-legend", codes]) == []


def test_a_holder_tells_who_they_were_on_hover_focus_and_tap(server, screen, atlas):
    screen_name, page, frame = legend_in_july_1997(server, screen)
    malik = atlas.factions.set_index("id").loc["malik"]
    button = frame.get_by_role("button", name="Malik", exact=True)
    tip = frame.locator(".atlas-holder", has_text="Malik").get_by_role("tooltip")
    expect(button).to_have_accessible_description(f"{malik['name']}: {malik['summary']}")
    expect(tip).to_be_hidden()
    if screen_name == "phone":
        button.tap()  # a tap opens it and a second closes it
        expect(tip).to_be_visible()
        expect(button).to_have_attribute("aria-expanded", "true")
        button.tap()
        expect(button).to_have_attribute("aria-expanded", "false")
    else:
        button.hover()
        expect(tip).to_be_visible()
        page.mouse.move(0, 0)
        expect(tip).to_be_hidden()
        button.focus()
        expect(tip).to_be_visible()
        page.keyboard.press("Escape")  # dismissed without moving the focus
        expect(tip).to_be_hidden()
