"""A single self-contained HTML file of the animated map, for articles and slides.

Usage: ``python -m atlas_view.export [OUTPUT_DIR]`` (default ``dist/``, or ``$EXPORT_DIR``);
writes ``junbish-atlas.html``. Leaflet's script and stylesheet, the atlas's script and styles,
the boundaries, every year's styles and every event are inlined, so the file works opened
from disk with no network. Base tiles are left out for the same reason; the provinces are
drawn on a plain background. The time control is ``static/atlas-export.js``; it reads the
years as :class:`atlas_view.contract.ExportYear`.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from branca.element import Element

from atlas_view.contract import ExportYear
from atlas_view.markers import event_marker_specs
from atlas_view.presentation import AtlasView, present
from atlas_view.safety import safe_json
from atlas_view.webmap import ATLAS_CSS, ATLAS_JS, STATIC_DIR, RenderedText, ScriptElement, base_map, map_config, year_payload
from geo.atlas import load_atlas
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.events import events_in

EXPORT_FILE = "junbish-atlas.html"
EXPORT_JS = "atlas-export.js"
EXPORT_CSS = "atlas-export.css"
DEFAULT_EXPORT_DIR = Path("dist")
START_YEAR = 1992
TITLE = "Junbish Atlas: territory and battles of Junbish-i-Milli, 1988-2021"


def leaflet_files() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS from the installed django-js-lib-leaflet package."""
    import js_lib_leaflet

    folder = Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"
    return (folder / "leaflet.js").read_text(encoding="utf-8"), (folder / "leaflet.css").read_text(encoding="utf-8")


def inline_script(script: str) -> str:
    """A script's text that cannot close its ``<script>`` element early."""
    return script.replace("</", "<\\/")


class TimeControl(ScriptElement):
    """Calls ``atlasTimeControl(map, config)`` (``static/atlas-export.js``) with every year."""

    def __init__(self, years: dict[str, ExportYear], start: int):
        super().__init__()
        self._name = "TimeControl"
        self.config_json = safe_json({"years": years, "first": FIRST_YEAR, "last": LAST_YEAR, "start": start})

    def render(self, **kwargs) -> None:
        script = f"atlasTimeControl({self._parent.get_name()}, {self.config_json});"
        self.get_root().script.add_child(RenderedText(script), name=self.get_name())


def export_years(view: AtlasView) -> dict[str, ExportYear]:
    """Every year's styles, legend and markers with full popups (the export has no panel)."""
    atlas = view.atlas
    return {
        str(year): {
            "view": year_payload(year, view.styles_by_year[year], legend=view.legends[year]),
            "markers": event_marker_specs(events_in(year, events=atlas.events), atlas.faction_names,
                                          atlas.sources_by_id, year, full_popups=True),
        }
        for year in atlas.years
    }


def build_static_html(view: AtlasView, start_year: int = START_YEAR) -> str:
    """The whole export as one HTML string."""
    leaflet_js, leaflet_css = leaflet_files()
    own_css = "\n".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in (ATLAS_CSS, EXPORT_CSS))
    own_js = "\n".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in (ATLAS_JS, EXPORT_JS))
    no_urls = {"leaflet_js": "", "leaflet_css": "", "atlas_js": "", "atlas_css": ""}
    geometry = json.loads(view.atlas.provinces.to_json(drop_id=True))
    folium_map = base_map(no_urls, map_config(geometry=geometry), tiles=False)
    folium_map.default_js, folium_map.default_css = [], []
    header = folium_map.get_root().header
    header.add_child(RenderedText(f"<style>{inline_script(leaflet_css)}\n{inline_script(own_css)}</style>"),
                     name="inline_css", index=0)
    for index, (name, script) in enumerate((("leaflet_js", leaflet_js), ("atlas_js", own_js)), start=1):
        header.add_child(RenderedText(f"<script>{inline_script(script)}</script>"), name=name, index=index)
    folium_map.get_root().title = TITLE
    TimeControl(export_years(view), start_year).add_to(folium_map)
    folium_map.get_root().html.add_child(Element(
        '<div class="atlas-title">Junbish Atlas · territory and battles of Junbish-i-Milli, 1988–2021 · '
        "data CC BY 4.0</div>"))
    return folium_map.get_root().render()


def write_export(output_dir: Path, view: AtlasView | None = None) -> Path:
    """Write the export into ``output_dir``; return the file's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / EXPORT_FILE
    target.write_text(build_static_html(view or present(load_atlas())), encoding="utf-8")
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("EXPORT_DIR") or DEFAULT_EXPORT_DIR)
    written = write_export(folder)
    print(f"wrote {written} ({written.stat().st_size / 1024:.0f} KiB)")
