"""Values from the page are checked before use: a value no widget of ours could have sent (a
forged websocket message, a stale or garbled one) is ignored, with one short log line that
names the widget and never echoes the value."""
from __future__ import annotations

import logging

LOG = logging.getLogger("junbish_atlas.input")


def ignored(widget: str, why: str = "not one a reader could have chosen") -> None:
    """Note that a value of ``widget`` was ignored, and ``why`` in a few words (no stack, no value)."""
    LOG.warning("ignored a value for %s: %s", widget, why)


def known_or_none(value: object, known, widget: str) -> tuple[bool, object]:
    """``(True, value)`` when ``value`` is None or one of ``known``; else ``(False, None)``, logged."""
    if value is None or (isinstance(value, str) and len(value) <= 200 and value in known):
        return True, value
    ignored(widget)
    return False, None
