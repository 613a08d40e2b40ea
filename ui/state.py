"""The map page's state: one :class:`ui.url_state.MapState` in ``st.session_state`` (key
:data:`STATE`), read once from the URL, changed only by the pure functions of
:mod:`ui.map_state`, and written back to the URL and to the widgets that show it.

The parsing rules live in :mod:`ui.url_state`; this module only moves the value between the
URL, the session and the widgets.
"""
from __future__ import annotations

import html
import time
from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from atlas_view.contract import parse_report
from atlas_view.viewport import LAT_RANGE, LON_RANGE, ZOOM_RANGE
from geo.dates import Moment
from ui import map_state
from ui.navigation import MAP_PAGE, SUB_PAGES
from ui.url_state import MapState, parse_state, state_to_params

STATE = "map_state"
NOTICES = "_url_notices"
INCOMING = "_incoming_params"
FIRST_RUN = "_first_run"


def current() -> MapState:
    """The state the map page shows (the default state before the page first ran)."""
    return st.session_state.get(STATE) or MapState()


def update(change: Callable[..., MapState], *args) -> None:
    """Replace the state with ``change(state, *args)`` (a function of :mod:`ui.map_state`)."""
    st.session_state[STATE] = change(current(), *args)


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
    session = st.session_state.get(STATE)
    moment = state.moment if in_url else (session.moment if session else None)
    province = state.province or (session.province if session else None)
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


def init_from_url(event_ids, chapter_count: int | None = None, district_ids=()) -> None:
    """Read the URL's state into the session on a session's first run of the map page, or when
    another page sent the reader here with parameters (see :func:`go_to_map`). The map then
    follows the link's moment (a move of the page's: ``time_request``)."""
    incoming = st.session_state.pop(INCOMING, None)
    if STATE in st.session_state and incoming is None:
        return
    params = incoming if incoming is not None else {name: st.query_params.get_all(name) for name in st.query_params}
    state = parse_state(params, event_ids, chapter_count, district_ids)
    before = st.session_state.get(STATE)
    if incoming is not None and before is not None:  # keep the layers and filters the reader had chosen
        state = state.with_changes(layers=before.layers, kinds=before.kinds, labels=before.labels, fade=before.fade,
                                   view=before.view, speed=before.speed)
    # A new session (a reader reconnecting to a restarted server or another replica) may talk to a
    # map that has followed another session's requests: its count starts from the clock, so it is
    # newer than any count of an earlier session, and the map follows its link's moment.
    request = max(before.time_request + 1 if before else 0, time.time_ns() // 1_000_000)
    st.session_state[STATE] = state.with_changes(time_request=request, requested_moment=state.moment)
    st.session_state[NOTICES] = list(state.notices)
    st.session_state[FIRST_RUN] = before is None
    st.session_state["initial_view"] = state.view or (before.view if before else None)


def hear_map(component_value: object, province_codes, event_ids, district_ids, new_session: bool = False) -> bool:
    """Apply the map's report (its moment, a click, a chosen view: the one way the map speaks;
    checked by :func:`atlas_view.contract.parse_report`) to the state; whether there was one.
    ``new_session``: the report reached a session that did not hear the ones before it."""
    report = parse_report(component_value, LAT_RANGE, LON_RANGE, ZOOM_RANGE)
    update(map_state.apply_report, report, province_codes, event_ids, district_ids, new_session)
    return report is not None


def first_run_of_a_reconnected_session(component_value: object) -> bool:
    """Whether this is a session's first run and the map already had something to say: the
    page reconnected to a new session (a restart, another replica) carrying the map's report."""
    first = st.session_state.pop(FIRST_RUN, False)
    return bool(first) and isinstance(component_value, dict) and "seq" in component_value


def sync_url(state: MapState) -> dict[str, str]:
    """Write the state to the URL (only when it changed); return the parameters."""
    params = state_to_params(state)
    if {k: st.query_params.get(k) for k in st.query_params} != params:
        st.query_params.from_dict(params)
    return params


def share_link(params: dict[str, str]) -> str:
    """The full link to this view, for copying."""
    return f"{app_root()}?{urlencode(params)}"


def embed_snippet(params: dict[str, str], height: int = 560) -> str:
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


# How often the page's timer fragment runs (it draws nothing; see below).
RECONNECT_WATCH_SECONDS = 3600


@st.fragment(run_every=RECONNECT_WATCH_SECONDS)
def ask_for_a_whole_run_after_a_reconnect() -> None:
    """A fragment that runs on a timer and draws nothing, so that the page asks a new session
    for a whole run when it reconnects (a restart, a replica gone).

    The map and its panel are a fragment (``pages/map.py``), so a step of the map asks the
    server to rerun that fragment only. A new session does not know the fragment and drops
    such a request, and Streamlit's page asks a new session for a whole run on reconnecting only
    when its last run was a fragment's or the page has fragments on a timer (streamlit#11890).
    A reader who had not stepped since the page opened would otherwise lose every step after a
    restart. With this fragment on the page, the reconnect always brings a whole run, which
    takes the map's last report (:func:`first_run_of_a_reconnected_session`)."""
