"""Helpers to read and drive the map inside the streamlit-folium frame. Everything waits on what
the page exposes (the map's ``data-atlas-*`` attributes, the URL, headings), never on time."""
from __future__ import annotations

from urllib.parse import parse_qs

from playwright.sync_api import Frame, Page

from atlas_view.contract import ROOT_ATTRIBUTES

MAP_FRAME = "streamlit_folium"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT_MS = 30_000


def attribute(name: str) -> str:
    """JS for the value of one of the map's root attributes (by its contract name)."""
    return f"document.documentElement.getAttribute('{ROOT_ATTRIBUTES[name]}')"


def map_frame(page: Page) -> Frame:
    """The frame holding the map, once its provinces are drawn."""
    page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    frame = next(f for f in page.frames if MAP_FRAME in f.url)
    frame.wait_for_function(f"{attribute('provinces')} === '34'", timeout=TIMEOUT_MS)
    return frame


def wait_for_moment(frame: Frame, param: str) -> None:
    """Until the map shows the month (``"1997-05"``) or day (``"1997-05-26"``) in full: its
    territory, and the page's answer for the same moment (its layer, or its answer to the
    map's report of it: the panel and the link are then in place)."""
    frame.wait_for_function(f"{attribute('moment')} === '{param}' && {attribute('answered')} === '{param}'",
                            timeout=TIMEOUT_MS)


wait_for_month = wait_for_moment  # the name the older tests use


def wait_for_year(frame: Frame, year: int) -> None:
    """Until the map shows December of ``year`` in full (a ``?year=`` link)."""
    wait_for_moment(frame, f"{year}-12")


def shown_moment(frame: Frame) -> str:
    return frame.evaluate(attribute("moment"))


def wait_for_url(page: Page, **params: str | None) -> None:
    """Until the page's link holds these parameters (None: the parameter is absent)."""
    page.wait_for_function(
        """(wanted) => { const q = new URLSearchParams(location.search);
            return Object.entries(wanted).every(([k, v]) => v === null ? !q.has(k) : q.get(k) === v); }""",
        arg=params, timeout=TIMEOUT_MS)


def url_params(page: Page) -> dict:
    """The page's query parameters as the browser has them now."""
    return {k: v[-1] for k, v in parse_qs(page.evaluate("location.search")[1:]).items()}


def time_slider(frame: Frame):
    return frame.get_by_role("slider", name="Month")


def fill_of(frame: Frame, province_code: str) -> str:
    return frame.get_attribute(f"path.province-{province_code}", "data-fill")


def uncovered_point(page: Page, frame: Frame, province_code: str) -> tuple[float, float]:
    """Page coordinates of a point of the province that no marker, label or control covers."""
    point = frame.evaluate(
        """(code) => {
            const layer = window.atlasMap.provinceLayer().getLayers()
                .find(l => l.feature.properties.province_code === code);
            const map = window.atlasMap.map, bounds = layer.getBounds();
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
                const p = map.latLngToContainerPoint([bounds.getSouth() + (bounds.getNorth() - bounds.getSouth()) * i / 12,
                                                      bounds.getWest() + (bounds.getEast() - bounds.getWest()) * j / 12]);
                if (document.elementFromPoint(p.x, p.y) === layer._path) return {x: p.x, y: p.y};
            }
            return null;
        }""",
        province_code,
    )
    box = page.locator(MAP_IFRAME).bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def click_province(page: Page, frame: Frame, province_code: str) -> None:
    page.mouse.click(*uncovered_point(page, frame, province_code))


# In a map frame: the map shows all of Afghanistan.
WHOLE_COUNTRY_IN_VIEW = """() => { const b = window.atlasMap.map.getBounds();
    return b.contains([29.5, 60.6]) && b.contains([38.4, 74.8]); }"""


def wait_until_drawn(page: Page) -> None:
    """Until the page has finished its run (Streamlit's script state) and fetched what it draws
    (charts, tables): network idle."""
    page.wait_for_function("document.querySelector('[data-test-script-state=notRunning]')"
                           " && !document.querySelector('[data-testid=stStatusWidgetRunningIcon],"
                           " [data-testid=stStatusWidgetRunningManIcon]')", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)


def status_line(atlas, province_code: str, moment) -> str:
    """What the province's panel says first, from the dataset: "End of December 1997: Jamiat vs
    Taliban, contested · confidence medium" (ui.panels.province_panel)."""
    from ui.panels import STATUS_LABELS, holder_text

    row = atlas.view_at(moment).set_index("province_code").loc[province_code]
    return (f"End of {moment.label}: {holder_text(row, atlas.faction_names)}, {STATUS_LABELS[row['status']]}"
            f" · confidence {row['confidence']}")


YEAR_LABELS_SEEN = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const seen = [];
  for (const span of document.querySelectorAll('.atlas-year-ticks span.labelled')) {
    const range = document.createRange();
    range.selectNodeContents(span);
    const box = range.getBoundingClientRect();  // the text itself
    if (box.width === 0) { continue; }  // not drawn
    const top = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    if (top === span) { seen.push([span.textContent, box.left, box.right]); }  // (else covered)
  }
  done(seen.sort((a, b) => a[1] - b[1]));
})))"""


def shown_year_labels(frame) -> list[tuple[str, float, float]]:
    """The time bar's year labels a reader sees, as (text, left, right) of the text itself, left
    to right, once the bar has fitted them to its width (after the stylesheets, in the next
    frame): a label counts when its text is drawn and nothing else lies on it at its middle."""
    frame.wait_for_function("document.fonts.status === 'loaded' && "
                            "Array.from(document.querySelectorAll('link[rel=stylesheet]')).every(link => link.sheet)")
    return [tuple(label) for label in frame.evaluate(YEAR_LABELS_SEEN)]


def assert_year_labels_readable(frame, first_year_shown: bool) -> None:
    """Every fifth year from 1990 labelled on the time bar, seen (drawn, uncovered), none running
    into the next, all inside the bar; 1988 labelled too when ``first_year_shown``."""
    labels = shown_year_labels(frame)
    assert [text for text, _, _ in labels if text != "1988"] == [str(year) for year in range(1990, 2021, 5)], labels
    for (text, _, right), (next_text, left, _) in zip(labels, labels[1:]):
        assert right < left, f"the year labels {text} and {next_text} overlap: {labels}"
    bar = frame.evaluate("(() => { const r = document.querySelector('.atlas-timebar').getBoundingClientRect(); "
                         "return [r.left, r.right]; })()")
    assert bar[0] <= labels[0][1] and labels[-1][2] <= bar[1], (bar, labels)  # inside the time bar
    assert ("1988" in [text for text, _, _ in labels]) == first_year_shown, labels


def overlapping_bottom_controls(frame) -> list[tuple[str, str]]:
    """Pairs of the map's bottom controls a reader sees (the time bar, the scale, the base map's
    credit) that lie over each other: empty when each stands clear of the others."""
    return [tuple(pair) for pair in frame.evaluate("""() => {
      const boxes = [['time bar', '.atlas-timebar'], ['scale', '.leaflet-control-scale'],
                     ['credit', '.leaflet-control-attribution']]
        .map(([name, selector]) => [name, document.querySelector(selector)])
        .filter(([, element]) => element && element.offsetParent !== null)
        .map(([name, element]) => [name, element.getBoundingClientRect()]);
      const pairs = [];
      boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
        if (Math.min(p.right, q.right) > Math.max(p.left, q.left) && Math.min(p.bottom, q.bottom) > Math.max(p.top, q.top)) {
          pairs.push([a, b]);
        }
      }));
      return pairs;
    }""")]
