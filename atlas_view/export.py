"""A single self-contained HTML file of the animated map, for articles and slides.

Usage: ``python -m atlas_view.export [OUTPUT_DIR] [YYYY-MM]`` (default ``dist/``, or
``$EXPORT_DIR``; the month it opens at, default December 1992); writes ``junbish-atlas.html``.
Leaflet's script and stylesheet, the atlas's script and styles, the boundaries, the month table
(every month's looks and events, full popups) are inlined, so the file works opened from disk
with no network. Base tiles are left out for the same reason; the provinces are drawn on a
plain background. The map plays the months itself (``static/atlas-map.js``);
``static/atlas-export.js`` adds the month slider and opens at the moment, province and view
in the file's own link (``junbish-atlas.html?date=1997-05&province=AF-BAL``).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from branca.element import Element

from atlas_view.markers import marker_fields
from atlas_view.months import month_table
from atlas_view.presentation import AtlasView, present
from atlas_view.safety import safe_json, safe_url
from atlas_view.webmap import ATLAS_CSS, STATIC_DIR, RenderedText, ScriptElement, base_map, map_config, map_script_text
from geo.atlas import load_atlas
from geo.reference import reference_layer
from geo.dates import MONTH_COUNT, Moment

EXPORT_FILE = "junbish-atlas.html"
EXPORT_JS = "atlas-export.js"
EXPORT_CSS = "atlas-export.css"
DEFAULT_EXPORT_DIR = Path("dist")
START = Moment.end_of_year(1992)
TITLE = "Junbish Atlas: territory and battles of Junbish-i-Milli, 1988-2021"


def leaflet_files() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS from the installed django-js-lib-leaflet package."""
    import js_lib_leaflet

    folder = Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"
    return (folder / "leaflet.js").read_text(encoding="utf-8"), (folder / "leaflet.css").read_text(encoding="utf-8")


def inline_script(script: str) -> str:
    """A script's text that cannot close its ``<script>`` element early."""
    return script.replace("</", "<\\/")


class ExportControl(ScriptElement):
    """Calls ``atlasExport(map, config)`` (``static/atlas-export.js``): the month slider, and
    the moment read from the file's link."""

    def __init__(self, start: Moment, story: list[dict], province: str | None = None,
                 view: tuple[float, float, int] | None = None):
        super().__init__()
        self._name = "ExportControl"
        self.config_json = safe_json({"start": start.index, "monthCount": MONTH_COUNT, "story": story,
                                      "province": province, "view": list(view) if view else None})

    def render(self, **kwargs) -> None:
        script = f"atlasExport({self._parent.get_name()}, {self.config_json});"
        self.get_root().script.add_child(RenderedText(script), name=self.get_name())


def export_story(view: AtlasView) -> list[dict]:
    """The tour's chapters as the export's script reads them (plain text; links http(s) only)."""
    atlas = view.atlas
    return [{"order": c.order, "title": c.title, "label": c.moment.label, "month": c.moment.index,
             "view": list(c.view), "provinces": list(c.provinces), "text": c.text,
             "sources": [[s["citation"], safe_url(s["url"]) or ""] for s in atlas.cited(c.source_ids)]}
            for c in atlas.story]


def export_month_table(view: AtlasView) -> dict:
    """The month table with full popups (description and sources): the export has no panel."""
    atlas = view.atlas
    full = {event["id"]: marker_fields(event, atlas.faction_names, atlas.sources_by_id, full_popups=True)
            for event in atlas.events.to_dict("records")}
    return month_table(atlas, {event_id: f for event_id, f in full.items() if f is not None})


def build_static_html(view: AtlasView, start: Moment = START, province: str | None = None,
                      map_view: tuple[float, float, int] | None = None) -> str:
    """The whole export as one HTML string, opening at ``start``, on ``province`` and
    ``map_view`` (the view it was made from) unless its own link says otherwise."""
    leaflet_js, leaflet_css = leaflet_files()
    own_css = "\n".join((STATIC_DIR / name).read_text(encoding="utf-8") for name in (ATLAS_CSS, EXPORT_CSS))
    own_js = map_script_text() + "\n;" + (STATIC_DIR / EXPORT_JS).read_text(encoding="utf-8")
    no_urls = {"leaflet_css": "", "atlas_css": ""}
    geometry = json.loads(view.atlas.provinces.to_json(drop_id=True))
    config = map_config(geometry=geometry, month_table=export_month_table(view), table_markers=True,
                        reference=reference_layer(view.atlas.data_dir),
                        fit_country=map_view is None, start_month=start.index, report=False)
    folium_map = base_map(no_urls, config, tiles=False)
    folium_map.default_js, folium_map.default_css = [], []
    header = folium_map.get_root().header
    header.add_child(RenderedText(f"<style>{inline_script(leaflet_css)}\n{inline_script(own_css)}</style>"),
                     name="inline_css", index=0)
    for index, (name, script) in enumerate((("leaflet_js", leaflet_js), ("atlas_js", own_js)), start=1):
        header.add_child(RenderedText(f"<script>{inline_script(script)}</script>"), name=name, index=index)
    folium_map.get_root().title = TITLE
    ExportControl(start, export_story(view), province, map_view).add_to(folium_map)
    folium_map.get_root().html.add_child(Element(
        '<div class="atlas-title">Junbish Atlas · territory and battles of Junbish-i-Milli, 1988–2021 · '
        "data CC BY 4.0</div>"))
    return folium_map.get_root().render()


def write_export(output_dir: Path, view: AtlasView | None = None, start: Moment = START) -> Path:
    """Write the export into ``output_dir``; return the file's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / EXPORT_FILE
    target.write_text(build_static_html(view or present(load_atlas()), start), encoding="utf-8")
    return target


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("EXPORT_DIR") or DEFAULT_EXPORT_DIR)
    written = write_export(folder, start=Moment.parse(sys.argv[2]) if len(sys.argv) > 2 else START)
    print(f"wrote {written} ({written.stat().st_size / 1024:.0f} KiB)")
