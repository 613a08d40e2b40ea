"""Streamlit's floor for the benchmark: one month slider (the same widget as the map page's,
408 months) and one line of text, nothing else."""
import datetime as dt

import streamlit as st

LABELS = [dt.date(1988 + i // 12, i % 12 + 1, 1).strftime("%B %Y") for i in range(408)]
month = st.select_slider("Month", range(408), value=108, key="month", format_func=LABELS.__getitem__)
st.markdown(f"Month {LABELS[month]}")
