"""The dashboard as a Streamlit ``App`` whose one-time work is done before it serves anyone.

``streamlit run serve.py`` (what ``make run`` and the Docker image do) serves ``app.py``
exactly as ``streamlit run app.py`` would, with a start-up hook (``st.App``'s lifespan): the
map page's libraries are imported, the dataset is validated and the atlas is loaded into the
same caches the pages use (``ui.cache``). The server answers ``/_stcore/health`` and accepts
visitors only after that, so the first visitor after a (re)start does not wait about 2 s for
it, and a health check sends nobody to a server that is still warming up.

A dataset with problems does not stop the server: the warm-up records the problems and the
pages show them as the usual error page.

This file sits next to ``app.py`` and ``.streamlit/`` on purpose: Streamlit reads the
script-level ``.streamlit/config.toml`` (XSRF protection, error details hidden, no forced
garbage collection after each run) from the directory of the script it is given.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

APP_SCRIPT = Path(__file__).resolve().parent / "app.py"


def warm_up() -> str:
    """Import what the map page imports and fill the dataset caches. Returns one line that
    says what was done and how long it took."""
    started = time.perf_counter()
    # folium, pandas and branca: most of the map page's import time. streamlit_folium itself
    # must not be imported here: it declares its component, and a component declared before
    # the runtime has started is not served (its frame gets a 404).
    import atlas_view.webmap  # noqa: F401
    from ui.cache import atlas_view, data_dir, dataset_problems

    folder = data_dir()
    problems = dataset_problems(folder)
    if not problems:
        atlas_view(folder).month_table_json  # noqa: B018  (computed once, then cached on the view)
    outcome = f"{len(problems)} problem(s), shown on the pages" if problems else "atlas loaded"
    return f"Junbish Atlas warm-up: {folder}: {outcome} in {time.perf_counter() - started:.1f} s"


@asynccontextmanager
async def warmed_up(_app):
    # Outside a script run, each cached call would log "missing ScriptRunContext".
    context_logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = context_logger.level
    context_logger.setLevel(logging.ERROR)
    try:
        print(await asyncio.to_thread(warm_up), flush=True)
    except Exception as error:  # the warm-up only saves time: it must never keep the server down
        print(f"Junbish Atlas warm-up failed ({type(error).__name__}: {error}); "
              "the pages will load the dataset themselves", flush=True)
    finally:
        context_logger.setLevel(level)
    yield


app = st.App(APP_SCRIPT, lifespan=warmed_up)
