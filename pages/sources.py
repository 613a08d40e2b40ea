"""Sources & method: how the data was made, what it covers, the bibliography, how to cite."""
from pathlib import Path

import streamlit as st

from geo.dataset import read_descriptor
from ui import state as page_state
from ui.cache import atlas_or_error_page
from ui.text import md, md_link
from ui.navigation import use_app_navigation

use_app_navigation()

METHODOLOGY = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"

data = atlas_or_error_page()
for notice in page_state.link_notices(("date", "year", "province")):
    st.warning(notice, icon=None)
descriptor_version = read_descriptor(data.data_dir)["version"]

st.title("Sources & method")

tab_method, tab_coverage, tab_sources, tab_cite = st.tabs(["Method", "Coverage & gaps", "Bibliography", "Cite & correct"])
with tab_method:
    st.markdown(METHODOLOGY.read_text(encoding="utf-8").split("\n", 1)[1])

with tab_coverage:
    unknown = (data.territory.assign(unknown=data.territory["faction"] == "unknown")
               .groupby("year")["unknown"].sum().rename("provinces unknown at the end of the year"))
    low = (data.territory.assign(low=data.territory["confidence"] == "low")
           .groupby("year")["low"].sum().rename("provinces with low confidence"))
    st.markdown(f"**{len(data.control)}** control periods, **{len(data.events)}** events and "
                f"**{len(data.sources)}** sources cover the 34 provinces from 1988 to 2021.")
    st.bar_chart(unknown.to_frame().join(low), stack=False, height=220)
    st.caption("Provinces the sources do not let us assign are shown as unknown (neutral grey on the map) "
               "rather than guessed; see 'Known gaps' in the method.")

with tab_sources:
    query = st.text_input("Search the bibliography", max_chars=100, key="sources_search")
    shown = data.sources
    if query.strip():
        needle = query.strip().lower()
        shown = shown[(shown["citation"] + " " + shown["publisher"]).str.lower().str.contains(needle, regex=False)]
    st.markdown(f"**{len(shown)}** of {len(data.sources)} sources")
    st.markdown("\n".join(
        f"- {md_link(row['citation'], row['url'])} — {md(row['publisher'])}"
        + (f", {md(row['published'])}" if row["published"] else "") + f" (accessed {md(row['accessed'])})"
        + (f". *{md(row['note'])}*" if row["note"] else "")
        for row in shown.to_dict("records")
    ))

with tab_cite:
    st.subheader("How to cite")
    st.code(f"Junbish Atlas contributors. Junbish Atlas: territory and battles of Junbish-i-Milli, 1988–2021 "
            f"(dataset, version {descriptor_version}). Licence CC BY 4.0.", language=None)
    st.markdown("Cite the original sources too: every row of the data names them, and the bibliography lists them.")
    st.subheader("Licence")
    st.markdown("The tables and documentation are licensed CC BY 4.0; the province boundaries come from Natural "
                "Earth and are in the public domain.")
    st.subheader("Propose a correction")
    st.markdown("Open an issue or a pull request naming the row (file and line, or the event id), what should "
                "change and the source (title, author or publisher, date, URL). `python -m geo.validate` checks "
                "a changed dataset and prints each problem as `file:row: column: what is wrong`.")
