"""A picture of the map at a moment, for slides and articles: a PNG drawn on the server with
geopandas and matplotlib (no browser, no base-map tiles), with the same colours, borders and
stripes as the map, its legend, the date, and a citation line.

Choices written down here:

* The picture always shows the whole country, whatever the zoom on screen: a slide needs the
  context, and a picture that crops differently on every screen would not match its link.
* It shows what the map shows at the moment: territory (if that layer is on), the historical
  outlines of provinces that were one (Parwan with Panjshir before 2004), the events the map
  shows, neutral as on the map (a shape per kind, white with a dark outline, larger for a
  deadlier event), the selected province outlined, and the legend of the holders at that
  moment (their fills as drawn), the border patterns and the event kinds present.
* The citation line names the dataset and its version and the link that reopens the view.
* It names its places as the map does (``geo.reference_layer``): the neighbouring countries
  (drawn under the provinces, in grey) and the Amu Darya, and the towns the story names (ranks
  1-14), each with its dot; in rank order, a name goes right of its dot, else left, else it is
  left out, so no two names overlap (the picture has one scale, so one pass decides).
"""
from __future__ import annotations

import io
from collections.abc import Collection

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before pyplot is imported
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from geopandas import GeoSeries  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.patheffects import withStroke  # noqa: E402
from shapely.geometry import shape  # noqa: E402

from atlas_view.presentation import AtlasView  # noqa: E402
from atlas_view.markers import symbol_size  # noqa: E402
from atlas_view.styles import (BORDER_COLOUR, CHANGED_BORDER_COLOUR, CHANGED_BORDER_WEIGHT,  # noqa: E402
                               LOW_CONFIDENCE_DASH, MARKER_FILL, MARKER_OUTLINE, STATUS_DASH, STATUS_FILL_OPACITY,
                               STATUS_LABELS, legend_for, province_style)
from geo.events import EVENT_KINDS  # noqa: E402
from geo.boundaries import provinces_on  # noqa: E402
from geo.control import FOCUS_FACTION  # noqa: E402
from geo.districts import DISTRICTS_FROM  # noqa: E402
from geo.dates import Moment  # noqa: E402
from geo.reference import TOP_PLACE_RANKS, reference_layer  # noqa: E402

WIDTH_INCHES, HEIGHT_INCHES, DPI = 12, 8, 120  # 1440 × 960 pixels: a slide, or an article's full width
SELECTED_COLOUR = "#000000"
NEIGHBOUR_FILL, NEIGHBOUR_EDGE, NEIGHBOUR_TEXT = "#F2F2F0", "#A8A8A8", "#6B6B6B"
RIVER_COLOUR = "#1F5F9E"
MAP_MARGIN_DEGREES = 0.6  # around the country: enough of the neighbours to name them
OUTLINE_COLOUR = "#1A1A1A"
# The map's event shapes (SHAPES in static/atlas-map.js) as matplotlib markers.
KIND_MARKERS = {"battle": "o", "capture": "s", "withdrawal": "v", "defection": "D", "alliance": "h",
                "massacre": "X", "abuse": "^", "political": "*", "assassination": "P", "deployment": ">"}


def _dashes(dash: str | None) -> tuple | str:
    """A Leaflet dash array ("6 4") as a matplotlib line style."""
    return (0, tuple(float(n) / 2 for n in dash.split())) if dash else "solid"


def _over_white(colour: str, opacity: float) -> tuple[float, float, float]:
    """The colour the map shows for a fill at ``opacity`` over a white base."""
    rgb = matplotlib.colors.to_rgb(colour)
    return tuple(opacity * c + (1 - opacity) for c in rgb)


def picture_png(view: AtlasView, moment: Moment, events: pd.DataFrame | None = None, *,
                province: str | None = None, show_territory: bool = True, link: str = "",
                version: str = "") -> bytes:
    """The PNG of the map at ``moment``: territory, ``events`` (rows of ``atlas.events``, as the
    map shows them) and the selected ``province``, with legend, date and citation line."""
    figure = picture_figure(view, moment, events, province=province, show_territory=show_territory, link=link,
                            version=version)
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", facecolor="white", metadata={"Title": f"Junbish Atlas, {moment.label}"})
        return buffer.getvalue()
    finally:
        plt.close(figure)


