"""The guided tour on the map page: a chapter sets the map's moment, view and highlights;
Previous/Next move through the chapters (also with the arrow keys); leaving the tour keeps the
map where it is. The page's state keeps ``story`` (the chapter's number, None outside the tour)
and ``_story_shown`` (the chapter last applied to the map)."""
from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from geo.atlas import Atlas
from geo.story import Chapter
from ui import time_steps
from ui.text import md, md_link


def show_chapter(state: MutableMapping, chapter: Chapter) -> None:
    """Put the map at the chapter's moment and view; no province or event panel is open."""
    time_steps.show(state, chapter.moment)
    state.update(story=chapter.order, _story_shown=chapter.order, initial_view=chapter.view, view=chapter.view,
                 event=None, province=None)


def step(state: MutableMapping, story: tuple[Chapter, ...], delta: int) -> None:
    """Move ``delta`` chapters, within the tour."""
    order = min(len(story), max(1, (state.get("story") or 1) + delta))
    show_chapter(state, story[order - 1])


def follow_link(state: MutableMapping, story: tuple[Chapter, ...]) -> None:
    """Open the chapter a link (``?story=N``) asked for, once."""
    order = state.get("story")
    if order and state.get("_story_shown") != order and 1 <= order <= len(story):
        show_chapter(state, story[order - 1])


def leave(state: MutableMapping) -> None:
    """Leave the tour; the map stays where it is."""
    state["story"] = None


def current(state: MutableMapping, story: tuple[Chapter, ...]) -> Chapter | None:
    order = state.get("story")
    return story[order - 1] if order and 1 <= order <= len(story) else None


def chapter_panel(atlas: Atlas, state: MutableMapping, chapter: Chapter) -> None:
    """The chapter as real text (a heading, its progress, the text and its sources) with the
    buttons that move through the tour."""
    story = atlas.story
    with st.container(border=True, key="story_panel"):
        st.caption(f"The story · chapter {chapter.order} of {len(story)} · {chapter.moment.label}")
        st.subheader(chapter.title, anchor="chapter")
        st.markdown(md(chapter.text))
        cited = atlas.cited(chapter.source_ids)
        st.markdown("Sources: " + "; ".join(md_link(s["citation"], s["url"]) for s in cited))
        back, forward, leave_button = st.columns([1, 1, 1])
        back.button("Previous chapter", icon=":material/arrow_back:", key="previous_chapter", width="stretch",
                    on_click=step, args=(state, story, -1), disabled=chapter.order <= 1, shortcut="Left",
                    help="Previous chapter (Left arrow)")
        forward.button("Next chapter", icon=":material/arrow_forward:", key="next_chapter", width="stretch",
                       on_click=step, args=(state, story, 1), disabled=chapter.order >= len(story), shortcut="Right",
                       help="Next chapter (Right arrow)")
        leave_button.button("Leave the tour", icon=":material/close:", key="leave_story", width="stretch",
                            on_click=leave, args=(state,), help="The map stays where it is")
