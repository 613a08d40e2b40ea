"""The Timeline's charts name every province and give every year its place."""
from atlas_view.charts import control_heatmap, events_per_year_chart


def test_the_grid_names_all_34_provinces(atlas):
    spec = control_heatmap(atlas.territory, atlas.factions).to_dict()
    assert spec["encoding"]["y"]["axis"]["labelOverlap"] is False
    assert len(spec["encoding"]["y"]["sort"]) == 34


def test_the_events_chart_has_every_year_on_its_axis(atlas):
    spec = events_per_year_chart(atlas.events).to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == list(range(1988, 2022))


def test_the_events_chart_gives_every_kind_its_colour(atlas):
    from atlas_view.styles import EVENT_KIND_COLOURS
    from geo.events import EVENT_KINDS
    assert set(EVENT_KIND_COLOURS) == set(EVENT_KINDS)
    scale = events_per_year_chart(atlas.events).to_dict()["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == EVENT_KIND_COLOURS


def test_the_events_chart_tells_every_two_kinds_apart_for_colour_blind_readers_too():
    """Stacked bars of ten kinds: every two colours at least 12 apart (CIEDE2000) for normal
    vision and under simulated protanopia, deuteranopia and tritanopia."""
    import itertools

    from coloraide import Color

    from atlas_view.styles import EVENT_KIND_COLOURS

    for (kind, colour), (other, other_colour) in itertools.combinations(EVENT_KIND_COLOURS.items(), 2):
        first, second = Color(colour), Color(other_colour)
        for deficiency in (None, "protan", "deutan", "tritan"):
            a, b = (first.filter(deficiency), second.filter(deficiency)) if deficiency else (first, second)
            assert a.delta_e(b, method="2000") >= 12, (kind, other, deficiency)
