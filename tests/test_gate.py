"""The gate before Streamlit (ui/gate.py): values of the atlas's widgets in their own types and
sizes pass untouched; forged ones (wrong type, unknown widget, too long, too deep, junk bytes
as a table) are dropped, each with one short log line that names the widget and not the value;
messages no page of ours sends (clear every cache) are dropped. Sent from a raw websocket client
to a real server in tests/browser/test_forged_values.py."""
import json

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from ui.gate import MAX_DEPTH, MAX_JSON, MAX_QUERY, checked

MAP_ID = "$$ID-03b2-" + "3ca070aae36229a552605a6de9429a514a6699fa9cee4306d8686da2785f9fe5"
PICKER_ID = "$$ID-2f09-province_picker"
SECRET = "SECRET-VALUE"


def rerun(*states: WidgetState) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = "date=1997-05"
    message.rerun_script.widget_states.widgets.extend(states)
    return message.SerializeToString()


def kept(data: bytes) -> list[str]:
    """The ids of the widget values the gate let through."""
    out = checked(data)
    if out is None:
        return []
    message = BackMsg()
    message.ParseFromString(out)
    return [state.id for state in message.rerun_script.widget_states.widgets]


def state(ident: str, **value) -> WidgetState:
    widget = WidgetState(id=ident)
    for name, content in value.items():
        if name.endswith("array_value"):
            getattr(widget, name).data.extend(content)
        elif name == "arrow_value":
            widget.arrow_value.data = content
        else:
            setattr(widget, name, content)
    return widget


REPORT = {"seq": 1, "page": "p1", "moment": "1997-06", "playing": False, "speed": 6, "view": None,
          "viewChosen": False, "click": {"kind": "province", "id": "AF-BAL"}, "timeRequest": 3}
GOOD = [state(MAP_ID, json_value=json.dumps(REPORT)), state(PICKER_ID, string_value="AF-BAL"),
        state("$$ID-1-show_events", bool_value=False), state("$$ID-1-kinds", string_array_value=["battle"]),
        state("$$ID-1-start_story", trigger_value=True), state("$$ID-1-events_years", double_array_value=[1990, 1995]),
        state("$$ID-1-province_event_AF-BAL", string_value="ev-1997-x"), state("$$ID-1-timeline_grid",
        string_value='{"selection": {"cell": [{"year": 1997, "province_code": "AF-BAL"}]}}'), state(PICKER_ID)]


def test_values_of_our_widgets_pass_untouched():
    data = rerun(*GOOD)
    assert checked(data) is data


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


FORGED = {
    "the map as a string": state(MAP_ID, string_value=SECRET),
    "the map as junk bytes declared as a table": state(MAP_ID, arrow_value=b"\x00junk" * 100),
    "the map as bytes": state(MAP_ID, bytes_value=SECRET.encode()),
    "the map nested 1,000 deep": state(MAP_ID, json_value=deep(1000)),
    "the map nested one level too deep": state(MAP_ID, json_value=deep(MAX_DEPTH + 1)),
    "the map not JSON": state(MAP_ID, json_value="{" + SECRET),
    "the map too long": state(MAP_ID, json_value=json.dumps([SECRET] * (MAX_JSON // len(SECRET)))),
    "the map a JSON string": state(MAP_ID, json_value=json.dumps(SECRET)),
    "the picker as JSON": state(PICKER_ID, json_value='{"a": 1}'),
    "the picker as a list": state(PICKER_ID, string_array_value=["AF-BAL", SECRET]),
    "the picker as a number": state(PICKER_ID, int_value=99999),
    "the picker as a chat message": state(PICKER_ID, json_trigger_value='{"x": 1}'),
    "the picker 0.9 MB long": state(PICKER_ID, string_value=SECRET * 75_000),
    "a toggle as a string": state("$$ID-1-labels", string_value=SECRET),
    "a button as a bool": state("$$ID-1-start_story", bool_value=True),
    "kinds with too many items": state("$$ID-1-kinds", string_array_value=["battle"] * 65),
    "kinds with an item too long": state("$$ID-1-kinds", string_array_value=[SECRET * 30]),
    "years out of range": state("$$ID-1-events_years", double_array_value=[1e300, float("nan")]),
    "a selection not JSON": state("$$ID-1-events_table", string_value=SECRET),
    "an unknown widget": state("$$ID-1-" + SECRET, bool_value=True),
    "a widget without a key": state("$$ID-1-None", bool_value=True),
    "not an element id": state(SECRET, bool_value=True),
}


@pytest.mark.parametrize("forged", FORGED.values(), ids=FORGED.keys())
def test_a_forged_value_is_dropped_with_one_line_that_does_not_echo_it(forged, caplog):
    caplog.set_level("WARNING", logger="junbish_atlas.input")
    assert kept(rerun(forged, *GOOD)) == [good.id for good in GOOD]
    assert len(caplog.records) == 1 and caplog.records[0].exc_info is None
    assert SECRET not in caplog.text and "junk" not in caplog.text and len(caplog.records[0].getMessage()) < 200


@pytest.mark.parametrize("kind", ["clear_cache", "set_run_on_save", "load_git_info", "debug_shutdown_runtime"])
def test_messages_no_page_of_ours_sends_are_dropped(kind, caplog):
    message = BackMsg()
    setattr(message, kind, True)
    assert checked(message.SerializeToString()) is None
    assert kind in caplog.text


def test_a_rerun_with_an_oversized_part_is_dropped_whole():
    message = BackMsg()
    message.rerun_script.query_string = "date=" + "1" * MAX_QUERY
    assert checked(message.SerializeToString()) is None
    message = BackMsg()
    message.rerun_script.cached_message_hashes.extend(["h"] * 20_000)
    assert checked(message.SerializeToString()) is None


def test_bytes_that_are_not_a_message_are_left_to_streamlit_to_refuse():
    assert checked(b"\xff\xff\xff") == b"\xff\xff\xff"


def test_a_message_over_the_size_limit_reaches_streamlit_whole_to_be_refused():
    data = rerun(state(PICKER_ID, string_value="x" * 2_000_000))  # Streamlit closes it (code 1009)
    assert checked(data) is data


def test_a_rerun_from_a_link_as_long_as_the_server_takes_passes():
    """A 60 KB link (the server takes up to 64 KB, docs/deploy.md) reaches the page's first run:
    its parameters fall back with a notice, they are not dropped unread."""
    message = BackMsg()
    message.rerun_script.query_string = "date=" + "9" * 60_000 + "&province=AF-BAL"
    data = message.SerializeToString()
    assert checked(data) == data
