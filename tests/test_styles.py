import pandas as pd
import pytest

from atlas_view.styles import legend_for, province_label, province_style, year_styles

COLOURS = {"junbish": "#D55E00", "jamiat": "#009E73", "unknown": "#DDDDDD"}
NAMES = {"junbish": "Junbish", "jamiat": "Jamiat", "unknown": "Unknown"}


def row(**overrides):
    base = {"province_code": "AF-BAL", "province": "Balkh", "faction": "junbish", "status": "control",
            "confidence": "high", "contested_with": (), "changed_during_year": False}
    return {**base, **overrides}


def test_held_province_is_filled_with_its_holders_colour():
    style = province_style(row(), COLOURS)
    assert style["style"]["fillColor"] == "#D55E00"
    assert style["style"]["dashArray"] is None and style["hatch"] is None


def test_stronghold_is_bolder_than_control_and_influence_paler():
    control = province_style(row(), COLOURS)["style"]
    stronghold = province_style(row(status="stronghold"), COLOURS)["style"]
    influence = province_style(row(status="influence"), COLOURS)["style"]
    assert stronghold["weight"] > control["weight"]
    assert influence["fillOpacity"] < control["fillOpacity"] and influence["dashArray"]


def test_contested_province_is_hatched_with_both_parties_colours():
    style = province_style(row(status="contested", contested_with=("jamiat",)), COLOURS)
    assert style["hatch"] == ["#D55E00", "#009E73"]


@pytest.mark.parametrize("status", ["control", "stronghold", "contested"])
def test_low_confidence_is_dashed(status):
    assert province_style(row(status=status, confidence="low"), COLOURS)["style"]["dashArray"]


def test_change_during_the_year_gets_a_heavy_border():
    quiet = province_style(row(), COLOURS)["style"]
    changed = province_style(row(changed_during_year=True), COLOURS)["style"]
    assert changed["weight"] > quiet["weight"] and changed["color"] != quiet["color"]


def test_unknown_is_neutral_grey():
    style = province_style(row(faction="unknown", status="unknown", confidence="low"), COLOURS)["style"]
    assert style["fillColor"] == "#DDDDDD"


def test_label_reads_as_a_sentence():
    assert province_label(row(), NAMES, "Balkh") == "Balkh: Junbish, held"
    text = province_label(row(status="contested", contested_with=("jamiat",), confidence="low",
                              changed_during_year=True), NAMES, "Balkh")
    assert text == "Balkh: Junbish vs Jamiat, contested (low confidence) (changed during the year)"


def test_year_styles_has_one_entry_per_province():
    view = pd.DataFrame([row(), row(province_code="AF-JOW", province="Jowzjan", status="stronghold")])
    factions = pd.DataFrame({"id": list(COLOURS), "colour": list(COLOURS.values()), "short_name": list(NAMES.values())})
    packed = year_styles(view, factions)
    assert set(packed["styles"]) == {"AF-BAL", "AF-JOW"}
    assert packed["styles"]["AF-JOW"]["l"] == "Jowzjan: Junbish, stronghold (core base)"
    balkh, jowzjan = packed["styles"]["AF-BAL"], packed["styles"]["AF-JOW"]
    assert packed["palette"][balkh["s"]]["weight"] < packed["palette"][jowzjan["s"]]["weight"]


def test_provinces_drawn_alike_share_one_palette_entry():
    view = pd.DataFrame([row(), row(province_code="AF-SAM", province="Samangan")])
    factions = pd.DataFrame({"id": list(COLOURS), "colour": list(COLOURS.values()), "short_name": list(NAMES.values())})
    packed = year_styles(view, factions)
    assert len(packed["palette"]) == 1 and packed["styles"]["AF-SAM"]["s"] == 0


def test_a_moment_view_labels_changes_of_the_month():
    label = province_label(row(changed=True), NAMES, "Balkh", "changed", "the month")
    assert label == "Balkh: Junbish, held (changed during the month)"
    assert province_style(row(changed=True), COLOURS, "changed")["style"]["weight"] > \
        province_style(row(changed=False), COLOURS, "changed")["style"]["weight"]


def test_the_legend_gives_each_holder_its_names_and_the_opacity_its_provinces_are_drawn_at():
    view = pd.DataFrame([row(), row(province_code="AF-KAB", province="Kabul", faction="unknown", status="unknown"),
                         row(province_code="AF-SAM", status="contested", contested_with=("jamiat",))])
    factions = pd.DataFrame({"id": list(COLOURS), "colour": list(COLOURS.values()), "short_name": list(NAMES.values()),
                             "name": ["Junbish-i-Milli", "Jamiat-e Islami", "Unknown"],
                             "summary": ["Dostum's movement.", "Rabbani's party.", "No source says."]})
    legend = legend_for(view, factions)
    held = province_style(row(), COLOURS)["style"]["fillOpacity"]
    unknown = province_style(row(faction="unknown", status="unknown"), COLOURS)["style"]["fillOpacity"]
    assert [list(item) for item in legend] == [["#D55E00", "Junbish", "Junbish-i-Milli", "Dostum's movement.", held],
                                               ["#009E73", "Jamiat", "Jamiat-e Islami", "Rabbani's party.", held],
                                               ["#DDDDDD", "Unknown", "Unknown", "No source says.", unknown]]
