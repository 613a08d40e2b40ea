"""Data text shown through st.markdown is never read as Markdown, HTML, math or a script link."""
import pytest

from atlas_view.safety import safe_json, safe_url
from ui.text import md, md_link


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "**bold** _it_ `code`", "[link](javascript:alert(1))", "$x^2$", "# heading",
    "1. list", "- item", "a | b", "~~struck~~", "<img src=x onerror=alert(1)>",
])
def test_md_escapes_every_markdown_and_html_character(text):
    escaped = md(text)
    for character in "<>*_`[]()$#|~":
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == character), (text, escaped)


def test_md_keeps_plain_words_and_handles_none():
    assert md("Mazar-e Sharif 1998") == "Mazar\\-e Sharif 1998"
    assert md(None) == ""


def test_md_link_links_only_plain_http_urls():
    assert md_link("HRW report", "https://www.hrw.org/x") == "[HRW report](https://www.hrw.org/x)"
    assert md_link("Report", "javascript:alert(1)") == "Report"
    assert md_link("Report", "data:text/html,<b>") == "Report"
    assert md_link("Report", "") == "Report"


def test_md_link_escapes_the_label_and_brackets_in_the_url():
    link = md_link("A [b](c)", "https://example.org/a_(b)")
    assert link == "[A \\[b\\]\\(c\\)](https://example.org/a_%28b%29)"


@pytest.mark.parametrize("url", ["http://a.b/c", "https://a.b/c?d=e&f=g"])
def test_safe_url_accepts_plain_web_links(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,x", "//evil.org",
                                 "https://a.b/\"onmouseover=x", "https://a b"])
def test_safe_url_refuses_anything_else(url):
    assert safe_url(url) is None


def test_safe_json_escapes_what_could_end_a_script_or_a_line():
    text = safe_json({"a": "</script><!--", "b": "x\u2028y\u2029z", "c": "&"})
    assert not any(c in text for c in "<>&\u2028\u2029")
    import json
    assert json.loads(text) == {"a": "</script><!--", "b": "x\u2028y\u2029z", "c": "&"}
