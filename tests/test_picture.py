"""The picture of the map for slides (PNG drawn on the server): its size, what it says, and that
the provinces carry their holders' colours."""
import io
import struct

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from atlas_view.picture import picture_figure, picture_png
from atlas_view.styles import STATUS_FILL_OPACITY, legend_for
from geo.dates import Moment

MAY_1997 = Moment.parse("1997-05-26")
LINK = "https://atlas.example/?date=1997-05-26&province=AF-BAL"


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure_texts(figure) -> list[str]:
    texts = [t.get_text() for t in figure.texts] + [figure._suptitle.get_text()]
    for legend in figure.legends:
        texts += [t.get_text() for t in legend.get_texts()]
    return texts


@pytest.fixture
def figure(atlas_view):
    figure = picture_figure(atlas_view, MAY_1997, atlas_view.atlas.events_around(MAY_1997), province="AF-BAL",
                            link=LINK, version="9.9.9")
    yield figure
    plt.close(figure)


def test_the_picture_is_a_png_the_size_of_a_slide(atlas_view):
    png = picture_png(atlas_view, MAY_1997)
    assert png_size(png) == (1440, 960)


def test_the_picture_names_its_moment_the_holders_and_how_to_cite_it(atlas_view, figure):
    texts = figure_texts(figure)
    assert any("26 May 1997" in text for text in texts)
    holders = [holder.name for holder in legend_for(atlas_view.atlas.view_at(MAY_1997), atlas_view.atlas.factions)]
    assert len(holders) >= 4 and set(holders) <= set(texts)
    citation = next(text for text in texts if "version 9.9.9" in text)
    assert LINK in citation and "sources" in citation
    assert any(text.startswith("event: ") for text in texts)  # the events shown have a key


def test_provinces_carry_their_holders_colours(atlas_view):
    atlas = atlas_view.atlas
    moment = Moment.parse("2001-06")
    situation = atlas.view_at(moment).set_index("province_code")
    colours = dict(zip(atlas.factions["id"], atlas.factions["colour"]))
    figure = picture_figure(atlas_view, moment)
    try:
        figure.canvas.draw()
        pixels = np.asarray(figure.canvas.buffer_rgba())[:, :, :3] / 255
        axes = figure.axes[0]
        checked = 0
        for code in ("AF-KAN", "AF-HEL", "AF-BDS"):
            row = situation.loc[code]
            if row["status"] not in ("control", "stronghold"):
                continue
            point = atlas.provinces.set_index("province_code").loc[code, "geometry"].representative_point()
            x, y = axes.transData.transform((point.x, point.y))
            pixel = pixels[int(round(figure.bbox.height - y)), int(round(x))]
            opacity = STATUS_FILL_OPACITY[row["status"]]
            expected = np.array([opacity * c + 1 - opacity for c in to_rgb(colours[row["faction"]])])
            assert np.abs(pixel - expected).max() < 0.02, (code, pixel, expected)
            checked += 1
        assert checked >= 2
    finally:
        plt.close(figure)


def test_with_the_territory_layer_off_the_picture_has_no_holders(atlas_view):
    figure = picture_figure(atlas_view, MAY_1997, show_territory=False)
    try:
        texts = figure_texts(figure)
        holders = [holder.name for holder in legend_for(atlas_view.atlas.view_at(MAY_1997), atlas_view.atlas.factions)]
        assert not set(holders) & set(texts)
        assert any("territory layer is off" in text for text in texts)
    finally:
        plt.close(figure)


def test_text_from_the_data_is_drawn_as_text_not_interpreted(atlas_view):
    # matplotlib reads $...$ as mathematics; a link with dollar signs must come out as typed.
    link = "https://atlas.example/?q=$x$"
    png = picture_png(atlas_view, MAY_1997, link=link)
    assert png_size(png) == (1440, 960)
    figure = picture_figure(atlas_view, MAY_1997, link=link)
    try:
        citation = next(t for t in figure.texts if "atlas.example" in t.get_text())
        assert citation.get_text().endswith(link) and citation.get_parse_math() is False
    finally:
        plt.close(figure)


def test_the_picture_draws_the_district_centres_from_2015_with_a_key(atlas_view):
    import matplotlib.pyplot as plt

    from atlas_view.picture import picture_figure
    from geo.dates import Moment
    figure = picture_figure(atlas_view, Moment.end_of_month(2021, 7))
    labels = [text.get_text() for legend in figure.legends for text in legend.get_texts()]
    centres = [c for c in figure.axes[0].collections if c.get_offsets().shape[0] >= 30]
    plt.close(figure)
    assert "district centre (its holder's colour)" in labels and centres
    before = picture_figure(atlas_view, Moment.end_of_month(2010, 7))
    assert "district centre (its holder's colour)" not in [t.get_text() for lg in before.legends for t in lg.get_texts()]
    plt.close(before)


def test_the_picture_names_the_storys_towns_and_the_neighbours_and_no_two_names_overlap(figure):
    """As the map does: at least six of the towns the story names and four neighbours, the
    Amu Darya, each name apart from every other."""
    axes = figure.axes[0]
    names = [text for text in axes.texts if text.get_text()]
    drawn = {text.get_text() for text in names}
    towns = {"Mazar-e Sharif", "Sheberghan", "Maimana", "Kunduz", "Kabul", "Herat", "Kandahar", "Pul-e Khumri",
             "Sar-e Pol", "Aibak", "Taloqan", "Faizabad", "Hairatan", "Andkhoy"}
    neighbours = {"Uzbekistan", "Turkmenistan", "Tajikistan", "Iran", "Pakistan", "China"}
    assert len(drawn & towns) >= 6 and len(drawn & neighbours) >= 4 and "Amu Darya" in drawn
    renderer = figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in names]
    for i, box in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            assert not box.overlaps(boxes[j]), (names[i].get_text(), names[j].get_text())
