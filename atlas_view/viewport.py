"""The map's viewport: where it opens and how far it may be panned and zoomed. The folium
map uses these limits, and a view read from a link or from the map must lie within them."""

AFGHANISTAN_CENTRE = (33.9, 66.0)
DEFAULT_ZOOM = 6
ZOOM_RANGE = (4, 12)
LAT_RANGE = (24.0, 44.0)  # Afghanistan with a margin
LON_RANGE = (52.0, 82.0)
