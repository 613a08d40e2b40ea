"""Replicas behind nginx (deploy/nginx.conf, as docs/deploy.md describes): a reader whose
replica dies is carried to the other one with the view their link holds; and nginx compresses
Streamlit's scripts on the way out."""
import re
import time
import urllib.request

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from deploy.replicas import running_replicas
from tests.browser.mapping import TIMEOUT_MS, map_frame, url_params, wait_for_month, wait_until_settled
from tests.conftest import DATA


def settled_map(page, month: str, seconds: float = 60):
    """The map frame once it shows ``month`` in full (the reconnected page may replace the
    frame while it draws)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            frame = map_frame(page)
            frame.wait_for_function(
                f"document.documentElement.getAttribute('data-atlas-moment') === '{month}'"
                f" && document.documentElement.getAttribute('data-atlas-layer-month') === '{month}'",
                timeout=max(1000, int((deadline - time.monotonic()) * 1000)))
            return frame
        except PlaywrightError:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(500)


def test_replica_failover_keeps_the_readers_view(browser, artifacts):
    with running_replicas(2, data_dir=DATA, log_dir=artifacts) as replicas:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{replicas.url}/?date=1997-05&province=AF-BAL")
        frame = map_frame(page)
        wait_for_month(frame, "1997-05")
        page.get_by_role("button", name=re.compile("^Next month")).click()
        wait_for_month(frame, "1997-06")
        page.wait_for_function("new URLSearchParams(location.search).get('date') === '1997-06'", timeout=TIMEOUT_MS)
        serving = replicas.upstreams_used()[-1]
        assert len(set(replicas.upstreams_used())) == 1  # sticky: one reader, one replica
        replicas.kill_replica(int(serving.rsplit(":", 1)[1]))

        # Streamlit reconnects on its own; nginx sends it to the other replica, which opens the
        # view from the URL (a new session there: the page runs again from the link).
        deadline = time.monotonic() + 60
        while not [u for u in replicas.upstreams_used() if u.startswith("127.0.0.1") and u != serving]:
            assert time.monotonic() < deadline, replicas.upstreams_used()
            page.wait_for_timeout(250)
        expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
        settled_map(page, "1997-06")
        wait_until_settled(page)
        # And the page works there. A click that arrives while the new session makes its first
        # run from the link can be lost (that run starts from the URL); a reader clicks again.
        next_month = page.get_by_role("button", name=re.compile("^Next month"))
        next_month.click()
        try:
            settled_map(page, "1997-07", seconds=10)
        except PlaywrightError:
            next_month.click()
            settled_map(page, "1997-07")
        assert replicas.upstreams_used()[-1] != serving
        assert url_params(page)["province"] == "AF-BAL"
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()


def test_nginx_compresses_streamlits_scripts_and_the_map_page_still_works(browser, artifacts):
    with running_replicas(1, data_dir=DATA, log_dir=artifacts) as replicas:
        page_html = urllib.request.urlopen(replicas.url, timeout=10).read().decode()
        script = re.search(r'src="\./(static/js/index[^"]+\.js)"', page_html).group(1)
        request = urllib.request.Request(f"{replicas.url}/{script}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.headers["Content-Encoding"] == "gzip"
            compressed = len(answer.read())
        with urllib.request.urlopen(f"{replicas.url}/{script}", timeout=10) as answer:  # a client that cannot unzip
            assert answer.headers.get("Content-Encoding") is None
            assert compressed < len(answer.read()) / 2
        context = browser.new_context()  # and the browser, which asks for gzip, gets a working map
        page = context.new_page()
        page.goto(f"{replicas.url}/?date=1997-05&province=AF-BAL")
        wait_for_month(map_frame(page), "1997-05")
        expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
        context.close()
