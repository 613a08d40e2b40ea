"""Streamlit's floor for the map's channel, for the benchmark only: a bare folium map through
streamlit-folium in a fragment, whose own script reports the next month on Right-arrow with
``Streamlit.setComponentValue`` (the atlas's channel); the fragment's run writes one line of
text naming the month and answers the report as the atlas does, in the figure's HTML
(``<template data-answer="N">``), which the map's script reads from Streamlit's render event
and notes in ``data-atlas-answered`` (so the bench's ``heard`` check reads it as the atlas's).
No layer, no panel, no state: what a step costs a map that reports through the component
before the atlas adds anything. Leaflet comes from the installed ``django-js-lib-leaflet``,
as in the atlas.

``streamlit run bench/component_floor_app.py -- shaped`` gives the same channel the atlas
page's frame: the pages named in the header (``st.navigation``), the month written to the link
on every step, the map and the text in two columns made outside the fragment, and the text a
paragraph of about the summary's length. Still no panel, no controls, no map work.
"""
import datetime as dt
import json
import sys
from contextlib import nullcontext
from pathlib import Path

import folium
import js_lib_leaflet
import streamlit as st
import streamlit.components.v1 as components
from branca.element import Element, MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

LABELS = [dt.date(1988 + i // 12, i % 12 + 1, 1).strftime("%B %Y") for i in range(408)]
PARAMS = [f"{1988 + i // 12}-{i % 12 + 1:02d}" for i in range(408)]
FIRST_MONTH = 108  # January 1997
LEAFLET = components.declare_component("leaflet", path=str(Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"))
SHAPED = sys.argv[1:] == ["shaped"]
# About as long as the atlas's summary of a month (400-700 characters).
PARAGRAPH = " ".join(["Junbish held Balkh, Jowzjan, Faryab, Sar-e Pol and Samangan; its rivals held Herat and Kabul."] * 6)


class MonthReporter(MacroElement):
    """A focusable slider in the map's frame: Right-arrow reports the next month; the page's
    answer, read from the render event, is noted on the frame's root element."""

    _template = Template("""{% macro script(this, kwargs) %}
var month = """ + str(FIRST_MONTH) + """;
var params = """ + json.dumps(PARAMS) + """;
var slider = document.createElement('div');
slider.setAttribute('role', 'slider');
slider.setAttribute('aria-label', 'Month');
slider.tabIndex = 0;
slider.textContent = 'Month';
document.body.appendChild(slider);
slider.addEventListener('keydown', function (event) {
  if (event.key === 'ArrowRight') { month += 1; window.Streamlit.setComponentValue({month: month}); }
});
window.Streamlit.events.addEventListener(window.Streamlit.RENDER_EVENT, function (event) {
  var found = /data-answer="([0-9]+)"/.exec(event.detail.args.html || '');
  if (found) { document.documentElement.setAttribute('data-atlas-answered', params[Number(found[1])]); }
});
{% endmacro %}""")


def channel_map(answer: int) -> folium.Map:
    bare_map = folium.Map(location=[34, 66], zoom_start=5, tiles=None)
    bare_map.default_js = [("leaflet", f"../{LEAFLET.name}/leaflet.js")]
    bare_map.default_css = [("leaflet_css", f"../{LEAFLET.name}/leaflet.css")]
    MonthReporter().add_to(bare_map)
    bare_map.get_root().html.add_child(Element(f'<template data-answer="{int(answer)}"></template>'), name="answer")
    return bare_map


def reported_month() -> int:
    value = st.session_state.get("map")
    return value.get("month", FIRST_MONTH) if isinstance(value, dict) else FIRST_MONTH


def page() -> None:
    map_column, text_column = st.columns([5, 2]) if SHAPED else (None, None)
    text_place = text_column.container() if SHAPED else None

    @st.fragment
    def map_and_text() -> None:
        month = reported_month()
        if SHAPED:
            st.query_params["date"] = PARAMS[month]
        with map_column or nullcontext():
            st_folium(channel_map(month), key="map", height=300, returned_objects=[], render=False)
        with text_place or nullcontext():
            st.markdown(f"Month {LABELS[month]}" + (f". {PARAGRAPH}" if SHAPED else ""))

    map_and_text()


if SHAPED:
    def another_page() -> None:
        st.write("Another page")

    st.navigation([st.Page(page, title="Map", default=True)]
                  + [st.Page(another_page, title=f"Page {n}", url_path=f"page{n}") for n in range(1, 6)],
                  position="top").run()
else:
    page()
