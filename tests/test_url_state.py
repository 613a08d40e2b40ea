import pytest

from geo.dates import Moment
from ui.url_state import MapState, parse_state, state_to_params


def test_round_trip_of_a_full_state():
    state = MapState(moment=Moment.parse("1997-05-26"), province="AF-BAL", layers=frozenset({"territory"}),
                     kinds=frozenset({"battle"}), labels=True, fade=True, event="ev-1997-malik-defection",
                     view=(36.7, 67.1, 7), speed=12)
    parsed = parse_state(state_to_params(state), ["ev-1997-malik-defection"])
    assert parsed == state and parsed.notices == ()


def test_defaults_make_a_short_link():
    assert state_to_params(MapState()) == {"date": "1992-12"}


@pytest.mark.parametrize("params, field, expected", [
    ({"province": "Sari Pul"}, "province", "AF-SAR"),
    ({"layers": "none"}, "layers", frozenset()),
    ({"date": ["1990-01", "1997-05"]}, "moment", Moment.end_of_month(1997, 5)),  # repeated: the last wins
    ({"date": "1997-05-26"}, "moment", Moment.parse("1997-05-26")),
    ({"year": "1995"}, "moment", Moment.end_of_year(1995)),  # links made before months: the end of the year
    ({"year": "1995", "date": "1997-05"}, "moment", Moment.end_of_month(1997, 5)),
    ({"view": "36.7,67.1,7"}, "view", (36.7, 67.1, 7)),
    ({"speed": "3"}, "speed", 3),
])
def test_valid_values_are_read(params, field, expected):
    state = parse_state(params)
    assert getattr(state, field) == expected and state.notices == ()


@pytest.mark.parametrize("params", [
    {"date": "abc"}, {"date": "2022-01"}, {"date": "1997-13"}, {"date": "1997-02-30"}, {"date": "1987-12-31"},
    {"year": "abc"}, {"year": "2022"}, {"province": "<script>"}, {"province": "x" * 500},
    {"layers": "roads"}, {"kinds": "parade"}, {"labels": "2"}, {"event": "../../etc/passwd"},
    {"view": "0,0,1"}, {"speed": "nan"}, {"speed": "0.5"}, {"unknown": "1"},
])
def test_invalid_values_fall_back_with_a_notice_that_does_not_echo_them(params):
    state = parse_state(params)
    defaults = MapState()
    assert len(state.notices) == 1
    value = next(iter(params.values()))
    assert value not in state.notices[0]
    assert (state.moment, state.province, state.layers, state.view) == (
        defaults.moment, defaults.province, defaults.layers, defaults.view)


def test_unknown_event_ids_are_refused_when_the_dataset_is_known():
    assert parse_state({"event": "ev-1998-not-there"}, ["ev-1998-real"]).event is None
