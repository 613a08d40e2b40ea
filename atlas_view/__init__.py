"""How the atlas looks, for the dashboard and the offline export alike.

* :mod:`atlas_view.contract`: the payloads Python sends the map script and what the script
  returns, declared once;
* :mod:`atlas_view.styles`: palette, province styles, legends, the year table;
* :mod:`atlas_view.markers`: event markers and their popup fields;
* :mod:`atlas_view.webmap`: the folium map and its year layer; the behaviour is in
  ``static/atlas-map.js`` and ``static/atlas-map.css``;
* :mod:`atlas_view.presentation`: :class:`AtlasView`, everything above computed once for a
  loaded :class:`geo.atlas.Atlas`;
* :mod:`atlas_view.charts`: the Altair charts;
* :mod:`atlas_view.export`: the single-file offline map (``static/atlas-export.js``).

It may import :mod:`geo`, folium, branca, Jinja2 and Altair; it never imports Streamlit or
:mod:`ui`, and :mod:`geo` never imports it. Importing this package alone imports none of
the web libraries (each module imports what it needs).
"""
