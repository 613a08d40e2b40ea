"""Forged values from a raw websocket client (deploy/streamlit_client.py, no browser): every
widget of every page and the map, sent values of the wrong type, unknown codes, junk bytes
declared as a table, JSON nested 1,000 deep, strings near the size limit. No run shows an error
box, every session keeps working, the server logs one short line per value (never the value),
another reader's steps are answered meanwhile, and the server's memory comes back after the
forgers leave. A message over the limit (1 MB) closes its connection (code 1009)."""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit.proto.WidgetStates_pb2 import WidgetState

from deploy.streamlit_client import MAP_KEY, Reader, report_for
from tests.browser.mapping import TIMEOUT_MS, map_frame, wait_for_moment, wait_for_url
from ui.gate import accepts

LINK = "?date=1997-05&province=AF-BAL"
PAGES = (("", LINK), ("", "?story=2"), ("timeline", LINK), ("events", LINK), ("sources", LINK), ("data", LINK))
# (the map page with a province's panel, and in the tour: the Story page opens it)
SECRET = "FORGED-VALUE-9f3c"
# A bound far above a normal step (about 0.05 s here), not a timing: a step must be answered.
ANSWERED_WITHIN_SECONDS = 20
MEMORY_MARGIN_MB = 60


def run_async(coroutine):
    """Run ``coroutine`` in a thread of its own (Playwright's sync API may hold this one's loop)."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


FIELDS = {  # a value of each kind a WidgetState can carry
    "bool_value": lambda w: setattr(w, "bool_value", True),
    "int_value": lambda w: setattr(w, "int_value", 99_999),
    "double_value": lambda w: setattr(w, "double_value", 1e308),
    "string_value": lambda w: setattr(w, "string_value", SECRET),
    "json_value": lambda w: setattr(w, "json_value", json.dumps({"forged": SECRET})),
    "string_array_value": lambda w: w.string_array_value.data.extend([SECRET, "AF-BAL"]),
    "int_array_value": lambda w: w.int_array_value.data.extend([1, 99_999]),
    "double_array_value": lambda w: w.double_array_value.data.extend([1.5, 1e300]),
    "arrow_value": lambda w: setattr(w.arrow_value, "data", b"\x00junk" * 100),  # junk declared as a table
    "bytes_value": lambda w: setattr(w, "bytes_value", SECRET.encode()),
    "trigger_value": lambda w: setattr(w, "trigger_value", True),
    "string_trigger_value": lambda w: setattr(w.string_trigger_value, "data", SECRET),
    "json_trigger_value": lambda w: setattr(w, "json_trigger_value", json.dumps([SECRET])),
    "chat_input_value": lambda w: setattr(w.chat_input_value, "data", SECRET),
}
OWN_TYPE = {  # in the widget's own type: unknown, out of range, too long, too deep
    "bool_value": [],
    "trigger_value": [],
    "string_value": [SECRET, "AF-XXX", "ev-1997-none", "3000", "x" * 900_000,
                     '{"selection": {"rows": [99999, -3], "columns": ["zz"], "cell": [{"year": "x"}], "year": [{}]}}',
                     json.dumps({"selection": {"cell": [{"year": 1800, "province_code": SECRET}], "year": [[1]]}}),
                     deep(1000)],
    "string_array_value": [["zzz", "1800-01"], ["1997-05", "1996-01"], ["x" * 5000], ["battle"] * 5000],
    "double_array_value": [[5000, -3], [1990, 1991, 1992], [1e300]],
    "json_value": [deep(1000), "{not json", json.dumps(["x" * 100] * 8000), json.dumps(SECRET),
                   json.dumps({**report_for("9999-99", "p", 1, 10 ** 15), "speed": 99}),
                   json.dumps({**report_for("1997-06", "p", 1, -1), "click": {"kind": "province", "id": SECRET}}),
                   json.dumps({**report_for("1997-06", "p", 1, -1), "view": {"lat": "x"}, "viewChosen": True})],
}


def forged_values(key: str) -> list[WidgetState]:
    """Every kind of value for the widget of ``key``: each other field, and its own field with
    values no page of ours sends."""
    own = accepts(f"$$ID-0-{key}")[1].field if key != MAP_KEY else "json_value"
    values = []
    for field, fill in FIELDS.items():
        if field != own:
            state = WidgetState()
            fill(state)
            values.append(state)
    for content in OWN_TYPE[own]:
        state = WidgetState()
        if own.endswith("array_value"):
            getattr(state, own).data.extend(content)
        else:
            setattr(state, own, content)
        values.append(state)
    return values


def test_every_widget_of_every_page_is_one_the_gate_knows(server):
    """A widget added to a page without its entry in ui/gate.py would have every value dropped."""
    async def widgets_of_pages():
        found = {}
        for page, query in PAGES:
            reader, run = await Reader.open(server.url, query, page_name=page)
            found.update(run.widgets)
            await reader.close()
        return found

    found = run_async(widgets_of_pages())
    assert {"atlas_map", "province_picker", "province_event_AF-BAL", "share_popover", "next_chapter", "kinds",
            "events_table", "timeline_grid", "data_year"} <= set(found)
    assert [key for key, ident in found.items() if accepts(ident)[1] is None] == []


def test_forged_values_for_every_widget_show_no_error_and_leave_the_session_working(server):
    log = Path(server.log.name)
    logged_before = log.read_text().count("ignored a value")

    async def forge_everything():
        problems, sent = [], 0
        for page, query in PAGES:
            reader, first = await Reader.open(server.url, query, page=f"forger-{page}", page_name=page)
            assert first.finished == "FINISHED_SUCCESSFULLY" and not first.exceptions, page
            kinds_seen = set()
            for key, ident in sorted(first.widgets.items()):
                if key.startswith("download_") and "download" in kinds_seen:
                    continue  # the data page's dozen download buttons: one stands for them
                kinds_seen.add("download" if key.startswith("download_") else key)
                own = accepts(ident)[1].field
                values = forged_values(key)
                for value in values:
                    value.id = ident
                wrong = [value for value in values if value.WhichOneof("value") != own]
                # Each value in a run of its own for the map and the province picker; for the
                # others, the wrong types together in one message (the gate drops each; each
                # apart: tests/test_gate.py), and each value of their own type apart.
                runs = [[value] for value in values] if key in (MAP_KEY, "province_picker") else \
                    [wrong] + [[value] for value in values if value not in wrong]
                for states in runs:
                    run = await reader.rerun(states, reader.fragments.get(key, ""))
                    sent += sum(value.WhichOneof("value") != own for value in states)
                    if run.exceptions or not run.finished.startswith("FINISHED"):
                        problems.append((page, key, states[0].WhichOneof("value"), run.finished, run.exceptions))
            if page == "":  # and the map still takes a reader's step
                step = await reader.step("1997-08")
                assert step.moment == "1997-08" and not step.exceptions
            again = await reader.rerun([])
            if again.exceptions or not again.finished.startswith("FINISHED"):
                problems.append((page, "a plain rerun afterwards", again.finished, again.exceptions))
            await reader.close()
        return problems, sent

    problems, sent = run_async(forge_everything())
    assert problems == []
    assert sent > 300
    text = log.read_text()
    assert text.count("ignored a value") - logged_before >= sent  # each of the wrong type dropped, with its line
    assert SECRET not in text and "junk" not in text and "Traceback" not in text


async def flood(url: str, reader_steps: list, forgers: int, rounds: int) -> list[str]:
    """``forgers`` clients each send ``rounds`` values just under the size limit and one over it,
    while one reader steps the months; returns how each over-limit connection was closed."""
    closes = []

    async def forger(number: int):
        reader, _ = await Reader.open(url, "?date=1997-05", page=f"forger{number}")
        for _ in range(rounds):
            value = reader.state("province_picker")
            value.string_value = SECRET * (990_000 // len(SECRET))  # 0.99 MB: under the 1 MB limit
            await reader.rerun([value])
        value = reader.state(MAP_KEY)
        value.json_value = json.dumps([SECRET] * (2_000_000 // len(SECRET)))  # 2 MB: over it
        run = await reader.rerun([value])
        closes.append(run.finished)
        await reader.close()

    async def stepper():
        reader, _ = await Reader.open(url, "?date=1998-01", page="reader")
        for moment in ("1998-02", "1998-03", "1998-04", "1998-05", "1998-06", "1998-07"):
            run = await asyncio.wait_for(reader.step(moment), ANSWERED_WITHIN_SECONDS)
            reader_steps.append((moment, run.moment, run.exceptions))
        await reader.close()

    await asyncio.gather(stepper(), *(forger(n) for n in range(forgers)))
    return closes


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def test_twenty_forgers_cost_another_reader_nothing_and_their_memory_is_returned(server):
    pid = server.process.pid
    run_async(flood(server.url, [], 2, 1))  # the server has met every code path once
    before = rss_mb(pid)
    steps = []
    closes = run_async(flood(server.url, steps, forgers=20, rounds=3))
    assert closes == ["closed 1009"] * 20  # "message too big"
    assert [(asked, shown, exceptions) for asked, shown, exceptions in steps] == \
        [(asked, asked, []) for asked, _, _ in steps] and len(steps) == 6  # each step answered, and taken
    # The forgers have gone (their connections closed); once a new reader has been answered the
    # server has dropped their sessions, and their memory with them.
    run_async(flood(server.url, [], 0, 0))
    assert rss_mb(pid) <= before + MEMORY_MARGIN_MB, (before, rss_mb(pid))


@pytest.mark.parametrize("megabytes", [2, 5])
def test_a_message_over_the_limit_closes_its_connection_as_too_big(server, megabytes):
    async def send_too_much() -> str:
        reader, _ = await Reader.open(server.url, "?date=1997-05")
        try:
            return (await reader.send_raw(b"\0" * (megabytes * 1024 * 1024))).finished
        finally:
            await reader.close()

    assert run_async(send_too_much()) == "closed 1009"


def test_after_a_message_over_the_limit_the_page_reconnects_with_its_state(server, page):
    """The map's frame sends a 2 MB value (what a forger could make it send): the server closes
    the page's connection (1009), the page reconnects, and the reader goes on with their view.

    Until the reader's next step the page keeps reconnecting: it asks each new session for a
    whole run (the map is a fragment, ui.state.ask_for_a_whole_run_after_a_reconnect), and that
    run carries the widgets' values, the map's forged one among them, which is refused again.
    Only a page that sent an over-limit value itself does this; nginx's limit on new sessions
    per address bounds what it costs (docs/deploy.md)."""
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto(f"{server.url}/?date=1997-05&province=AF-BAL")
    frame = map_frame(page)
    wait_for_moment(frame, "1997-05")
    with page.expect_websocket(timeout=TIMEOUT_MS):  # the page's new connection
        frame.evaluate("window.Streamlit.setComponentValue({seq: 1, junk: 'x'.repeat(2000000)})")
    assert sockets[0].is_closed()
    frame.get_by_role("button", name="Next month").click()  # the reader's next step
    wait_for_url(page, date="1997-06", province="AF-BAL")
    wait_for_moment(frame, "1997-06")
    expect(page.get_by_role("heading", name="Balkh")).to_be_visible(timeout=TIMEOUT_MS)
    assert page.locator("[data-testid='stException']").count() == 0
    assert len(sockets) >= 2 and not sockets[-1].is_closed()  # reconnected, and now it stays
