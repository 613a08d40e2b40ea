"""Loading the dataset tables described by ``data/datapackage.json``.

The descriptor is the single statement of the schema: column names, which columns are
numeric, which hold ``;``-separated lists (a field with ``"listSeparator"``) and the enums are
read from it, not repeated here. Text columns are read as strings with empty cells kept as
``""`` (never NaN), so that ``"1992"`` stays a year and not a float; list columns become tuples
of strings (``"a;b"`` -> ``("a", "b")``, ``""`` -> ``()``) here, once, so nothing downstream
splits them again.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DESCRIPTOR_FILE = "datapackage.json"
NUMERIC_TYPES = {"number": "Float64", "integer": "Int64"}
LIST_SEPARATOR_PROPERTY = "listSeparator"


class DataError(ValueError):
    """A problem in the dataset, phrased as ``file:row: column: what is wrong``."""


def read_descriptor(data_dir: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``data_dir`` (default: the package's ``data/``)."""
    path = (data_dir or DATA_DIR) / DESCRIPTOR_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{DESCRIPTOR_FILE}:1: -: descriptor not found in {path.parent}") from None
    except json.JSONDecodeError as error:
        raise DataError(f"{DESCRIPTOR_FILE}:{error.lineno}: -: not valid JSON ({error.msg})") from None


def resource_schema(resource_name: str, descriptor: dict) -> dict:
    """The resource of the descriptor named ``resource_name`` (with its Table Schema)."""
    for resource in descriptor.get("resources", []):
        if resource.get("name") == resource_name:
            return resource
    raise DataError(f"{DESCRIPTOR_FILE}:1: resources: no resource named {resource_name!r}")


def field_enum(resource_name: str, field_name: str, data_dir: Path | None = None) -> tuple[str, ...]:
    """The allowed values of one field, in the descriptor's order.

    >>> field_enum("control_periods", "confidence")
    ('high', 'medium', 'low')
    """
    resource = resource_schema(resource_name, read_descriptor(data_dir))
    field = next(f for f in resource["schema"]["fields"] if f["name"] == field_name)
    return tuple(field["constraints"]["enum"])


def split_list(cell: str, separator: str = ";") -> tuple[str, ...]:
    """``"a;b"`` -> ``("a", "b")``; ``""`` -> ``()``.

    >>> split_list(" a; b;")
    ('a', 'b')
    """
    return tuple(part.strip() for part in (cell or "").split(separator) if part.strip())


def load_table(resource_name: str, data_dir: Path | None = None, lenient: bool = False) -> pd.DataFrame:
    """Read one CSV resource with the column types its schema gives.

    Returns a DataFrame whose text columns are ``str`` (empty cells as ``""``), whose list
    columns are tuples of ``str`` and whose number/integer columns are nullable
    ``Float64``/``Int64``. Raises :class:`DataError` naming the file, row and column when a
    cell cannot be read as its type.

    ``lenient`` (for the validator, which reports those problems itself): a missing column is
    left out and a number that cannot be read is empty, so the checks across files still run
    on what can be read.
    """
    data_dir = data_dir or DATA_DIR
    resource = resource_schema(resource_name, read_descriptor(data_dir))
    path = data_dir / resource["path"]
    fields = resource["schema"]["fields"]
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{resource['path']}:1: -: file not found") from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataError(f"{resource['path']}:1: -: cannot read CSV ({error})") from None
    for field in fields:
        name = field["name"]
        if name not in table.columns:
            if lenient:
                continue
            raise DataError(f"{resource['path']}:1: {name}: column missing")
        numeric_dtype = NUMERIC_TYPES.get(field["type"])
        if numeric_dtype and lenient:
            table[name] = pd.to_numeric(table[name].where(table[name].str.strip() != ""), errors="coerce").astype(
                numeric_dtype if numeric_dtype == "Float64" else "Float64")
        elif numeric_dtype:
            table[name] = _to_numeric(table[name], numeric_dtype, resource["path"], name)
        elif LIST_SEPARATOR_PROPERTY in field:
            separator = field[LIST_SEPARATOR_PROPERTY]
            lists = {cell: split_list(cell, separator) for cell in set(table[name].tolist())}  # once per distinct cell
            table[name] = table[name].map(lists.__getitem__)
    return table[[f["name"] for f in fields if f["name"] in table.columns]]


def list_columns(resource_name: str, data_dir: Path | None = None) -> dict[str, str]:
    """The list columns of a resource and their separators: ``{"source_ids": ";"}``."""
    resource = resource_schema(resource_name, read_descriptor(data_dir))
    return {f["name"]: f[LIST_SEPARATOR_PROPERTY] for f in resource["schema"]["fields"]
            if LIST_SEPARATOR_PROPERTY in f}


