"""The year table is written once per content, under a name that changes with it."""
import json

from ui.assets import generated_dir, write_year_table


def test_year_table_file_is_named_by_its_content(atlas_view):
    name = write_year_table(atlas_view.year_table_json)
    assert name == write_year_table(atlas_view.year_table_json)
    assert name != write_year_table(atlas_view.year_table_json.replace("Junbish", "Junbesh"))
    written = json.loads((generated_dir() / name).read_text(encoding="utf-8"))
    assert set(written["years"]) == {str(y) for y in atlas_view.atlas.years}
