"""Benchmarks of the map page in Chromium against a real `streamlit run` (``make bench``).

Prints a table and writes ``bench/results.md`` with the machine's description. Measures:

* cold start: navigation to the map drawn and interactive, on a freshly started server
  (first visit) and again on the warm server; and how long the server takes to start;
* first open of a shared link with a province by a new visitor (map, panel and chart drawn),
  against a new visitor's first open of the bare Streamlit app, both timed in the page (from
  the navigation's start to the first frame after it shows them) and as Playwright sees them;
* month step: from the slider key press to the map repainted in the new month's colours
  (territory and event markers), and to the server's answer in place (the map has heard it,
  the panel's summary and the URL), median and p95 over the 35 steps January 1997 -> December
  1999, and the same for a bare Streamlit app with the same month slider
  (``bench/floor_app.py``), measured in the same run and the same way: in the page, from the
  key press until the page's DOM shows it (``STEP_WATCH``); and the same for the map's channel
  alone (``bench/component_floor_app.py``: a bare folium map in a fragment whose own slider
  reports through the component, one line of text, and the map hearing the answer as the
  atlas's does), bare and in the atlas page's frame (``-- shaped``);
* bytes received over the websocket per month step, and the size of the month table the map
  fetches once;
* playback in the browser at 12 months per second for 6 s: months painted, months skipped,
  frame times between paints, and websocket messages sent meanwhile;
* eight concurrent sessions stepping through the months: median and p95, to the map repainted
  and to the server's answer;
* server memory (RSS) with one and with eight sessions.

Nothing here is a test: no figure is asserted.
"""
from __future__ import annotations

import asyncio
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.md"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FIRST_STEP = "1997-01"
STEPS = [f"{1997 + i // 12}-{i % 12 + 1:02d}" for i in range(36)]  # January 1997 .. December 1999
SESSIONS = 8
OPENS = 5  # new visitors timed opening a shared link, and the bare app
SETTLE_SECONDS = 1.0  # before each of those opens: the last visitor's page and session wind down
# Between month steps: a reader's next key press (held keys send one every 33 ms; a reader
# stepping and looking, far fewer). Without it a step began while the last one's run was
# still ending (its last messages, the page's tidy-up), which slowed the bare app's steps by
# a third once they were timed to the DOM change rather than to two frames after it.
STEP_PAUSE_SECONDS = 0.25
MAP_FRAME = "streamlit_folium"


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, script: str, *script_args: str):
        started = time.perf_counter()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", *(("--", *script_args) if script_args else ())],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    self.start_seconds = time.perf_counter() - started
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{script} did not start")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def map_frame(page):
    await page.wait_for_selector(f'iframe[src*="{MAP_FRAME}"]', timeout=60_000)
    frame = next(f for f in page.frames if MAP_FRAME in f.url)
    await frame.wait_for_function("document.documentElement.getAttribute('data-atlas-provinces') === '34'",
                                  timeout=60_000)
    return frame


async def open_map(context, url: str) -> tuple[object, object, float]:
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(f"{url}/?date={FIRST_STEP}")
    frame = await map_frame(page)
    await frame.wait_for_function(f"document.documentElement.getAttribute('data-atlas-month') === '{FIRST_STEP}'",
                                  timeout=60_000)
    return page, frame, time.perf_counter() - started


SHARED_LINK = "?date=1997-05-26&province=AF-BAL"  # the Taliban in Mazar-e Sharif, Balkh's panel open
SHARED_DAY = "1997-05-26"
FLOOR_TEXT = "Month January 1997"

