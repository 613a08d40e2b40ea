"""Junbish Atlas: entry point. Sets up the page and the navigation; the pages do the rest."""
import streamlit as st

st.set_page_config(page_title="Junbish Atlas", layout="wide")

navigation = st.navigation([
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/timeline.py", title="Timeline", url_path="timeline"),
    st.Page("pages/events.py", title="Events", url_path="events"),
    st.Page("pages/sources.py", title="Sources & method", url_path="sources"),
    st.Page("pages/data.py", title="Data", url_path="data"),
])
navigation.run()
