"""Serve the map's JavaScript, CSS and boundaries from this app, never from a CDN.

Streamlit serves the files of every directory registered as a component at
``<base>/component/<module>.<name>/<file>``, every file in it. So we register only folders
that hold nothing but what the map needs, never the data folder (where a notes file, a
``.env`` or an HTML page would be served too). We register three:

* Leaflet 1.9.4 as installed by the ``django-js-lib-leaflet`` package (nothing vendored
  into this repository),
* the atlas's own map script and styles (``atlas_view/static``),
* a folder this process writes at start, holding a copy of the boundaries
  (``provinces-<hash>.geojson``), the reference layer (``reference-<hash>.json``: places,
  neighbours, the river) and the month table
  (``months-<hash>.json``, :attr:`atlas_view.presentation.AtlasView.month_table`), which lets
  the map repaint the month the slider or the playback shows without asking the server.

The browser fetches these once and caches them (the table's name changes with its content);
a move along the time axis then carries only the moment, the options and its markers.

**Hints for the page** (:func:`map_page_preloads`): the map's frame is created only after
Streamlit's page has rendered, and would then fetch its own script, the map scripts and the
data one after another. Once the folders are registered, the server names these files in the
map page's HTML as ``<link rel="preload">`` (:class:`ui.serving.MapPagePreloads`), so the
browser fetches them while the page is still starting, and the frame finds them in its cache:
the generated files and streamlit-folium's bundle have their content's hash in their names
(:func:`is_content_addressed`), so they are served as cacheable for a year.

The URLs handed to folium are *relative to the streamlit-folium iframe*
(``<base>/component/streamlit_folium.st_folium/index.html``), so they keep working behind
a proxy path, in a container and on Streamlit Community Cloud alike.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import js_lib_leaflet
import streamlit.components.v1 as components

from atlas_view.safety import safe_json
from atlas_view.webmap import ATLAS_CSS, STATIC_DIR, map_script_text
from geo.boundaries import BOUNDARIES_FILE
from geo.reference import PLACES_FILE, REFERENCE_FILE, reference_layer

LEAFLET_DIR = Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"
LEAFLET_COMPONENT = "leaflet"
STATIC_COMPONENT = "atlas_static"
GENERATED_COMPONENT = "atlas_generated"
GENERATED_PREFIX = "junbish-atlas-"
FOLIUM_COMPONENT = "streamlit_folium.st_folium"  # how Streamlit names streamlit-folium's frame


def _relative_to_folium_iframe(component_name: str, file_name: str) -> str:
    return f"../{__name__}.{component_name}/{file_name}"


_generated: list[Path] = []  # the folder generated_dir() made, once made
_making_folder = threading.Lock()


def generated_dir() -> Path:
    """A folder of this process's own, removed when the server stops (the app's lifespan, on
    Ctrl+C or SIGTERM: :func:`remove_generated_dir`) or, failing that, when the process ends."""
    with _making_folder:  # sessions start in threads of their own: one folder for all of them
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
    content); return the file name.

    Many sessions may write the same file at the same moment (readers reconnecting after a
    restart all run the map page at once): each writes a partial file of its own, under a
    unique name, and renames it over the target. The rename is atomic, so a request never sees
    half a file, and the contents are the same whoever renames last."""
    name = f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:16]}{suffix}"
    folder = generated_dir()
    target = folder / name
    if not target.exists():
        handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".partial")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as partial_file:
                partial_file.write(text)
            os.chmod(partial, 0o644)  # mkstemp makes it private; it is served like the rest
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return name


@functools.lru_cache(maxsize=4)
def _copied_boundaries(path: str, modified: float) -> str:
    """The boundaries file copied into :func:`generated_dir` (once per file and version)."""
    return write_generated("provinces", ".geojson", Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4)
