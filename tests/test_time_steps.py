"""Moving along the time axis: months, years, and the days of recorded changes."""
import datetime as dt

import pytest

from geo.dates import Moment
from ui import time_steps

CHANGES = [dt.date(1992, 3, 1), dt.date(1997, 5, 24), dt.date(1997, 5, 28), dt.date(1997, 5, 31),
           dt.date(1998, 8, 8)]


@pytest.mark.parametrize("month, delta, expected", [(112, 1, 113), (112, -1, 111), (112, 12, 124), (0, -1, 0),
                                                    (407, 1, 407), (400, 12, 407), (5, -12, 0)])
def test_steps_stay_on_the_time_axis_and_show_the_end_of_the_month(month, delta, expected):
    state = {"month": month, "day": "1997-05-26"}
    time_steps.step_months(state, delta)
    assert state == {"month": expected, "day": None}


def test_moving_the_slider_drops_the_day():
    state = {"month": 113, "day": "1997-05-26"}
    time_steps.month_changed(state)
    assert time_steps.moment_of(state) == Moment.end_of_month(1997, 6)


def test_next_change_lands_on_the_exact_day():
    state = {"month": 112, "day": "1997-05-26"}
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert state == {"month": 112, "day": "1997-05-28"}
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert state["day"] == "1997-05-31"
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert state == {"month": 127, "day": "1998-08-08"}


def test_previous_change_goes_back_day_by_day():
    state = {"month": 127, "day": "1998-08-08"}
    for expected in ("1997-05-31", "1997-05-28", "1997-05-24", "1992-03-01"):
        time_steps.jump_to_change(state, CHANGES, forward=False)
        assert state["day"] == expected


def test_previous_change_from_the_end_of_a_month_includes_its_last_day():
    state = {"month": 112, "day": None}  # the end of May 1997 shows the change of 31 May
    time_steps.jump_to_change(state, CHANGES, forward=False)
    assert state["day"] == "1997-05-31"


def test_no_change_beyond_the_last_leaves_the_state_alone():
    state = {"month": 407, "day": None}
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert state == {"month": 407, "day": None}


def test_the_slider_reporting_the_same_month_keeps_the_day():
    state = {"month": 112, "day": "1997-05-26"}
    time_steps.month_changed(state)
    assert time_steps.moment_of(state).label == "26 May 1997"
