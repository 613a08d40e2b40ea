"""The contract's Python side: the descriptor's enums are the ones the code uses, the payloads
have their declared shapes, the schema the script's tests read is the contract's, and the
script reads what the contract declares."""
import json
import re

from atlas_view.contract import (SCHEMA_FILE, MapConfig, Marker, MomentLayer, MonthEntry, MonthTable, contract_schema,
                                 schema_text)
from atlas_view.webmap import MAP_SCRIPTS, STATIC_DIR
from geo.events import EVENT_KINDS
from tests.conftest import DATA


def descriptor_enum(resource: str, field: str) -> list[str]:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]["fields"]
    return next(f for f in fields if f["name"] == field)["constraints"]["enum"]


def script_code() -> str:
    """The map script's code without its comments (a field named only in a comment is not read)."""
    text = "\n".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in MAP_SCRIPTS)
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


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
    from atlas_view.webmap import map_config, moment_payload
    from geo.dates import Moment
    assert set(moment_payload(Moment.end_of_month(1997, 5))) == set(MomentLayer.__annotations__)
    assert set(map_config("g.json")) == set(MapConfig.__annotations__)


def test_the_schema_file_the_scripts_tests_read_is_the_contracts():
    """``python -m atlas_view.contract`` rewrites it; a field added in Python without it fails here."""
    assert (STATIC_DIR / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
    schema = contract_schema()
    assert set(schema["definitions"]["MomentLayer"]["properties"]) == set(MomentLayer.__annotations__)
    assert schema["definitions"]["MomentLayer"]["properties"]["precision"] == {"enum": ["month", "day"]}


def test_the_script_reads_the_declared_fields_in_its_code():
    code = script_code()
    fields = [*MomentLayer.__annotations__, *MapConfig.__annotations__, *MonthTable.__annotations__,
              "strongholdWidth", "changedWidth", "speeds"]
    for field in fields:
        assert re.search(rf"\.{field}\b|\b{field}:", code), field
