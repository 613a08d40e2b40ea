"""Rules the tests themselves keep (docs/testing.md): none waits a fixed time. A test waits for
what it needs (an attribute, a heading, the link, an answer), so it is as fast as the machine
allows and never passes or fails by how busy the machine is."""
import io
import re
import tokenize
from pathlib import Path

from tests.conftest import REPO
from tests.js.source_code import js_code

TESTS = REPO / "tests"
# Python's and Playwright's fixed waits, and the browser's, by their names in code.
PYTHON_WAITS = re.compile(r"\b(?:sleep|wait_for_timeout)\s*\(")
JS_WAITS = re.compile(r"\b(?:setTimeout|waitForTimeout)\s*\(")


def python_parts(path: Path) -> tuple[str, str]:
    """A Python file's code (names and operators, no comments or strings) and its strings (where
    a test page's JavaScript lives)."""
    code, strings = [], []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING or token.type in getattr(tokenize, "FSTRING_MIDDLE", ()):
            strings.append(token.string)
        elif token.type != tokenize.COMMENT:
            code.append(token.string)
    return " ".join(code), "\n".join(strings)


def fixed_waits(path: Path) -> list[str]:
    if path.suffix == ".js":
        return JS_WAITS.findall(js_code(path.read_text(encoding="utf-8")))
    code, strings = python_parts(path)
    return PYTHON_WAITS.findall(code) + JS_WAITS.findall(strings)


def test_no_test_waits_a_fixed_time():
    own = Path(__file__).resolve()
    found = {str(path.relative_to(REPO)): waits for path in sorted(TESTS.rglob("*"))
             if path.suffix in (".py", ".js") and path.resolve() != own and (waits := fixed_waits(path))}
    assert found == {}


def test_the_rule_sees_a_fixed_wait_in_code_and_in_a_test_pages_script_but_not_in_a_comment(tmp_path):
    python = tmp_path / "test_x.py"
    # The waits are written in pieces here, so that this file itself holds none for a search to find.
    sleep, timeout = "sleep" + "(", "wait_for_" + "timeout ("
    python.write_text(f"import time\n# time.{sleep}1) was here\ntime.{sleep}0.5)\n"
                      f"page.{timeout}200)\nhtml = '<script>setTimeout(go, 100)</script>'\n",
                      encoding="utf-8")
    assert len(fixed_waits(python)) == 3
    script = tmp_path / "x.test.js"
    script.write_text("// setTimeout(done, 10)\nconst s = 'setTimeout(';\nawait new Promise(r => setTimeout(r, 50));\n",
                      encoding="utf-8")
    assert len(fixed_waits(script)) == 1
