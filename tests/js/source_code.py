"""JavaScript read as code: what the Python tests search the map script and the JS tests in."""
import re


def js_code(text: str) -> str:
    """JavaScript ``text`` as code only: comments removed, and the contents of strings, template
    literals and regular expressions blanked, so a name that appears only in a comment or a
    string is not found in it. (A regular expression is told from a division by the code before
    it, or a keyword such as ``return``: enough for the map script.)"""
    out: list[str] = []
    i, last = 0, ""  # last: the last character of code, not blank
    while i < len(text):
        char, pair = text[i], text[i:i + 2]
        if pair == "//":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif pair == "/*":
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
            out.append(" ")
        elif char in "'\"`":
            i = _past(text, i + 1, char)
            out.append(char * 2)
            last = char
        elif char == "/" and (last == "" or last in "(,=:[!&|?{};+-*%<>~^"
                              or re.search(r"\b(?:return|typeof|case|in|of|void|throw|new)\s*$", "".join(out[-12:]))):
            i = _past(text, i + 1, "/")
            while i < len(text) and text[i].isalpha():  # its flags
                i += 1
            out.append("/x/")
            last = "/"
        else:
            out.append(char)
            last = last if char.isspace() else char
            i += 1
    return "".join(out)


def _past(text: str, i: int, closing: str) -> int:
    """The index after the ``closing`` character that ends a string or regular expression begun
    before ``i`` (escapes skipped; in a regular expression, a ``/`` inside ``[...]`` does not end it)."""
    in_class = False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if closing == "/" and char in "[]":
            in_class = char == "["
        elif char == closing and not in_class:
            return i + 1
        i += 1
    return i
