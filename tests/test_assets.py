"""The month table is written once per content, under a name that changes with it."""
import json

from ui.assets import generated_dir, write_month_table


def test_month_table_file_is_named_by_its_content(atlas_view):
    name = write_month_table(atlas_view.month_table_json)
    assert name == write_month_table(atlas_view.month_table_json)
    assert name != write_month_table(atlas_view.month_table_json.replace("Junbish", "Junbesh"))
    written = json.loads((generated_dir() / name).read_text(encoding="utf-8"))
    assert len(written["months"]) == 408 and written["params"][112] == "1997-05"
