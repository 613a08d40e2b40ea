"""No reader is lost when the server restarts or a replica dies: every open page reconnects on
its own, and the reader's next step is answered by a new session that opens the view from the
link, with the map, its controls and no error, even when all of them run the map page for the
first time at once (ui.assets writes the map's files atomically, and the warm-up writes them
before anyone asks)."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from deploy.replicas import running_replicas
from tests.browser.conftest import StreamlitServer
from tests.browser.mapping import MAP_FRAME
from tests.conftest import DATA

READERS = 8
LINK = "?date=1997-05&province=AF-BAL"
RECOVERY_SECONDS = 120


def wait_until_whole(page, deadline: float, month: str = "1997-05") -> None:
    """Until the reader sees the map of ``month``, Balkh's panel and the time controls, with no
    error shown (a frame replaced while it draws is looked for again)."""
    while True:
        remaining = lambda: max(1000, int((deadline - time.monotonic()) * 1000))  # noqa: E731
        try:
            expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=remaining())
            page.wait_for_selector(f'iframe[src*="{MAP_FRAME}"]', timeout=remaining())
            frame = next(f for f in page.frames if MAP_FRAME in f.url)
            expect(frame.get_by_role("slider", name="Month")).to_be_visible(timeout=remaining())  # the time bar
            frame.wait_for_function("(m) => document.documentElement.getAttribute('data-atlas-provinces') === '34'"
                                    " && document.documentElement.getAttribute('data-atlas-moment') === m"
                                    " && document.documentElement.getAttribute('data-atlas-answered') === m",
                                    arg=month, timeout=remaining())
            if month != "1997-05":  # the page's own answer, from a new session: the link follows
                page.wait_for_function("(m) => new URLSearchParams(location.search).get('date') === m"
                                       " && new URLSearchParams(location.search).get('province') === 'AF-BAL'",
                                       arg=month, timeout=remaining())
            expect(page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")).to_have_count(0)
            return
        except (PlaywrightError, AssertionError, StopIteration):
            if time.monotonic() > deadline:
                raise


def wait_for_all(pages, seconds: float = RECOVERY_SECONDS, month: str = "1997-05") -> None:
    deadline = time.monotonic() + seconds
    for page in pages:  # they recover together; waiting for each in turn costs no extra time
        wait_until_whole(page, deadline, month)


def step_all(pages, seconds: float = RECOVERY_SECONDS) -> None:
    """Every reader takes a step (Next month on the map) once the page has reconnected; all the
    new sessions run the map page for the first time at about the same moment. A step sent while
    a page is still reconnecting can be lost: that reader steps again."""
    deadline = time.monotonic() + seconds
    waiting = list(pages)
    for page in waiting:
        next(f for f in page.frames if MAP_FRAME in f.url).get_by_role("button", name="Next month").click()
    for page in waiting:
        while True:
            try:
                page.wait_for_function("new URLSearchParams(location.search).get('date') === '1997-06'",
                                       timeout=10_000)
                break
            except PlaywrightError:
                if time.monotonic() > deadline:
                    raise
                frame = next(f for f in page.frames if MAP_FRAME in f.url)
                if frame.evaluate("document.documentElement.getAttribute('data-atlas-month')") == "1997-05":
                    frame.get_by_role("button", name="Next month").click()
    wait_for_all(pages, seconds, month="1997-06")


def open_readers(context, url: str):
    pages = [context.new_page() for _ in range(READERS)]
    for page in pages:
        page.goto(url + LINK)
    wait_for_all(pages)
    return pages


def test_a_restart_brings_every_open_reader_back(browser, artifacts):
    server = StreamlitServer(DATA)
    context = browser.new_context()
    try:
        pages = open_readers(context, server.url)
        server.restart()
        step_all(pages)
    finally:
        context.close()
        server.stop()


def test_a_dead_replica_loses_none_of_its_readers(browser, artifacts):
    with running_replicas(2, data_dir=DATA, log_dir=artifacts) as replicas:
        context = browser.new_context()
        try:
            pages = open_readers(context, replicas.url)
            used = {u for u in replicas.upstreams_used() if u.startswith("127.0.0.1")}
            assert len(used) == 1  # sticky: one address, one replica
            serving = used.pop()
            replicas.kill_replica(int(serving.rsplit(":", 1)[1]))
            step_all(pages)
            assert any(u != serving for u in replicas.upstreams_used() if u.startswith("127.0.0.1"))
        finally:
            context.close()