def as_file_table(table: pd.DataFrame, resource_name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """``table`` with its list columns joined back as they are written in the CSV file."""
    joined = {name: table[name].map(separator.join)
              for name, separator in list_columns(resource_name, data_dir).items() if name in table.columns}
    return table.assign(**joined)


def _to_numeric(column: pd.Series, dtype: str, file_name: str, column_name: str) -> pd.Series:
    converted = pd.to_numeric(column.replace("", None), errors="coerce")
    bad = converted.isna() & (column != "")
    if bad.any():
        row = int(bad.idxmax()) + 2  # +1 for the header line, +1 for 1-based lines
        raise DataError(f"{file_name}:{row}: {column_name}: {column[bad.idxmax()]!r} is not a number")
    return converted.astype(dtype)


def load_factions(data_dir: Path | None = None) -> pd.DataFrame:
    """Factions: ``id, name, short_name, colour, description, summary``."""
    return load_table("factions", data_dir)


def load_control(data_dir: Path | None = None) -> pd.DataFrame:
    """Control periods, one row per period (see ``datapackage.json`` for the columns)."""
    return load_table("control_periods", data_dir)


def load_events(data_dir: Path | None = None) -> pd.DataFrame:
    """Events, one row per event (see ``datapackage.json`` for the columns)."""
    return load_table("events", data_dir)


def load_sources(data_dir: Path | None = None) -> pd.DataFrame:
    """Sources: ``id, citation, url, publisher, published, accessed, note``."""
    return load_table("sources", data_dir)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_LINE_END = "\r\n"  # RFC 4180's line end


def spreadsheet_safe_cell(value):
    """A text cell a spreadsheet would run as a formula, prefixed with ``'`` (OWASP's rule for
    CSV injection); anything else as it is. Numbers are not text and stay numbers.

    >>> spreadsheet_safe_cell('=HYPERLINK("http://x")'), spreadsheet_safe_cell(-3), spreadsheet_safe_cell("Kabul")
    ('\\'=HYPERLINK("http://x")', -3, 'Kabul')

    A line break or a tab inside a cell is kept: the downloads quote every cell, so it stays in
    its cell (:func:`download_csv`, :func:`spreadsheet_safe_csv`).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell a spreadsheet would run neutralised (see
    :func:`spreadsheet_safe_cell`); number columns are left alone."""
    text_columns = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    return table.assign(**{c: table[c].map(spreadsheet_safe_cell) for c in text_columns})


def download_csv(table: pd.DataFrame) -> bytes:
    """``table`` as the bytes of a CSV download: UTF-8, formula-like cells neutralised
    (:func:`spreadsheet_safe`), every cell quoted and lines ended by :data:`CSV_LINE_END`. With
    every cell quoted a CR, LF or tab stays inside its cell, and a spreadsheet that guesses the
    separator (Gnumeric does) cannot take a ``=`` or a tab for one: nothing a cell holds can
    start a row or a cell of its own, where a formula would run.

    >>> download_csv(pd.DataFrame({"title": ["Mazar\\r=1+1", "=2+2"]}))
    b'"title"\\r\\n"Mazar\\r=1+1"\\r\\n"\\'=2+2"\\r\\n'
    """
    return spreadsheet_safe(table).to_csv(index=False, lineterminator=CSV_LINE_END, quoting=csv.QUOTE_ALL).encode("utf-8")


def spreadsheet_safe_csv(data: bytes) -> bytes:
    """A CSV file's bytes as a download: the cells as Python's csv module reads them (the
    header kept), formula-like ones neutralised, written again as :func:`download_csv` writes."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator=CSV_LINE_END, quoting=csv.QUOTE_ALL).writerows(
        [[spreadsheet_safe_cell(cell) if index else cell for cell in row] for index, row in enumerate(rows)])
    return out.getvalue().encode("utf-8")


LOCATOR = re.compile(r"^p(\d{1,4})(?:-(\d{1,4}))?$")


def cited_id(item: str) -> str:
    """The source id of one item of a ``source_ids`` cell: a work (``lee-2018``) or a work at a
    page (``lee-2018#p620``, ``lee-2018#p620-622``: one bibliography row per work, the page goes
    with the citing row).

    >>> cited_id("lee-2018#p620"), cited_id("hrw-2002")
    ('lee-2018', 'hrw-2002')
    """
    return item.split("#", 1)[0]


def locator_text(item: str) -> str:
    """The printed page an item names, as a reader writes it ("p. 620", "pp. 620–622"), or "".

    >>> locator_text("lee-2018#p620"), locator_text("lee-2018#p620-622"), locator_text("lee-2018")
    ('p. 620', 'pp. 620–622', '')
    """
    match = LOCATOR.match(item.split("#", 1)[1]) if "#" in item else None
    if not match:
        return ""
    return f"pp. {match.group(1)}–{match.group(2)}" if match.group(2) else f"p. {match.group(1)}"


def cited_sources(source_ids: tuple[str, ...], sources_by_id: dict[str, dict]) -> list[dict]:
    """The rows of sources.csv behind ``source_ids``, in their order (unknown ids skipped), each
    citation with the page its item names.

    >>> cited_sources(("a#p34", "b"), {"a": {"citation": "Rashid, Taliban, 2000", "url": ""}})
    [{'citation': 'Rashid, Taliban, 2000, p. 34', 'url': ''}]
    """
    cited = []
    for item in source_ids:
        source = sources_by_id.get(cited_id(item))
        if source is not None:
            page = locator_text(item)
            cited.append({**source, "citation": f"{source['citation']}, {page}"} if page else source)
    return cited


def citation_text(source_ids: tuple[str, ...], sources_by_id: dict[str, dict]) -> str:
    """The full citations behind ``source_ids``, readable in one cell: ``Citation <URL>; ...``.

    >>> citation_text(("a",), {"a": {"citation": "HRW, report, 2016", "url": "https://hrw.org/x"}})
    'HRW, report, 2016 <https://hrw.org/x>'
    """
    return "; ".join(source["citation"] + (f" <{source['url']}>" if source.get("url") else "")
                     for source in cited_sources(source_ids, sources_by_id))


def with_citations(table: pd.DataFrame, resource_name: str, sources_by_id: dict[str, dict],
                   data_dir: Path | None = None) -> pd.DataFrame:
    """``table`` (as loaded) written as in its CSV file, with a readable ``sources`` column of
    the full citations after ``source_ids``: what a CSV download carries (through
    :func:`download_csv`), so the citations travel with the data."""
    written = as_file_table(table, resource_name, data_dir)
    cited = table["source_ids"].map(lambda ids: citation_text(ids, sources_by_id))
    columns = list(written.columns)
    written.insert(columns.index("source_ids") + 1, "sources", cited)
    return written
