"""app.py's server (ui.serving) does the one-time work (imports, validation, loading) before it
accepts visitors, into the same caches the pages read; and the map page names the files its
frame will load, for the browser to fetch early and keep."""
import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import ui.assets
import ui.cache
from ui import serving as serve


def test_warm_up_fills_the_caches_the_pages_read(data_copy, monkeypatch):
    monkeypatch.setenv(ui.cache.DATA_DIR_VARIABLE, str(data_copy))
    line = serve.warm_up()
    assert str(data_copy) in line and "atlas loaded" in line

    def must_not_run(*args):
        raise AssertionError("a page would have loaded or validated the dataset again")
    monkeypatch.setattr(ui.cache, "load_atlas", must_not_run)
    monkeypatch.setattr(ui.cache, "find_problems", must_not_run)
    folder = data_copy.resolve()
    assert ui.cache.dataset_problems(folder) == []
    assert len(ui.cache.atlas(folder).years) == 34
    # and the map's generated files are on disk before the first reader asks for them: the
    # pages find them there and write nothing
    monkeypatch.setattr(ui.assets.tempfile, "mkstemp", must_not_run)
    names = ui.assets.write_map_files(folder, ui.cache.atlas_view(folder).month_table_json)
    assert all((ui.assets.generated_dir() / name).is_file() for name in names)


def test_warm_up_with_a_broken_dataset_records_the_problems_instead_of_failing(data_copy, monkeypatch):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    monkeypatch.setenv(ui.cache.DATA_DIR_VARIABLE, str(data_copy))
    line = serve.warm_up()
    assert "problem(s)" in line
    assert ui.cache.dataset_problems(data_copy.resolve())  # the pages will show these


def test_a_failing_warm_up_does_not_keep_the_server_down(monkeypatch, capsys):
    def broken():
        raise OSError("disk unreadable")
    monkeypatch.setattr(serve, "warm_up", broken)

    async def start():
        async with serve.warmed_up(None):
            return "serving"
    # in a thread of its own: Playwright's sync API may already run an event loop in this one
    with ThreadPoolExecutor(1) as worker:
        assert worker.submit(asyncio.run, start()).result() == "serving"
    assert "warm-up failed (OSError: disk unreadable)" in capsys.readouterr().out


class Stopped(Exception):
    """What the test's stand-in for :func:`ui.serving.stop_server` raises (the real one ends the process)."""


def start_with_limit(monkeypatch, limit: str):
    """Run the lifespan with ``JUNBISH_ATLAS_WARM_UP_SECONDS=limit`` and a warm-up that waits
    until the lifespan has given up on it; returns the exit status the server stopped with."""
    import threading

    released = threading.Event()

    def slow_warm_up():
        released.wait(30)  # until the lifespan gives up (or 30 s, if it never does)
        return "warmed up"

    def stop(status):
        released.set()
        raise Stopped(status)
    monkeypatch.setenv(serve.WARM_UP_SECONDS_VARIABLE, limit)
    monkeypatch.setattr(serve, "warm_up", slow_warm_up)
    monkeypatch.setattr(serve, "stop_server", stop)

    async def start():
        try:
            async with serve.warmed_up(None):
                return "serving"
        except Stopped as stopped:
            return stopped.args[0]
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, start()).result()


def test_a_warm_up_past_its_time_limit_stops_the_server_and_says_why(monkeypatch, capsys):
    assert start_with_limit(monkeypatch, "0.2") == serve.WARM_UP_TIMEOUT_STATUS
    error = capsys.readouterr().err
    assert "took longer than 0.2 s" in error and "python -m geo.validate" in error
    assert serve.WARM_UP_SECONDS_VARIABLE in error


@pytest.mark.parametrize("limit", ["soon", "0", "-5", "inf"])
def test_a_time_limit_that_is_not_a_positive_number_stops_the_server_and_names_the_variable(monkeypatch, capsys,
                                                                                              limit):
    assert start_with_limit(monkeypatch, limit) == serve.WARM_UP_TIMEOUT_STATUS
    assert f"{serve.WARM_UP_SECONDS_VARIABLE}={limit!r}: give the warm-up's time limit in seconds" in capsys.readouterr().err


def test_the_server_process_exits_with_the_message_when_the_warm_up_runs_out_of_time(tmp_path):
    """``streamlit run app.py`` itself: it stops (status 3) with the message, never hangs."""
    import os
    import subprocess
    import sys

    from deploy.replicas import free_port
    from tests.conftest import DATA, REPO
    env = {**os.environ, "JUNBISH_ATLAS_DATA_DIR": str(DATA), serve.WARM_UP_SECONDS_VARIABLE: "0.001"}
    result = subprocess.run([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(free_port()),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == serve.WARM_UP_TIMEOUT_STATUS, result.stdout + result.stderr
    assert "Junbish Atlas cannot start: checking and loading the dataset" in result.stderr


# --- the map page names its frame's files for the browser to fetch early (MapPagePreloads) ---

PAGE_HTML = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"
REGISTERED = {
    "map_js": "../ui.assets.atlas_generated/map-scripts-0123456789abcdef.js",
    "leaflet_js": "../ui.assets.leaflet/leaflet.js", "leaflet_css": "../ui.assets.leaflet/leaflet.css",
    "atlas_js": "../ui.assets.atlas_static/atlas-map.js", "atlas_css": "../ui.assets.atlas_static/atlas-map.css",
    "geometry_url": "../ui.assets.atlas_generated/provinces-0123456789abcdef.geojson",
    "month_table_url": "../ui.assets.atlas_generated/months-0123456789abcdef.json",
    "reference_url": "../ui.assets.atlas_generated/reference-0123456789abcdef.json",
}


def answer(path: str, *, status=200, content_type="text/html", parts=(PAGE_HTML[:30], PAGE_HTML[30:]),
           method="GET") -> tuple[dict, bytes]:
    """What MapPagePreloads sends for ``path`` when the app behind it answers with ``parts``
    (a body sent in pieces, with the validators Streamlit's file answers carry)."""
    async def inner(scope, receive, send):
        body = b"".join(parts)
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
            (b"etag", b'"file-etag"'), (b"last-modified", b"Sun, 29 Nov 2026 15:43:24 GMT")]})
        for number, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": number < len(parts) - 1})

    sent = []

    async def send(message):
        sent.append(message)

    async def run():
        await serve.MapPagePreloads(inner)({"type": "http", "method": method, "path": path, "headers": []},
                                           None, send)
    with ThreadPoolExecutor(1) as worker:  # a loop of its own: Playwright's sync API may already run one in this thread
        worker.submit(asyncio.run, run()).result()
    start = sent[0]
    headers = {name.decode(): value.decode() for name, value in start["headers"]}
    return headers | {":status": str(start["status"])}, b"".join(m.get("body", b"") for m in sent[1:])


