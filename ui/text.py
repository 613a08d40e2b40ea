"""Showing data text in Streamlit safely: everything is escaped, links are http(s) only."""
from __future__ import annotations

import re

from atlas_view.safety import safe_url

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md(text) -> str:
    """Escape text for st.markdown so that nothing in it is read as Markdown, HTML or math."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def md_link(label: str, url: str | None) -> str:
    """A Markdown link when ``url`` is plain http(s); the escaped label alone otherwise."""
    link = safe_url(url or "")
    if not link:
        return md(label)
    return f"[{md(label)}]({link.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})"