def picture_figure(view: AtlasView, moment: Moment, events: pd.DataFrame | None = None, *,
                   province: str | None = None, show_territory: bool = True, link: str = "",
                   version: str = "") -> Figure:
    """The matplotlib figure :func:`picture_png` renders (the caller closes it)."""
    atlas = view.atlas
    situation = atlas.view_at(moment)
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    provinces = atlas.provinces.merge(situation.drop(columns=["province"]), on="province_code", how="left")

    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    figure.subplots_adjust(left=0.01, right=0.70, top=0.86, bottom=0.08)
    axes.set_axis_off()
    axes.set_aspect(1 / 0.82)  # about 1/cos(35°): Afghanistan's latitude, so shapes are not squashed
    reference = reference_layer(atlas.data_dir)
    west, south, east, north = atlas.provinces.total_bounds
    axes.set_xlim(west - MAP_MARGIN_DEGREES, east + MAP_MARGIN_DEGREES)
    axes.set_ylim(south - MAP_MARGIN_DEGREES, north + MAP_MARGIN_DEGREES)
    axes.set_autoscale_on(False)
    axes.set_facecolor("white")
    for outline in reference["outlines"]["features"]:
        _draw(axes, shape(outline["geometry"]), facecolor=NEIGHBOUR_FILL, edgecolor=NEIGHBOUR_EDGE, linewidth=0.8)
    statuses: set[str] = set()
    low_confidence = changed = False
    for row in provinces.to_dict("records"):
        geometry = row["geometry"]
        if not show_territory or pd.isna(row.get("status")):
            _draw(axes, geometry, facecolor="#FFFFFF", edgecolor=BORDER_COLOUR, linewidth=0.6)
            continue
        entry = province_style(row, colours, "changed")
        style = entry["style"]
        statuses.add(row["status"])
        low_confidence |= row["confidence"] == "low" and row["status"] not in STATUS_DASH
        changed |= bool(row["changed"])
        _draw(axes, geometry, facecolor=_over_white(style["fillColor"], style["fillOpacity"]),
              edgecolor=style["color"], linewidth=style["weight"] * 0.8, linestyle=_dashes(style["dashArray"]))
        if entry["hatch"]:
            _draw(axes, geometry, facecolor="none", edgecolor=entry["hatch"][1], linewidth=0, hatch="////")
    outlines = provinces_on(moment.day, atlas.provinces, atlas.province_changes)
    outlines = outlines[outlines["province_codes"].map(len) > 1]
    for geometry in outlines.geometry:
        _draw(axes, geometry, facecolor="none", edgecolor=OUTLINE_COLOUR, linewidth=2.2)
    if province in set(provinces["province_code"]):
        _draw(axes, provinces.loc[provinces["province_code"] == province, "geometry"].iloc[0],
              facecolor="none", edgecolor=SELECTED_COLOUR, linewidth=3.5)
    for river in reference["rivers"]["features"]:
        _draw(axes, shape(river["geometry"]), color=RIVER_COLOUR, linewidth=1.4)
    kinds = _draw_events(axes, events)
    _name_places(figure, axes, reference)
    districts = _draw_districts(axes, atlas, moment, colours) if show_territory else False
    _legend(figure, situation if show_territory else None, atlas.factions, statuses, low_confidence, changed, kinds,
            districts)
    # Text from the data and the link is drawn as typed: parse_math=False, or "$...$" would be
    # read as mathematics.
    figure.suptitle(f"Junbish Atlas · {moment.label}", x=0.01, ha="left", fontsize=20, fontweight="bold",
                    parse_math=False)
    figure.text(0.01, 0.915, _subtitle(situation, atlas.province_names, show_territory), fontsize=12,
                ha="left", va="top", wrap=True, parse_math=False)
    figure.text(0.01, 0.02, _citation_line(version, link), fontsize=8.5, ha="left", va="bottom", wrap=True,
                parse_math=False)
    return figure


def _draw(axes, geometry, **style) -> None:
    GeoSeries([geometry]).plot(ax=axes, **style)


def _name_places(figure, axes, reference: dict) -> list:
    """Name the story's towns (with their dots), the neighbours and the river, in rank order;
    a name that would overlap one already placed goes left of its dot, else is left out.
    Returns the names drawn (matplotlib texts)."""
    renderer = figure.canvas.get_renderer()
    frame = axes.get_window_extent(renderer)
    wanted = [dict(place, dot=True) for place in reference["places"] if place["rank"] <= TOP_PLACE_RANKS]
    wanted += [dict(name, dot=False) for name in reference["names"]]
    placed, boxes = [], []
    for item in sorted(wanted, key=lambda item: item["rank"]):
        style = {"country": dict(fontsize=10, color=NEIGHBOUR_TEXT, fontweight="bold"),
                 "river": dict(fontsize=9, color=RIVER_COLOUR, fontstyle="italic")}.get(
            item["kind"], dict(fontsize=10 if item["kind"] == "capital" else 9, color="#111111", fontweight="bold"))
        sides = (("left", 0.12), ("right", -0.12)) if item["dot"] else (("center", 0.0),)
        for align, offset in sides:
            text = axes.text(item["lon"] + offset, item["lat"], item["name"], ha=align, va="center", zorder=6,
                             parse_math=False, path_effects=[withStroke(linewidth=2.5, foreground="white")],
                             **style)
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in boxes):
                boxes.append(box)
                placed.append(text)
                if item["dot"]:
                    axes.plot(item["lon"], item["lat"], marker="o", markersize=4, color="#111111",
                              markeredgecolor="white", markeredgewidth=0.8, zorder=6)
                break
            text.remove()
    return placed


