import pandas as pd
import pytest

from geo.events import events_in


@pytest.fixture
def events():
    return pd.DataFrame({
        "id": ["ev-1992-b", "ev-1992-a", "ev-1994-siege", "ev-1998-mazar"],
        "date": ["1992-04", "1992-03-19", "1994-01-01", "1998-08-08"],
        "end_date": ["", "", "1995-03", ""],
        "province_code": ["AF-KAB", "AF-BAL", "AF-KAB", "AF-BAL"],
    })


@pytest.mark.parametrize("years, expected", [
    (1992, ["ev-1992-a", "ev-1992-b"]),
    ((1993, 1995), ["ev-1994-siege"]),
    (1995, ["ev-1994-siege"]),
    ([1998, 1995], ["ev-1994-siege", "ev-1998-mazar"]),
    ([1996, 1997], []),
    (1990, []),
    ([], []),
])
def test_events_in_years_sorted_by_date(events, years, expected):
    assert list(events_in(years, events=events)["id"]) == expected


def test_events_in_one_province(events):
    assert list(events_in((1988, 2021), "AF-BAL", events=events)["id"]) == ["ev-1992-a", "ev-1998-mazar"]
    assert events_in((1988, 2021), "AF-JOW", events=events).empty


def test_events_in_keeps_the_columns_it_was_given(events):
    from geo.events import event_years
    with_years = event_years(events)
    assert list(events_in(1992, events=with_years).columns) == list(with_years.columns)
    assert list(events_in(1992, events=events).columns) == list(events.columns)


def test_filter_events_combines_filters():
    from geo.events import filter_events
    events = pd.DataFrame({
        "id": ["ev-1992-a", "ev-1994-b", "ev-1998-c"], "date": ["1992", "1994", "1998"], "end_date": ["", "", ""],
        "province_code": ["AF-BAL", "AF-KAB", "AF-BAL"], "kind": ["capture", "battle", "massacre"],
        "side_a": [("junbish",), ("jamiat", "junbish"), ("taliban",)],
        "side_b": [("pdpa_government",), ("hezb_islami",), ()],
        "title": ["Mazar taken", "Kabul fighting", "Mazar massacre"], "place": ["Mazar", "Kabul", "Mazar"],
        "description": ["", "", "civilians killed"], "outcome": ["", "", ""],
    })
    assert list(filter_events(events)["id"]) == ["ev-1992-a", "ev-1994-b", "ev-1998-c"]
    assert list(filter_events(events, provinces=["AF-BAL"])["id"]) == ["ev-1992-a", "ev-1998-c"]
    assert list(filter_events(events, factions=["junbish"])["id"]) == ["ev-1992-a", "ev-1994-b"]
    assert list(filter_events(events, years=(1993, 2000), text="MAZAR")["id"]) == ["ev-1998-c"]
    assert filter_events(events, kinds=["withdrawal"]).empty


def test_side_names_reads_faction_ids_as_names():
    from geo.events import side_names
    names = {"junbish": "Junbish", "jamiat": "Jamiat"}
    assert side_names(("junbish", "jamiat"), names) == "Junbish, Jamiat"
    assert side_names(("junbish", "unlisted"), names) == "Junbish, unlisted"  # an unknown id is shown as it is
    assert side_names((), names) == ""
