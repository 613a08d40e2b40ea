"""The gate every message from a page passes before Streamlit reads it (``app.py`` installs
:class:`WidgetGate` as an ASGI middleware on the websocket ``/_stcore/stream``).

A page sends widget values (``BackMsg.rerun_script.widget_states``): each names its widget by
an element id that ends in the widget's key. The gate lets a value through only when the key is
one of the atlas's widgets (:data:`WIDGETS`) and the value has that widget's type and fits its
size: a string of at most :data:`MAX_TEXT` characters, a list of at most :data:`MAX_ITEMS`, the
map's report as JSON of at most :data:`MAX_JSON` characters nested at most :data:`MAX_DEPTH`
deep. Anything else (a forged value, an unknown widget, a table of junk bytes, a message
asking the server to clear everyone's caches) is dropped before any of the app's code or
Streamlit's sees it, with one short log line naming the widget and why (never the value; see
:mod:`ui.checks`). What passes is still checked where it is used: known codes and ids only
(:func:`ui.checks.known_or_none`, :func:`atlas_view.contract.parse_report`).

Sizes are bounded before this: ``server.maxMessageSize`` and ``server.maxWidgetStateSize``
(``.streamlit/config.toml``, 1 MB) close a connection whose message is larger (code 1009); the
page then reconnects to its session, which kept its state.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.runtime_util import get_max_widget_state_size_bytes
from streamlit.proto.WidgetStates_pb2 import WidgetState

from ui.checks import ignored

MAX_TEXT = 200
MAX_ITEMS = 64
MAX_JSON = 4096
MAX_DEPTH = 6
MAX_QUERY = 65_536  # a link's query: the server takes links up to 64 KB (docs/deploy.md, "Links")
MAX_CACHED_HASHES = 10_000


@dataclass(frozen=True)
class Accepts:
    """What one widget may send: the ``WidgetState`` field, and whether a string is JSON."""

    field: str
    json: bool = False
    max_length: int = MAX_TEXT


TOGGLE, BUTTON = Accepts("bool_value"), Accepts("trigger_value")
CHOICE, CHOICES = Accepts("string_value"), Accepts("string_array_value")
SELECTION = Accepts("string_value", json=True, max_length=MAX_JSON)  # a chart's or a table's selection
# The map's report (atlas_view.contract.MapReport): streamlit-folium keys its component by a
# SHA-256 of the map's script, not by our key "atlas_map".
MAP = Accepts("json_value", json=True, max_length=MAX_JSON)
MAP_KEY = re.compile(r"^[0-9a-f]{64}$")

WIDGETS: dict[str, Accepts] = {
    # map page (ui/controls.py, ui/panels.py, ui/tour.py)
    "show_territory": TOGGLE, "show_events": TOGGLE, "show_districts": TOGGLE, "labels": TOGGLE, "fade": TOGGLE,
    "kinds": CHOICES, "share_popover": TOGGLE, "picture": BUTTON,
    "province_picker": CHOICE, "close_event": BUTTON, "clear_district": BUTTON, "clear_province": BUTTON,
    "start_story": BUTTON, "previous_chapter": BUTTON, "next_chapter": BUTTON, "leave_story": BUTTON,
    # timeline
    "timeline_grid": SELECTION, "timeline_area": SELECTION, "timeline_events": SELECTION,
    # events
    "events_years": Accepts("double_array_value"), "events_provinces": CHOICES, "events_kinds": CHOICES,
    "events_factions": CHOICES, "events_search": CHOICE, "events_table": SELECTION, "events_download": BUTTON,
    # sources
    "sources_search": CHOICE,
    # data
    "data_year": CHOICE, "data_district_month": CHOICES, "download_zip": BUTTON, "download_territory": BUTTON,
    "download_districts": BUTTON, "download_export": BUTTON,
}
PREFIXED: dict[str, Accepts] = {"province_event_": CHOICE, "download_": BUTTON}  # one per province / file
# Messages a page of ours sends; the others (clear_cache clears every reader's caches,
# set_run_on_save, file uploads, git info, debug requests) are dropped.
ALLOWED_MESSAGES = {"rerun_script", "app_heartbeat", "stop_script", "backend_operation_request"}


def accepts(element_id: str) -> tuple[str, Accepts | None]:
    """The widget's key and what it may send (None: not a widget of the atlas, whose key is
    then not repeated).

    >>> accepts("$$ID-2f09-province_picker")[1].field, accepts("$$ID-2f09-None")[1]
    ('string_value', None)
    """
    key = element_id.split("-", 2)[2] if element_id.startswith("$$ID-") and element_id.count("-") >= 2 else ""
    if MAP_KEY.match(key):
        return "atlas_map", MAP
    if key in WIDGETS:
        return key, WIDGETS[key]
    for prefix, accepted in PREFIXED.items():
        if key.startswith(prefix) and re.fullmatch(r"[A-Za-z0-9_.-]{1,80}", key):
            return key, accepted
    return "a widget the atlas does not have", None  # (its name is the sender's: not echoed)


def problem(state: WidgetState) -> str | None:
    """Why the value cannot be from a widget of ours (a short reason, never the value), or None."""
    key, accepted = accepts(state.id)
    if accepted is None:
        return "not a widget of the atlas"
    which = state.WhichOneof("value")
    if which is None:
        return None  # no value: the widget's default
    if which != accepted.field:
        return f"a {which} (it sends {accepted.field})"
    value = getattr(state, which)
    if isinstance(value, str):
        if len(value) > accepted.max_length:
            return "a value too long"
        if accepted.json and not _small_json(value):
            return "not JSON of the map's shape and size"
    elif which in ("string_array_value", "double_array_value"):
        if len(value.data) > MAX_ITEMS:
            return "too many items"
        if which == "string_array_value" and any(len(item) > MAX_TEXT for item in value.data):
            return "an item too long"
        if which == "double_array_value" and not all(math.isfinite(item) and abs(item) < 1e6 for item in value.data):
            return "a number out of range"
    return None


def _small_json(text: str) -> bool:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, (dict, list)) and _depth(value) <= MAX_DEPTH


def _depth(value) -> int:
    """How deep ``value`` nests (a scalar 0, ``[]`` 1), without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def checked(data: bytes) -> bytes | None:
    """The message to hand to Streamlit: ``data`` itself when all is well, a copy without the
    values that are not ours, or None to drop it. Bytes that are not a ``BackMsg`` go through
    unchanged: Streamlit closes such a connection (code 1002); so do messages over
    ``server.maxWidgetStateSize`` (code 1009), which the gate must not shrink below it."""
    if len(data) > get_max_widget_state_size_bytes():
        return data
    message = BackMsg()
    try:
        message.ParseFromString(data)
    except Exception:  # noqa: BLE001 (protobuf raises DecodeError or others): Streamlit's to refuse
        return data
    kind = message.WhichOneof("type")
    if kind not in ALLOWED_MESSAGES:
        ignored(f"a {kind or 'empty'} message")
        return None
    if kind != "rerun_script":
        return data
    rerun = message.rerun_script
    context = rerun.context_info
    if (len(rerun.query_string) > MAX_QUERY or len(rerun.cached_message_hashes) > MAX_CACHED_HASHES
            or max(len(rerun.page_script_hash), len(rerun.page_name), len(rerun.fragment_id)) > MAX_TEXT
            or len(context.url) > MAX_QUERY + MAX_TEXT
            or max(len(context.timezone), len(context.locale), len(context.color_scheme)) > MAX_TEXT):
        ignored("a rerun request of the wrong size")
        return None
    kept = []
    for state in rerun.widget_states.widgets:
        why = problem(state)
        if why is None:
            kept.append(state)
        else:
            ignored(accepts(state.id)[0], why)
    if len(kept) == len(rerun.widget_states.widgets):
        return data
    del rerun.widget_states.widgets[:]
    rerun.widget_states.widgets.extend(kept)
    return message.SerializeToString()


class WidgetGate:
    """ASGI middleware: every binary message on a websocket passes :func:`checked` before the
    app receives it; HTTP passes untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def gated_receive():
            while True:
                event = await receive()
                if event.get("type") != "websocket.receive" or event.get("bytes") is None:
                    return event
                data = checked(event["bytes"])
                if data is not None:
                    return {**event, "bytes": data}

        await self.app(scope, gated_receive, send)
