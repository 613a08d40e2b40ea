"""Streamlit's floor for the map's channel, for the benchmark only: a bare folium map through
streamlit-folium in a fragment, whose own script reports the next month on Right-arrow with
``Streamlit.setComponentValue`` (the atlas's channel), and one line of text the fragment's run
writes. No layer, no panel, no state: what a step costs a map that reports through the
component before the atlas adds anything. Leaflet comes from the installed
``django-js-lib-leaflet``, as in the atlas."""
import datetime as dt
from pathlib import Path

import folium
import js_lib_leaflet
import streamlit as st
import streamlit.components.v1 as components
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

LABELS = [dt.date(1988 + i // 12, i % 12 + 1, 1).strftime("%B %Y") for i in range(408)]
FIRST_MONTH = 108  # January 1997
LEAFLET = components.declare_component("leaflet", path=str(Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"))


class MonthReporter(MacroElement):
    """A focusable slider in the map's frame: Right-arrow reports the next month."""

    _template = Template("""{% macro script(this, kwargs) %}
var month = """ + str(FIRST_MONTH) + """;
var slider = document.createElement('div');
slider.setAttribute('role', 'slider');
slider.setAttribute('aria-label', 'Month');
slider.tabIndex = 0;
slider.textContent = 'Month';
document.body.appendChild(slider);
slider.addEventListener('keydown', function (event) {
  if (event.key === 'ArrowRight') { month += 1; window.Streamlit.setComponentValue({month: month}); }
});
{% endmacro %}""")


bare_map = folium.Map(location=[34, 66], zoom_start=5, tiles=None)
bare_map.default_js = [("leaflet", f"../{LEAFLET.name}/leaflet.js")]
bare_map.default_css = [("leaflet_css", f"../{LEAFLET.name}/leaflet.css")]
MonthReporter().add_to(bare_map)


@st.fragment
def map_and_text() -> None:
    value = st_folium(bare_map, key="map", height=300, returned_objects=[], render=False)
    month = value.get("month", FIRST_MONTH) if isinstance(value, dict) else FIRST_MONTH
    st.markdown(f"Month {LABELS[month]}")


map_and_text()
