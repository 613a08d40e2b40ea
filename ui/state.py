"""The map page's state: read once from the URL, kept in st.session_state, written back.

The parsing rules live in :mod:`ui.url_state`; this module only moves values between the
URL, the session and the widgets.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from geo.dates import Moment
from ui import time_steps
from ui.navigation import MAP_PAGE, SUB_PAGES
from ui.url_state import LAYERS, MapState, parse_state, state_to_params

INITIALISED = "_state_from_url"
NOTICES = "_url_notices"
INCOMING = "_incoming_params"


def go_to_map(**params) -> None:
    """Open the map page on the given date/province/event (from another page)."""
    params = {k: str(v) for k, v in params.items() if v not in (None, "")}
    st.session_state[INCOMING] = params
    st.switch_page(MAP_PAGE, query_params=params)


def shared_moment_and_province() -> tuple[Moment | None, str | None]:
    """Moment and province to carry across pages: the URL's (``date=`` or ``year=``) if valid,
    else the session's."""
    wanted = {k: st.query_params.get(k) for k in ("date", "year", "province") if k in st.query_params}
    state = parse_state(wanted)
    in_url = ("date" in wanted or "year" in wanted) and not state.notices
    session = st.session_state
    moment = state.moment if in_url else (time_steps.moment_of(session) if "month" in session else None)
    province = state.province or session.get("province")
    return moment, province


def link_notices(allowed: tuple[str, ...]) -> list[str]:
    """Notices for the parameters of this page's link that are not valid (or not ``allowed``),
    so a sub-page says what it ignored, as the map page does."""
    notices = []
    for name in st.query_params:
        if name not in allowed:
            notices.append("The link has a parameter this page does not use; it was ignored.")
    checked = {k: st.query_params.get(k) for k in st.query_params if k in allowed}
    return list(dict.fromkeys(notices + list(parse_state(checked).notices)))


def init_from_url(event_ids, chapter_count: int | None = None) -> None:
    """Put the URL's state into st.session_state on a session's first run of the map page, or
    when another page sent the user here with parameters (see :func:`go_to_map`)."""
    incoming = st.session_state.pop(INCOMING, None)
    if st.session_state.get(INITIALISED) and incoming is None:
        _refill_missing_keys()
        return
    params = incoming if incoming is not None else {name: st.query_params.get_all(name) for name in st.query_params}
    state = parse_state(params, event_ids, chapter_count)
    if incoming is not None:  # keep the layers and filters the user had chosen
        keep = current_state() if st.session_state.get(INITIALISED) else MapState()
        state = state.with_changes(layers=keep.layers, kinds=keep.kinds, labels=keep.labels, fade=keep.fade,
                                   view=None, speed=keep.speed)
    st.session_state.update({
        INITIALISED: True,
        NOTICES: list(state.notices),
        **widget_values(state),
        "province": state.province,
        "event": state.event,
        "view": state.view or st.session_state.get("view"),
        "initial_view": state.view or st.session_state.get("initial_view"),
        "story": state.story,  # the map page opens that chapter (ui.tour.follow_link)
        "_story_shown": None,
    })


def widget_values(state: MapState) -> dict:
    """The session values of the map page's widgets (and playback) for ``state``."""
    moment = {}
    time_steps.show(moment, state.moment)
    return {
        **moment, "show_territory": "territory" in state.layers, "show_events": "events" in state.layers,
        "kinds": sorted(state.kinds), "labels": state.labels, "fade": state.fade, "speed": state.speed,
    }


def _refill_missing_keys() -> None:
    """Widget values can be dropped while another page shows; put back any that are missing."""
    for key, value in widget_values(MapState()).items():
        if key not in st.session_state:
            st.session_state[key] = value


def current_state() -> MapState:
    """The MapState of what the page shows now."""
    s = st.session_state
    layers = {name for name, on in zip(LAYERS, (s.get("show_territory", True), s.get("show_events", True))) if on}
    return MapState(
        moment=time_steps.moment_of(s), province=s.get("province"), layers=frozenset(layers),
        kinds=frozenset(s.get("kinds", [])), labels=bool(s.get("labels")), fade=bool(s.get("fade")),
        event=s.get("event"), view=s.get("view"), speed=s.get("speed", MapState().speed), story=s.get("story"),
    )


def sync_url() -> dict[str, str]:
    """Write the current state to the URL (only when it changed); return the parameters."""
    params = state_to_params(current_state())
    if {k: st.query_params.get(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)
    return params


def share_link(params: dict[str, str]) -> str:
    """The full link to this view, for copying."""
    return f"{app_root()}?{urlencode(params)}"


def embed_snippet(params: dict[str, str], height: int = 720) -> str:
    """An ``<iframe>`` of this view for an article (Streamlit's ``embed=true`` hides its menus)."""
    link = share_link({**params, "embed": "true"})
    return (f'<iframe src="{html.escape(link, quote=True)}" title="Junbish Atlas: {html.escape(params.get("date", ""))}" '
            f'width="100%" height="{height}" style="border:0" loading="lazy"></iframe>')


def app_root() -> str:
    """The URL of the app's home (the map page), whatever page is showing."""
    url = (st.context.url or "").split("?", 1)[0]
    for _, _, page in SUB_PAGES:
        if url.rstrip("/").endswith("/" + page):
            return url.rstrip("/")[: -len(page)]
    return url


def notices() -> list[str]:
    return st.session_state.get(NOTICES, [])