# Timed in the page: each document notes the first animation frame after it shows what a
# check asks for, as an absolute time, so the map frame's note and the page's compare with the
# page's navigation start. A MutationObserver checks on every change, and a timer every 10 ms
# as well: the map's frame starts as about:blank and Chromium keeps its window (and timers) but
# not the observer when the frame's own document replaces it. Playwright's own waits, one after
# another, add their round trips and the set-up of a script context in the map's frame after
# the map is already drawn (about 0.2 s on this machine, against about 0.03 s for the bare
# app's single wait), so both are reported, and the target uses the page's times.
SHOWN_AT = """((names) => {
  const checks = {
    map: () => document.documentElement !== null
      && document.documentElement.getAttribute('data-atlas-moment') === %r,
    panel: () => document.querySelector('.atlas-strip') !== null
      && Array.from(document.querySelectorAll('h3')).some(h => h.textContent.trim() === 'Balkh'),
    floor: () => document.body !== null && document.body.textContent.includes(%r),
  };
  window.__shownAt = window.__shownAt || {};
  const check = () => {
    for (const name of names) {
      if (!(name in window.__shownAt) && checks[name]()) {
        window.__shownAt[name] = null;
        requestAnimationFrame(() => { window.__shownAt[name] = performance.timeOrigin + performance.now(); });
      }
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const timer = setInterval(() => { check(); if (names.every(name => name in window.__shownAt)) clearInterval(timer); }, 10);
})(%%s);""" % (SHARED_DAY, FLOOR_TEXT)


async def shown_at(target, check: str) -> float:
    """The absolute time (ms) at which ``target`` (a page or frame) first showed ``check``."""
    await target.wait_for_function(f"window.__shownAt && window.__shownAt[{check!r}]", timeout=60_000)
    return await target.evaluate(f"window.__shownAt[{check!r}]")


async def open_shared_link(context, url: str) -> tuple[float, float]:
    """A new visitor opens a shared link with a province: seconds until the map shows its day and
    the province's panel and its 1988–2021 strip are drawn, as Playwright sees it and in the page."""
    await context.add_init_script(SHOWN_AT % '["map", "panel"]')
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(f"{url}/{SHARED_LINK}")
    frame = await map_frame(page)
    await frame.wait_for_function(f"document.documentElement.getAttribute('data-atlas-moment') === '{SHARED_DAY}'",
                                  timeout=60_000)
    await page.get_by_role("heading", name="Balkh").wait_for(timeout=60_000)
    await page.locator(".atlas-strip").first.wait_for(timeout=60_000)
    observed = time.perf_counter() - started
    shown = max(await shown_at(frame, "map"), await shown_at(page, "panel"))
    return observed, (shown - await page.evaluate("performance.timeOrigin")) / 1000


async def open_floor(context, url: str) -> tuple[float, float]:
    """A new visitor opens the bare Streamlit app: seconds until its slider's text shows, as
    Playwright sees it and in the page."""
    await context.add_init_script(SHOWN_AT % '["floor"]')
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(url)
    await page.get_by_text(FLOOR_TEXT, exact=True).wait_for(timeout=60_000)
    observed = time.perf_counter() - started
    return observed, (await shown_at(page, "floor") - await page.evaluate("performance.timeOrigin")) / 1000


