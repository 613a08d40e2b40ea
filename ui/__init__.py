"""The Streamlit layer's shared code: caching at the edge, self-served map assets, URL state.

``app.py`` and ``pages/`` call these; everything they compute comes from ``geo/``.
"""
