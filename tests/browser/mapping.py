"""Helpers to read and drive the Leaflet map inside the streamlit-folium iframe."""
from __future__ import annotations

from urllib.parse import parse_qs

from playwright.sync_api import Frame, Page

MAP_FRAME = "streamlit_folium"
TIMEOUT_MS = 30_000


def map_frame(page: Page) -> Frame:
    """The iframe holding the Leaflet map, once its provinces are drawn."""
    page.wait_for_selector(f'iframe[src*="{MAP_FRAME}"]', timeout=TIMEOUT_MS)
    frame = next(f for f in page.frames if MAP_FRAME in f.url)
    frame.wait_for_function("document.documentElement.getAttribute('data-atlas-provinces') === '34'",
                            timeout=TIMEOUT_MS)
    return frame


def wait_for_year(frame: Frame, year: int) -> None:
    """Until the map shows a month of ``year`` in full: its territory and the server's layer of
    markers (a ``?year=`` link shows December of that year)."""
    frame.wait_for_function(
        f"""document.documentElement.getAttribute('data-atlas-year') === '{year}'
            && document.documentElement.getAttribute('data-atlas-layer-year') === '{year}'""",
        timeout=TIMEOUT_MS)


def fill_of(frame: Frame, province_code: str) -> str:
    return frame.get_attribute(f"path.province-{province_code}", "data-fill")


def uncovered_point(page: Page, frame: Frame, province_code: str) -> tuple[float, float]:
    """Page coordinates of a point of the province that no marker, label or control covers."""
    point = frame.evaluate(
        """(code) => {
            const layer = window.atlas.layer.getLayers().find(l => l.feature.properties.province_code === code);
            const map = window.atlas.map, bounds = layer.getBounds();
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
                const p = map.latLngToContainerPoint([bounds.getSouth() + (bounds.getNorth() - bounds.getSouth()) * i / 12,
                                                      bounds.getWest() + (bounds.getEast() - bounds.getWest()) * j / 12]);
                if (document.elementFromPoint(p.x, p.y) === layer._path) return {x: p.x, y: p.y};
            }
            return null;
        }""",
        province_code,
    )
    box = page.locator(f'iframe[src*="{MAP_FRAME}"]').bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def click_province(page: Page, frame: Frame, province_code: str) -> None:
    page.mouse.click(*uncovered_point(page, frame, province_code))


def wait_for_month(frame: Frame, param: str) -> None:
    """Until the map shows the month (``"1997-05"``) or day (``"1997-05-26"``) in full: its
    territory and the server's layer of markers."""
    month = param[:7]
    frame.wait_for_function(
        f"""document.documentElement.getAttribute('data-atlas-month') === '{month}'
            && document.documentElement.getAttribute('data-atlas-layer-month') === '{param}'
            && document.documentElement.getAttribute('data-atlas-moment') === '{param}'""",
        timeout=TIMEOUT_MS)


def url_params(page: Page) -> dict:
    """The page's query parameters as the browser has them now (``page.url`` can lag behind a
    ``history.pushState``)."""
    return {k: v[-1] for k, v in parse_qs(page.evaluate("location.search")[1:]).items()}


def wait_until_settled(page: Page) -> None:
    """Until the page has answered the map's first report (``.st-key-map_heard``:
    ``ui.controls.map_heard_marker``) and has finished answering: a drag started while an
    answer is on its way may be moved under the pointer."""
    page.wait_for_function("document.querySelector('.st-key-map_heard')"
                           " && document.querySelector('[data-test-script-state=notRunning]')"
                           " && !document.querySelector('[data-testid=stStatusWidgetRunningIcon],"
                           " [data-testid=stStatusWidgetRunningManIcon]')", timeout=TIMEOUT_MS)


# In a map frame: the map shows all of Afghanistan.
WHOLE_COUNTRY_IN_VIEW = """() => { const b = window.atlas.map.getBounds();
    return b.contains([29.5, 60.6]) && b.contains([38.4, 74.8]); }"""
