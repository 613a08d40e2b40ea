"""The guided tour on the map page: a chapter sets the map's moment, view and highlights;
Previous/Next move through the chapters (also with the arrow keys); leaving the tour keeps the
map where it is. The moves are pure functions of the page's state (:class:`ui.url_state.MapState`,
whose ``story`` is the chapter's number, None outside the tour); :func:`chapter_card` shows the
chapter beside the map (under it on a phone), so its words and its map are on one screen."""
from __future__ import annotations

import html

import streamlit as st

from geo.atlas import Atlas
from geo.story import Chapter
from ui import state as page_state
from ui.map_state import move_time
from ui.text import md, md_link
from ui.url_state import MapState


def show_chapter(state: MapState, chapter: Chapter) -> MapState:
    """The map at the chapter's moment and view; no province or event panel open."""
    return move_time(state, chapter.moment).with_changes(story=chapter.order, view=chapter.view, event=None,
                                                         province=None)


def step(state: MapState, story: tuple[Chapter, ...], delta: int) -> MapState:
    """Move ``delta`` chapters, within the tour."""
    order = min(len(story), max(1, (state.story or 1) + delta))
    return show_chapter(state, story[order - 1])


def leave(state: MapState) -> MapState:
    """Leave the tour; the map stays where it is."""
    return state.with_changes(story=None)


def current(state: MapState, story: tuple[Chapter, ...]) -> Chapter | None:
    return story[state.story - 1] if state.story and 1 <= state.story <= len(story) else None


SHOWN = "_story_shown"


def follow_link(story: tuple[Chapter, ...]) -> None:
    """Open the chapter a link (``?story=N``) asked for, once; the view it sets is the map's."""
    state = page_state.current()
    if state.story and st.session_state.get(SHOWN) != (state.story, state.time_request):
        chapter = current(state, story)
        if chapter:
            page_state.update(show_chapter, chapter)
            st.session_state["initial_view"] = chapter.view
        st.session_state[SHOWN] = (page_state.current().story, page_state.current().time_request)


def _move(delta: int, story: tuple[Chapter, ...]) -> None:
    page_state.update(step, story, delta)
    st.session_state["initial_view"] = page_state.current().view
    st.session_state[SHOWN] = (page_state.current().story, page_state.current().time_request)


def start(story: tuple[Chapter, ...]) -> None:
    """Open the first chapter (the "Take the guided tour" button)."""
    _move(0, story)


def chapter_card(atlas: Atlas, chapter: Chapter) -> None:
    """The chapter as real text (its progress, a heading, the text and its sources) with the
    buttons that move through the tour (and the arrow keys)."""
    story = atlas.story
    with st.container(border=True, key="story_panel"):
        # Read aloud when the chapter changes (the map and the card change together).
        st.html(f'<p class="atlas-chapter-progress" role="status">The story · chapter {chapter.order} of '
                f"{len(story)} · {html.escape(chapter.moment.label)}</p>")
        # A row that wraps: in three equal columns "Previous chapter" was cut to "Previous c…".
        with st.container(horizontal=True, gap="small", key="chapter_buttons"):
            st.button("Previous chapter", icon=":material/arrow_back:", key="previous_chapter",
                      on_click=_move, args=(-1, story), disabled=chapter.order <= 1, shortcut="Left",
                      help="Previous chapter (Left arrow)")
            st.button("Next chapter", icon=":material/arrow_forward:", key="next_chapter",
                      on_click=_move, args=(1, story), disabled=chapter.order >= len(story), shortcut="Right",
                      help="Next chapter (Right arrow)")
            st.button("Leave the tour", icon=":material/close:", key="leave_story",
                      on_click=page_state.update, args=(leave,), help="The map stays where it is")
        st.subheader(chapter.title, anchor="chapter")
        st.markdown(md(chapter.text))
        cited = atlas.cited(chapter.source_ids)
        st.markdown("Sources: " + "; ".join(md_link(s["citation"], s["url"]) for s in cited))

