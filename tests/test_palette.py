"""The holders' colours, for every reader and for the story.

* Holders shown at the same moment stay apart on the map: CIEDE2000 between their fills (at
  the map's fill opacity, over its background) of at least 12 for normal vision, 10 under
  simulated deuteranopia and protanopia, and 6 under tritanopia.
* Holders that fought each other (opponents in three or more events of ``events.csv``, one on
  each side) are never in one hue family: OKLCh hues at least 40° apart, or CIEDE2000 of at
  least 30 between their fills as drawn, unless one of them is a grey. The pairs are computed
  from the data, so a new faction or event is covered.
* Malik's faction, Junbish commanders who broke with Dostum in 1997, reads as a Junbish
  splinter: its hue is a relative of Junbish's, not of the Taliban's.
* Event markers are neutral (a grey fill and outline; one shape per kind) and stand out on every
  holder's fill; the selected event's one accent is no holder's colour.
"""
import itertools
from collections import Counter

import pytest
from coloraide import Color

from atlas_view.styles import MARKER_FILL, MARKER_OUTLINE, SELECTED_MARKER_FILL, STATUS_FILL_OPACITY

MAP_BACKGROUND = "#e9eef2"  # .leaflet-container in atlas_view/static/atlas-map.css
THRESHOLDS = {None: 12, "deutan": 10, "protan": 10, "tritan": 6}
OPPONENT_EVENTS = 3  # events with the two holders on opposite sides
HUE_FAMILY_DEGREES = 40  # OKLCh hues closer than this are one family...
FAMILY_DELTA_E = 30  # ...unless their fills as drawn are this far apart
GREY_CHROMA = 0.02  # OKLCh chroma below which a colour is a grey
SPLINTER_HUE_DEGREES = 30  # Malik's hue within this of Junbish's
MARKER_CONTRAST = 3  # WCAG's 3:1 for graphics, between a marker (fill or outline) and the fill under it
ACCENT_DELTA_E = 20  # the selected marker's accent this far from every faction's colour


def as_drawn(colour: str) -> Color:
    return Color(MAP_BACKGROUND).mix(Color(colour), STATUS_FILL_OPACITY["control"], space="srgb")


def difference(first: str, second: str, deficiency: str | None = None) -> float:
    a, b = as_drawn(first), as_drawn(second)
    if deficiency:
        a, b = a.filter(deficiency), b.filter(deficiency)
    return a.delta_e(b, method="2000")


def hue_distance(first: str, second: str) -> float:
    """Degrees between the OKLCh hues of two colours (0 to 180)."""
    gap = abs(Color(first).convert("oklch")["hue"] - Color(second).convert("oklch")["hue"]) % 360
    return min(gap, 360 - gap)


def is_grey(colour: str) -> bool:
    return Color(colour).convert("oklch")["chroma"] < GREY_CHROMA


def holders(atlas) -> set[str]:
    """Every faction that holds or contests a province in some month."""
    held = set()
    for view in atlas.month_views.values():
        held |= set(view["faction"]) | {f for others in view["contested_with"] for f in others}
    return held


def pairs_shown_together(atlas) -> set[tuple[str, str]]:
    pairs = set()
    for view in atlas.month_views.values():
        present = (set(view["faction"]) | {f for others in view["contested_with"] for f in others}) - {"unknown"}
        pairs |= {tuple(sorted(pair)) for pair in itertools.combinations(present, 2)}
    return pairs


def opponents(events, among: set[str]) -> dict[tuple[str, str], int]:
    """Pairs of factions in ``among`` that were on opposite sides of at least
    :data:`OPPONENT_EVENTS` events, with the number of those events.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"side_a": [("a",), ("b", "c"), ("a",), ("c",)],
    ...                      "side_b": [("b",), ("a",), ("b", "c"), ("b",)]})
    >>> opponents(rows, {"a", "b", "c"})
    {('a', 'b'): 3}
    """
    counts: Counter = Counter()
    for side_a, side_b in zip(events["side_a"], events["side_b"]):
        counts.update({tuple(sorted((a, b))) for a in side_a for b in side_b if a != b and {a, b} <= among})
    return {pair: n for pair, n in sorted(counts.items()) if n >= OPPONENT_EVENTS}


def one_hue_family(first: str, second: str) -> bool:
    if is_grey(first) or is_grey(second):
        return False
    return hue_distance(first, second) < HUE_FAMILY_DEGREES and difference(first, second) < FAMILY_DELTA_E


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


def test_opponents_are_never_one_hue_family(atlas):
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    pairs = opponents(atlas.events, holders(atlas))
    assert {("junbish", "taliban"), ("malik", "taliban"), ("junbish", "malik")} <= set(pairs)
    alike = [(a, b, n, round(hue_distance(colours[a], colours[b])), round(difference(colours[a], colours[b])))
             for (a, b), n in pairs.items() if one_hue_family(colours[a], colours[b])]
    assert alike == []


def test_malik_reads_as_a_junbish_splinter(atlas):
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    malik = colours["malik"]
    assert hue_distance(malik, colours["junbish"]) <= SPLINTER_HUE_DEGREES
    assert hue_distance(malik, colours["junbish"]) < hue_distance(malik, colours["taliban"])
    assert not is_grey(malik)


def fills_as_drawn(atlas) -> dict[tuple[str, str], Color]:
    """(faction, status) -> the colour of its fill on the map."""
    return {(faction, status): Color(MAP_BACKGROUND).mix(Color(colour), opacity, space="srgb")
            for faction, colour in zip(atlas.factions["id"], atlas.factions["colour"])
            for status, opacity in STATUS_FILL_OPACITY.items()}


def test_event_markers_are_neutral_and_stand_out_on_every_fill(atlas):
    assert is_grey(MARKER_FILL) and is_grey(MARKER_OUTLINE)
    # A marker: its fill and dark outline; the selected one: the accent, the outline, and a ring
    # of the markers' fill around it.
    drawn_with = {"marker": (MARKER_FILL, MARKER_OUTLINE),
                  "selected": (SELECTED_MARKER_FILL, MARKER_OUTLINE, MARKER_FILL)}
    hidden = [(faction, status, marker) for (faction, status), fill in fills_as_drawn(atlas).items()
              for marker, colours in drawn_with.items()
              if max(fill.contrast(Color(colour)) for colour in colours) < MARKER_CONTRAST]
    assert hidden == []


def test_the_selected_markers_accent_is_no_factions_colour(atlas):
    accent = Color(SELECTED_MARKER_FILL)
    fills = list(fills_as_drawn(atlas).values()) + [Color(colour) for colour in atlas.factions["colour"]]
    closest = min(accent.delta_e(fill, method="2000") for fill in fills)
    assert closest >= ACCENT_DELTA_E