PAINTED = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# A month step timed in the page (since the eighth session), the same way for the atlas and
# for the floor: from the key press (the keydown event's own time, in the document that has
# the focus) until the page's DOM shows what a check asks for, noticed by MutationObservers on
# the page and on the map's frame's root (same origin; absolute times) and a 5 ms timer (a
# link's change is no DOM mutation). The paint follows in the next display frame (at most
# 17 ms) for both. Checks, for the month ``m`` (``"1997-05"``, label "May 1997"):
#   repainted: the map's territory and event markers are the month's (the map alone);
#   answered:  the server's answer is in place: the map has heard it (the page's answer to the
#              map's report of the month, or a layer for the month: ``data-atlas-answered``;
#              until the tenth session, the layer for the month, which every answer carried),
#              the panel's summary for it ("At the end of May 1997 …") and the link (``date=1997-05``);
#   link, summary, heard: each of those three on its own (reported beside the answer, to show
#              which part comes last);
#   floor:     the bare app's line of text reads "Month May 1997" (the map's channel's: begins
#              "Month May 1997. " when it is a paragraph); for the map's channel, ``heard`` is
#              its map's note of the page's answer, as for the atlas.
# Before, Playwright timed the steps: press, wait, two animation frames. The atlas's answer
# was timed after the repaint's own wait and frames, which added a second wait's round trip
# and frames to its figure and not to the floor's. A stamp taken in an animation frame
# requested from the observer turned out no better: requested during Streamlit's commit, that
# frame came 20-30 ms after the bare app's text was in the DOM (a Playwright wait and two frames
# took 22 ms), which would have slowed the floor more than the map.
STEP_WATCH = r"""(names) => {
  const top = window.top;
  const mapDocument = () => {
    const frame = top.document.querySelector('iframe[src*="streamlit_folium"]');
    return frame ? frame.contentDocument : null;
  };
  const root = (name) => { const d = mapDocument(); return d && d.documentElement ? d.documentElement.getAttribute('data-atlas-' + name) : null; };
  const texts = () => Array.from(top.document.querySelectorAll('[data-testid="stMarkdownContainer"]'), e => e.textContent.trim());
  const checks = {
    repainted: (m) => root('month') === m.param && root('markers-month') === m.param,
    // the answer's parts, each also reported on its own
    link: (m) => new URLSearchParams(top.location.search).get('date') === m.param,
    summary: (m) => texts().some(t => t.startsWith('At the end of ' + m.label + ' ')),
    heard: (m) => root('answered') === m.param,
    answered: (m) => checks.heard(m) && root('month') === m.param && checks.link(m) && checks.summary(m),
    floor: (m) => texts().some(t => t === 'Month ' + m.label || t.startsWith('Month ' + m.label + '. ')),
  };
  const step = top.__step = {names, pressed: null, month: null, stamps: {}};
  step.done = new Promise(resolve => { step.resolve = resolve; });
  top.__checkStep = () => {
    if (step.month === null) { return; }
    for (const name of names) {
      if (!(name in step.stamps) && checks[name](step.month)) {
        step.stamps[name] = performance.timeOrigin + performance.now();
        if (names.every(n => n in step.stamps)) { clearInterval(step.timer); step.resolve(); }
      }
    }
  };
  clearInterval(top.__stepTimer);
  step.timer = top.__stepTimer = setInterval(top.__checkStep, 5);
  for (const doc of [top.document, mapDocument()]) {
    if (!doc || doc.__stepWatched) { continue; }
    doc.__stepWatched = true;
    doc.defaultView.addEventListener('keydown', (event) => {
      const current = top.__step;
      if (current && current.pressed === null) { current.pressed = doc.defaultView.performance.timeOrigin + event.timeStamp; }
    }, true);
    const page = doc === top.document;  // the map's frame: its root's data-atlas-* attributes only
    new MutationObserver(() => top.__checkStep()).observe(doc.documentElement,
      {subtree: page, childList: page, attributes: true, characterData: page});
  }
}"""


async def step_months(page, slider, names: list[str], after_each=None) -> list[dict[str, float]]:
    """Press Right on the focused month slider (the map's time bar, or the bare app's slider) for
    each month after January 1997 up to December 1999; for each, the seconds from the key press
    until each check in ``names`` is shown, timed in the page (``STEP_WATCH``), and ``observed``:
    until Playwright sees them all and two frames have been drawn after that (the method of
    the earlier sessions, for every check at once). ``after_each`` runs untimed."""
    await slider.focus()
    timings = []
    for month in STEPS[1:]:
        label = datetime(int(month[:4]), int(month[5:]), 1).strftime("%B %Y")
        await page.evaluate(STEP_WATCH, names)
        await page.evaluate("(m) => { window.__step.month = m; }", {"param": month, "label": label})
        started = time.perf_counter()
        await page.keyboard.press("ArrowRight")
        await asyncio.wait_for(page.evaluate("window.__step.done"), timeout=30)
        await page.evaluate(PAINTED)  # as the bench timed steps before: the wait, then two frames
        observed = time.perf_counter() - started
        step = await page.evaluate("({pressed: window.__step.pressed, stamps: window.__step.stamps})")
        timings.append({name: (step["stamps"][name] - step["pressed"]) / 1000 for name in names} | {"observed": observed})
        if after_each:
            await after_each()
        await asyncio.sleep(STEP_PAUSE_SECONDS)
    return timings


async def step_through_map(page, frame) -> list[dict[str, float]]:
    """Timings to the map repainted, and to the server's answer in place."""
    return await step_months(page, frame.get_by_role("slider", name="Month"),
                             ["repainted", "link", "summary", "heard", "answered"])


