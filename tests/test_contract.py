"""The contract's Python side: the descriptor's enums are the ones the code uses, and the
payload types name the fields the map script reads."""
import json

from atlas_view.contract import MapConfig, Marker, MomentLayer, MonthEntry, MonthTable
from geo.events import EVENT_KINDS
from tests.conftest import DATA


def descriptor_enum(resource: str, field: str) -> list[str]:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]["fields"]
    return next(f for f in fields if f["name"] == field)["constraints"]["enum"]


def test_event_kinds_are_the_descriptors():
    assert list(EVENT_KINDS) == descriptor_enum("events", "kind")


def test_every_event_kind_has_a_symbol_in_the_map_script():
    from atlas_view.webmap import ATLAS_JS, STATIC_DIR
    script = (STATIC_DIR / ATLAS_JS).read_text(encoding="utf-8")
    shapes = script[script.index("var SHAPES = {"):script.index("};", script.index("var SHAPES = {"))]
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


def test_the_scripts_read_the_declared_fields():
    from atlas_view.webmap import ATLAS_JS, STATIC_DIR
    script = (STATIC_DIR / ATLAS_JS).read_text(encoding="utf-8")
    fields = [*MomentLayer.__annotations__, *MapConfig.__annotations__, *MonthTable.__annotations__,
              "strongholdWidth", "changedWidth", "speeds", "back", "forward"]
    for field in fields:
        assert field in script, field
