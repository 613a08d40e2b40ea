"""How the server runs the dashboard (``app.py`` builds its ``st.App`` from these): the warm-up
before it accepts visitors, the clean-up when it stops, and the security headers on every
HTTP response.

**Warm-up** (``st.App``'s lifespan): the map page's libraries are imported, the dataset is
validated and the atlas is loaded into the same caches the pages use (:mod:`ui.cache`). The
server answers ``/_stcore/health`` and accepts visitors only after that, so the first visitor
after a (re)start does not wait for it, and a health check sends nobody to a server that is
still warming up. A dataset with problems does not stop the server: the warm-up records the
problems and the pages show them as the usual error page.

The warm-up also writes the map's generated files (:func:`ui.assets.write_map_files`).

**Time limit**: the warm-up has :func:`warm_up_limit` seconds (120, or the environment variable
``JUNBISH_ATLAS_WARM_UP_SECONDS``). A dataset that cannot be checked and loaded in that time
would make every page wait just as long, so the server does not start half-way: it prints why
and exits with status 3 (as it does for a limit that is not a positive number), and a process
manager or container runtime reports a failed start instead of a server that never becomes
healthy.

**Clean-up**: when the server stops (Ctrl+C, or SIGTERM from a container runtime or a process
manager) the folder of generated map files (:func:`ui.assets.generated_dir`) is removed.

**Headers** (:class:`SecurityHeaders`, an ASGI middleware): ``X-Content-Type-Options: nosniff``,
a ``Referrer-Policy`` and a ``Content-Security-Policy`` that lets the page load what it needs
from its own origin and the OpenStreetMap tiles, and nothing from anywhere else. Two
allowances are deliberate: ``'unsafe-inline'`` and ``'unsafe-eval'`` for scripts, because
Streamlit's components and streamlit-folium's frame run inline scripts and ``eval`` the map's
layers (what the data supplies goes in as JSON and text, never as code: see
:mod:`atlas_view.safety`); and ``frame-ancestors *``, so the map can be embedded in any
article. ``/_stcore/metrics`` (Streamlit's internal counters) is not served to the public.

**Preloads** (:class:`MapPagePreloads`, an ASGI middleware): the map page's HTML names the files
the map's frame will load (:func:`ui.assets.map_page_preloads`), so the browser fetches them
while Streamlit's page starts instead of one after another once the frame exists; the files
whose names carry their content's hash are served as cacheable for a year, so the frame takes
them from the browser's cache. On this machine that drew a shared link's map about 60 ms
sooner; on a real network it saves the round trips of three requests made in turn.
"""
from __future__ import annotations

import asyncio
import html
import logging
import os
import sys
import time
from contextlib import asynccontextmanager
from typing import NoReturn

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse

TILE_ORIGINS = ("https://tile.openstreetmap.org",)  # atlas_view.webmap.OSM_TILES
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: " + " ".join(TILE_ORIGINS),
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors *",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # The tile servers ask for a Referer naming the site; send only the origin, never the
    # path and query of a view to anyone else.
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
PRIVATE_PATHS = ("/_stcore/metrics",)