async def step_through_floor(page) -> list[dict[str, float]]:
    return await step_months(page, page.locator(".st-key-month input[type=range]"), ["floor"])


async def step_through_component_floor(page, url: str) -> list[dict[str, float]]:
    """The map's channel (``bench/component_floor_app.py``, bare or shaped): its map's own
    slider reports the month through the component; the fragment's text shows it
    (``floor``) and the map notes the page's answer (``heard``)."""
    await page.goto(url)
    await page.get_by_text("Month January 1997", exact=False).first.wait_for(timeout=60_000)
    await page.wait_for_selector(f'iframe[src*="{MAP_FRAME}"]', timeout=60_000)
    frame = next(f for f in page.frames if MAP_FRAME in f.url)
    await frame.get_by_role("slider", name="Month").wait_for(timeout=60_000)
    return await step_months(page, frame.get_by_role("slider", name="Month"), ["floor", "heard"])


def timings_of(steps: list[dict[str, float]], name: str) -> list[float]:
    return [step[name] for step in steps]


async def month_step_bytes(page, url: str) -> list[int]:
    """Bytes received over the websocket for each month step."""
    received = {"bytes": 0}

    def on_ws(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(
            "bytes", received["bytes"] + (len(payload) if isinstance(payload, (bytes, str)) else 0)))
    page.on("websocket", on_ws)
    await page.goto(f"{url}/?date={FIRST_STEP}")
    frame = await map_frame(page)
    await frame.wait_for_function(f"document.documentElement.getAttribute('data-atlas-answered') === '{FIRST_STEP}'")
    await asyncio.sleep(1.0)
    sizes, before = [], {"bytes": received["bytes"]}

    async def record():
        await asyncio.sleep(0.4)  # let the rest of the rerun's messages arrive
        sizes.append(received["bytes"] - before["bytes"])
        before["bytes"] = received["bytes"]
    await step_months(page, frame.get_by_role("slider", name="Month"), ["answered"], after_each=record)
    return sizes


async def playback(page, url: str) -> dict:
    """Play at 12 months per second for six seconds: the months painted (each stamped in the
    page when data-atlas-month changes), the months skipped, the time between paints, and the
    websocket messages the page sent meanwhile."""
    sent = {"messages": 0}
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.__setitem__("messages", sent["messages"] + 1)))
    await page.goto(f"{url}/?date=1990-01&speed=12")
    frame = await map_frame(page)
    await frame.wait_for_function("document.documentElement.getAttribute('data-atlas-answered') === '1990-01'")
    await asyncio.sleep(1.0)
    await frame.evaluate("""() => { window.__paints = [];
        new MutationObserver(() => window.__paints.push([performance.now(),
            document.documentElement.getAttribute('data-atlas-month')]))
          .observe(document.documentElement, {attributes: true, attributeFilter: ['data-atlas-month']}); }""")
    before = sent["messages"]
    await frame.get_by_role("button", name="Play").click()
    await asyncio.sleep(6.0)
    during = sent["messages"] - before
    await frame.get_by_role("button", name="Pause").click()
    paints = await frame.evaluate("() => window.__paints")
    months = [int(p[:4]) * 12 + int(p[5:7]) for _, p in paints]
    gaps = [b - a for a, b in zip(months, months[1:])]
    intervals = [(b[0] - a[0]) / 1000 for a, b in zip(paints, paints[1:])]
    return {"painted": len(paints), "skipped": sum(g - 1 for g in gaps if g > 1),
            "interval_median": statistics.median(intervals), "interval_p95": p95(intervals),
            "interval_max": max(intervals), "messages": during}


def _month_table_size() -> tuple[int, int]:
    """Bytes of the month table the map fetches once, as written and gzip-compressed."""
    import gzip
    sys.path.insert(0, str(REPO))
    from atlas_view.presentation import present
    from geo.atlas import load_atlas
    text = present(load_atlas()).month_table_json.encode()
    return len(text), len(gzip.compress(text))


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")
    return (f"{os.cpu_count()} cores ({cpu}), {int(memory) / 1024 / 1024:.0f} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, Chromium headless")


