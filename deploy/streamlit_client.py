"""A reader without a browser: Streamlit's websocket protocol (``/_stcore/stream``, protobuf
``BackMsg`` out, ``ForwardMsg`` in), enough to open a shared link, step the map's months and
send any widget value, well-formed or forged. The load generator (``bench/load.py``) runs many
of these from one process; the tests of forged values (``tests/browser/test_forged_values.py``)
send what no page of ours would.

A month step is what the map's frame does (``static/atlas-map.js``): it sends the map's report
(:class:`atlas_view.contract.MapReport`) as the ``atlas_map`` component's value, with the
``timeRequest`` of the last layer it followed, read here from the layer the page sent.

Uses ``websockets`` (a dependency of Streamlit itself) and Streamlit's own protobuf classes.

>>> report_for("1997-06", page="load1", seq=2, time_request=5)["moment"]
'1997-06'
"""
from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM = "/_stcore/stream"
MAP_KEY = "atlas_map"
RUN_TIMEOUT_SECONDS = 60
_TIME_REQUEST = re.compile(r'\\?"timeRequest\\?":\s*(-?\d+)')
_MOMENT = re.compile(r'\\?"param\\?":\s*\\?"(\d{4}-\d{2}(?:-\d{2})?)')


def report_for(moment: str, page: str, seq: int, time_request: int) -> dict:
    """The map's report of ``moment`` (no click, no chosen view), as ``atlas-map.js`` makes it."""
    return {"seq": seq, "page": page, "moment": moment, "playing": False, "speed": 6, "view": None,
            "viewChosen": False, "click": None, "timeRequest": time_request}


@dataclass
class Run:
    """What one script run sent back: the widgets by user key (``key`` -> element id), the
    fragment of each (if it is in one), error boxes shown, how the run ended, the moment its
    answer names, and the run's time."""

    widgets: dict[str, str] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)  # user key -> fragment id
    exceptions: list[str] = field(default_factory=list)
    time_request: int | None = None
    finished: str = ""
    query: str | None = None  # the page's URL query after the run, when the run changed it
    layer_moment: str | None = None  # the moment the map's layer the run sent names ("1997-05"), if it sent one
    seconds: float = 0.0
    received_bytes: int = 0
    largest_message: int = 0

    @property
    def moment(self) -> str | None:
        """The moment the run's answer names: the link's ``date`` when the run changed the URL
        (a step's answer), else the map's layer's (which, for a month with the default markers,
        names the page's last move of the time: ``ui.map_state.layer_moment``)."""
        dates = parse_qs(self.query or "").get("date")
        return dates[-1] if dates else self.layer_moment


