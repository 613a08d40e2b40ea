"""The map page's state: read once from the URL, kept in st.session_state, written back.

The parsing rules live in :mod:`geo.url_state`; this module only moves values between the
URL, the session and the widgets.
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from geo.url_state import LAYERS, MapState, parse_state, state_to_params

INITIALISED = "_state_from_url"
NOTICES = "_url_notices"


def init_from_url(event_ids) -> None:
    """On a session's first run, put the URL's state into st.session_state (and its notices)."""
    if st.session_state.get(INITIALISED):
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    state = parse_state(params, event_ids)
    st.session_state.update({
        INITIALISED: True,
        NOTICES: list(state.notices),
        "year": state.year,
        "province": state.province,
        "show_territory": "territory" in state.layers,
        "show_events": "events" in state.layers,
        "kinds": sorted(state.kinds),
        "labels": state.labels,
        "fade": state.fade,
        "event": state.event,
        "view": state.view,
        "initial_view": state.view,
        "speed": state.speed,
        "playing": False,
    })


def current_state() -> MapState:
    """The MapState of what the page shows now."""
    s = st.session_state
    layers = {name for name, on in zip(LAYERS, (s.get("show_territory", True), s.get("show_events", True))) if on}
    return MapState(
        year=s["year"], province=s.get("province"), layers=frozenset(layers),
        kinds=frozenset(s.get("kinds", [])), labels=bool(s.get("labels")), fade=bool(s.get("fade")),
        event=s.get("event"), view=s.get("view"), speed=s.get("speed", 1.0),
    )


def sync_url() -> dict[str, str]:
    """Write the current state to the URL (only when it changed); return the parameters."""
    params = state_to_params(current_state())
    if {k: st.query_params.get(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)
    return params


def share_link(params: dict[str, str]) -> str:
    """The full link to this view, for copying."""
    base = (st.context.url or "").split("?", 1)[0]
    return f"{base}?{urlencode(params)}"


def notices() -> list[str]:
    return st.session_state.get(NOTICES, [])
