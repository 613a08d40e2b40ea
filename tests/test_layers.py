"""The layers keep to their parts (STYLE.md): the domain (``geo/``) draws nothing and knows no
Streamlit; the page's rules (``ui.map_state``, ``ui.url_state``) and the Python <-> map script
contract are plain Python too, so they are tested without a page or a map."""
import subprocess
import sys

import pytest

VIEW_AND_EDGE = ("streamlit", "folium", "branca", "altair")


def imported_by(statement: str) -> list[str]:
    """Which of the view's and the edge's libraries a fresh interpreter has loaded after ``statement``."""
    probe = f"import sys\n{statement}\nprint(','.join(n for n in {VIEW_AND_EDGE!r} if n in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [name for name in done.stdout.strip().split(",") if name]


def test_the_domain_imports_no_streamlit_and_no_map_or_chart_library():
    every_module = ("import importlib, pkgutil, geo\n"
                    "for found in pkgutil.iter_modules(geo.__path__): importlib.import_module('geo.' + found.name)")
    assert imported_by(every_module) == []


@pytest.mark.parametrize("module", ["ui.map_state", "ui.url_state", "atlas_view.contract"])
def test_the_pages_rules_and_the_contract_are_plain_python(module):
    assert imported_by(f"import {module}") == []
