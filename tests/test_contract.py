"""The contract's Python side: the descriptor's enums are the ones the code uses, and the
payload types name the fields the map script reads."""
import json

from atlas_view.contract import Marker, YearLayer, YearTableEntry
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


def test_the_year_table_matches_its_declared_shape(atlas_view):
    table = atlas_view.year_table
    entry = table["years"]["1997"]
    assert set(entry) == set(YearTableEntry.__annotations__)
    required = Marker.__required_keys__
    assert all(required <= set(marker) for year in table["years"].values() for marker in year["markers"])
    assert all(set(style) == {"s", "h", "l"} for style in entry["styles"].values())


def test_the_year_layer_matches_its_declared_shape():
    from atlas_view.webmap import year_payload
    assert set(year_payload(1997, None)) == YearLayer.__required_keys__


def test_the_scripts_read_the_declared_fields():
    from atlas_view.webmap import ATLAS_JS, STATIC_DIR
    script = (STATIC_DIR / ATLAS_JS).read_text(encoding="utf-8")
    for field in ("showTerritory", "showLabels", "defaultMarkers", "selected", "legendKey", "sliderKey",
                  "clickProperty", "yearTableUrl", "geometry", "strongholdWidth", "changedWidth"):
        assert field in script, field
