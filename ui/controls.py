"""The time controls above the map: the month slider on a row of its own, then one row of
compact buttons that wraps on a narrow screen (previous/next month, previous/next change, a
year back and on). Keyboard hints are shown only where there is a pointer that hovers (not on
touch screens), and a narrow screen gets less space above the title and smaller buttons (still
44 px high), so a phone shows the map in the upper half of its first screen."""
from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from geo.atlas import Atlas
from geo.dates import MONTH_COUNT, Moment
from ui import map_state, time_steps

MONTH_SLIDER_KEY = "month"
YEAR_STEPS = {"back": "previous_year", "forward": "next_year"}  # keys the map script presses for Page Up/Down
TOUCH_STYLE = """<style>
@media (hover: none) { [data-testid^="stBaseButton"] kbd { display: none; } }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.8rem; padding-bottom: 0.2rem; }
  [data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] { font-size: 0.8rem; }
  .st-key-time_buttons { gap: 0.4rem; }
  .st-key-time_buttons [data-testid^="stBaseButton"] { min-height: 44px; padding: 0 0.55rem; font-size: 0.88rem; }
  .st-key-day_caption { display: none; }
}
[data-testid="stLayoutWrapper"]:has(> .st-key-map_heard) { display: none; }
</style>"""


# An embed (``embed=true``, in an article's frame of any size): a one-line title, the slider, and
# the map filling the rest of the frame's height (the map script fills its own frame: fillFrame).
# It wins over the phone rules of TOUCH_STYLE (!important), which come later in the page.
EMBED_STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.7rem !important; padding-bottom: 1rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.3rem !important; padding: 0 0 0.2rem !important; }
iframe[src*="streamlit_folium"] { height: clamp(260px, calc(100vh - 185px), 720px) !important; }
</style>"""


def map_heard_marker(heard: bool) -> None:
    """Once the page has had the map's first report (its view, which the link keeps only when
    the reader chose it: ``ui.map_state``), an invisible marker ``.st-key-map_heard``, last in
    the map's run: whoever needs the page settled (the browser tests, before a drag) waits for
    it, as they once waited for the view in the link. TOUCH_STYLE takes it out of the layout."""
    if heard:
        with st.container(key="map_heard"):
            st.html("<span hidden></span>")


def embed_style() -> None:
    st.html(EMBED_STYLE)


def time_controls(state: MutableMapping, atlas: Atlas, month_labels: list[str], moment: Moment,
                  buttons: bool = True) -> None:
    """The month slider and (unless ``buttons`` is False: an embed, which keeps the slider and
    the map's Play) the row of step buttons."""
    st.html(TOUCH_STYLE)
    st.select_slider("Month", range(MONTH_COUNT), key=MONTH_SLIDER_KEY, format_func=month_labels.__getitem__,
                     on_change=time_steps.month_changed, args=(state,), persist_state="session",
                     label_visibility="collapsed",  # the thumb says "May 1997"; screen readers still hear "Month"
                     help="Arrow keys: one month; Page Up/Down or Shift+arrows: one year; Home/End: the ends")
    if not buttons:
        return
    first, last = time_steps.at_first_month(state), time_steps.at_last_month(state)
    days = map_state.change_days(state, atlas)
    with st.container(horizontal=True, gap="small", key="time_buttons"):
        st.button("Previous month", icon=":material/chevron_left:", key="previous_month", shortcut="Alt+Left",
                  help="Previous month (Alt+Left)", on_click=time_steps.step_months, args=(state, -1), disabled=first)
        st.button("Next month", icon=":material/chevron_right:", key="next_month", shortcut="Alt+Right",
                  help="Next month (Alt+Right)", on_click=time_steps.step_months, args=(state, 1), disabled=last)
        st.button("Previous change", icon=":material/first_page:", key="previous_change",
                  help="The exact day of the previous recorded change of holder or status (of the selected "
                       "province, else of any)", on_click=time_steps.jump_to_change, args=(state, days, False))
        st.button("Next change", icon=":material/last_page:", key="next_change",
                  help="The exact day of the next recorded change of holder or status (of the selected "
                       "province, else of any)", on_click=time_steps.jump_to_change, args=(state, days, True))
        st.button("−1 year", key=YEAR_STEPS["back"], shortcut="PageDown", help="One year back (Page Down)",
                  on_click=time_steps.step_months, args=(state, -12), disabled=first)
        st.button("+1 year", key=YEAR_STEPS["forward"], shortcut="PageUp", help="One year on (Page Up)",
                  on_click=time_steps.step_months, args=(state, 12), disabled=last)
    if moment.precision == "day":  # (hidden on a phone, where the map's own control names the day)
        with st.container(key="day_caption"):
            st.caption(f"Showing {moment.label}, a day of {month_labels[moment.index]}. Play from the map.")
