"""Playback: stepping stays within 1988-2021 and the timer moves one year a tick."""
import pytest

from ui import playback


@pytest.mark.parametrize("year, delta, expected", [(1992, 1, 1993), (1992, -1, 1991), (1988, -1, 1988),
                                                   (2021, 1, 2021), (2000, 50, 2021)])
def test_step_stays_within_the_history_and_stops_playing(year, delta, expected):
    state = {"year": year, "playing": True}
    playback.step(state, delta)
    assert state == {"year": expected, "playing": False}


def test_play_from_the_last_year_starts_again_at_the_first():
    state = {"year": 2021, "playing": False}
    playback.toggle_play(state, now=10.0)
    assert state == {"year": 1988, "playing": True, "last_tick": 10.0}
    playback.toggle_play(state, now=11.0)
    assert state["playing"] is False and state["year"] == 1988


def test_the_timer_moves_one_year_a_tick_and_ignores_early_runs():
    state = {"year": 1990, "playing": True, "last_tick": 0.0}
    assert playback.advance_when_playing(state, interval=1.0, now=1.0)
    assert state["year"] == 1991
    assert not playback.advance_when_playing(state, interval=1.0, now=1.3)  # a click, not the timer
    assert state["year"] == 1991
    assert playback.advance_when_playing(state, interval=1.0, now=2.0) and state["year"] == 1992


def test_the_timer_stops_at_the_end_of_the_history():
    state = {"year": 2020, "playing": True, "last_tick": 0.0}
    assert playback.advance_when_playing(state, interval=0.5, now=1.0)
    assert state["year"] == 2021 and state["playing"] is False
    assert not playback.advance_when_playing(state, interval=0.5, now=2.0)


def test_a_paused_map_does_not_move():
    state = {"year": 1995, "playing": False}
    assert not playback.advance_when_playing(state, interval=1.0, now=100.0) and state["year"] == 1995
