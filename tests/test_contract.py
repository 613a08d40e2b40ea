"""The contract's Python side: the descriptor's enums are the ones the code uses, the payloads
have their declared shapes, the schema the script's tests read is the contract's, and the
script reads what the contract declares."""
import json
import re

from atlas_view import contract
from atlas_view.contract import (SCHEMA_FILE, MapConfig, Marker, MomentLayer, MonthEntry, MonthTable, contract_schema,
                                 schema_text)
from atlas_view.webmap import MAP_SCRIPTS, STATIC_DIR
from geo.events import EVENT_KINDS
from tests.conftest import DATA
from tests.js.source_code import js_code


def descriptor_enum(resource: str, field: str) -> list[str]:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]["fields"]
    return next(f for f in fields if f["name"] == field)["constraints"]["enum"]


def script_code() -> str:
    """The map script's code (:func:`js_code`) as the dashboard and the export run it."""
    return js_code("\n".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in MAP_SCRIPTS))


def test_event_kinds_are_the_descriptors():
    assert list(EVENT_KINDS) == descriptor_enum("events", "kind")


def test_every_event_kind_has_a_symbol_in_the_map_script():
    code = script_code()
    shapes = code[code.index("var SHAPES = {"):code.index("};", code.index("var SHAPES = {"))]
    assert all(f"\n    {kind}:" in shapes for kind in EVENT_KINDS)


def test_the_month_table_matches_its_declared_shape(atlas_view):
    table = atlas_view.month_table
    assert set(table) == set(MonthTable.__annotations__)
    assert len(table["months"]) == len(table["labels"]) == len(table["params"]) == 408
    assert table["labels"][112] == "May 1997" and table["params"][407] == "2021-12"
    for entry in table["months"]:
        assert set(entry) == set(MonthEntry.__annotations__) and len(entry["p"]) == len(table["provinces"])
        assert all(0 <= state < len(table["states"]) for state in entry["p"]) and entry["g"] < len(table["legends"])
        assert all(item[0] < len(table["markers"]) for item in entry["m"])
    assert all(Marker.__required_keys__ <= set(marker) for marker in table["markers"])


def test_the_moment_layer_and_the_config_match_their_declared_shapes():
    from atlas_view.contract import moment_payload
    from atlas_view.webmap import map_config
    from geo.dates import Moment
    assert set(moment_payload(Moment.end_of_month(1997, 5))) == set(MomentLayer.__annotations__)
    assert set(map_config("g.json")) == set(MapConfig.__annotations__)


def test_the_schema_file_the_scripts_tests_read_is_the_contracts():
    """``python -m atlas_view.contract`` rewrites it; a field added in Python without it fails here."""
    assert (STATIC_DIR / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
    schema = contract_schema()
    assert set(schema["definitions"]["MomentLayer"]["properties"]) == set(MomentLayer.__annotations__)
    assert schema["definitions"]["MomentLayer"]["properties"]["precision"] == {"enum": ["month", "day"]}


# Where the map script holds each payload: the names it reads the payload's fields through.
READERS = {"MapConfig": ("config",), "MonthTable": ("table",), "MomentLayer": ("payload", "layer"),
           "LegendKey": ("key",), "Playback": ("playback",)}


def test_the_script_reads_every_declared_field_from_the_payload_that_carries_it():
    """Each field of each payload Python sends is read in the script's code as
    ``<the payload's name>.<field>``: a field the script stopped reading, renamed on one side
    only, or left only in a comment or a string fails here."""
    code = script_code()
    for payload, names in READERS.items():
        for field in getattr(contract, payload).__annotations__:
            assert re.search(rf"\b(?:{'|'.join(names)})\.{field}\b", code), f"{payload}.{field} is not read"


def test_js_code_keeps_code_and_drops_comments_strings_and_regular_expressions():
    code = js_code("""var a = config.month; // config.playback
/* config.report */ var s = 'config.timeBar // not a comment'; var t = "it's"; var u = `config.geometry`;
var r = /config.fitBounds[/]'/g.test(x) / 2; var b = config.wheelZoom;
function f(url) { return /^https?:\\/\\/[^\\s"]+$/.test(url) && config.attributes; }""")
    for read in ("config.month", "config.wheelZoom", "/ 2", "config.attributes"):
        assert read in code
    for hidden in ("playback", "report", "timeBar", "geometry", "fitBounds", "not a comment"):
        assert hidden not in code
