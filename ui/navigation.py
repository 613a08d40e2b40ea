"""Keep Streamlit on the app's own navigation (``st.navigation`` in ``dashboard.py``).

Streamlit still honours its legacy multipage mode whenever a ``pages/`` folder sits next to
the main script: on a freshly started server, until ``dashboard.py`` has called ``st.navigation``
once, a request for a sub-page (a shared link to ``/events``, say) runs ``pages/events.py``
directly, without ``dashboard.py``, and every session then gets an automatic sidebar listing the
file names. The project's layout has a ``pages/`` folder by design, so each page calls
:func:`use_app_navigation` first: it turns the legacy mode off and reruns, and the rerun goes
through ``dashboard.py`` to the page the URL names.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

MAP_PAGE = "pages/map.py"
# (script, title, URL path) of the pages after the map, which is the app's home
SUB_PAGES = (
    ("pages/story.py", "Story", "story"),
    ("pages/timeline.py", "Timeline", "timeline"),
    ("pages/events.py", "Events", "events"),
    ("pages/sources.py", "Sources & method", "sources"),
    ("pages/data.py", "Data", "data"),
)


def use_app_navigation() -> None:
    """Rerun through dashboard.py if Streamlit is still in its legacy pages-folder mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
