"""Replicas behind nginx (deploy/nginx.conf, as docs/deploy.md describes): a reader whose
replica dies is carried to the other one with the view their link holds; nginx compresses
Streamlit's scripts on the way out; it passes long links, sent in pieces, up to the app's
limit and answers a longer one with a page that says so and links back; and it limits the
sessions of one client address (another address, 127.0.0.2 and 127.0.0.3 on the loopback,
is another client) while others are served."""
import asyncio
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from deploy.replicas import running_replicas
from deploy.streamlit_client import Reader
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
    """One replica behind nginx, for the tests that look at what nginx itself does (and do not stop it)."""
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


def run_async(coroutine):
    """Run ``coroutine`` in a thread of its own (Playwright's sync API may hold this one's loop)."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


# deploy/nginx.conf's limits per client address (docs/deploy.md, "Limits")
SESSIONS_PER_ADDRESS = 20
NEW_SESSIONS_BURST = 20


async def session_or_status(url: str, address: str):
    """A websocket session opened from ``address`` (a loopback address: another client for
    nginx), or the HTTP status that refused it."""
    from deploy.streamlit_client import STREAM
    try:
        return await websockets.connect(url.replace("http://", "ws://") + STREAM, subprotocols=["streamlit"],
                                        local_addr=(address, 0), open_timeout=30)
    except websockets.InvalidStatus as refused:
        return refused.response.status_code


async def one_step_from(url: str, address: str):
    reader, first = await Reader.open(url, "?date=1997-05", local_address=address)
    step = await asyncio.wait_for(reader.step("1997-06"), 20)  # a bound far above a step, not a timing
    await reader.close()
    return first.finished, step.moment


def test_nginx_refuses_an_address_past_its_sessions_while_another_address_is_served(one_replica):
    async def scenario(url: str):
        crowd = [await session_or_status(url, "127.0.0.2") for _ in range(SESSIONS_PER_ADDRESS)]
        over = await session_or_status(url, "127.0.0.2")
        other = await one_step_from(url, "127.0.0.1")  # meanwhile, another reader is served
        for socket in crowd:
            if not isinstance(socket, int):
                await socket.close()
        opened = 0  # a new address opening and closing sessions in a row meets the rate limit
        for _ in range(NEW_SESSIONS_BURST + 10):
            socket = await session_or_status(url, "127.0.0.3")
            if isinstance(socket, int):
                break
            opened += 1
            await socket.close()
        other_again = await one_step_from(url, "127.0.0.1")
        return crowd, over, other, opened, socket, other_again

    crowd, over, other, opened, refused, other_again = run_async(scenario(one_replica.url))
    errors = (one_replica.prefix / "error.log").read_text()
    assert not any(isinstance(socket, int) for socket in crowd)
    assert over == 429 and 'limiting connections by zone "atlas_sessions"' in errors
    assert other == ("FINISHED_SUCCESSFULLY", "1997-06")
    assert NEW_SESSIONS_BURST <= opened <= NEW_SESSIONS_BURST + 5 and refused == 429
    assert 'by zone "atlas_new_sessions"' in errors
    assert other_again == ("FINISHED_SUCCESSFULLY", "1997-06")
