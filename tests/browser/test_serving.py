"""What the server sends besides the pages: security headers on every response, a content
security policy the atlas works under, no public metrics, its generated files removed when
it is stopped, and long links opened when they arrive in pieces. (Its limit on the size of
messages: tests/browser/test_forged_values.py.)"""
import asyncio
import re
import signal
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import own_server_and_page
from tests.browser.mapping import TIMEOUT_MS, click_province, map_frame, wait_for_month, wait_until_drawn
from tests.browser.slow_client import get_in_pieces, long_link
from tests.conftest import DATA
from ui.serving import SECURITY_HEADERS


def headers_of(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return {name.lower(): value for name, value in response.headers.items()}


def test_every_kind_of_response_carries_the_security_headers(server, page):
    page.goto(server.url)
    map_frame(page)  # the map's asset folders are registered by a run of the map page
    page_html = urllib.request.urlopen(server.url, timeout=10).read().decode()
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', page_html).group(1)
    for path in ("/", "/timeline", "/_stcore/health", f"/{script}",
                 "/component/streamlit_folium.st_folium/index.html",
                 "/component/ui.assets.atlas_static/atlas-map.js",
                 "/component/ui.assets.leaflet/leaflet.js"):
        headers = headers_of(server.url + path)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name.lower()) == value, (path, name)
        # what docs/deploy.md promises, whatever SECURITY_HEADERS holds
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", path
        policy = headers.get("content-security-policy", "")
        assert "frame-ancestors *" in policy, path  # embeds keep working
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, path


def test_a_new_visitor_gets_the_maps_files_with_the_page_and_the_frame_takes_them_from_its_cache(server, browser):
    first = browser.new_context()  # any visit registers the map's folders; until then there is nothing to name
    first_page = first.new_page()
    first_page.goto(server.url)
    map_frame(first_page)
    first.close()
    visitor = browser.new_context()  # a new visitor: empty cache
    page = visitor.new_page()
    page.goto(f"{server.url}/?date=1997-05-26&province=AF-BAL")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05-26")
    resources = "performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType, e.transferSize])"
    # named by the page (a <link rel="preload">), by the start of each file's name
    preloaded = {re.split(r"[-.]", name.rsplit("/", 1)[1])[0]: name for name, initiator, _ in page.evaluate(resources)
                 if initiator == "link" and "/component/" in name}
    in_frame = {name: size for name, _, size in frame.evaluate(resources)}
    # the boundaries, the month table, the map scripts and streamlit-folium's own script
    for kind in ("provinces", "months", "map", "main"):
        assert kind in preloaded, preloaded
        assert in_frame.get(preloaded[kind]) == 0, (kind, in_frame)  # no bytes over the network: the cache's copy
    visitor.close()


def test_streamlits_internal_metrics_are_not_public(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=10)
    assert refused.value.code == 404


def test_the_atlas_works_under_its_content_security_policy(server, browser, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.goto(f"{server.url}/?date=1997-05")
    frame = map_frame(page)
    wait_for_month(frame, "1997-05")
    click_province(page, frame, "AF-BAL")
    expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
    frame.get_by_role("button", name="Play").click()
    frame.wait_for_function("document.documentElement.getAttribute('data-atlas-month') !== '1997-05'",
                            timeout=TIMEOUT_MS)
    frame.get_by_role("button", name="Pause").click()
    for title in ("Timeline", "Events", "Data"):
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_drawn(page)  # charts and tables finish drawing
    assert refused == []
    context.close()


def test_stopping_the_server_removes_its_generated_files(browser, artifacts, tmp_path):
    with own_server_and_page(browser, DATA, env={"TMPDIR": str(tmp_path)}) as (running, page):
        page.goto(running.url)
        wait_for_month(map_frame(page), "1992-12")
        generated = list(tmp_path.glob("junbish-atlas-*"))
        assert len(generated) == 1 and any(generated[0].glob("months-*.json"))
        running.process.send_signal(signal.SIGTERM)  # as a container runtime stops it
        running.process.wait(timeout=20)
        assert not generated[0].exists()


# --- long links, sent in pieces as a real network delivers them (docs/deploy.md, "Links") ---

LINK_LIMIT = 65_535  # bytes of path and query: httptools' limit (requirements.txt)


def test_a_60_kb_link_sent_in_pieces_opens_the_page(server):
    answer = get_in_pieces(server.url, long_link(60_000))
    assert answer.status == 200, answer.text[:200]
    assert answer.headers["content-type"].startswith("text/html") and "<title>" in answer.text


def test_the_servers_limit_on_a_link_is_what_the_deploy_notes_say(server):
    assert get_in_pieces(server.url, long_link(LINK_LIMIT), piece=8192).status == 200
    assert get_in_pieces(server.url, long_link(LINK_LIMIT + 1), piece=8192).status == 400
