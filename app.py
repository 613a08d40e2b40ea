"""Junbish Atlas: ``streamlit run app.py`` (what ``make run``, the Docker image and Streamlit
Community Cloud start).

Streamlit finds the ``st.App`` below and serves ``dashboard.py`` (the pages and their
navigation) through it, with a warm-up before the first visitor, a clean-up when the server
stops, security headers on every response, and the map's files named in the map page for the
browser to fetch early (see :mod:`ui.serving`); every value a page sends passes a gate first
(:mod:`ui.gate`).

This file sits next to ``dashboard.py`` and ``.streamlit/`` on purpose: Streamlit reads the
script-level ``.streamlit/config.toml`` (XSRF protection, error details hidden, message size
limits, no forced garbage collection after each run) from the directory of the script it runs.
"""
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui.gate import WidgetGate
from ui.serving import MapPagePreloads, SecurityHeaders, warmed_up

app = st.App(Path(__file__).resolve().parent / "dashboard.py", lifespan=warmed_up,
             middleware=[Middleware(SecurityHeaders), Middleware(MapPagePreloads), Middleware(WidgetGate)])
