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
    assert (state["month"], state["day"]) == (expected, None)


def test_moving_the_slider_drops_the_day():
    state = {"month": 113, "day": "1997-05-26"}
    time_steps.month_changed(state)
    assert time_steps.moment_of(state) == Moment.end_of_month(1997, 6)


def test_next_change_lands_on_the_exact_day():
    state = {"month": 112, "day": "1997-05-26"}
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert (state["month"], state["day"]) == (112, "1997-05-28")
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert state["day"] == "1997-05-31"
    time_steps.jump_to_change(state, CHANGES, forward=True)
    assert (state["month"], state["day"]) == (127, "1998-08-08")


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


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_stale_slider_value_after_the_page_moved_the_slider_keeps_the_page_where_it_went():
    # A chapter put the page on 27 April 1992; before the browser heard of it, a rerun
    # carrying the slider's old month (March 1992) arrived.
    clock = Clock()
    state = {"month": Moment.parse("1992-03").index, "day": "1992-03-21"}
    time_steps.show(state, Moment.parse("1992-04-27"), clock)
    time_steps.page_ran(state)
    state["month"] = Moment.parse("1992-03").index  # what the browser's stale rerun carries
    time_steps.month_changed(state, clock)
    assert time_steps.moment_of(state).param == "1992-04-27"


def test_every_month_replaced_before_the_browser_answered_is_recognised():
    clock = Clock()
    state = {"month": Moment.parse("1989-02").index, "day": None}
    for param in ("1992-03-21", "1992-04-27", "1993-12"):  # three chapters in quick succession
        time_steps.show(state, Moment.parse(param), clock)
    for stale in ("1989-02", "1992-03", "1992-04"):
        state["month"] = Moment.parse(stale).index
        time_steps.month_changed(state, clock)
        assert time_steps.moment_of(state).param == "1993-12"


def test_once_the_browser_has_the_new_month_moving_back_is_the_readers_choice():
    clock = Clock()
    state = {"month": 112, "day": None}
    time_steps.step_months(state, 1)  # the Next month button (callbacks have no clock argument)
    time_steps.page_ran(state)  # the run that moved it
    time_steps.page_ran(state)  # a later run: the browser reported 113 without complaint
    state["month"] = 112
    time_steps.month_changed(state)
    assert state["month"] == 112


def test_a_report_of_the_old_month_long_after_the_move_is_the_readers_choice():
    clock = Clock()
    state = {"month": 112, "day": None}
    time_steps.show(state, Moment.at_index(113), clock)
    clock.now += time_steps.ECHO_SECONDS + 1
    state["month"] = 112
    time_steps.month_changed(state, clock)
    assert state["month"] == 112


def test_a_new_month_from_the_slider_is_taken_at_once():
    clock = Clock()
    state = {"month": 112, "day": None}
    time_steps.show(state, Moment.parse("1997-06-15"), clock)
    state["month"] = 140  # the reader dragged elsewhere
    time_steps.month_changed(state, clock)
    assert time_steps.moment_of(state) == Moment.at_index(140)
    state["month"] = 112  # and then back: no longer guarded
    time_steps.month_changed(state, clock)
    assert state["month"] == 112
