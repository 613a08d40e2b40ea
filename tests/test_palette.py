"""Holders shown at the same moment stay apart on the map, for every reader: CIEDE2000 between
their fills (at the map's fill opacity, over its background) of at least 12 for normal vision,
10 under simulated deuteranopia and protanopia, and 6 under tritanopia."""
import itertools

import pytest
from coloraide import Color

from atlas_view.styles import STATUS_FILL_OPACITY

MAP_BACKGROUND = "#e9eef2"  # .leaflet-container in atlas_view/static/atlas-map.css
THRESHOLDS = {None: 12, "deutan": 10, "protan": 10, "tritan": 6}


def as_drawn(colour: str) -> Color:
    return Color(MAP_BACKGROUND).mix(Color(colour), STATUS_FILL_OPACITY["control"], space="srgb")


def difference(first: str, second: str, deficiency: str | None) -> float:
    a, b = as_drawn(first), as_drawn(second)
    if deficiency:
        a, b = a.filter(deficiency), b.filter(deficiency)
    return a.delta_e(b, method="2000")


def pairs_shown_together(atlas) -> set[tuple[str, str]]:
    pairs = set()
    for view in atlas.month_views.values():
        present = (set(view["faction"]) | {f for others in view["contested_with"] for f in others}) - {"unknown"}
        pairs |= {tuple(sorted(pair)) for pair in itertools.combinations(present, 2)}
    return pairs


def test_the_css_background_is_the_one_measured():
    from atlas_view.webmap import ATLAS_CSS, STATIC_DIR
    assert f"background: {MAP_BACKGROUND}" in (STATIC_DIR / ATLAS_CSS).read_text()


@pytest.mark.parametrize("deficiency", list(THRESHOLDS))
def test_holders_shown_together_stay_apart(atlas, deficiency):
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    pairs = pairs_shown_together(atlas)
    assert len(pairs) > 30
    too_close = [(a, b, round(difference(colours[a], colours[b], deficiency), 1)) for a, b in sorted(pairs)
                 if difference(colours[a], colours[b], deficiency) < THRESHOLDS[deficiency]]
    assert too_close == []