def _draw_events(axes, events: pd.DataFrame | None) -> list[str]:
    """The events with a place, as the map draws them: a shape per kind, white with a dark
    outline, larger for a deadlier event; the kinds drawn."""
    if events is None or events.empty:
        return []
    placed = events.dropna(subset=["lat", "lon"])
    for kind, group in placed.groupby("kind"):
        sizes = [(symbol_size(deaths) * 0.55) ** 2 for deaths in group["fatalities_high"]]  # px -> points²
        axes.scatter(group["lon"], group["lat"], s=sizes, marker=KIND_MARKERS.get(kind, "o"), color=MARKER_FILL,
                     edgecolors=MARKER_OUTLINE, linewidths=1.1, zorder=5)
    return [kind for kind in EVENT_KINDS if kind in set(placed["kind"])]


def _draw_districts(axes, atlas, moment: Moment, colours: dict[str, str]) -> bool:
    """The district centres of the north (from January 2015), filled with their holder's colour,
    as on the map; whether any was drawn."""
    if moment.day < DISTRICTS_FROM:
        return False
    centres = atlas.districts_at(moment).dropna(subset=["lat", "lon"])
    if centres.empty:
        return False
    axes.scatter(centres["lon"].astype(float), centres["lat"].astype(float), s=34, zorder=6, edgecolors="#111111",
                 linewidths=1.2, color=[colours.get(f, "#DDDDDD") for f in centres["faction"]])
    return True


def _subtitle(situation: pd.DataFrame, names: dict[str, str], show_territory: bool) -> str:
    """Where Junbish stands at the moment, in words (the picture's second line)."""
    if not show_territory:
        return "Events only (the territory layer is off)"
    present = situation[(situation["faction"] == FOCUS_FACTION) & (situation["status"] != "unknown")]
    if present.empty:
        return "Junbish holds no province at this moment"
    places = sorted((names[row.province_code], STATUS_LABELS[row.status].split(" (")[0])
                    for row in present.itertuples())
    return "Junbish: " + ", ".join(f"{name} ({status})" for name, status in places)


def _citation_line(version: str, link: str) -> str:
    dataset = f"Junbish Atlas dataset, version {version}" if version else "Junbish Atlas dataset"
    line = (f"{dataset} (CC BY 4.0): every colour cites its sources (data/sources.csv). "
            "Boundaries and neighbours: Natural Earth. Places: GeoNames (CC BY 4.0). Amu Darya: GSHHG.")
    return f"{line}\n{link}" if link else line


def _legend(figure, situation: pd.DataFrame | None, factions: pd.DataFrame, statuses: Collection[str],
            low_confidence: bool, changed: bool, kinds: list[str], districts: bool = False) -> None:
    handles: list = []
    if situation is not None:
        for holder in legend_for(situation, factions):
            handles.append(Patch(facecolor=_over_white(holder.colour, holder.opacity),
                                 edgecolor=BORDER_COLOUR, label=holder.name))
        for status in ("stronghold", "control", "contested", "influence", "unknown"):
            if status in statuses:
                handles.append(_status_handle(status))
        if low_confidence:
            handles.append(Patch(facecolor="white", edgecolor=BORDER_COLOUR, linestyle=_dashes(LOW_CONFIDENCE_DASH),
                                 label="low confidence"))
        if changed:
            handles.append(Patch(facecolor="white", edgecolor=CHANGED_BORDER_COLOUR,
                                 linewidth=CHANGED_BORDER_WEIGHT * 0.8, label="changed this month"))
    if districts:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=8, markeredgecolor="#111111",
                              color="#BBBBBB", label="district centre (its holder's colour)"))
    for kind in kinds:
        handles.append(Line2D([], [], marker=KIND_MARKERS.get(kind, "o"), linestyle="none", markersize=8,
                              markeredgecolor=MARKER_OUTLINE, color=MARKER_FILL, label=f"event: {kind}"))
    if handles:
        legend = figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.71, 0.90), frameon=False,
                               fontsize=10)
        for text in legend.get_texts():
            text.set_parse_math(False)


def _status_handle(status: str) -> Patch:
    label = STATUS_LABELS[status]
    if status == "contested":
        return Patch(facecolor="white", edgecolor=BORDER_COLOUR, hatch="////", label=label)
    if status == "stronghold":
        return Patch(facecolor="#BBBBBB", edgecolor=BORDER_COLOUR, linewidth=2.5, label=label)
    return Patch(facecolor=_over_white("#888888", STATUS_FILL_OPACITY[status]), edgecolor=BORDER_COLOUR,
                 linestyle=_dashes(STATUS_DASH.get(status)), label=label)
