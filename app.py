"""Junbish Atlas: entry point. Sets up the page and the navigation; the pages do the rest."""
import streamlit as st

st.set_page_config(page_title="Junbish Atlas", layout="wide")

navigation = st.navigation([
    st.Page("pages/map.py", title="Map", default=True),
])
navigation.run()
