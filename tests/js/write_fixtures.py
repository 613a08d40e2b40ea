"""Payloads made by Python, for the map script's own tests (``node --test tests/js``): the
script's tests check them against the contract's schema and feed them to its functions.

Usage: ``python -m tests.js.write_fixtures FOLDER`` (``make test`` writes them to
``test-artifacts/js-fixtures`` before it runs node)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from atlas_view.contract import moment_payload
from atlas_view.presentation import present
from atlas_view.webmap import map_config
from geo.atlas import load_atlas
from geo.dates import Moment
from geo.reference import reference_layer


def fixtures() -> dict[str, object]:
    view = present(load_atlas())
    table = json.loads(view.month_table_json)
    day = Moment.parse("1997-05-26")
    day_styles, day_legend = view.day_styles(day)
    return {
        "config": map_config("../x/provinces.geojson", "../x/months.json", speed=3, reference="../x/reference.json"),
        "config-export": map_config({"type": "FeatureCollection", "features": []}, None, reference=reference_layer()),
        "layer-month": moment_payload(Moment.parse("1997-05"), selected="AF-BAL", time_request=2),
        "layer-day": moment_payload(day, day_styles, day_legend, selected_event=None, time_request=3),
        "month-table": table,
    }


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in fixtures().items():
        (folder / f"{name}.json").write_text(json.dumps(value), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("test-artifacts/js-fixtures"))
