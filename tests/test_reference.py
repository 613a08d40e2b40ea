"""The reference layer (geo.reference): how places, neighbours and the river are built from
their sources, the committed files, and their validation."""
import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from geo.reference import (NEIGHBOURS, PLACES, RIVER_RANK, TOP_PLACE_RANKS, amu_darya, build_neighbours,
                           build_places, load_places, place_ranks, read_gmt_lines, reference_layer)
from geo.validate import find_problems
from tests.test_validate import rewrite

STORY_PLACES = ("Mazar-e Sharif", "Sheberghan", "Maimana", "Kunduz", "Kabul", "Herat", "Kandahar", "Pul-e Khumri",
                "Sar-e Pol", "Aibak", "Taloqan", "Faizabad", "Hairatan", "Andkhoy")


def test_the_committed_places_name_the_story_towns_first_with_unique_ranks():
    places = load_places()
    assert list(places["name"][:TOP_PLACE_RANKS]) == ["Kabul", *[n for n in STORY_PLACES if n != "Kabul"]]
    ranks = list(places["rank"]) + [r["rank"] for r in reference_layer()["names"]]
    assert len(ranks) == len(set(ranks))
    assert "Qala-i Jangi" in set(places["name"]) and "Dasht-i Leili" in set(places["name"])


def test_reference_layer_has_the_six_neighbours_and_the_amu_darya():
    layer = reference_layer()
    assert [n["name"] for n in layer["names"]] == [*NEIGHBOURS.values(), "Amu Darya"]
    assert layer["names"][-1]["rank"] == RIVER_RANK
    assert [f["properties"]["name"] for f in layer["rivers"]["features"]] == ["Amu Darya"]
    assert {f["properties"]["id"] for f in layer["outlines"]["features"]} == set(NEIGHBOURS)
    json.dumps(layer)  # plain data, for the map script and a picture


@pytest.fixture
def gazetteer():
    return pd.DataFrame({"name": ["Mazār-e Sharīf"], "asciiname": ["Mazar-e Sharif"], "alternatenames": [""],
                         "latitude": ["36.70904"], "longitude": ["67.11087"], "feature_class": ["P"],
                         "feature_code": ["PPLA"], "country_code": ["AF"]}, index=pd.Index([1133616], name="geonameid"))


def test_build_places_takes_gazetteer_positions_and_the_province_they_lie_in(square_provinces, gazetteer):
    events = pd.DataFrame({"id": [s.event_id for s in PLACES if s.event_id],
                           "lat": [36.5] * 3, "lon": [67.5] * 3, "source_ids": [("src-a",)] * 3})
    everything = {spec.geonames_id for spec in PLACES if spec.geonames_id}
    rows = [gazetteer.iloc[0]] * len(everything)
    full = pd.DataFrame(rows, index=pd.Index(sorted(everything), name="geonameid"))
    full.loc[1133616] = gazetteer.iloc[0]
    places = build_places(full, events, square_provinces).set_index("id")
    mazar = places.loc["mazar-e-sharif"]
    assert (mazar["lat"], mazar["lon"], mazar["province_code"], mazar["geonames_id"], mazar["source_ids"]) == \
        (36.70904, 67.11087, "AF-BAL", "1133616", "geonames")
    assert "Mazār-e Sharīf" in mazar["alt_names"].split(";")  # GeoNames' own spelling is kept as an alternative
    hairatan = places.loc["hairatan"]
    assert (hairatan["geonames_id"], hairatan["source_ids"], hairatan["province_code"]) == ("", "src-a", "AF-BAL")
    assert hairatan["note"]
    assert list(places["rank"]) == list(place_ranks().values())


def test_build_places_fails_on_an_id_the_gazetteer_lacks(square_provinces, gazetteer):
    with pytest.raises(ValueError, match="1138958 \\(Kabul\\) is not in the gazetteer"):
        build_places(gazetteer, pd.DataFrame({"id": []}), square_provinces)


