"""The Streamlit edge: caching (:mod:`ui.cache`), the self-served map assets
(:mod:`ui.assets`), the pages' navigation (:mod:`ui.navigation`), the link format
(:mod:`ui.url_state`, plain Python) and the page state read from and written to it
(:mod:`ui.state`), the map page's rules and playback as small tested functions
(:mod:`ui.map_state`, :mod:`ui.playback`), the panels beside the map (:mod:`ui.panels`) and
safe text (:mod:`ui.text`).

It may import Streamlit, :mod:`geo` and :mod:`atlas_view`; ``app.py``, ``dashboard.py`` and ``pages/`` call it
and only place widgets. Nothing in :mod:`geo` or :mod:`atlas_view` imports it.
"""