class Reader:
    """One websocket session of the atlas. ``await Reader.open(url, "?date=1997-05")`` connects
    and waits for the page's first run; :meth:`step` sends a month step and waits for its answer;
    :meth:`send` sends any list of :class:`WidgetState`."""

    def __init__(self, socket, url: str, query: str, page: str, page_name: str = ""):
        self.socket, self.url, self.query, self.page, self.page_name = socket, url, query, page, page_name
        self.widgets: dict[str, str] = {}
        self.fragments: dict[str, str] = {}
        self.time_request = -1
        self.seq = 0
        self.page_hash = ""

    @classmethod
    async def open(cls, url: str, query: str = "", page: str = "load", local_address: str | None = None,
                   max_size: int | None = 64 * 2 ** 20, page_name: str = "") -> tuple["Reader", Run]:
        """Connect to the app at ``url`` (``http://host:port``) and run its page ``page_name``
        (its URL path, ``""`` the map) for ``query``.
        ``local_address`` picks the client's own address (e.g. ``127.0.0.2``: another client)."""
        parts = urlsplit(url)
        address = f"ws://{parts.netloc}{parts.path.rstrip('/')}{STREAM}"
        extra = {"local_addr": (local_address, 0)} if local_address else {}
        socket = await websockets.connect(address, subprotocols=["streamlit"], max_size=max_size,
                                          open_timeout=RUN_TIMEOUT_SECONDS, **extra)
        reader = cls(socket, url, query.lstrip("?"), page, page_name)
        run = await reader.rerun([])
        return reader, run

    async def close(self) -> None:
        await self.socket.close()

    def _back_msg(self, states: list[WidgetState], fragment: str = "") -> BackMsg:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.page_name = self.page_name
        rerun.fragment_id = fragment
        rerun.context_info.url = f"{self.url}/{self.page_name}?{self.query}"
        rerun.context_info.timezone = "UTC"
        rerun.widget_states.widgets.extend(states)
        return message

    async def rerun(self, states: list[WidgetState], fragment: str = "") -> Run:
        """Send a rerun with ``states`` and wait for the run's end (or the connection's)."""
        return await self.send_raw(self._back_msg(states, fragment).SerializeToString())

    async def send_raw(self, data: bytes) -> Run:
        """Send ``data`` as one binary frame and read the answer until the run ends. A closed
        connection ends the run with ``finished="closed <code>"``."""
        started = time.perf_counter()
        run = Run()
        try:
            await self.socket.send(data)
            async with asyncio.timeout(RUN_TIMEOUT_SECONDS):
                while not run.finished:
                    frame = await self.socket.recv()
                    run.received_bytes += len(frame)
                    run.largest_message = max(run.largest_message, len(frame))
                    self._read(frame, run)
        except websockets.ConnectionClosed as closed:
            run.finished = f"closed {closed.rcvd.code if closed.rcvd else 'without a code'}"
        run.seconds = time.perf_counter() - started
        self.widgets.update(run.widgets)
        self.fragments.update(run.fragments)
        if run.time_request is not None:
            self.time_request = run.time_request
        return run

    def _read(self, frame: bytes, run: Run) -> None:
        message = ForwardMsg()
        message.ParseFromString(frame)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = message.new_session.page_script_hash
        elif kind == "page_info_changed":
            run.query = message.page_info_changed.query_string
        elif kind == "script_finished":
            run.finished = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
        elif kind == "delta" and message.delta.WhichOneof("type") == "add_block":
            block = message.delta.add_block  # a popover, an expander or tabs with a state of their own
            which = block.WhichOneof("type")
            ident = getattr(getattr(block, which), "id", "") if which else ""
            if ident.startswith("$$ID-"):
                run.widgets[ident.split("-", 2)[2]] = ident
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                run.exceptions.append(f"{element.exception.type}: {element.exception.message[:200]}")
                return
            body = getattr(element, which) if which else None
            ident = getattr(body, "id", "") if body is not None else ""
            if ident.startswith("$$ID-"):
                key = ident.split("-", 2)[2]
                if which == "component_instance" and element.component_instance.component_name.endswith("st_folium"):
                    key = MAP_KEY  # streamlit-folium keys its component by a hash of the map's script
                run.widgets[key] = ident
                if message.delta.fragment_id:
                    run.fragments[key] = message.delta.fragment_id
            if which == "component_instance":
                found = _TIME_REQUEST.findall(element.component_instance.json_args)
                if found:
                    run.time_request = int(found[-1])
                moments = _MOMENT.findall(element.component_instance.json_args)
                if moments:
                    run.layer_moment = moments[-1]

    def state(self, key: str) -> WidgetState:
        """An empty :class:`WidgetState` for the widget of user key ``key`` (its id from the page)."""
        return WidgetState(id=self.widgets[key])

    async def step(self, moment: str) -> Run:
        """The map steps to ``moment`` (``YYYY-MM``) and reports it, as a reader's Next does."""
        self.seq += 1
        value = self.state(MAP_KEY)
        value.json_value = json.dumps(report_for(moment, self.page, self.seq, self.time_request))
        return await self.rerun([value], self.fragments.get(MAP_KEY, ""))


def months(first: str, count: int) -> list[str]:
    """``count`` months from ``first`` (``YYYY-MM``) on, wrapping at the end of 2021.

    >>> months("2021-11", 3)
    ['2021-11', '2021-12', '1988-01']
    """
    year, month = map(int, first.split("-"))
    index = (year - 1988) * 12 + month - 1
    return [f"{1988 + (i % 408) // 12}-{(i % 408) % 12 + 1:02d}" for i in range(index, index + count)]
