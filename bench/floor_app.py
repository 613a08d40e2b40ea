"""Streamlit's floor for the benchmark: one slider and one line of text, nothing else."""
import streamlit as st

year = st.slider("Year", 1988, 2021, 1988, key="year")
st.markdown(f"Year {year}")
