"""Story: the guided tour through Junbish's history opens on the map, at its first chapter."""
from ui import state as page_state
from ui.navigation import use_app_navigation

use_app_navigation()
page_state.go_to_map(story=1)