def test_neighbours_are_clipped_and_labelled_beside_afghanistan():
    afghanistan = box(61, 30, 74, 38)
    countries = gpd.GeoDataFrame({"ISO_A3": list(NEIGHBOURS)},
                                 geometry=[box(60, 38, 70, 45), box(55, 35, 61, 40), box(70, 38, 75, 41),
                                           box(44, 25, 61, 38), box(60, 24, 78, 30), box(74, 30, 100, 50)],
                                 crs="EPSG:4326")
    neighbours = build_neighbours(countries, afghanistan).set_index("id")
    assert neighbours.total_bounds[2] <= 82 and neighbours.total_bounds[1] >= 24  # clipped to the map
    for code in NEIGHBOURS:
        label = shapely.Point(neighbours.at[code, "label_lon"], neighbours.at[code, "label_lat"])
        assert neighbours.at[code, "geometry"].buffer(0.01).contains(label), code
        assert label.distance(afghanistan) <= 1.5, code  # beside the country, in the default view
    with pytest.raises(ValueError, match="no row for \\['CHN'\\]"):
        build_neighbours(countries[countries["ISO_A3"] != "CHN"], afghanistan)


def test_amu_darya_is_the_long_line_along_the_northern_border():
    afghanistan = box(60, 30, 74, 37)
    def bank(x):
        return 37.01 + 0.01 * (x % 2)
    along = [shapely.LineString([(x, bank(x)), (x + 1, bank(x + 1))]) for x in range(62, 73)]  # cut at bins, as GMT's
    elsewhere = shapely.LineString([(63, 32), (65, 33)])  # a river in the south
    text = "\n".join("> River Bin\n" + "\n".join(f"{x} {y}" for x, y in line.coords) for line in [*along, elsewhere])
    lines = read_gmt_lines(text)
    assert len(lines) == 12
    river = amu_darya(lines, afghanistan)
    assert river.bounds == pytest.approx((62, 37.01, 73, 37.02), abs=0.01)
    with pytest.raises(ValueError, match="only"):
        amu_darya(lines[:3] + [elsewhere], afghanistan)


def test_a_place_outside_its_province_or_sharing_a_neighbours_rank_is_reported(data_copy):
    def corrupt(rows):
        rows[0]["province_code"] = "AF-HER"  # Kabul is not in Herat
        rows[1]["rank"] = "15"  # Uzbekistan's
        rows[2]["geonames_id"] = ""  # no gazetteer record and no note
    rewrite(data_copy / "places.csv", corrupt)
    messages = [str(p) for p in find_problems(data_copy)]
    assert "places.csv:2: lat: 34.52813, 69.17233 is not inside AF-HER" in messages
    assert "places.csv:3: rank: rank 15 is also the rank of 'Uzbekistan' in reference.geojson" in messages
    assert any(m.startswith("places.csv:4: note: a place without a GeoNames id") for m in messages)


def test_a_broken_reference_file_is_reported(data_copy):
    reference = json.loads((data_copy / "reference.geojson").read_text(encoding="utf-8"))
    reference["features"][0]["properties"]["kind"] = "ocean"
    reference["features"][1]["properties"]["label_lat"] = 60
    reference["features"][2]["properties"]["id"] = reference["features"][3]["properties"]["id"]
    (data_copy / "reference.geojson").write_text(json.dumps(reference), encoding="utf-8")
    messages = [str(p) for p in find_problems(data_copy)]
    assert "reference.geojson:1: kind: 'ocean' is not one of ['country', 'river']" in messages
    assert any(m.startswith("reference.geojson:2: label_lat: 60") for m in messages)
    assert "reference.geojson:4: id: duplicate id 'IRN'" in messages
    (data_copy / "reference.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    assert any(str(p).startswith("reference.geojson:1: geometry: cannot read GeoJSON") for p in find_problems(data_copy))
