"""Playback on the map page: stepping the year and the Play timer, as small functions on the
page's state (``st.session_state`` in the page, a plain dict in the tests).

The state keys are ``year``, ``playing`` and ``last_tick`` (the monotonic time of the last
step the timer made).
"""
from __future__ import annotations

import time
from collections.abc import MutableMapping

from geo.dates import FIRST_YEAR, LAST_YEAR

SPEEDS = (0.5, 1.0, 2.0)  # years per second
DEFAULT_SPEED = 1.0
TIMER_SLACK = 0.8  # a run sooner than this share of the interval is a click, not the timer


def step(state: MutableMapping, delta: int) -> None:
    """Move ``delta`` years, within 1988-2021, and stop playing.

    >>> state = {"year": 2021, "playing": True}
    >>> step(state, 1); state
    {'year': 2021, 'playing': False}
    """
    state["year"] = min(LAST_YEAR, max(FIRST_YEAR, state["year"] + delta))
    state["playing"] = False


def toggle_play(state: MutableMapping, now: float | None = None) -> None:
    """Start or stop playing; starting at the last year starts again from the first."""
    state["playing"] = not state.get("playing")
    if state["playing"] and state["year"] >= LAST_YEAR:
        state["year"] = FIRST_YEAR
    state["last_tick"] = time.monotonic() if now is None else now


def advance_when_playing(state: MutableMapping, interval: float, now: float | None = None) -> bool:
    """On a timer run, move one year on and stop at the end of the history. Returns True
    when a year was advanced. A run sooner than the timer's interval (a click while
    playing) changes nothing."""
    if not state.get("playing"):
        return False
    now = time.monotonic() if now is None else now
    if now - state.get("last_tick", 0.0) < TIMER_SLACK * interval:
        return False
    state["last_tick"] = now
    advanced = state["year"] < LAST_YEAR
    if advanced:
        state["year"] += 1
    if state["year"] >= LAST_YEAR:
        state["playing"] = False
    return advanced
