"""The year summary reads as sentences and counts what the year view shows."""
import pandas as pd

from geo.summary import Summary, summarise


def summary(**overrides) -> Summary:
    base = dict(opening="At the end of 1997", held=["Jowzjan"], contested=[], influence=[], held_km2=11_798.0, contested_km2=0.0,
                changed=[], key_events=[])
    return Summary(**{**base, **overrides})


def test_one_province_held_is_singular():
    assert summary().text == "At the end of 1997 Junbish held 1 province (Jowzjan), about 11,798 km²."


def test_lists_read_with_commas_and_and():
    text = summary(held=["Balkh", "Faryab", "Jowzjan"], held_km2=60_000, contested=["Kabul", "Kunduz"],
                   contested_km2=12_345, influence=["Baghlan"], changed=["Balkh", "Faryab"],
                   key_events=["Malik defects (May 1997)"]).text
    assert text == ("At the end of 1997 Junbish held 3 provinces (Balkh, Faryab and Jowzjan), about 60,000 km². "
                    "It contested Kabul and Kunduz (about 12,345 km²). It had influence without holding in Baghlan. "
                    "2 provinces changed hands or status during the year. Key events: Malik defects (May 1997).")


def test_a_year_without_junbish_says_so():
    assert summary(held=[], held_km2=0).text == "At the end of 1997 Junbish held no province."


def test_summarise_counts_junbish_as_a_party_to_a_contest():
    view = pd.DataFrame({
        "province_code": ["AF-BAL", "AF-JOW", "AF-KAB"], "province": ["Balkh", "Jowzjan", "Kabul"],
        "faction": ["jamiat", "junbish", "taliban"], "status": ["contested", "stronghold", "control"],
        "contested_with": [("junbish",), (), ()], "changed_during_year": [True, False, False],
    })
    events = pd.DataFrame({"kind": ["political", "capture"], "title": ["Talks", "Mazar taken"],
                           "date": ["1997-01", "1997-05-24"]})
    result = summarise("At the end of 1997", view, {"AF-BAL": 100.0, "AF-JOW": 50.0, "AF-KAB": 10.0}, events)
    assert (result.held, result.contested, result.changed) == (["Jowzjan"], ["Balkh"], ["Balkh"])
    assert (result.held_km2, result.contested_km2) == (50.0, 100.0)
    assert result.key_events == ["Mazar taken (24 May 1997)"]  # political milestones are not key events here


def test_a_month_summary_names_its_changes():
    text = summary(opening="At the end of May 1997", period="May 1997", changed=["Balkh", "Faryab"],
                   changes=("Balkh: Junbish (stronghold) → Malik and Taliban (contested)",
                            "Faryab: Junbish (control) → Malik (control)")).text
    assert text.startswith("At the end of May 1997 Junbish held 1 province")
    assert ("Changes in May 1997: Balkh: Junbish (stronghold) → Malik and Taliban (contested); "
            "Faryab: Junbish (control) → Malik (control).") in text


def test_summarise_reads_a_moment_view_with_its_own_change_column():
    view = pd.DataFrame({"province_code": ["AF-FYB"], "province": ["Faryab"], "faction": ["malik"],
                         "status": ["control"], "contested_with": [()], "changed": [True]})
    result = summarise("On 26 May 1997", view, {"AF-FYB": 20.0}, view.iloc[0:0].assign(kind=[], title=[], date=[]),
                       changed_column="changed", period="May 1997")
    assert result.changed == ["Faryab"] and result.text.startswith("On 26 May 1997 Junbish held no province.")