async def main() -> dict:
    atlas_server = Server("app.py")  # as `make run`, the Docker image and Streamlit Community Cloud start it
    floor_server = Server("bench/floor_app.py")
    channel_server = Server("bench/component_floor_app.py")  # the map's channel, bare
    shaped_channel_server = Server("bench/component_floor_app.py", "shaped")  # ... in the atlas page's frame
    figures = {}
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = await browser.new_context(viewport={"width": 1400, "height": 950})
            page, frame, cold = await open_map(context, atlas_server.url)
            figures["cold_first"] = cold
            figures["server_start"] = atlas_server.start_seconds
            await page.close()
            warm = []
            for _ in range(3):  # a new visitor: fresh browser context, empty cache
                visitor = await browser.new_context(viewport={"width": 1400, "height": 950})
                page, frame, seconds = await open_map(visitor, atlas_server.url)
                warm.append(seconds)
                await visitor.close()
            figures["cold_warm"] = statistics.median(warm)
            shared, floor_opens = [], []
            for _ in range(OPENS):  # new visitors, by turns: a shared link to a province, and the bare app
                for opener, server, timings in ((open_shared_link, atlas_server, shared),
                                                (open_floor, floor_server, floor_opens)):
                    await asyncio.sleep(SETTLE_SECONDS)  # each open starts on a quiet machine
                    visitor = await browser.new_context(viewport={"width": 1400, "height": 950})
                    timings.append(await opener(visitor, server.url))
                    await visitor.close()
            figures["shared_link"] = statistics.median(observed for observed, _ in shared)
            figures["shared_link_in_page"] = statistics.median(in_page for _, in_page in shared)
            figures["floor_open"] = statistics.median(observed for observed, _ in floor_opens)
            figures["floor_open_in_page"] = statistics.median(in_page for _, in_page in floor_opens)

            page, frame, _ = await open_map(context, atlas_server.url)
            figures["rss_one"] = atlas_server.rss_mib()
            cpu_before = atlas_server.cpu_seconds()
            steps = await step_through_map(page, frame)
            figures["map_changes"], figures["map_full_changes"] = timings_of(steps, "repainted"), timings_of(steps, "answered")
            figures["map_full_observed"] = timings_of(steps, "observed")
            figures["answer_parts"] = {part: statistics.median(timings_of(steps, part)) for part in ("link", "summary", "heard")}
            figures["cpu_per_change"] = (atlas_server.cpu_seconds() - cpu_before) / (len(STEPS) - 1)
            figures["bytes"] = await month_step_bytes(page, atlas_server.url)
            figures["playback"] = await playback(page, atlas_server.url)
            await page.close()
            figures["table_bytes"], figures["table_gzip"] = _month_table_size()

            floor_page = await context.new_page()
            await floor_page.goto(floor_server.url)
            await floor_page.get_by_text("Month January 1997", exact=True).wait_for(timeout=60_000)
            steps = await step_through_floor(floor_page)
            figures["floor_changes"], figures["floor_observed"] = timings_of(steps, "floor"), timings_of(steps, "observed")
            await floor_page.close()
            channel_page = await context.new_page()
            for name, server in (("channel", channel_server), ("shaped_channel", shaped_channel_server)):
                steps = await step_through_component_floor(channel_page, server.url)
                figures[f"{name}_changes"], figures[f"{name}_heard"] = timings_of(steps, "floor"), timings_of(steps, "heard")
            await channel_page.close()

            contexts = [await browser.new_context(viewport={"width": 1400, "height": 950}) for _ in range(SESSIONS)]
            opened = await asyncio.gather(*(open_map(c, atlas_server.url) for c in contexts))
            figures["rss_eight_idle"] = atlas_server.rss_mib()
            cpu_before, wall_before = atlas_server.cpu_seconds(), time.perf_counter()
            results = await asyncio.gather(*(step_through_map(p, f) for p, f, _ in opened))
            figures["concurrent_repaints"] = [t for steps in results for t in timings_of(steps, "repainted")]
            figures["concurrent_changes"] = [t for steps in results for t in timings_of(steps, "answered")]
            figures["concurrent_server_share"] = ((atlas_server.cpu_seconds() - cpu_before)
                                                  / (time.perf_counter() - wall_before))
            figures["rss_eight"] = atlas_server.rss_mib()
            for context in contexts:
                await context.close()

            floor_contexts = [await browser.new_context() for _ in range(SESSIONS)]
            floor_pages = [await c.new_page() for c in floor_contexts]
            for floor_page in floor_pages:
                await floor_page.goto(floor_server.url)
                await floor_page.get_by_text("Month January 1997", exact=True).wait_for(timeout=60_000)
            floor_results = await asyncio.gather(*(step_through_floor(p) for p in floor_pages))
            figures["floor_concurrent_changes"] = [t for steps in floor_results for t in timings_of(steps, "floor")]
            await browser.close()
    finally:
        atlas_server.stop()
        floor_server.stop()
        channel_server.stop()
        shaped_channel_server.stop()
    return figures


