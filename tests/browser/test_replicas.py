"""Replicas behind nginx (deploy/nginx.conf, as docs/deploy.md describes): a reader whose
replica dies is carried to the other one with the view their link holds; nginx compresses
Streamlit's scripts on the way out; and it passes long links, sent in pieces, up to the app's
limit and answers a longer one with a page that says so and links back."""
import re
import time
import urllib.request

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from deploy.replicas import running_replicas
from tests.browser.mapping import TIMEOUT_MS, map_frame, url_params, wait_for_month, wait_for_moment, wait_for_url
from tests.browser.slow_client import get_in_pieces, long_link
from tests.conftest import DATA


def settled_map(page, month: str, seconds: float = 60):
    """The map frame once it shows ``month`` in full (the reconnected page may replace the
    frame while it draws: it is looked for again)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            frame = map_frame(page)
            wait_for_moment(frame, month)
            return frame
        except (PlaywrightError, StopIteration):
            if time.monotonic() > deadline:
                raise


def test_replica_failover_keeps_the_readers_view(browser, artifacts):
    with running_replicas(2, data_dir=DATA, log_dir=artifacts) as replicas:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{replicas.url}/?date=1997-05&province=AF-BAL")
        frame = map_frame(page)
        wait_for_moment(frame, "1997-05")
        frame.get_by_role("button", name="Next month").click()
        wait_for_moment(frame, "1997-06")
        wait_for_url(page, date="1997-06")
        serving = replicas.upstreams_used()[-1]
        assert len(set(replicas.upstreams_used())) == 1  # sticky: one reader, one replica
        replicas.kill_replica(int(serving.rsplit(":", 1)[1]))

        # Streamlit reconnects on its own and nginx sends it to the other replica. The reader's
        # next step reaches a new session there, which opens the view from the link and takes the
        # step. (A step sent while the page is still reconnecting can be lost; a reader steps again.)
        deadline = time.monotonic() + 60
        while True:
            try:
                frame = map_frame(page)
                frame.get_by_role("button", name="Next month").click()
                page.wait_for_function("new URLSearchParams(location.search).get('date') !== '1997-06'", timeout=10_000)
                break
            except (PlaywrightError, StopIteration):
                if time.monotonic() > deadline:
                    raise
        moment = url_params(page)["date"]
        settled_map(page, moment)  # the link, the page and the map show one month
        assert url_params(page)["province"] == "AF-BAL"
        expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
        assert replicas.upstreams_used()[-1] != serving
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()


@pytest.fixture(scope="module")
def one_replica(artifacts):
    """One replica behind nginx, for the tests that look at what nginx itself does."""
    with running_replicas(1, data_dir=DATA, log_dir=artifacts) as replicas:
        yield replicas


def test_nginx_compresses_streamlits_scripts_and_the_map_page_still_works(browser, one_replica):
    page_html = urllib.request.urlopen(one_replica.url, timeout=10).read().decode()
    script = re.search(r'src="\./(static/js/index[^"]+\.js)"', page_html).group(1)
    request = urllib.request.Request(f"{one_replica.url}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        compressed = len(answer.read())
    with urllib.request.urlopen(f"{one_replica.url}/{script}", timeout=10) as answer:  # a client that cannot unzip
        assert answer.headers.get("Content-Encoding") is None
        assert compressed < len(answer.read()) / 2
    context = browser.new_context()  # and the browser, which asks for gzip, gets a working map
    page = context.new_page()
    page.goto(f"{one_replica.url}/?date=1997-05&province=AF-BAL")
    wait_for_month(map_frame(page), "1997-05")
    expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
    context.close()


def test_through_nginx_a_long_link_opens_and_a_longer_one_gets_a_page_with_a_way_back(browser, one_replica):
    opened = get_in_pieces(one_replica.url, long_link(60_000))
    assert opened.status == 200 and "<title>" in opened.text
    assert "content-security-policy" in opened.headers  # the app's answer (ui.serving), not nginx's
    refused = get_in_pieces(one_replica.url, long_link(70_000))
    assert refused.status == 414
    assert "This link is too long" in refused.text and "64 KB" in refused.text
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{one_replica.url}{long_link(200_000)}")
    expect(page.get_by_role("heading", name="This link is too long")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Open the atlas").click()
    map_frame(page)  # the way back opens the map
    context.close()
