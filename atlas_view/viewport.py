"""The map's viewport (where it opens, how far it may be panned and zoomed) and its playback
speeds. The folium map and the map script use these, and a view or speed read from a link or
from the map must lie within them."""

AFGHANISTAN_CENTRE = (33.9, 66.0)
AFGHANISTAN_BOUNDS = ((29.3, 60.4), (38.6, 75.0))  # the country, fitted to whatever frame the map gets
DEFAULT_ZOOM = 6
ZOOM_RANGE = (4, 12)
LAT_RANGE = (24.0, 44.0)  # Afghanistan with a margin
LON_RANGE = (52.0, 82.0)
PLAYBACK_SPEEDS = (1, 3, 6, 12)  # months per second
DEFAULT_PLAYBACK_SPEED = 6
