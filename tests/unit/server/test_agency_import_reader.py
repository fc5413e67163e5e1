"""The reader names the line a row starts on, whatever the spreadsheet saved: a byte-order mark,
Windows line ends, a quoted value over several lines, blank lines."""

from __future__ import annotations

from fieldcase.server.agency_import.columns import CASES
from fieldcase.server.agency_import.reader import Source, rows_from_text


def test_rows_keep_the_line_they_start_on():
    source = Source()
    rows_from_text(
        '\ufeffcase_id,case_number\r\nC1,"2026\r\nJU"\r\n\r\nC2,x\r\nC3,"open\r\n',
        CASES,
        "cases.csv",
        source,
    )
    assert [(r.line, r.values["case_id"]) for r in source.rows] == [(2, "C1"), (5, "C2")]
    assert [str(p) for p in source.problems] == [
        "cases.csv, line 6: The line is not valid CSV (check for an unclosed quote)."
    ]