def report(figures: dict) -> str:
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    atlas_median, atlas_p95 = statistics.median(figures["map_changes"]), p95(figures["map_changes"])
    floor_median, floor_p95 = statistics.median(figures["floor_changes"]), p95(figures["floor_changes"])
    full_median, full_p95 = statistics.median(figures["map_full_changes"]), p95(figures["map_full_changes"])
    sizes = figures["bytes"]
    rows = [
        ("Server start until it answers /_stcore/health (includes the warm-up: imports, validation, loading)",
         ms(figures["server_start"]), ""),
        ("Cold start, first visit after server start (navigation → map drawn)", ms(figures["cold_first"]), "< 3 s"),
        ("Cold start of a new visitor (empty browser cache), server running, median of 3", ms(figures["cold_warm"]), "< 3 s"),
        (f"A shared link with a province opened by a new visitor (navigation → map at its day, panel and strip "
         f"drawn), timed in the page, median of {OPENS}", ms(figures["shared_link_in_page"]),
         f"≤ 2 × the bare app's first open = {ms(2 * figures['floor_open_in_page'])}"),
        (f"Floor: the bare Streamlit app opened by a new visitor (navigation → its slider shown), timed in the page, "
         f"median of {OPENS}", ms(figures["floor_open_in_page"]), ""),
        ("The same shared link as Playwright sees it (its waits in turn: the map's frame, its day, the heading, "
         "the strip)", ms(figures["shared_link"]), ""),
        ("The bare app as Playwright sees it (one wait)", ms(figures["floor_open"]), ""),
        ("Month step, median (key press → map repainted: territory and events)", ms(atlas_median),
         f"within one display frame (17 ms) of the floor = {ms(floor_median + 1 / 60)}"),
        ("Month step, p95", ms(atlas_p95), f"≤ 3 × floor p95 = {ms(3 * floor_p95)}"),
        ("Month step to the server's answer in place (the map has heard it, the panel's summary of the month, "
         "the link), median", ms(full_median), f"≤ 1.5 × the floor = {ms(1.5 * floor_median)}"),
        ("Month step to the server's answer in place, p95", ms(full_p95), ""),
        ("The answer's parts, each on its own, median: the link, the panel's summary, the map hears it",
         ", ".join(ms(figures["answer_parts"][part]) for part in ("link", "summary", "heard")), ""),
        ("Floor: bare Streamlit month slider (key press → its text shows the month), median", ms(floor_median), ""),
        ("Floor: bare Streamlit month slider, p95", ms(floor_p95), ""),
        ("The map's channel, bare: a folium map in a fragment whose own slider reports through the component, "
         "one line of text, the answer in the figure's HTML (bench/component_floor_app.py), median: the text shown; "
         "the map hears the answer", f"{ms(statistics.median(figures['channel_changes']))}; "
         f"{ms(statistics.median(figures['channel_heard']))}", ""),
        ("The same channel in the atlas page's frame: pages in the header, the link written each step, map and text "
         "in two columns, the text a paragraph (component_floor_app.py -- shaped), median: the text shown; the map "
         "hears the answer", f"{ms(statistics.median(figures['shaped_channel_changes']))}; "
         f"{ms(statistics.median(figures['shaped_channel_heard']))}", ""),
        ("Ratio server's answer / the bare map channel's answer heard, median",
         f"{full_median / statistics.median(figures['channel_heard']):.2f}×", ""),
        ("Ratio server's answer / the shaped channel's answer heard, median; the shaped channel's / floor",
         f"{full_median / statistics.median(figures['shaped_channel_heard']):.2f}×; "
         f"{statistics.median(figures['shaped_channel_heard']) / floor_median:.2f}×", ""),
        ("Ratio repaint / floor, median and p95", f"{atlas_median / floor_median:.2f}× and {atlas_p95 / floor_p95:.2f}×", ""),
        ("Ratio server's answer / floor, median", f"{full_median / floor_median:.2f}×", "≤ 1.5×"),
        ("Ratio server's answer / floor, p95", f"{full_p95 / floor_p95:.2f}×", ""),
        ("The answer as Playwright sees it (press → its wait for every check returns), median; the floor's the same way",
         f"{ms(statistics.median(figures['map_full_observed']))}; {ms(statistics.median(figures['floor_observed']))}", ""),
        ("Server CPU time per month step (one session)", ms(figures["cpu_per_change"]), ""),
        ("Websocket bytes per month step, median", f"{statistics.median(sizes) / 1024:.1f} KiB", "≤ 20 KiB"),
        ("Websocket bytes per month step, max", f"{max(sizes) / 1024:.1f} KiB", "≤ 20 KiB"),
        ("Month table fetched once by the map (as written / gzip)",
         f"{figures['table_bytes'] / 1024:.0f} KiB / {figures['table_gzip'] / 1024:.0f} KiB", ""),
        ("Playback at 12 months/s for 6 s: months painted, months skipped",
         f"{figures['playback']['painted']}, {figures['playback']['skipped']}", "none skipped"),
        ("Playback: time between painted months, median / p95 / max",
         f"{ms(figures['playback']['interval_median'])} / {ms(figures['playback']['interval_p95'])} / "
         f"{ms(figures['playback']['interval_max'])}", "83 ms at 12/s"),
        ("Playback: websocket messages the page sent while playing", str(figures["playback"]["messages"]),
         "far fewer than months"),
        (f"{SESSIONS} concurrent sessions, month step to the map repainted, median and p95",
         f"{ms(statistics.median(figures['concurrent_repaints']))} and {ms(p95(figures['concurrent_repaints']))}", ""),
        (f"{SESSIONS} concurrent sessions, month step to the server's answer, median", ms(statistics.median(figures["concurrent_changes"])), ""),
        (f"{SESSIONS} concurrent sessions, month step to the server's answer, p95", ms(p95(figures["concurrent_changes"])), "< 1 s"),
        (f"{SESSIONS} concurrent sessions, server CPU use (cores busy on average)",
         f"{figures['concurrent_server_share']:.2f} of {os.cpu_count()}", ""),
        (f"Floor: {SESSIONS} concurrent bare-slider sessions, median", ms(statistics.median(figures["floor_concurrent_changes"])), ""),
        (f"Floor: {SESSIONS} concurrent bare-slider sessions, p95", ms(p95(figures["floor_concurrent_changes"])), ""),
        ("Server memory (RSS), one session", f"{figures['rss_one']:.0f} MiB", ""),
        (f"Server memory (RSS), {SESSIONS} sessions after stepping", f"{figures['rss_eight']:.0f} MiB", ""),
    ]
    table = "\n".join(f"| {name} | {value} | {target} |" for name, value, target in rows)
    return (f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.\n\n"
            "| measure | value | target |\n|---|---|---|\n" + table + "\n")


if __name__ == "__main__":
    measured = asyncio.run(main())
    text = report(measured)
    print(text)
    # results.md keeps its hand-written notes above the marker; the latest run replaces the rest
    marker = "<!-- latest run: written by bench/run.py -->"
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    notes = previous.split(marker, 1)[0]
    RESULTS.write_text(f"{notes}{marker}\n## Latest run (`make bench`)\n\n{text}", encoding="utf-8")
    print(f"written to {RESULTS}")
