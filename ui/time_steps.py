"""Moving along the time axis on the map page, as small functions on the page's state
(``st.session_state`` in the page, a plain dict in the tests).

The state keys are ``month`` (the month slider's value: 0 = January 1988 ... 407 = December
2021) and ``day`` (an ISO date when a day of that month is shown, e.g. after "Next change";
None for the end of the month). Playback runs in the browser (``atlas_view/static/atlas-map.js``);
the page hears only where it stopped.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import MutableMapping, Sequence

from geo.dates import MONTH_COUNT, Moment


def moment_of(state: MutableMapping) -> Moment:
    """The moment the state shows: the day, when one is set in the slider's month, else the
    end of the slider's month.

    >>> moment_of({"month": 112, "day": "1997-05-26"}).label, moment_of({"month": 113, "day": "1997-05-26"}).label
    ('26 May 1997', 'June 1997')
    """
    month = state["month"]
    day = state.get("day")
    if day:
        moment = Moment.parse(day)
        if moment.index == month:
            return moment
    return Moment.at_index(month)


def show(state: MutableMapping, moment: Moment) -> None:
    """Put ``moment`` in the state (the slider's month and, for a day, the day)."""
    state["month"] = moment.index
    state["day"] = moment.param if moment.precision == "day" else None


def step_months(state: MutableMapping, months: int) -> None:
    """Move ``months`` months (12 for a year), to the end of that month, within 1988-2021."""
    show(state, moment_of(state).shifted(months))


def month_changed(state: MutableMapping) -> None:
    """The slider moved: show the end of its month (a day of the same month stays: the
    browser may report the slider's value again after the page set it)."""
    if state.get("day") and Moment.parse(state["day"]).index != state["month"]:
        state["day"] = None


def next_change(days: Sequence[dt.date], moment: Moment) -> dt.date | None:
    """The first change day after the moment (after its day; for a month, after its end)."""
    position = bisect_right(days, moment.day)
    return days[position] if position < len(days) else None


def previous_change(days: Sequence[dt.date], moment: Moment) -> dt.date | None:
    """The last change day before the moment: before its day, or, for the end of a month, on
    or before it (a change on the last day of the month is in what the month shows)."""
    position = bisect_right(days, moment.day) if moment.precision == "month" else bisect_left(days, moment.day)
    return days[position - 1] if position else None


def jump_to_change(state: MutableMapping, days: Sequence[dt.date], forward: bool) -> None:
    """Show the exact day of the next (or previous) change in ``days``; nothing if none."""
    moment = moment_of(state)
    day = next_change(days, moment) if forward else previous_change(days, moment)
    if day is not None:
        show(state, Moment(day, "day"))


def at_first_month(state: MutableMapping) -> bool:
    return state["month"] <= 0


def at_last_month(state: MutableMapping) -> bool:
    return state["month"] >= MONTH_COUNT - 1
