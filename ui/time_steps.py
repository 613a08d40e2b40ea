"""Moving along the time axis on the map page, as small functions on the page's state
(``st.session_state`` in the page, a plain dict in the tests).

The state keys are ``month`` (the month slider's value: 0 = January 1988 ... 407 = December
2021) and ``day`` (an ISO date when a day of that month is shown, e.g. after "Next change";
None for the end of the month). Playback runs in the browser (``atlas_view/static/atlas-map.js``);
the page hears only where it stopped.

**Stale slider values.** Every rerun the browser asks for carries the value every widget shows
at that instant. When the page moves the slider itself (a button, a chapter of the tour, a
paused playback), a rerun the browser asked for before the slider's new value reached it (the
map reporting its new view, a second click) still carries the old month, and Streamlit hands
it to the slider's ``on_change`` as if the reader had moved the slider back. ``show`` therefore
remembers the months it replaced (key ``_slider_echo``) until the browser has answered once
with the new month; a report of a replaced month in that time, and within ``ECHO_SECONDS``, is
taken for the stale value it is and the page keeps its month and day. A reader who really moves
the slider back to the month they just left, in the same second, sees it return once; they
can move it again.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
import time
from collections.abc import Callable, MutableMapping, Sequence

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


ECHO = "_slider_echo"
ECHO_SECONDS = 3.0
Clock = Callable[[], float]


def show(state: MutableMapping, moment: Moment, clock: Clock = time.monotonic) -> None:
    """Put ``moment`` in the state (the slider's month and, for a day, the day); the browser's
    slider still shows the month replaced here until it hears of the new one."""
    previous = state.get("month")
    if previous is not None and previous != moment.index:
        echo = _pending_echo(state, clock)
        replaced = set(echo["replaced"]) if echo else set()
        state[ECHO] = {"replaced": tuple(sorted((replaced | {previous}) - {moment.index})),
                       "month": moment.index, "at": clock(), "clean_runs": 0}
    state["month"] = moment.index
    state["day"] = moment.param if moment.precision == "day" else None


def _pending_echo(state: MutableMapping, clock: Clock) -> dict | None:
    echo = state.get(ECHO)
    if echo and clock() - echo["at"] <= ECHO_SECONDS:
        return echo
    return None


def page_ran(state: MutableMapping) -> None:
    """Called once in each run of the page's body, after the callbacks: a run whose slider
    value was not a replaced month, after the one that moved it, means the browser has the
    new month; later reports of the old one are the reader's."""
    echo = state.get(ECHO)
    if echo is None:
        return
    echo["clean_runs"] += 1
    if echo["clean_runs"] >= 2:
        state.pop(ECHO, None)


def step_months(state: MutableMapping, months: int) -> None:
    """Move ``months`` months (12 for a year), to the end of that month, within 1988-2021."""
    show(state, moment_of(state).shifted(months))


def month_changed(state: MutableMapping, clock: Clock = time.monotonic) -> None:
    """The slider reported a new month: show the end of that month (a day of the same month
    stays), unless it is a month the page has just replaced, which the browser had not yet
    heard of (see the module's note): then the page keeps its month and day."""
    echo = _pending_echo(state, clock)
    if echo and state["month"] in echo["replaced"]:
        state["month"] = echo["month"]
        echo["clean_runs"] = 0  # the browser hears the month again; wait for it to answer
        return
    state.pop(ECHO, None)
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
