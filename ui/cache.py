"""Caching at the edge: the dataset is read and validated once per server process.

The data folder is ``data/`` unless the environment variable ``JUNBISH_ATLAS_DATA_DIR``
names another (the tests use this to serve fixture datasets).
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from atlas_view.presentation import AtlasView, present
from geo.atlas import Atlas, load_atlas
from geo.dataset import DATA_DIR
from geo.validate import Problem, find_problems

DATA_DIR_VARIABLE = "JUNBISH_ATLAS_DATA_DIR"


def data_dir() -> Path:
    """The folder the app reads its dataset from."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR).resolve()


@st.cache_resource(show_spinner=False)
def dataset_problems(folder: Path) -> list[Problem]:
    """Validation problems of the dataset (empty when it is valid)."""
    return find_problems(folder)


@st.cache_resource(show_spinner="Loading the atlas…")
def atlas(folder: Path) -> Atlas:
    """Every table, the province x year view and the per-year style tables, computed once."""
    return load_atlas(folder)


@st.cache_resource(show_spinner="Drawing the atlas…")
def atlas_view(folder: Path) -> AtlasView:
    """Every year's styles and legend, the markers and the year table, computed once."""
    return present(atlas(folder))


def atlas_or_error_page() -> Atlas:
    """The atlas of the configured data folder; if the data has problems, show one clear
    error page listing them (never a traceback) and stop the page."""
    folder = data_dir()
    problems = dataset_problems(folder)
    if problems:
        st.title("Junbish Atlas cannot show this dataset")
        st.error(f"The dataset in `{folder.name}/` has {len(problems)} problem(s). Fix them and reload; "
                 "`python -m geo.validate` lists the same.")
        st.code("\n".join(str(p) for p in problems[:50]), language=None)
        st.stop()
    return atlas(folder)