def test_the_map_page_names_the_files_its_frame_will_load(monkeypatch):
    monkeypatch.setattr(ui.assets, "_registered", REGISTERED)
    headers, body = answer("/")
    head = body.decode().split("</head>")[0]
    for href, kind in [("./component/ui.assets.atlas_generated/map-scripts-0123456789abcdef.js", "script"),
                       ("./component/ui.assets.atlas_generated/provinces-0123456789abcdef.geojson", "fetch"),
                       ("./component/ui.assets.atlas_generated/months-0123456789abcdef.json", "fetch"),
                       ("./component/ui.assets.atlas_generated/reference-0123456789abcdef.json", "fetch"),
                       ("./component/ui.assets.leaflet/leaflet.css", "style"),
                       ("./component/ui.assets.atlas_static/atlas-map.css", "style")]:
        assert f'<link rel="preload" href="{href}" as="{kind}"' in head
    # streamlit-folium's own bundle (named in its build's manifest) is named too
    assert re.search(r'href="\./component/streamlit_folium\.st_folium/static/js/main\.[0-9a-f]+\.js" as="script"', head)
    assert int(headers["content-length"]) == len(body)
    assert "etag" not in headers and "last-modified" not in headers  # the file's validators do not fit this answer


def test_only_the_map_page_gets_them_and_only_once_the_files_exist(monkeypatch):
    monkeypatch.setattr(ui.assets, "_registered", {})  # before the first visit has registered the folders
    assert answer("/")[1] == PAGE_HTML
    monkeypatch.setattr(ui.assets, "_registered", REGISTERED)
    for path in ("/timeline", "/sources"):
        headers, body = answer(path)
        assert body == PAGE_HTML and headers["etag"] == '"file-etag"'
    assert answer("/_stcore/health", content_type="text/plain", parts=(b"ok",))[1] == b"ok"
    assert answer("/", status=304, parts=(b"",))[0][":status"] == "304"
    assert answer("/", method="HEAD", parts=(b"",))[1] == b""


def test_the_map_page_under_a_base_path(monkeypatch):
    assert serve.map_page_paths("") == {"/"}
    assert serve.map_page_paths("/atlas/") == {"/atlas", "/atlas/"}
    from streamlit import config
    monkeypatch.setattr(ui.assets, "_registered", REGISTERED)
    monkeypatch.setattr(config, "get_option", lambda name: "atlas" if name == "server.baseUrlPath" else None)
    assert b'rel="preload"' in answer("/atlas/")[1]
    assert answer("/")[1] == PAGE_HTML  # under a base path, "/" is not the map page


def test_files_named_by_their_content_are_cacheable_for_a_year():
    for path in ("/component/ui.assets.atlas_generated/months-0123456789abcdef.json",
                 f"/component/streamlit_folium.st_folium/{ui.assets._folium_bundle()[0]}"):
        assert answer(path, content_type="application/json")[0]["cache-control"] == serve.IMMUTABLE
        assert "cache-control" not in answer(path, status=404, content_type="text/plain")[0]
    # files whose names do not change with their content are left to Streamlit's own caching
    assert "cache-control" not in answer("/component/ui.assets.atlas_static/atlas-map.js",
                                         content_type="text/javascript")[0]


def test_preload_tags_are_escaped():
    tags = serve.preload_tags([('./x"><script>alert(1)</script>', "script")]).decode()
    assert "<script>" not in tags and "&quot;&gt;&lt;script&gt;" in tags


def test_replicas_wait_as_long_as_a_replica_may_warm_up_and_no_longer_than_it_lives(monkeypatch):
    """deploy/replicas.py gives a replica its imports plus the warm-up limit the app allows
    itself (a replica still warming up within its limit is not given up on), and stops waiting
    as soon as the replica's process has ended, with its status."""
    import subprocess
    import sys

    from deploy.replicas import IMPORT_SECONDS, replica_startup_limit, wait_until_healthy

    monkeypatch.setenv(serve.WARM_UP_SECONDS_VARIABLE, "200")
    assert replica_startup_limit() == IMPORT_SECONDS + 200
    monkeypatch.delenv(serve.WARM_UP_SECONDS_VARIABLE)
    assert replica_startup_limit() == IMPORT_SECONDS + serve.WARM_UP_SECONDS
    ended = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    ended.wait()
    with pytest.raises(RuntimeError, match="ended with status 3"):
        wait_until_healthy("http://127.0.0.1:9", 30, ended)  # at once (without the check: 30 s, then another error)
