"""Putting data into a page without it ever being read as code: JSON inside a ``<script>``
element, and links that are plain http(s)."""
from __future__ import annotations

import json
import re

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_SPECIAL = re.compile("[<>&\u2028\u2029]")
_PLAIN_HTTP_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def safe_json(value) -> str:
    """JSON that can sit inside a ``<script>`` element: ``<``, ``>``, ``&`` and the line
    separators U+2028/U+2029 are written as ``\\u`` escapes, so no text in ``value`` can close
    the element, open a comment or end a line of the script.

    >>> safe_json({"name": "</script><!--"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _SCRIPT_SPECIAL.sub(lambda match: _SCRIPT_ESCAPES[match.group()], text)


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s), else None (never a ``javascript:`` or ``data:`` link).

    >>> safe_url("javascript:alert(1)") is None
    True
    """
    url = (url or "").strip()
    return url if _PLAIN_HTTP_URL.match(url) else None
