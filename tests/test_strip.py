"""The province strip in the panel: one cell per year in the holder's colour, the shown year
outlined, hover texts and a spoken summary, text and colours from the data made harmless."""
import re
import xml.etree.ElementTree as ET

import pandas as pd

from atlas_view.strip import STATUS_OPACITY, province_years_html
from geo.dates import FIRST_YEAR, LAST_YEAR


def cells(html: str) -> list[ET.Element]:
    return [e for e in ET.fromstring(html).iter("span") if e.get("data-year")]


def rgba(colour: str, opacity: float) -> str:
    return f"rgba({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)}, {opacity})"


def test_every_year_has_a_cell_in_its_holders_colour(atlas):
    html = province_years_html(atlas.territory, "AF-FYB", atlas.factions, 1997)
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    rows = atlas.territory[atlas.territory["province_code"] == "AF-FYB"].set_index("year")
    drawn = cells(html)
    assert [int(c.get("data-year")) for c in drawn] == list(range(FIRST_YEAR, LAST_YEAR + 1))
    for cell in drawn:
        row = rows.loc[int(cell.get("data-year"))]
        assert f"background: {rgba(colours[row['faction']], STATUS_OPACITY[row['status']])};" in cell.get("style")
        assert cell.get("title").startswith(f"{cell.get('data-year')}: ")


def test_the_shown_year_is_outlined_and_the_summary_names_the_holders(atlas):
    html = province_years_html(atlas.territory, "AF-BAL", atlas.factions, 1998)
    selected = [c for c in cells(html) if c.get("data-selected")]
    assert [c.get("data-year") for c in selected] == ["1998"] and "box-shadow" in selected[0].get("style")
    root = ET.fromstring(html)
    assert root.get("role") == "img" and re.search(r"1998.*Taliban", root.get("aria-label"))


def test_text_and_colours_from_the_data_are_made_harmless():
    territory = pd.DataFrame({"province_code": ["AF-X"], "year": [1990], "faction": ["evil"], "status": ["control"],
                              "confidence": ["high"], "changed_during_year": [False]})
    factions = pd.DataFrame({"id": ["evil"], "short_name": ['<script>alert(1)</script>"'],
                             "colour": ['red; background-image: url(http://x.example/)']})
    html = province_years_html(territory, "AF-X", factions, 1990)
    assert "<script>" not in html and "url(" not in html
    ET.fromstring(html)  # still one well-formed element
