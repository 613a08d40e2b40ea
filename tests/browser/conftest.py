"""A real `streamlit run` on a free port, and Debian's Chromium driven by Playwright through
pytest-playwright (its ``browser``, ``context`` and ``page`` fixtures; ``make test`` asks it for
traces and screenshots of failing tests in ``test-artifacts/playwright``)."""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from deploy.replicas import free_port, wait_until_healthy
from tests.conftest import DATA, REPO
from tests.hostile import write_hostile_dataset

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
STARTUP_SECONDS = 60
VIEWPORT = {"width": 1400, "height": 950}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class StreamlitServer:
    """`streamlit run app.py` (as `make run` starts it), or another ``script``, in a
    subprocess, serving the dataset in ``data_dir``."""

    def __init__(self, data_dir: Path, script: str = "app.py", env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
                        "--server.address", "127.0.0.1", "--server.headless", "true"]
        self.env = {**os.environ, "JUNBISH_ATLAS_DATA_DIR": str(data_dir), **(env or {})}
        self.log = open(REPO / "test-artifacts" / f"streamlit-{self.port}.log", "w")
        self._start()

    def _start(self):
        self.process = subprocess.Popen(self.command, cwd=REPO, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(self.url, STARTUP_SECONDS)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"streamlit did not start on {self.url}; see {self.log.name}") from None
        # What the server had said when its health check first answered (the warm-up's line must
        # be in it: tests/browser/test_map_page.py); the log read later holds what came after too.
        self.log_when_healthy = Path(self.log.name).read_text(encoding="utf-8")

    def restart(self):
        """Stop the server as a deploy would (SIGTERM) and start it again on the same port."""
        self._terminate()
        self._start()

    def _terminate(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def stop(self):
        self._terminate()
        self.log.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = REPO / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def server(artifacts):
    running = StreamlitServer(DATA)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (Playwright cannot download its own here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every page pytest-playwright opens has the desktop viewport the layout tests assume."""
    return {**browser_context_args, "viewport": VIEWPORT}


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


# The base map's tiles: this machine has no internet, and the map must be readable without
# them. A test's page refuses them at once rather than leave each to the resolver: once, the
# first test of a clean run waited 30 s in vain for Playwright's "network idle", most likely
# on a tile request left pending (its trace shows every other request finished). (A page's
# own route still sees them first: test_map_page.py lists them.)
TILES = "**/tile.openstreetmap.org/**"


def refuse_tiles(context):
    context.route(TILES, lambda route: route.abort())
    return context


@pytest.fixture
def context(context):
    """pytest-playwright's context (the ``page`` fixture's), with the tiles refused."""
    return refuse_tiles(context)


@pytest.fixture
def phone_page(browser):
    """A page on a 390x844 touch phone (tiles refused); its context is closed after the test."""
    context = refuse_tiles(browser.new_context(**PHONE))
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def own_server_and_page(browser, data_dir: Path, script: str = "app.py", env: dict[str, str] | None = None):
    """A server process of its own (not the shared session one) and a fresh page; both are
    closed afterwards, and the server's log stays readable at ``server.log.name``."""
    running = StreamlitServer(data_dir, script, env)
    context = None
    try:
        context = refuse_tiles(browser.new_context(viewport=VIEWPORT))
        yield running, context.new_page()
    finally:
        if context is not None:
            context.close()
        running.stop()


@contextmanager
def offline_page(browser, viewport=None):
    """A page that can open only file:// URLs: every other request is aborted and listed in
    ``outside``; script errors are listed in ``errors``. Yields (page, outside, errors)."""
    import re

    context = browser.new_context(viewport=viewport or {"width": 1200, "height": 800})
    outside: list[str] = []
    errors: list[str] = []
    context.route(re.compile(r"^(?!file:).*"), lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, outside, errors
    finally:
        context.close()


@pytest.fixture
def dialogs(page) -> list[str]:
    """Messages of every alert/confirm/prompt the page opens (each is dismissed)."""
    opened: list[str] = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


@pytest.fixture(scope="session")
def hostile_server(artifacts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    write_hostile_dataset(folder)
    running = StreamlitServer(folder)
    yield running
    running.stop()