class SecurityHeaders:
    """ASGI middleware: :data:`SECURITY_HEADERS` on every HTTP response (websockets pass
    through untouched); :data:`PRIVATE_PATHS` answer 404."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").rstrip("/").endswith(PRIVATE_PATHS):
            response = PlainTextResponse("Not found", status_code=404, headers=SECURITY_HEADERS)
            await response(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


IMMUTABLE = "public, max-age=31536000, immutable"


def map_page_paths(base_url_path: str) -> set[str]:
    """The request paths of the map page (the app's default page) under ``base_url_path``."""
    base = base_url_path.strip("/")
    return {"/"} if not base else {f"/{base}", f"/{base}/"}


def preload_tags(preloads: list[tuple[str, str]]) -> bytes:
    """``<link rel="preload">`` tags for ``(href, kind)`` pairs, at low priority: Streamlit's own
    scripts, which the page needs first, keep the connections."""
    tags = []
    for href, kind in preloads:
        cors = ' crossorigin="anonymous"' if kind == "fetch" else ""  # as fetch() asks for it
        tags.append(f'<link rel="preload" href="{html.escape(href)}" as="{html.escape(kind)}"{cors} '
                    'fetchpriority="low">')
    return "".join(tags).encode()


class MapPagePreloads:
    """ASGI middleware: the map page's HTML gets :func:`preload_tags` for the files its frame
    will load (:func:`ui.assets.map_page_preloads`), and those files whose names carry their
    content's hash (:func:`ui.assets.is_content_addressed`) are served as cacheable for a year.
    Every other response passes through untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        from streamlit import config

        from ui.assets import is_content_addressed, map_page_preloads
        path = scope.get("path", "")
        if is_content_addressed(path):
            await self.app(scope, receive, _with_cache_header(send))
            return
        on_map_page = scope["method"] == "GET" and path in map_page_paths(config.get_option("server.baseUrlPath"))
        preloads = map_page_preloads() if on_map_page else []
        if not preloads:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _with_tags_in_html(send, preload_tags(preloads)))


def _with_cache_header(send):
    async def send_cacheable(message):
        if message["type"] == "http.response.start" and message["status"] == 200:
            MutableHeaders(scope=message)["Cache-Control"] = IMMUTABLE
        await send(message)
    return send_cacheable


def _with_tags_in_html(send, tags: bytes):
    """A ``send`` that puts ``tags`` before ``</head>`` in a 200 HTML answer (held until its
    last part), and passes any other answer on as it comes."""
    held: dict = {}

    async def send_rewritten(message):
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            if message["status"] == 200 and headers.get("content-type", "").startswith("text/html") \
                    and "content-encoding" not in headers:
                held["start"], held["body"] = message, b""
                return
        elif message["type"] == "http.response.body" and "start" in held:
            held["body"] += message.get("body", b"")
            if message.get("more_body"):
                return
            body = held["body"].replace(b"</head>", tags + b"</head>", 1)
            start = held.pop("start")
            headers = MutableHeaders(scope=start)
            headers["content-length"] = str(len(body))
            for validator in ("etag", "last-modified"):  # the file's, not this answer's
                if validator in headers:
                    del headers[validator]
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        await send(message)
    return send_rewritten


def warm_up() -> str:
    """Import what the map page imports and fill the dataset caches. Returns one line that
    says what was done and how long it took."""
    started = time.perf_counter()
    # folium, pandas and branca: most of the map page's import time. streamlit_folium itself
    # must not be imported here: it declares its component, and a component declared before
    # the runtime has started is not served (its frame gets a 404).
    import atlas_view.picture  # noqa: F401  (matplotlib)
    import atlas_view.webmap  # noqa: F401
    from ui.cache import atlas_view, data_dir, dataset_problems

    folder = data_dir()
    problems = dataset_problems(folder)
    if not problems:
        from ui.assets import write_map_files
        # The map's generated files exist before anyone asks for them (readers reconnecting
        # after a restart all open the map page at once).
        write_map_files(folder, atlas_view(folder).month_table_json)
    outcome = f"{len(problems)} problem(s), shown on the pages" if problems else "atlas loaded"
    return f"Junbish Atlas warm-up: {folder}: {outcome} in {time.perf_counter() - started:.1f} s"


WARM_UP_SECONDS_VARIABLE = "JUNBISH_ATLAS_WARM_UP_SECONDS"
WARM_UP_SECONDS = 120.0  # the real dataset takes 2-5 s on a 2-core machine
WARM_UP_TIMEOUT_STATUS = 3


def warm_up_limit() -> float:
    """Seconds the warm-up may take: ``JUNBISH_ATLAS_WARM_UP_SECONDS`` if set, else
    :data:`WARM_UP_SECONDS`. Raises ValueError, naming the variable, for anything but a
    positive number."""
    text = os.environ.get(WARM_UP_SECONDS_VARIABLE, "").strip()
    if not text:
        return WARM_UP_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"{WARM_UP_SECONDS_VARIABLE}={text!r}: give the warm-up's time limit in seconds, e.g. 120")
    return seconds


def stop_server(status: int) -> NoReturn:
    """End the process now with ``status`` (the warm-up's thread cannot be interrupted, and
    the server must not go on to accept visitors); the generated map files are removed first."""
    from ui.assets import remove_generated_dir
    remove_generated_dir()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


@asynccontextmanager
async def warmed_up(_app):
    """The app's lifespan: :func:`warm_up` before serving, within :func:`warm_up_limit`
    seconds (else the process stops with status 3 and says why); the clean-up after."""
    # Outside a script run, each cached call would log "missing ScriptRunContext".
    context_logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = context_logger.level
    context_logger.setLevel(logging.ERROR)
    try:
        limit = warm_up_limit()
    except ValueError as error:
        print(f"Junbish Atlas cannot start: {error}", file=sys.stderr, flush=True)
        stop_server(WARM_UP_TIMEOUT_STATUS)
        return
    try:
        print(await asyncio.wait_for(asyncio.to_thread(warm_up), limit), flush=True)
    except TimeoutError:
        from ui.cache import data_dir
        print(f"Junbish Atlas cannot start: checking and loading the dataset in {data_dir()} took longer than "
              f"{limit:g} s, so every page would wait as long. Run `python -m geo.validate {data_dir()}` to see "
              f"its problems and how long it takes; if the data is right and only big, raise "
              f"{WARM_UP_SECONDS_VARIABLE} (now {limit:g}).", file=sys.stderr, flush=True)
        stop_server(WARM_UP_TIMEOUT_STATUS)
        return
    except Exception as error:  # the warm-up only saves time: it must never keep the server down
        print(f"Junbish Atlas warm-up failed ({type(error).__name__}: {error}); "
              "the pages will load the dataset themselves", flush=True)
    finally:
        context_logger.setLevel(level)
    try:
        yield
    finally:
        from ui.assets import remove_generated_dir
        remove_generated_dir()
