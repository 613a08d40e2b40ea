"""Serve the map's JavaScript, CSS and boundaries from this app, never from a CDN.

Streamlit serves the files of every directory registered as a component at
``<base>/component/<module>.<name>/<file>``, every file in it. So we register only folders
that hold nothing but what the map needs, never the data folder (where a notes file, a
``.env`` or an HTML page would be served too). We register three:

* Leaflet 1.9.4 as installed by the ``django-js-lib-leaflet`` package (nothing vendored
  into this repository),
* the atlas's own map script and styles (``atlas_view/static``),
* a folder this process writes at start, holding a copy of the boundaries
  (``provinces-<hash>.geojson``) and the month table
  (``months-<hash>.json``, :attr:`atlas_view.presentation.AtlasView.month_table`), which lets
  the map repaint the month the slider or the playback shows without asking the server.

The browser fetches these once and caches them (the table's name changes with its content);
a move along the time axis then carries only the moment, the options and its markers.

The URLs handed to folium are *relative to the streamlit-folium iframe*
(``<base>/component/streamlit_folium.st_folium/index.html``), so they keep working behind
a proxy path, in a container and on Streamlit Community Cloud alike.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import tempfile
from pathlib import Path

import js_lib_leaflet
import streamlit.components.v1 as components

from atlas_view.safety import safe_json
from atlas_view.webmap import ATLAS_CSS, ATLAS_JS, STATIC_DIR
from geo.boundaries import BOUNDARIES_FILE

LEAFLET_DIR = Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"
LEAFLET_COMPONENT = "leaflet"
STATIC_COMPONENT = "atlas_static"
GENERATED_COMPONENT = "atlas_generated"
GENERATED_PREFIX = "junbish-atlas-"


def _relative_to_folium_iframe(component_name: str, file_name: str) -> str:
    return f"../{__name__}.{component_name}/{file_name}"


_generated: list[Path] = []  # the folder generated_dir() made, once made


def generated_dir() -> Path:
    """A folder of this process's own, removed when the server stops (the app's lifespan, on
    Ctrl+C or SIGTERM: :func:`remove_generated_dir`) or, failing that, when the process ends."""
    if not _generated:
        folder = Path(tempfile.mkdtemp(prefix=GENERATED_PREFIX))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _generated.append(folder)
    return _generated[0]


def remove_generated_dir() -> None:
    """Remove this process's generated folder, if it made one."""
    while _generated:
        shutil.rmtree(_generated.pop(), ignore_errors=True)


def write_generated(prefix: str, suffix: str, text: str) -> str:
    """Write ``text`` into :func:`generated_dir` under a name made from its content (once per
    content); return the file name."""
    name = f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:16]}{suffix}"
    target = generated_dir() / name
    if not target.exists():
        partial = target.with_suffix(".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)  # a request never sees half a file
    return name


@functools.lru_cache(maxsize=4)
def _copied_boundaries(path: str, modified: float) -> str:
    """The boundaries file copied into :func:`generated_dir` (once per file and version)."""
    return write_generated("provinces", ".geojson", Path(path).read_text(encoding="utf-8"))


EARLY_FETCHES = """window.atlasEarlyFetches = window.atlasEarlyFetches || {};
%s.forEach(function (url) {
  var pending = fetch(url).then(function (r) {
    if (!r.ok) { throw new Error(r.status + ' ' + url); }
    return r.json();
  });
  pending.catch(function () {});  // a failure is reported by the map script, which takes the promise
  window.atlasEarlyFetches[url] = pending;
});
"""


@functools.lru_cache(maxsize=4)
def _map_scripts(data_urls: tuple[str, ...]) -> str:
    """One script file for the map's frame (in :func:`generated_dir`; returns its name): it
    starts fetching ``data_urls`` (the boundaries and the month table), then holds Leaflet and
    the atlas script. The frame loads its scripts one after another; one file and fetches that
    start at once save two round trips before the map is drawn."""
    early = EARLY_FETCHES % safe_json(list(data_urls))
    leaflet = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    atlas = (STATIC_DIR / ATLAS_JS).read_text(encoding="utf-8")
    return write_generated("map-scripts", ".js", f"{early}\n;{leaflet}\n;{atlas}\n")


def write_month_table(month_table_json: str) -> str:
    """Write the month table into :func:`generated_dir`; return its file name."""
    return write_generated("months", ".json", month_table_json)


def register_assets(data_dir: Path, month_table_json: str) -> dict[str, str]:
    """Register the asset folders with Streamlit; return the URLs folium should use.

    Must run inside a script run (Streamlit registers components only then); registering
    again is harmless.
    """
    components.declare_component(LEAFLET_COMPONENT, path=str(LEAFLET_DIR))
    components.declare_component(STATIC_COMPONENT, path=str(STATIC_DIR))
    month_table_name = write_month_table(month_table_json)
    boundaries = data_dir / BOUNDARIES_FILE
    boundaries_name = _copied_boundaries(str(boundaries), boundaries.stat().st_mtime)
    scripts_name = _map_scripts((_relative_to_folium_iframe(GENERATED_COMPONENT, boundaries_name),
                                 _relative_to_folium_iframe(GENERATED_COMPONENT, month_table_name)))
    components.declare_component(GENERATED_COMPONENT, path=str(generated_dir()))
    return {
        "map_js": _relative_to_folium_iframe(GENERATED_COMPONENT, scripts_name),
        "leaflet_js": _relative_to_folium_iframe(LEAFLET_COMPONENT, "leaflet.js"),
        "leaflet_css": _relative_to_folium_iframe(LEAFLET_COMPONENT, "leaflet.css"),
        "atlas_js": _relative_to_folium_iframe(STATIC_COMPONENT, ATLAS_JS),
        "atlas_css": _relative_to_folium_iframe(STATIC_COMPONENT, ATLAS_CSS),
        "geometry_url": _relative_to_folium_iframe(GENERATED_COMPONENT, boundaries_name),
        "month_table_url": _relative_to_folium_iframe(GENERATED_COMPONENT, month_table_name),
    }
