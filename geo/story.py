"""The guided tour: Junbish's history in chapters, each a moment of the map with a view, the
provinces and events it highlights, a text and its sources (``data/story.csv``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.dataset import load_table
from geo.dates import Moment


@dataclass(frozen=True)
class Chapter:
    order: int  # from 1
    title: str
    moment: Moment
    view: tuple[float, float, int]  # centre latitude, longitude and zoom
    provinces: tuple[str, ...]
    events: tuple[str, ...]
    text: str
    source_ids: tuple[str, ...]


def load_story(data_dir: Path | None = None) -> tuple[Chapter, ...]:
    """The chapters of ``data/story.csv`` in order (the validator checks the table)."""
    table = load_table("story", data_dir)
    chapters = []
    for row in table.to_dict("records"):
        lat, lon, zoom = row["view"].split(",")
        chapters.append(Chapter(int(row["order"]), row["title"], Moment.parse(row["date"]),
                                (float(lat), float(lon), int(zoom)), row["provinces"], row["events"], row["text"],
                                row["source_ids"]))
    return tuple(chapters)