def _written_reference(data_dir: str, modified: tuple[float, float]) -> str:
    """The reference layer (places, neighbours, the river) as JSON in :func:`generated_dir`
    (once per version of its files)."""
    return write_generated("reference", ".json", safe_json(reference_layer(Path(data_dir))))


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
    the atlas's map script (:func:`atlas_view.webmap.map_script_text`). The frame loads its
    scripts one after another; one file and fetches that start at once save two round trips
    before the map is drawn."""
    early = EARLY_FETCHES % safe_json(list(data_urls))
    leaflet = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    return write_generated("map-scripts", ".js", f"{early}\n;{leaflet}\n;{map_script_text()}\n")


def write_month_table(month_table_json: str) -> str:
    """Write the month table into :func:`generated_dir`; return its file name."""
    return write_generated("months", ".json", month_table_json)


@functools.lru_cache(maxsize=1)
def _folium_bundle() -> tuple[str, ...]:
    """streamlit-folium's own scripts and styles (its build's entry points, named with their
    content's hash), relative to its frame's folder. Located, not imported: importing
    ``streamlit_folium`` declares its component, which must happen in a script run."""
    spec = importlib.util.find_spec("streamlit_folium")
    if spec is None or spec.origin is None:
        return ()
    manifest = Path(spec.origin).parent / "frontend" / "build" / "asset-manifest.json"
    try:
        entry_points = json.loads(manifest.read_text(encoding="utf-8")).get("entrypoints", [])
    except (OSError, ValueError):
        return ()
    return tuple(path for path in entry_points if isinstance(path, str) and path.startswith("static/"))


def is_content_addressed(path: str) -> bool:
    """Whether a request path is one of the map's files whose name changes with its content (a
    generated file, or streamlit-folium's bundle), so a browser may keep it for a year."""
    return (f"/component/{__name__}.{GENERATED_COMPONENT}/" in path
            or any(path.endswith(f"/component/{FOLIUM_COMPONENT}/{file}") for file in _folium_bundle()))


_registered: dict[str, str] = {}  # the URLs register_assets last returned (replaced whole, never edited)


def map_page_preloads() -> list[tuple[str, str]]:
    """What the map's frame will load, as ``(href, kind)`` relative to the map page's URL
    (``kind`` is the preload's ``as``: script, style or fetch); empty until the folders are
    registered (the first visit after a start), since until then Streamlit would answer 404."""
    registered = _registered
    if not registered:
        return []

    def from_page(frame_relative: str) -> str:  # "../x/y" from the frame's folder is "./component/x/y"
        return "./component/" + frame_relative.removeprefix("../")
    preloads = [(f"./component/{FOLIUM_COMPONENT}/{file}", "style" if file.endswith(".css") else "script")
                for file in _folium_bundle()]
    preloads += [(from_page(registered[key]), kind) for key, kind in
                 (("leaflet_css", "style"), ("atlas_css", "style"), ("map_js", "script"),
                  ("geometry_url", "fetch"), ("month_table_url", "fetch"), ("reference_url", "fetch"))]
    return preloads


def write_map_files(data_dir: Path, month_table_json: str) -> tuple[str, str, str, str]:
    """Write the generated files the map's frame loads (the month table, the boundaries, the
    reference layer and the map scripts) into :func:`generated_dir`; return their names. The
    server's warm-up calls it before the first visitor (see :mod:`ui.serving`); later calls
    find the files there."""
    month_table_name = write_month_table(month_table_json)
    boundaries = data_dir / BOUNDARIES_FILE
    boundaries_name = _copied_boundaries(str(boundaries), boundaries.stat().st_mtime)
    reference_name = _written_reference(str(data_dir), ((data_dir / PLACES_FILE).stat().st_mtime,
                                                        (data_dir / REFERENCE_FILE).stat().st_mtime))
    scripts_name = _map_scripts((_relative_to_folium_iframe(GENERATED_COMPONENT, boundaries_name),
                                 _relative_to_folium_iframe(GENERATED_COMPONENT, month_table_name),
                                 _relative_to_folium_iframe(GENERATED_COMPONENT, reference_name)))
    return month_table_name, boundaries_name, reference_name, scripts_name


def register_assets(data_dir: Path, month_table_json: str) -> dict[str, str]:
    """Register the asset folders with Streamlit; return the URLs folium should use.

    Must run inside a script run (Streamlit registers components only then); registering
    again is harmless.
    """
    components.declare_component(LEAFLET_COMPONENT, path=str(LEAFLET_DIR))
    components.declare_component(STATIC_COMPONENT, path=str(STATIC_DIR))
    month_table_name, boundaries_name, reference_name, scripts_name = write_map_files(data_dir, month_table_json)
    components.declare_component(GENERATED_COMPONENT, path=str(generated_dir()))
    urls = {
        "map_js": _relative_to_folium_iframe(GENERATED_COMPONENT, scripts_name),
        "leaflet_css": _relative_to_folium_iframe(LEAFLET_COMPONENT, "leaflet.css"),
        "atlas_css": _relative_to_folium_iframe(STATIC_COMPONENT, ATLAS_CSS),
        "geometry_url": _relative_to_folium_iframe(GENERATED_COMPONENT, boundaries_name),
        "month_table_url": _relative_to_folium_iframe(GENERATED_COMPONENT, month_table_name),
        "reference_url": _relative_to_folium_iframe(GENERATED_COMPONENT, reference_name),
    }
    global _registered
    _registered = urls
    return urls
