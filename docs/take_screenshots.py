"""Take the README's screenshots (``make screenshots``): the map page at 1440×900 with a
province open, a phone (390×844) with a province open under the map, the tour's chapter 9 on both, and an embed in
a 700×480 frame. Tiles from the internet are refused, so the pictures show the map as a reader
without them sees it (and as every machine takes it). Each waits until the map shows the
moment with the server's layer, the names are placed and the page's fonts are loaded.

Run from the repository: ``.venv/bin/python docs/take_screenshots.py`` (Chromium at $CHROMIUM)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import StreamlitServer  # noqa: E402
from tests.browser.mapping import map_frame, wait_for_moment  # noqa: E402
from tests.conftest import DATA  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
# (file, browser context, link, the moment the map shows)
SHOTS = [
    ("screenshot-map.png", DESKTOP, "/?date=1997-05&province=AF-BAL", "1997-05"),
    ("screenshot-phone.png", PHONE, "/?date=2001-11&province=AF-BAL", "2001-11"),
    ("screenshot-story.png", DESKTOP, "/?story=9", None),
    ("screenshot-story-phone.png", PHONE, "/?story=9", None),
    ("screenshot-embed.png", {"viewport": {"width": 700, "height": 480}}, "/?date=1997-05&embed=true", "1997-05"),
]
SETTLED = """() => new Promise(resolve => document.fonts.ready.then(
  () => requestAnimationFrame(() => requestAnimationFrame(resolve))))"""


def main() -> None:
    server = StreamlitServer(DATA)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, context_options, link, moment in SHOTS:
                context = browser.new_context(**context_options)
                page = context.new_page()
                page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
                page.goto(server.url + link)
                frame = map_frame(page)
                if moment:
                    wait_for_moment(frame, moment)
                frame.wait_for_function("(document.documentElement.getAttribute('data-atlas-labels') || '').indexOf(':') > 0")
                page.wait_for_load_state("networkidle")
                frame.evaluate(SETTLED)
                page.evaluate(SETTLED)
                page.screenshot(path=str(REPO / "docs" / name))
                print("docs/" + name)
                context.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
