"""The dashboard's pages and their navigation (``app.py`` serves this script); the pages do
the rest."""
import streamlit as st

from ui.navigation import MAP_PAGE, SUB_PAGES

st.set_page_config(page_title="Junbish Atlas", layout="wide")

navigation = st.navigation([
    st.Page(MAP_PAGE, title="Map", default=True),
    *(st.Page(script, title=title, url_path=url_path) for script, title, url_path in SUB_PAGES),
], position="top")  # the pages in the header: no sidebar takes width from the map
navigation.run()
